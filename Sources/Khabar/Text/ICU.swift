import CICUShim

/// Facts about the ICU that Khabar runs on.
public enum ICU {
  /// The version of the system ICU, for example "72.1".
  public static var version: String { String(cString: khabar_icu_version()) }
}
