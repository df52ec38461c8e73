import Foundation
import Khabar

/// One libFuzzer entry point; the target is chosen by $KHABAR_FUZZ_TARGET:
/// `text` (normalizer + tokenizer invariants), `extract` (gazetteers and rules on the text,
/// every span slices the original), `names` (the same with the bundled name model and
/// `--explain`'s records), `rules` (the rule-file parser and compiler), `json` (the JSONL
/// record reader). A violated invariant traps, which libFuzzer reports as a crash.
enum FuzzState {
  static let target = ProcessInfo.processInfo.environment["KHABAR_FUZZ_TARGET"] ?? "text"
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  nonisolated(unsafe) static var extractor: Extractor? = {
    guard target == "extract" || target == "names" else { return nil }
    let gazetteer = try? GazetteerLoader.load(directory: root.appendingPathComponent("Gazetteers").path)
    let rules = try? RuleSet.load(directory: root.appendingPathComponent("Rules").path)
    guard let gazetteer, let rules, let extractor = try? Extractor(gazetteer: gazetteer, rules: rules) else {
      fatalError("cannot load the bundled data from \(root.path)")
    }
    if target == "names" {
      let path = root.appendingPathComponent("Models").appendingPathComponent(NameRecognizer.fileName).path
      guard let model = try? NameModel.load(path: path) else { fatalError("cannot load the name model \(path)") }
      extractor.names = NameRecognizer(model: model, features: NameFeatures(lists: rules.lists))
      extractor.explain = true
    }
    return extractor
  }()
  nonisolated(unsafe) static let tokenizer = try? Tokenizer()
  static let lists: [(String, String)] = [("ranks", "اللواء\tMajor General\nالجنرال\n"), ("stops", "في\nمن\n")]
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  switch FuzzState.target {
  case "json":
    // Any bytes give an article or a failure, never a crash; an article's text is what it read.
    if case .article(let a) = InputRecord.fromJSONLine(bytes, place: "fuzz:1") {
      precondition(!a.id.isEmpty, "an article always has an id (assigned from its place if absent)")
    }
  case "rules":
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? RuleSet.compile(files: [("fuzz.rules", text)], lists: FuzzState.lists, listDirectory: "lists")
  case "extract", "names":
    let text = String(decoding: bytes, as: UTF8.self)
    guard let extractor = FuzzState.extractor else { return 0 }
    let scalars = Array(text.unicodeScalars)
    let extraction = extractor.extract(text)
    for e in extraction.entities {
      precondition(e.start < e.end && e.end <= scalars.count, "span out of range")
      precondition(String(String.UnicodeScalarView(scalars[e.start..<e.end])) == e.text, "span does not slice the text")
    }
    for r in extraction.relations { precondition(r.evidence.allSatisfy { $0.upperBound <= scalars.count }) }
  default:
    let text = String(decoding: bytes, as: UTF8.self)
    let normalized = Normalizer().normalize(text)
    let count = normalized.originalScalars.count
    for i in 0..<normalized.units.count {
      precondition(normalized.sourceStart[i] < normalized.sourceEnd[i] && Int(normalized.sourceEnd[i]) <= count)
      if i > 0 { precondition(normalized.sourceStart[i - 1] <= normalized.sourceStart[i]) }
    }
    if let tokenizer = FuzzState.tokenizer {
      let tokens = tokenizer.tokenize(normalized)
      for t in tokens.tokens { precondition(t.start < t.end && Int(t.end) <= normalized.units.count) }
    }
  }
  return 0
}

/// SwiftPM links executables through a `<target>_main` symbol; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("KhabarFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
  var count = argc
  var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
  return withUnsafeMutablePointer(to: &arguments) { pointer in
    LLVMFuzzerRunDriver(&count, pointer, { data, size in fuzz(data, size) })
  }
}
