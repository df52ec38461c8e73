/// Khabar's version, the one place it is defined (`khabar --version` prints it).
public enum Version {
  /// Semantic version of the library, the command line and their output format.
  public static let current = "0.1.0"
}
