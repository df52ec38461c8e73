/// A growable run of bytes that JSON text is written into through a raw pointer.
///
/// An output record is hundreds of short appends (a key, a quoted name, a few digits). Each
/// `Array.append(contentsOf:)` is a generic call with a uniqueness and a capacity check; here
/// an append is one capacity comparison and a `memcpy`, and growing is out of line. The buffer
/// is reused from record to record, so it grows a few times and then not at all.
struct JSONBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  /// Bytes written.
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 1 << 16) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// The bytes written so far, valid until the buffer next changes.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count == capacity { grow(toHold: 1) }
    base[count] = byte
    count += 1
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress else { return }
    if capacity - count < bytes.count { grow(toHold: bytes.count) }
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Appends text that is already JSON (a bracket, a key with its quotes and colon).
  @inline(__always)
  mutating func append(_ json: StaticString) {
    append(UnsafeBufferPointer(start: json.utf8Start, count: json.utf8CodeUnitCount))
  }

  /// Lets `write` fill up to `maximum` bytes in place and keeps the number it returns.
  @inline(__always)
  mutating func append(upTo maximum: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
    if capacity - count < maximum { grow(toHold: maximum) }
    count += write(base + count)
  }

  /// Forgets the bytes, keeping the memory for the next ones.
  mutating func removeAll() { count = 0 }

  /// Makes room for `extra` more bytes, at least doubling so that appends stay amortized O(1).
  @inline(never)
  private mutating func grow(toHold extra: Int) {
    var newCapacity = capacity * 2
    while newCapacity - count < extra { newCapacity *= 2 }
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.initialize(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }
}

extension [UInt8] {
  /// Appends what `write` writes into a scratch `JSONBuffer`: the `[UInt8]` entry points of the
  /// writers, for callers that keep arrays.
  mutating func appendJSON(_ write: (inout JSONBuffer) -> Void) {
    var buffer = JSONBuffer(capacity: 256)
    write(&buffer)
    append(contentsOf: buffer.bytes)
  }
}
