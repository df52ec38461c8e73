import Foundation

/// A model file that cannot be used: missing, unreadable, truncated, corrupted, or not a Khabar
/// name model.
public struct NameModelError: Error, Sendable, CustomStringConvertible {
  /// The file as the user named it (or as found).
  public var file: String
  public var message: String

  public var description: String { "\(file): error: \(message)" }
}

/// The model file format (all integers and floats little-endian).
///
/// ```
/// magic        8 bytes  "KHABARNM"
/// format       UInt32   NameModel.formatVersion
/// features     UInt32   NameFeatures.version (the feature templates the weights are for)
/// tags         UInt32   tag count, then per tag: UInt8 length + UTF-8 name (O, B-PERSON, …)
/// count        UInt32   feature count n
/// hashes       n × UInt64, strictly ascending
/// weights      n × tags × Float32
/// transitions  (tags + 1) × tags × Float32 (row 0: sentence start)
/// checksum     UInt64   FNV-1a 64 of every byte before it
/// ```
extension NameModel {
  static let magic = Array("KHABARNM".utf8)
  static let formatVersion: UInt32 = 1

  /// The file's bytes.
  public func serialized() -> [UInt8] {
    let features = slotsByHash()
    var out: [UInt8] = []
    out.reserveCapacity(64 + features.count * (8 + 4 * NameTag.count))
    func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    func put64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    func putFloat(_ f: Float) { put32(f.bitPattern) }
    out.append(contentsOf: NameModel.magic)
    put32(NameModel.formatVersion)
    put32(NameFeatures.version)
    put32(UInt32(NameTag.count))
    for tag in NameTag.allCases {
      let name = Array(tag.name.utf8)
      out.append(UInt8(name.count))
      out.append(contentsOf: name)
    }
    put32(UInt32(features.count))
    for slot in features { put64(slot.hash) }
    for slot in features {
      withUnsafeBytes(of: slot.weights) { w in
        for k in 0..<NameTag.count { putFloat(w.load(fromByteOffset: 4 * k, as: Float.self)) }
      }
    }
    for w in transitions { putFloat(w) }
    let checksum = out.withUnsafeBytes { FeatureHash.of(bytes: $0) }
    put64(checksum)
    return out
  }

  /// Reads the model in `path`.
  public static func load(path: String) throws(NameModelError) -> NameModel {
    guard let data = FileManager.default.contents(atPath: path) else {
      let exists = FileManager.default.fileExists(atPath: path)
      throw NameModelError(
        file: path, message: exists ? "cannot read the model file" : "no such model file")
    }
    return try decode([UInt8](data), file: path)
  }

  /// Decodes model file `bytes`; `file` names it in errors.
  static func decode(_ bytes: [UInt8], file: String) throws(NameModelError) -> NameModel {
    func fail(_ message: String) -> NameModelError { NameModelError(file: file, message: message) }
    guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
      throw fail("not a Khabar name model (no KHABARNM header)")
    }
    guard bytes.count >= 16 + 8 else { throw fail("truncated model file (\(bytes.count) bytes)") }
    let body = bytes.count - 8
    let stored = bytes.withUnsafeBytes {
      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: body, as: UInt64.self))
    }
    let actual = bytes.withUnsafeBytes {
      FeatureHash.of(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<body]))
    }
    var offset = 8
    func u32() -> UInt32? {
      guard offset + 4 <= body else { return nil }
      defer { offset += 4 }
      return bytes.withUnsafeBytes {
        UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
      }
    }
    guard let format = u32() else { throw fail("truncated model file") }
    guard format == formatVersion else {
      throw fail("model format \(format); this khabar reads format \(formatVersion)")
    }
    guard stored == actual else {
      throw fail("checksum mismatch: the model file is truncated or corrupted")
    }
    guard let features = u32(), let tagCount = u32() else { throw fail("truncated model file") }
    guard features == NameFeatures.version else {
      throw fail(
        "model trained for features version \(features); this khabar computes version \(NameFeatures.version): retrain it with khabar train"
      )
    }
    var names: [String] = []
    for _ in 0..<tagCount {
      guard offset < body else { throw fail("truncated model file") }
      let length = Int(bytes[offset])
      offset += 1
      guard offset + length <= body else { throw fail("truncated model file") }
      names.append(String(decoding: bytes[offset..<offset + length], as: UTF8.self))
      offset += length
    }
    guard names == NameTag.allCases.map(\.name) else {
      throw fail("unexpected tag set \(names.joined(separator: " "))")
    }
    guard let count32 = u32() else { throw fail("truncated model file") }
    let n = Int(count32)
    let t = NameTag.count
    let expected = offset + n * 8 + n * t * 4 + (t + 1) * t * 4
    guard expected == body else {
      throw fail(
        "size mismatch: \(n) features need \(expected + 8) bytes, the file has \(bytes.count)")
    }
    var hashes = [UInt64](repeating: 0, count: n)
    var weights = [Float](repeating: 0, count: n * t)
    var transitions = [Float](repeating: 0, count: (t + 1) * t)
    bytes.withUnsafeBytes { raw in
      for i in 0..<n {
        hashes[i] = UInt64(
          littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * i, as: UInt64.self))
      }
      offset += 8 * n
      for i in 0..<(n * t) {
        weights[i] = Float(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)))
      }
      offset += 4 * n * t
      for i in 0..<((t + 1) * t) {
        transitions[i] = Float(
          bitPattern: UInt32(
            littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * i, as: UInt32.self)))
      }
    }
    for i in 1..<max(n, 1) where hashes[i - 1] >= hashes[i] {
      throw fail("feature hashes out of order at feature \(i)")
    }
    return NameModel(hashes: hashes, weights: weights, transitions: transitions)
  }
}
