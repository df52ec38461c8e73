import Foundation
import Testing

@testable import Khabar

@Suite struct DataLocatorTests {
  @Test func overrideWinsAndIsNotChecked() {
    let result = DataLocator.locate("Gazetteers", override: "/x/y", environment: [:], executablePath: nil)
    #expect(result.found == "/x/y")
  }

  @Test func searchOrder() throws {
    let home = try TestPaths.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: home) }
    try FileManager.default.createDirectory(at: home.appendingPathComponent("Gazetteers"), withIntermediateDirectories: true)
    let result = DataLocator.locate(
      "Gazetteers", override: nil, environment: ["KHABAR_HOME": home.path, "KHABAR_GAZETTEERS": "/nonexistent/g"],
      executablePath: "/opt/khabar/bin/khabar")
    #expect(result.found == home.appendingPathComponent("Gazetteers").path)
    #expect(Array(result.searched.prefix(4)) == ["/nonexistent/g", home.appendingPathComponent("Gazetteers").path, "/opt/khabar/bin/Gazetteers", "/opt/khabar/share/khabar/Gazetteers"])
  }

  @Test func sourceCheckoutIsTheLastResort() {
    let result = DataLocator.locate("Gazetteers", override: nil, environment: [:], executablePath: "/nonexistent/bin/khabar")
    #expect(result.found == TestPaths.gazetteers)
  }
}
