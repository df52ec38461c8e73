import Foundation

/// The strings of spans of original text, kept across one extractor's articles: an entity's
/// `text` and a rule entity's display form are built once per distinct span rather than once
/// per mention (news names the same people, places and offices again and again), and the
/// entities that share a span's text share one `String`.
///
/// A string built for a span costs an allocation, a copy and, for the display form, a pass over
/// the scalars (about 1,000 instructions for a display form): a look-up here hashes the span's
/// bytes eight at a time and compares them once. The answers are those of
/// `NormalizedText.originalText` and `DisplayForm.of(utf8:)`, whose inputs are the same bytes.
///
/// Bounded: past `capacity` spans or `byteCapacity` bytes it is emptied and fills again. Not
/// safe to share between threads; each extractor has its own.
final class SpanStrings {
  /// Spans kept at most.
  let capacity: Int
  /// Bytes of span text kept at most.
  let byteCapacity: Int
  /// The longest span kept, in bytes (at most `byteCapacity`, so that an emptied cache has room
  /// for it); a longer one, rarely repeated, is built each time.
  let maximumSpan: Int
  // Raw buffers in `let`s: arrays kept by a class paid an exclusivity check at every access
  // (as much as the look-up itself).
  /// Per slot (a power of two, at most half full): the index of its entry in `entries`, or -1.
  private let slots: UnsafeMutablePointer<Int32>
  private let mask: Int
  private let entries: UnsafeMutablePointer<Entry>
  private var count = 0
  /// The spans' bytes, back to back (`Entry.start`, `Entry.count`).
  private let bytes: UnsafeMutablePointer<UInt8>
  private var byteCount = 0

  private struct Entry {
    var hash: UInt64
    var start: Int32
    var count: Int32
    var text: String?
    var display: String?
  }

  init(capacity: Int = 1 << 14, byteCapacity: Int = 1 << 20) {
    precondition(capacity > 0 && byteCapacity > 0)
    self.capacity = capacity
    self.byteCapacity = byteCapacity
    maximumSpan = min(1024, byteCapacity)
    var size = 16
    while size < 2 * capacity { size <<= 1 }
    slots = .allocate(capacity: size)
    slots.initialize(repeating: -1, count: size)
    mask = size - 1
    entries = .allocate(capacity: capacity)
    bytes = .allocate(capacity: byteCapacity)
  }

  deinit {
    entries.deinitialize(count: count)
    entries.deallocate()
    slots.deallocate()
    bytes.deallocate()
  }

  /// The text of `utf8`, valid UTF-8 of whole scalars: `String(decoding: utf8, as: UTF8.self)`.
  func text(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
    // A slice of a String's UTF-8 between scalar boundaries is valid UTF-8: copied as it is,
    // without the validation `String(decoding:)` would repeat.
    func copy() -> String {
      unsafe String(copying: UTF8Span(unchecked: utf8.span, isKnownASCII: false))
    }
    guard utf8.count <= maximumSpan else { return copy() }
    let e = entry(utf8)
    if let text = e.pointee.text { return text }
    let text = copy()
    e.pointee.text = text
    return text
  }

  /// The display form of `utf8`, valid UTF-8 of whole scalars: `DisplayForm.of(utf8:)`.
  func display(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
    guard utf8.count <= maximumSpan else { return DisplayForm.of(utf8: utf8) }
    let e = entry(utf8)
    if let display = e.pointee.display { return display }
    let display = DisplayForm.of(utf8: utf8)
    e.pointee.display = display
    return display
  }

  /// The entry of `utf8` (at most `maximumSpan` bytes), made (and the cache emptied first when
  /// full) when there is none.
  private func entry(_ utf8: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<Entry> {
    let hash = SpanStrings.hash(utf8)
    var s = Int(truncatingIfNeeded: hash) & mask
    while true {
      let e = Int(slots[s])
      if e < 0 { break }
      let entry = entries + e
      if entry.pointee.hash == hash && Int(entry.pointee.count) == utf8.count
        && (utf8.baseAddress.map {
          memcmp(bytes + Int(entry.pointee.start), $0, utf8.count) == 0
        } ?? true)
      {
        return entry
      }
      s = (s + 1) & mask
    }
    if count >= capacity || byteCount + utf8.count > byteCapacity {
      empty()
      s = Int(truncatingIfNeeded: hash) & mask
    }
    let entry = entries + count
    entry.initialize(
      to: Entry(hash: hash, start: Int32(byteCount), count: Int32(utf8.count)))
    if let base = utf8.baseAddress { (bytes + byteCount).update(from: base, count: utf8.count) }
    byteCount += utf8.count
    slots[s] = Int32(count)
    count += 1
    return entry
  }

  /// Forgets every span, keeping the room.
  private func empty() {
    slots.update(repeating: -1, count: mask + 1)
    entries.deinitialize(count: count)
    count = 0
    byteCount = 0
  }

  /// A hash of `utf8` read eight bytes at a time (the length mixed in first).
  static func hash(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let k: UInt64 = 0x9E37_79B9_7F4A_7C15
    var h = UInt64(utf8.count) &* k
    guard let base = utf8.baseAddress else { return h }
    var i = 0
    while i + 8 <= utf8.count {
      let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
      h = (h ^ word) &* k
      h ^= h >> 29
      i += 8
    }
    // The last 0–7 bytes as at most three loads (4, 2, 1 bytes), not one at a time.
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    if i + 4 <= utf8.count {
      tail = UInt64(UnsafeRawPointer(base + i).loadUnaligned(as: UInt32.self))
      shift = 32
      i += 4
    }
    if i + 2 <= utf8.count {
      tail |= UInt64(UnsafeRawPointer(base + i).loadUnaligned(as: UInt16.self)) << shift
      shift += 16
      i += 2
    }
    if i < utf8.count { tail |= UInt64(base[i]) << shift }
    h = (h ^ tail) &* k
    return h ^ (h >> 32)
  }
}
