#if canImport(Glibc)
  import Glibc
#endif

/// Asks the kernel to back the large tables the name model reads at random (the model's
/// features, the per-type sums and their index) with 2 MB pages.
///
/// With 4 KB pages, those tens of megabytes span thousands of pages, more than the processor's
/// address translation caches hold: most look-ups also walked the page tables. Transparent huge
/// pages are often enabled only where a program asks (`madvise`); elsewhere this changes
/// nothing, and no result depends on it.
enum HugePages {
  static let size = 2 << 20

  /// Advises huge pages for the whole 2 MB pages within `bytes` bytes from `start`, before they
  /// are first written.
  static func advise(_ start: UnsafeMutableRawPointer?, bytes: Int) {
    #if os(Linux)
      guard let start, bytes >= size else { return }
      let first = (Int(bitPattern: start) + size - 1) & ~(size - 1)
      let end = (Int(bitPattern: start) + bytes) & ~(size - 1)
      guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
      _ = madvise(pointer, end - first, MADV_HUGEPAGE)
    #endif
  }

  /// An array of `count` copies of `value`, advised huge pages before it is filled.
  static func array<T>(repeating value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: count * MemoryLayout<T>.stride)
      buffer.initialize(repeating: value)
      initialized = count
    }
  }
}
