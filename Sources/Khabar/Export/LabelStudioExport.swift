/// Label Studio tasks with Khabar's output as predictions, and the labeling configuration that
/// matches them.
///
/// A task is `{"data": {"id", "text"}, "predictions": [{"model_version", "result"}]}`; the
/// result holds one `labels` region per entity (`from_name` "label", `to_name` "text", `value`
/// with `start`, `end`, `text`, `labels`; the entity's id as the region id; its `score` when
/// the name model made it) and one `relation` per relation (`from_id` the subject, `to_id` the
/// object, `labels` the predicate, then `negated` and `planned` when the text denies or plans
/// it, `direction` "right"). Offsets are Khabar's: Unicode scalars
/// of the text, which Label Studio counts as code points too.
public enum LabelStudioExport {
  /// The task of one article.
  public static func task(id: String, text: String, _ extraction: Extraction) -> JSONValue {
    var result: [JSONValue] = []
    for entity in extraction.entities {
      var region: [(String, JSONValue)] = [
        ("id", .string(entity.id)), ("from_name", .string("label")), ("to_name", .string("text")),
        ("type", .string("labels")),
        (
          "value",
          .object([
            ("start", .int(entity.start)), ("end", .int(entity.end)),
            ("text", .string(entity.text)), ("labels", .array([.string(entity.label.rawValue)])),
          ])
        ),
      ]
      if let score = entity.attributes.first(where: { $0.0 == "score" })?.1,
        case .number = score
      {
        region.append(("score", score))
      }
      result.append(.object(region))
    }
    for relation in extraction.relations {
      result.append(
        .object([
          ("from_id", .string(relation.subject)), ("to_id", .string(relation.object)),
          ("type", .string("relation")), ("direction", .string("right")),
          (
            "labels",
            .array(([relation.predicate.rawValue] + relation.modality.names).map { .string($0) })
          ),
        ]))
    }
    return .object([
      ("data", .object([("id", .string(id)), ("text", .string(text))])),
      (
        "predictions",
        .array([
          .object([
            ("model_version", .string("khabar \(Version.current)")), ("result", .array(result)),
          ])
        ])
      ),
    ])
  }

  /// The task of a record that could not be processed: an empty text, the message in
  /// `data.error`, no predictions.
  public static func errorTask(id: String, message: String) -> JSONValue {
    .object([
      ("data", .object([("id", .string(id)), ("text", .string("")), ("error", .string(message))])),
      ("predictions", .array([])),
    ])
  }

  /// The labeling configuration (`khabar label-config`): every label, every predicate and the
  /// two relation flags (`negated`, `planned`), the text right to left.
  public static func labelConfiguration() -> String {
    var out = "<View>\n  <Relations>\n"
    for value in Predicate.allCases.map(\.rawValue) + Modality.named.map(\.name) {
      out += "    <Relation value=\"\(value)\"/>\n"
    }
    out += "  </Relations>\n  <Labels name=\"label\" toName=\"text\">\n"
    for label in EntityLabel.allCases {
      out += "    <Label value=\"\(label.rawValue)\" background=\"\(color(label))\"/>\n"
    }
    out += "  </Labels>\n"
    out += "  <View style=\"direction: rtl; text-align: right\">\n"
    out += "    <Text name=\"text\" value=\"$text\" granularity=\"symbol\"/>\n"
    out += "  </View>\n</View>\n"
    return out
  }

  /// The label colors of `khabar inspect --html`.
  static func color(_ label: EntityLabel) -> String { ArticleView.colors[label] ?? "#eeeeee" }
}
