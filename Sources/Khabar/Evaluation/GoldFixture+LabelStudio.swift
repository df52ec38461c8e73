extension GoldFixture {
  /// The fixture of one task of a Label Studio JSON export (`json`, named `file` in messages).
  ///
  /// The export is a list of tasks, each with `data.text`, `data.id` and `annotations`; of a
  /// task's annotations the latest (by `updated_at`, then `created_at`, then `id`) that was not
  /// cancelled is taken. Tasks with no such annotation are passed over (nobody corrected them).
  /// When more than one task remains, `task` chooses one by its `data.id` or its Label Studio
  /// `id`; without it the import is refused with the ids to choose from — one export makes one
  /// fixture, so a fixture is never added by accident. A `task` that names two tasks (one's
  /// data.id, another's id) is refused; `data.id=VALUE` and `id=VALUE` name one field only.
  /// An export that is an object (`{"tasks": […]}`) and not a task is refused, and so is an
  /// annotation without a `result` list (an empty list is an article with nothing annotated).
  ///
  /// In the annotation's `result`, `labels` regions are entities (`value.start`/`value.end`,
  /// `value.labels` with exactly one label, `value.text`), `relation` results are relations
  /// (`from_id` the subject and `to_id` the object for `direction` `right`, the default, the
  /// other way for `left`; `labels` with exactly one predicate, and `negated` or `planned` when
  /// the text denies or plans it, as `khabar extract --format label-studio` writes them). Other results are skipped
  /// with a note.
  ///
  /// Offsets: Label Studio's Text tag counts Unicode code points, as Khabar does (its own test
  /// `web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts`: in "🐱 Warning: This is a test
  /// text", `test` starts at 21), so they are taken as they are. Label Studio before that fix
  /// counted UTF-16 code units, JavaScript's string indices (HumanSignal/label-studio#1347): when
  /// `value.text` is not the code-point slice but is the UTF-16 slice, the offsets are converted
  /// (one astral character, an emoji, is two units and one scalar) with a note; an offset inside
  /// a surrogate pair never matches. A `value.text` that is neither is an error, and so is a
  /// region whose offsets cannot be checked because it has no `value.text` and falls outside
  /// the text. Problems name the task and the result:
  /// `export.json: task 12 (data.id 'a1'), result 'x9Yz': …`.
  public static func fromLabelStudio(
    json: String, file: String, id: String, task wanted: String?
  ) throws(GoldFixtureError) -> Imported {
    let value = try GoldFixture.parseJSON(json, file: file)
    let tasks: [JSONValue]
    switch value {
    case .array(let list): tasks = list
    // One task on its own (`{"data": …, "annotations": […]}`); another object (an API answer
    // `{"tasks": […]}`) is not an export.
    case .object where value["data"] != nil || value["annotations"] != nil: tasks = [value]
    case .object(let members):
      let keys = members.map(\.0).prefix(5).joined(separator: ", ")
      throw GoldFixtureError([
        "\(file): expected a Label Studio export (a JSON list of tasks), found an object (keys: \(keys))"
      ])
    default:
      throw GoldFixtureError(["\(file): expected a Label Studio export (a JSON list of tasks)"])
    }
    var notes: [String] = []
    func name(_ task: JSONValue, _ index: Int) -> String {
      let number = task["id"].map(JSONWriter.string) ?? "#\(index + 1)"
      let dataId = task["data"]?["id"].map { $0.stringValue ?? JSONWriter.string($0) }
      return "task \(number)" + (dataId.map { " (data.id '\($0)')" } ?? "")
    }
    var candidates = Array(tasks.enumerated())
    if let wanted {
      candidates = try GoldFixture.tasks(tasks, named: wanted, file: file, name: name)
    }
    var annotated: [(task: JSONValue, index: Int, annotation: JSONValue)] = []
    for (index, task) in candidates {
      let live = (task["annotations"]?.arrayValue ?? []).filter {
        $0["was_cancelled"] != .bool(true)
      }
      func order(_ a: JSONValue) -> (String, String, Int) {
        (
          a["updated_at"]?.stringValue ?? "", a["created_at"]?.stringValue ?? "",
          a["id"]?.intValue ?? 0
        )
      }
      guard let latest = live.max(by: { order($0) < order($1) }) else {
        if wanted != nil {
          throw GoldFixtureError([
            "\(file): \(name(task, index)) has no annotation that was not cancelled"
          ])
        }
        continue
      }
      annotated.append((task, index, latest))
    }
    if annotated.isEmpty {
      throw GoldFixtureError([
        "\(file): no task has an annotation that was not cancelled (predictions are not gold)"
      ])
    }
    if annotated.count > 1 {
      let names = annotated.map { name($0.task, $0.index) }.joined(separator: ", ")
      throw GoldFixtureError([
        "\(file): \(annotated.count) tasks are annotated (\(names)): choose one with --task ID"
      ])
    }
    let (task, index, annotation) = annotated[0]
    if tasks.count > 1 {
      notes.append("\(file): took \(name(task, index)) of \(tasks.count) tasks")
    }
    let taskName = name(task, index)
    guard let text = task["data"]?["text"]?.stringValue else {
      throw GoldFixtureError(["\(file): \(taskName): no data.text"])
    }
    let scalarAt = GoldFixture.scalarOffsets(ofUTF16In: text)
    let scalars = Array(text.unicodeScalars)
    var problems: [String] = []
    var entities: [String: Entity] = [:]
    var relationResults: [JSONValue] = []
    // Regions already reported: a relation on one of them says nothing new.
    var refused: Set<String> = []
    var readUTF16 = false
    let annotationName =
      "annotation " + (annotation["id"].map { JSONWriter.string($0) } ?? "without an id")
    guard let results = annotation["result"]?.arrayValue else {
      throw GoldFixtureError([
        "\(file): \(taskName), \(annotationName): "
          + (annotation["result"].map {
            $0 == .null ? "its result is null" : "its result is not a list"
          }
            ?? "it has no result")
          + " (a list of regions and relations; [] for an article with none)"
      ])
    }
    for result in results {
      let resultId = result["id"]?.stringValue ?? result["id"].map(JSONWriter.string) ?? "?"
      let place = "\(file): \(taskName), result '\(resultId)'"
      switch result["type"]?.stringValue {
      case "labels":
        let v = result["value"]
        let before = problems.count
        defer { if problems.count > before { refused.insert(resultId) } }
        guard let start = v?["start"]?.intValue, let end = v?["end"]?.intValue else {
          problems.append("\(place): no value.start and value.end")
          continue
        }
        let labels = (v?["labels"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard labels.count == 1 else {
          problems.append(
            "\(place): expected one label, found \(labels.count) (\(labels.joined(separator: ", ")))"
          )
          continue
        }
        guard let label = EntityLabel(rawValue: labels[0]) else {
          problems.append("\(place): unknown label '\(labels[0])' (Khabar's labels: \(labelNames))")
          continue
        }
        guard start >= 0, end > start else {
          problems.append("\(place): the span [\(start), \(end)) is empty or negative")
          continue
        }
        let written = v?["text"]?.stringValue
        // Code points first (Label Studio's Text tag); UTF-16 units when value.text says so.
        let byScalars = end <= scalars.count ? scalars.string(start..<end) : nil
        var span: (Int, Int, String)?
        if let byScalars, written == nil || written == byScalars {
          span = (start, end, byScalars)
        } else if end < scalarAt.count, let s = scalarAt[start], let e = scalarAt[end],
          scalars.string(s..<e) == written
        {
          span = (s, e, scalars.string(s..<e))
          if !readUTF16 {
            readUTF16 = true
            notes.append(
              "\(place): offsets read as UTF-16 code units, as Label Studio wrote them before it counted code points (value.text matches only so)"
            )
          }
        }
        guard let (s, e, slice) = span else {
          let utf16 =
            end < scalarAt.count
            ? scalarAt[start].flatMap { s in scalarAt[end].map { scalars.string(s..<$0) }
            }
            : nil
          problems.append(
            "\(place): value.text '\(written ?? "")' is not the text's [\(start), \(end)): "
              + "in code points \(byScalars.map { "'\($0)'" } ?? "outside the text"), "
              + "in UTF-16 units \(utf16.map { "'\($0)'" } ?? "outside the text or inside a surrogate pair")"
          )
          continue
        }
        if entities[resultId] != nil {
          problems.append("\(place): a second labels result with this id")
          continue
        }
        entities[resultId] = Entity(start: s, end: e, label: label, text: slice)
      case "relation":
        relationResults.append(result)
      default:
        notes.append(
          "\(place): skipped a '\(result["type"]?.stringValue ?? "?")' result (gold fixtures hold labels and relations)"
        )
      }
    }
    var relations: [Relation] = []
    for result in relationResults {
      let from = result["from_id"]?.stringValue ?? "?"
      let to = result["to_id"]?.stringValue ?? "?"
      let place = "\(file): \(taskName), relation '\(from)' → '\(to)'"
      let all = (result["labels"]?.arrayValue ?? []).compactMap(\.stringValue)
      // Besides its predicate a relation may carry the flags `negated` and `planned`.
      let flags = Set(all.filter { GoldFixture.flagNames.contains($0) })
      let labels = all.filter { !GoldFixture.flagNames.contains($0) }
      guard labels.count == 1 else {
        problems.append(
          "\(place): expected one predicate label, found \(labels.count) (\(labels.joined(separator: ", ")))"
        )
        continue
      }
      guard let predicate = Predicate(rawValue: labels[0]) else {
        problems.append(
          "\(place): unknown predicate '\(labels[0])' (Khabar's predicates: \(predicateNames))")
        continue
      }
      let direction = result["direction"]?.stringValue ?? "right"
      guard direction == "right" || direction == "left" else {
        problems.append(
          "\(place): direction '\(direction)': a relation has a subject and an object (right or left)"
        )
        continue
      }
      if refused.contains(from) || refused.contains(to) { continue }
      guard let a = entities[from], let b = entities[to] else {
        problems.append(
          "\(place): '\(entities[from] == nil ? from : to)' is no labels region of the annotation")
        continue
      }
      let (subject, object) = direction == "right" ? (a, b) : (b, a)
      var fine = true
      for (role, argument, allowed) in [
        ("subject", subject, predicate.subjects), ("object", object, predicate.objects),
      ] where !allowed.contains(argument.label) {
        problems.append(
          "\(place): \(predicate.rawValue) takes no \(argument.label.rawValue) \(role) (\(GoldFixture.names(allowed)))"
        )
        fine = false
      }
      if fine {
        relations.append(
          Relation(
            subject: subject, predicate: predicate, object: object,
            negated: flags.contains("negated"), planned: flags.contains("planned")))
      }
    }
    guard problems.isEmpty else { throw GoldFixtureError(problems) }
    let origin =
      "label-studio \(taskName)"
      + (annotation["id"].map { ", annotation \(JSONWriter.string($0))" } ?? "")
    return Imported(
      fixture: GoldFixture(
        id: id, text: text, entities: Array(entities.values), relations: relations,
        origin: origin),
      notes: notes)
  }

  /// The task of `tasks` that `--task wanted` names, with its index.
  ///
  /// `data.id=VALUE` names a task by its `data.id`, `id=VALUE` by its Label Studio id, a bare
  /// `VALUE` by either. A value that names no task, or more than one (a data.id that is another
  /// task's id, a data.id given twice), is refused with the forms that name each one alone.
  static func tasks(
    _ tasks: [JSONValue], named wanted: String, file: String,
    name: (JSONValue, Int) -> String
  ) throws(GoldFixtureError) -> [(offset: Int, element: JSONValue)] {
    func dataId(_ task: JSONValue) -> String? {
      task["data"]?["id"].map { $0.stringValue ?? JSONWriter.string($0) }
    }
    func taskId(_ task: JSONValue) -> String? { task["id"].map(JSONWriter.string) }
    var byData = true
    var byId = true
    var value = wanted
    if wanted.hasPrefix("data.id=") {
      value = String(wanted.dropFirst("data.id=".count))
      byId = false
    } else if wanted.hasPrefix("id=") {
      value = String(wanted.dropFirst("id=".count))
      byData = false
    }
    var matches: [(offset: Int, element: JSONValue, how: String)] = []
    for (index, task) in tasks.enumerated() {
      if byData && dataId(task) == value {
        matches.append((index, task, "data.id"))
      } else if byId && taskId(task) == value {
        matches.append((index, task, "Label Studio id"))
      }
    }
    if matches.isEmpty {
      let fields = byData && byId ? "data.id or id" : byData ? "data.id" : "id"
      throw GoldFixtureError(["\(file): no task with \(fields) '\(value)'"])
    }
    if matches.count > 1 {
      let named = matches.map { "\(name($0.element, $0.offset)) by its \($0.how)" }
      // Each one alone: the one task whose data.id it is by `data.id=`, the others by their
      // Label Studio id.
      let dataMatches = matches.filter { $0.how == "data.id" }.count
      let forms = matches.map { match -> String in
        if match.how == "data.id" && dataMatches == 1 || taskId(match.element) == nil {
          return "--task data.id=\(value)"
        }
        return "--task id=\(taskId(match.element) ?? value)"
      }
      throw GoldFixtureError([
        "\(file): --task '\(wanted)' is ambiguous: it names \(named.joined(separator: " and ")); "
          + "choose one with \(forms.joined(separator: " or "))"
      ])
    }
    return matches.map { ($0.offset, $0.element) }
  }

  /// For each UTF-16 offset of `text` (0 through its UTF-16 length), the Unicode scalar offset
  /// at the same place, or nil for an offset between the two halves of a surrogate pair.
  static func scalarOffsets(ofUTF16In text: String) -> [Int?] {
    var result: [Int?] = []
    result.reserveCapacity(text.utf16.count + 1)
    for (index, scalar) in text.unicodeScalars.enumerated() {
      result.append(index)
      if scalar.utf16.count == 2 { result.append(nil) }
    }
    result.append(text.unicodeScalars.count)
    return result
  }
}
