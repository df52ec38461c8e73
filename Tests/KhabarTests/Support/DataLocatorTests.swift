import Foundation
import Testing

@testable import Khabar

@Suite struct DataLocatorTests {
  @Test func overrideWinsAndIsNotChecked() {
    let result = DataLocator.locate(
      "Gazetteers", override: "/x/y", environment: [:], executablePath: nil)
    #expect(result.found == "/x/y")
  }

  @Test func searchOrder() throws {
    let home = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: home) }
    try FileManager.default.createDirectory(
      at: home.appendingPathComponent("Gazetteers"), withIntermediateDirectories: true)
    let result = DataLocator.locate(
      "Gazetteers", override: nil,
      environment: ["KHABAR_HOME": home.path, "KHABAR_GAZETTEERS": "/nonexistent/g"],
      executablePath: "/opt/khabar/bin/khabar")
    #expect(result.found == home.appendingPathComponent("Gazetteers").path)
    #expect(
      Array(result.searched.prefix(4)) == [
        "/nonexistent/g", home.appendingPathComponent("Gazetteers").path,
        "/opt/khabar/bin/Gazetteers", "/opt/khabar/share/khabar/Gazetteers",
      ])
  }

  @Test func sourceCheckoutIsTheLastResort() {
    let result = DataLocator.locate(
      "Gazetteers", override: nil, environment: [:], executablePath: "/nonexistent/bin/khabar")
    #expect(result.found == TestPaths.gazetteers)
  }
}

/// The README's install recipe, run into a temporary prefix (issue 7: it copied Gazetteers/
/// only, and the checkout fallback hid that).
@Suite struct InstallTests {
  @Test func theSourceCheckoutFallbackCanBeTurnedOff() {
    let result = DataLocator.locate(
      "Gazetteers", override: nil, environment: ["KHABAR_NO_SOURCE_CHECKOUT": "1"],
      executablePath: "/nonexistent/bin/khabar")
    #expect(result.found == nil)
    #expect(!result.searched.contains(TestPaths.gazetteers))
  }

  @Test func theExecutableIsFoundByItsPathNotByTheNameTyped() {
    #expect(
      DataLocator.executablePath
        == URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path)
  }

  @Test func theRecipeInstallsAWorkingBinary() throws {
    let result = try runProcess(
      "/bin/sh", [TestPaths.root.appendingPathComponent("Scripts/install-check.sh").path],
      environment: ["BINARY": TestPaths.khabar, "PATH": "/usr/bin:/bin"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      String(decoding: result.stdout, as: UTF8.self).hasPrefix(
        "install-check: the recipe installs a working khabar"))
  }
}
