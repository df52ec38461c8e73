extension RandomAccessCollection where Index == Int, Element: Comparable {
  /// The first index whose element is at least `value` (`endIndex` when none is), the collection
  /// sorted ascending: a binary search.
  func lowerBound(of value: Element) -> Int {
    var low = startIndex
    var high = endIndex
    while low < high {
      let middle = low + (high - low) / 2
      if self[middle] < value { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
