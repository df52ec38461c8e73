import CICUShim

/// Asks the processor for the cache line `bytes` past element `i` of `buffer` (`khabar_prefetch`):
/// a hint, so that a load a few iterations on does not wait for memory; nothing for an empty
/// buffer.
@inline(__always)
func prefetch<T>(_ buffer: UnsafeBufferPointer<T>, _ i: Int, bytes: Int = 0) {
  guard let base = buffer.baseAddress else { return }
  khabar_prefetch(UnsafeRawPointer(base + i) + bytes)
}

@inline(__always)
func prefetch<T>(_ buffer: UnsafeMutableBufferPointer<T>, _ i: Int, bytes: Int = 0) {
  prefetch(UnsafeBufferPointer(buffer), i, bytes: bytes)
}

/// Asks for `lines` cache lines from element `i` of `buffer` on (a type's row of sums spans
/// three).
@inline(__always)
func prefetch<T>(_ buffer: UnsafeBufferPointer<T>, _ i: Int, lines: Int) {
  for line in 0..<lines { prefetch(buffer, i, bytes: 64 * line) }
}
