/// Normalized values of DATE entities: ISO 8601 where the text says enough, and relative dates
/// anchored to the article's own date where it gives one.
public enum DateValue {
  /// What a date rule captured, already mapped through the word lists.
  struct Parts {
    var day: String?
    /// Month number from the months list ("9").
    var month: String?
    var year: String?
    /// ISO weekday number from the weekdays list (Monday 1 … Sunday 7).
    var weekday: String?
    /// Part of day from the day-parts list ("evening").
    var part: String?
    /// Offset from the relative-dates list ("year:+1", "day:-1").
    var relative: String?

    /// The DATE attributes: `value` (ISO, `XXXX` for a year still to anchor), `weekday`, `part`,
    /// `relative`.
    func attributes(key: String) -> [(String, JSONValue)] {
      var result: [(String, JSONValue)] = []
      let d = day.flatMap { Int($0) }.flatMap { (1...31).contains($0) ? $0 : nil }
      let m = month.flatMap { Int($0) }.flatMap { (1...12).contains($0) ? $0 : nil }
      let y = year.flatMap { Int($0) }.flatMap { (1...9999).contains($0) ? $0 : nil }
      var value: String?
      switch (y, m, d) {
      case (let y?, let m?, let d?): value = DateValue.iso(y, m, d)
      case (let y?, let m?, nil): value = "\(DateValue.pad(y, 4))-\(DateValue.pad(m, 2))"
      case (let y?, nil, nil): value = DateValue.pad(y, 4)
      case (nil, let m?, let d?): value = "--\(DateValue.pad(m, 2))-\(DateValue.pad(d, 2))"
      case (nil, let m?, nil) where relative != nil: value = "XXXX-\(DateValue.pad(m, 2))"
      default: value = nil
      }
      if let value { result.append((key, .string(value))) }
      if let w = weekday.flatMap({ Int($0) }), (1...7).contains(w) {
        result.append(("weekday", .string(DateValue.weekdayNames[w - 1])))
      }
      if let part { result.append(("part", .string(part))) }
      if let relative { result.append(("relative", .string(relative))) }
      return result
    }
  }

  static let weekdayNames = [
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  ]

  static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  static func iso(_ y: Int, _ m: Int, _ d: Int) -> String {
    "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func days(_ y: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y - 1 : y
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The Gregorian date of a day count since 1970-01-01.
  static func civil(_ z: Int) -> (Int, Int, Int) {
    let z = z + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Parses "YYYY-MM-DD".
  static func parse(_ iso: String) -> (Int, Int, Int)? {
    let parts = iso.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, iso.count == 10 else { return nil }
    return (parts[0], parts[1], parts[2])
  }

  /// The weekday of a day count since 1970-01-01: Monday 0 … Sunday 6.
  static func weekdayIndex(_ z: Int) -> Int { ((z % 7) + 7 + 3) % 7 }  // 1970-01-01 was a Thursday

  /// The ISO 8601 week (`2023-W39`) of a day count since 1970-01-01: weeks start on Monday,
  /// and week 1 of a year is the one with its first Thursday, so a week belongs to the year of
  /// its Thursday (2024-12-30 is in `2025-W01`).
  static func isoWeek(_ z: Int) -> String {
    let thursday = z - weekdayIndex(z) + 3
    let (year, _, _) = civil(thursday)
    let week = (thursday - days(year, 1, 1)) / 7 + 1
    return "\(pad(year, 4))-W\(pad(week, 2))"
  }

  /// The unit of a relative date code (`week:+1`).
  enum Unit: String, CaseIterable {
    case day, week, month, year
  }

  /// The most units a relative date code may move (four digits), so that any anchor stays a
  /// date.
  static let maximumOffset = 9999

  /// Reads a relative date code `UNIT:N` (`day:0`, `week:+1`, `year:-2`): UNIT one of `Unit`,
  /// N an integer of at most four digits, optionally signed.
  static func offset(_ code: String) -> (unit: Unit, amount: Int)? {
    let pieces = code.split(separator: ":", omittingEmptySubsequences: false)
    guard pieces.count == 2, let unit = Unit(rawValue: String(pieces[0])),
      let amount = Int(pieces[1]),
      abs(amount) <= maximumOffset
    else { return nil }
    return (unit, amount)
  }

  /// What is wrong with a relative date code, or nil when `offset` reads it.
  static func problem(relativeCode code: String) -> String? {
    if offset(code) != nil { return nil }
    let units = Unit.allCases.map(\.rawValue)
    let pieces = code.split(separator: ":", omittingEmptySubsequences: false)
    if pieces.count == 2, !units.contains(String(pieces[0])), Int(pieces[1]) != nil {
      return
        "unknown unit '\(pieces[0])' in relative date '\(code)' (expected \(units.joined(separator: ", ")))"
    }
    return
      "bad relative date '\(code)' (expected UNIT:N, as 'week:+1', with N at most \(maximumOffset))"
  }

  /// The value of a relative date or a bare weekday given the article's date `anchor`
  /// (YYYY-MM-DD), or nil when it cannot be computed.
  ///
  /// A relative week is the ISO week (`2023-W39`), as TIMEX3 writes "next week".
  static func anchored(value: String?, relative: String?, weekday: String?, anchor: String)
    -> String?
  {
    guard let (ay, am, ad) = parse(anchor) else { return nil }
    let anchorDays = days(ay, am, ad)
    if let relative {
      guard let (unit, offset) = offset(relative) else { return nil }
      switch unit {
      case .day:
        let (y, m, d) = civil(anchorDays + offset)
        return iso(y, m, d)
      case .week:
        return isoWeek(anchorDays + 7 * offset)
      case .month:
        let total = ay * 12 + (am - 1) + offset
        return "\(pad(total / 12, 4))-\(pad(total % 12 + 1, 2))"
      case .year:
        if let value, value.hasPrefix("XXXX") { return pad(ay + offset, 4) + value.dropFirst(4) }
        return pad(ay + offset, 4)
      }
    }
    if value == nil, let weekday, let index = weekdayNames.firstIndex(of: weekday) {
      // A bare weekday in news is the most recent one, the article's own day included.
      let back = (weekdayIndex(anchorDays) - index + 7) % 7
      let (y, m, d) = civil(anchorDays - back)
      return iso(y, m, d)
    }
    return nil
  }
}
