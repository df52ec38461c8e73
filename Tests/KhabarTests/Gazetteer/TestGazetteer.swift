@testable import Khabar

/// A small gazetteer written in the file format, for tests that must not depend on the
/// bundled data.
enum TestGazetteer {
  static let text = """
    # decoys: what a blind proclitic split would find inside وزير, لبنان, فيصل, بغداد
    زير | بنان | يصل | غداد	LOCATION	Decoy
    روسيا | روسيا الاتحادية | جمهورية روسيا الاتحادية	COUNTRY	Russia	id=RU
    إيران | الجمهورية الإسلامية الإيرانية	COUNTRY	Iran	id=IR
    الصين	COUNTRY	China	id=CN
    لبنان	COUNTRY	Lebanon	id=LB
    الكويت	COUNTRY	Kuwait	id=KW
    الكويت	LOCATION	Kuwait City	kind=capital	country=KW
    القاهرة	LOCATION	Cairo	kind=capital
    بغداد	LOCATION	Baghdad	kind=capital
    طهران	LOCATION	Tehran	kind=capital
    القوات المسلحة	ORGANIZATION	Armed Forces
    الأمن	ORGANIZATION	Security
    الروسي | روسي	NORP	Russia	country=RU
    الإيرانية	NORP	Iran	country=IR	form=fem
    وزير	TITLE	minister
    فيصل	PERSON	Faisal
    """

  static func gazetteer() throws -> Gazetteer {
    var diagnostics: [Diagnostic] = []
    let entries = GazetteerFile.parse(
      text, file: "test.tsv", source: "test", diagnostics: &diagnostics)
    precondition(diagnostics.isEmpty, "\(diagnostics)")
    return try Gazetteer(entries: entries)
  }

  /// (text, canonical, proclitic) of every entity in `text`.
  static func entities(_ text: String, gazetteer: Gazetteer? = nil) throws -> [(
    String, String, String?
  )] {
    let extractor = try Extractor(gazetteer: gazetteer ?? self.gazetteer())
    return extractor.extract(text).entities.map {
      let proclitic = $0.attributes.first { $0.0 == "proclitic" }?.1.stringValue
      return ($0.text, $0.canonical, proclitic)
    }
  }
}
