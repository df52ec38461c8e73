/// FNV-1a over bytes, 64-bit: the fixed, platform-independent hash of the name model's features.
///
/// Every value is fed as little-endian bytes, so a model trained on one machine scores the same
/// features on another.
struct FeatureHash {
  static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
  static let prime: UInt64 = 0x0000_0100_0000_01b3

  private(set) var value: UInt64 = FeatureHash.offsetBasis

  @inline(__always)
  mutating func add(byte: UInt8) {
    value = (value ^ UInt64(byte)) &* FeatureHash.prime
  }

  @inline(__always)
  mutating func add(_ unit: UInt16) {
    add(byte: UInt8(truncatingIfNeeded: unit))
    add(byte: UInt8(truncatingIfNeeded: unit >> 8))
  }

  @inline(__always)
  mutating func add(_ word: UInt64) {
    var w = word
    for _ in 0..<8 {
      add(byte: UInt8(truncatingIfNeeded: w))
      w >>= 8
    }
  }

  /// The hash of UTF-16 `units` (each unit as two little-endian bytes).
  @inline(__always)
  static func of<C: Collection>(units: C) -> UInt64 where C.Element == UInt16 {
    var h = FeatureHash()
    for u in units { h.add(u) }
    return h.value
  }

  /// The hash of a feature: its template number, then its value's hash.
  @inline(__always)
  static func feature(_ template: UInt8, _ value: UInt64) -> UInt64 {
    var h = FeatureHash()
    h.add(byte: template)
    h.add(value)
    return h.value
  }

  /// The hash of the bytes of `bytes` (for the model file's checksum).
  static func of(bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h = FeatureHash()
    for b in bytes { h.add(byte: b) }
    return h.value
  }
}

extension FeatureHash {
  /// A hash that goes on from `value`, the value of an earlier one: the bytes added to it
  /// follow those that made `value`.
  @inline(__always)
  init(continuing value: UInt64) {
    self.init()
    self.value = value
  }
}
