/// Renders one extracted article for people: in a terminal and as a standalone HTML page.
public struct ArticleView {
  public let id: String
  public let text: String
  public let extraction: Extraction
  /// The text's scalars, decoded once: every slice a rendering shows is cut from here by
  /// original scalar offsets (decoding them per slice made a view quadratic in the text).
  let scalars: [Unicode.Scalar]

  public init(id: String, text: String, extraction: Extraction) {
    self.id = id
    self.text = text
    self.extraction = extraction
    self.scalars = Array(text.unicodeScalars)
  }

  /// ANSI background colors per label (256-color palette) for terminals.
  static let ansi: [EntityLabel: String] = [
    .person: "\u{1B}[48;5;153m", .title: "\u{1B}[48;5;223m", .country: "\u{1B}[48;5;157m",
    .norp: "\u{1B}[48;5;194m",
    .location: "\u{1B}[48;5;151m", .organization: "\u{1B}[48;5;219m", .event: "\u{1B}[48;5;229m",
    .document: "\u{1B}[48;5;189m",
    .date: "\u{1B}[48;5;252m",
  ]
  /// HTML colors per label.
  static let colors: [EntityLabel: String] = [
    .person: "#b3d4ff", .title: "#ffe0b3", .country: "#b3f0c8", .norp: "#d6f5d6",
    .location: "#a8e6cf",
    .organization: "#f5c2e7", .event: "#fff3a3", .document: "#d9ccff", .date: "#e0e0e0",
  ]

  /// The text as a reader for one rendering: slices cut from the scalars decoded once.
  func reader() -> ArticleText { ArticleText(scalars: scalars, tokens: extraction.tokens) }

  /// Entities as a nesting forest: outer entities first (start ascending, longer first).
  var ordered: [Entity] { extraction.entities.sorted { ($0.start, -$0.end) < ($1.start, -$1.end) } }

  // MARK: Terminal

  /// The terminal view: the text with entities marked, the entity table, the relations.
  ///
  /// The relations come with their evidence sentences. With `color`, entities get ANSI
  /// backgrounds; without, brackets `[text]LABEL`. Arabic is printed as text, one item per line.
  public func terminal(color: Bool) -> String {
    var text = reader()
    return terminal(color: color, reading: &text)
  }

  /// `terminal(color:)`, reading the article through `text`.
  ///
  /// Everything from the article and its extraction (text, ids, names, sources, attributes,
  /// rules, evidence) goes through `escapeTerminal`; only Khabar's own color codes reach the
  /// terminal as they are.
  func terminal(color: Bool, reading text: inout ArticleText) -> String {
    let v = { (s: String) in ArticleView.escapeTerminal(s) }
    let reset = "\u{1B}[0m"
    var out = "\(v(id))\n\(String(repeating: "─", count: 60))\n"
    out += marked(reading: &text) { entity, inner in
      guard color else { return "[\(inner)]\(entity.label.rawValue)" }
      let background = ArticleView.ansi[entity.label] ?? ""
      // A nested entity's reset ends this one's background too: set it again after each.
      let inner = inner.replacing(reset, with: reset + background)
      return "\(background)\(inner)\(reset)\u{1B}[2m\(entity.label.rawValue)\(reset)"
    } escape: {
      ArticleView.escapeTerminal($0, keepingLineBreaks: true)
    }
    out +=
      "\n\n\(color ? "\u{1B}[1m" : "")Entities (\(extraction.entities.count))\(color ? reset : "")\n"
    for e in extraction.entities {
      out += "  \(v(e.id).padding(5))\(e.label.rawValue.padding(14))\(e.start)–\(e.end)".padding(36)
      out += "  \(v(e.text))\n"
      out += "        canonical: \(v(e.canonical))   source: \(v(e.source))"
      let attributes = e.attributes.filter { $0.0 != "participants" }.map {
        "\(v($0.0))=\(v($0.1.stringValue ?? JSONWriter.string($0.1)))"
      }
      if !attributes.isEmpty { out += "   \(attributes.joined(separator: " "))" }
      out += "\n"
    }
    out +=
      "\n\(color ? "\u{1B}[1m" : "")Relations (\(extraction.relations.count))\(color ? reset : "")\n"
    for r in extraction.relations {
      out += "  \(v(r.id).padding(5))(\(r.triple.map(v).joined(separator: ", ")))"
      // The flags right after the triple: a denied or planned relation must not read as a fact.
      for name in r.modality.names {
        out += " \(color ? "\u{1B}[1m" : "")\(name)\(color ? reset : "")"
      }
      out += "   [\(v(r.subject)) → \(v(r.object)), rule \(v(r.rule))]\n"
      for evidence in r.evidence {
        let s = text.sentence(containing: evidence)
        out +=
          "        evidence \(evidence.lowerBound)–\(evidence.upperBound): \(v(text.slice(s).replacingNewlines()))\n"
      }
    }
    return out
  }

  /// The text with every entity wrapped by `wrap(entity, innerRendering)`, nested entities
  /// inside their parents; `escape` renders plain text runs.
  func marked(
    reading text: inout ArticleText, _ wrap: (Entity, String) -> String, escape: (String) -> String
  ) -> String {
    let entities = ordered
    var index = 0
    func render(_ range: Range<Int>) -> String {
      var out = ""
      var position = range.lowerBound
      while index < entities.count && entities[index].start < range.upperBound {
        let e = entities[index]
        guard e.start >= position, e.end <= range.upperBound else {
          index += 1
          continue
        }
        out += escape(text.slice(position..<e.start))
        index += 1
        out += wrap(e, render(e.start..<e.end))
        position = e.end
      }
      out += escape(text.slice(position..<range.upperBound))
      return out
    }
    return render(0..<text.scalars.count)
  }

  // MARK: HTML

  /// A standalone right-to-left page (inline CSS, no network).
  ///
  /// The page holds the marked text, a legend, the entity table and the relations with their
  /// evidence highlighted. Everything from the article is escaped.
  ///
  /// Arabic is laid out by the browser's bidi algorithm and shaped across element boundaries,
  /// so the page keeps three rules:
  /// - Runs of another direction are isolated (`<bdi>`, `dir`, `unicode-bidi: isolate`): each
  ///   part of a triple, each mark's label, each mark that covers whole words. Without that,
  ///   a Latin label or an Arabic object joined the numbers or brackets around it and was
  ///   reordered with them (`الأربعاء 20 سبتمبر 2023 - 09:50` came out as
  ///   `الأربعاء 20 سبتمبر 09:50 - 2023`, a triple's closing bracket as `(`).
  /// - A mark that starts or ends inside a word (an entity after a proclitic: ل + لقوات) has
  ///   no padding, margin, border or isolation, which would cut the word's shaping there (it
  ///   showed as `ل لقوات`); a mark that ends inside a word carries no label tag, which would
  ///   split the word (its label is in its hover title and its color).
  /// - Monospace only for ASCII (labels, ids, offsets, sources and rules that are ASCII):
  ///   Arabic in a monospace font is letter-spaced and loses its shapes.
  public func html() -> String {
    var text = reader()
    return html(reading: &text)
  }

  /// The style sheet of `html()`.
  static let css: String = {
    var css = """
      body{font-family:"Noto Naskh Arabic","Amiri","DejaVu Sans",sans-serif;margin:2em auto;max-width:60em;line-height:2.1;color:#222;background:#fff}
      h1{font-size:1.3em;text-align:start}
      article{white-space:pre-wrap;border:1px solid #ddd;padding:1em;border-radius:6px}
      mark{border-radius:4px;color:inherit}
      mark.w{unicode-bidi:isolate;padding:0 .15em}
      mark sup{font-size:.6em;font-family:monospace;color:#555;margin-inline-start:.2em;unicode-bidi:isolate}
      .mono{font-family:monospace}
      .legend span{display:inline-block;margin:.2em;padding:0 .5em;border-radius:4px;font-family:monospace;font-size:.85em}
      table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:.2em .5em;text-align:right;vertical-align:top}
      td.num,td.id,td.src{direction:ltr;text-align:left}td.num{white-space:nowrap;font-family:monospace}
      ol li{margin:.6em 0}.triple{unicode-bidi:isolate}
      .flag{color:#b71c1c;font-size:.85em}
      blockquote{margin:.2em 1em;color:#444}blockquote mark{background:#ffd54f}

      """
    for label in EntityLabel.allCases {
      css += "mark.\(label.rawValue){background:\(ArticleView.colors[label] ?? "#eee")}\n"
    }
    return css
  }()

  /// `html()`, reading the article through `text`.
  func html(reading text: inout ArticleText) -> String {
    let e = ArticleView.escapeHTML
    let code = ArticleView.codeHTML
    var page = "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
    page +=
      "<title>\(e(id)) — Khabar</title>\n<style>\n\(ArticleView.css)</style>\n</head>\n<body>\n"
    page += "<h1 dir=\"auto\">\(e(id))</h1>\n<div class=\"legend\">"
    for label in EntityLabel.allCases {
      page +=
        "<span class=\"\(label.rawValue)\" style=\"background:\(ArticleView.colors[label] ?? "#eee")\">\(label.rawValue)</span>"
    }
    page += "</div>\n<article>"
    let words = text  // word boundaries, read while `text` is lent to `marked`
    page += marked(reading: &text) { entity, inner in
      let hover =
        "\(entity.id) · \(entity.label.rawValue) · \(entity.canonical) · \(entity.source)"
        + entity.attributes.compactMap {
          $0.0 == "id" || $0.0 == "wikidata" ? " · \($0.0)=\($0.1.stringValue ?? "")" : nil
        }.joined()
      let opensWord = !words.isInsideWord(entity.start)
      let closesWord = !words.isInsideWord(entity.end)
      let label = entity.label.rawValue
      let classes = opensWord && closesWord ? "\(label) w" : label
      let tag = closesWord ? "<sup dir=\"ltr\">\(label)</sup>" : ""
      return
        "<mark class=\"\(classes)\" id=\"\(e(entity.id))\" title=\"\(e(hover))\">\(inner)\(tag)</mark>"
    } escape: {
      e($0)
    }
    page +=
      "</article>\n<h2>الكيانات (\(extraction.entities.count))</h2>\n<table>\n<tr><th>id</th><th>النوع</th><th>النص</th><th>الاسم القياسي</th><th>الموضع</th><th>المصدر</th></tr>\n"
    for entity in extraction.entities {
      page +=
        "<tr><td class=\"id\">\(code(entity.id))</td><td><mark class=\"\(entity.label.rawValue)\">\(entity.label.rawValue)</mark></td>"
      page += "<td dir=\"auto\">\(e(entity.text))</td><td dir=\"auto\">\(e(entity.canonical))</td>"
      page +=
        "<td class=\"num\">\(entity.start)–\(entity.end)</td><td class=\"src\">\(code(entity.source))</td></tr>\n"
    }
    page += "</table>\n<h2>العلاقات (\(extraction.relations.count))</h2>\n<ol>\n"
    for r in extraction.relations {
      // Brackets and commas in the triple's own left-to-right order; each part isolated, so
      // an Arabic part keeps its order and never takes a bracket with it.
      let parts = r.triple.enumerated().map { i, part in
        i == 1 ? code(part) : "<bdi>\(e(part))</bdi>"
      }
      page +=
        "<li><span class=\"triple\" dir=\"ltr\">(\(parts.joined(separator: ", ")))</span>"
        + r.modality.names.map { " <strong class=\"flag\">\(code($0))</strong>" }.joined()
        + " <small class=\"src\">\(code(r.rule))</small>\n"
      for evidence in r.evidence {
        let s = text.sentence(containing: evidence)
        let a = max(s.lowerBound, evidence.lowerBound)
        let b = min(s.upperBound, evidence.upperBound)
        page +=
          "<blockquote>\(e(text.slice(s.lowerBound..<a)))<mark>\(e(text.slice(a..<b)))</mark>\(e(text.slice(b..<s.upperBound)))</blockquote>\n"
      }
      page += "</li>\n"
    }
    page += "</ol>\n</body>\n</html>\n"
    return page
  }

  /// `s` escaped and isolated as a `<bdi>`: in monospace and left to right when it is ASCII
  /// (an id, a source, a rule name), in the text's font otherwise.
  static func codeHTML(_ s: String) -> String {
    s.utf8.allSatisfy { $0 < 0x80 }
      ? "<bdi class=\"mono\" dir=\"ltr\">\(escapeHTML(s))</bdi>" : "<bdi>\(escapeHTML(s))</bdi>"
  }

  /// `s` with every control character shown as an escape, so that an article cannot drive the
  /// terminal that shows it (set the window title or the clipboard with OSC 0 or OSC 52, move
  /// the cursor, overwrite a line).
  ///
  /// ESC is shown as `\e`; tab, line feed and carriage return as `\t`, `\n`, `\r`; any other
  /// C0 or C1 control and DEL as `\u{9B}` (hexadecimal scalar value). With
  /// `keepingLineBreaks` (the article's own text), tabs, line feeds and a carriage return
  /// right before a line feed stay as they are. Everything else is unchanged, so a text
  /// without controls comes back as it was.
  public static func escapeTerminal(_ s: String, keepingLineBreaks: Bool = false) -> String {
    func isControl(_ c: Unicode.Scalar) -> Bool {
      c.value < 0x20 || (0x7F...0x9F).contains(c.value)
    }
    let scalars = s.unicodeScalars
    guard scalars.contains(where: isControl) else { return s }
    var out = String.UnicodeScalarView()
    var i = scalars.startIndex
    while i != scalars.endIndex {
      let c = scalars[i]
      i = scalars.index(after: i)
      guard isControl(c) else {
        out.append(c)
        continue
      }
      if keepingLineBreaks
        && (c == "\n" || c == "\t" || (c == "\r" && i != scalars.endIndex && scalars[i] == "\n"))
      {
        out.append(c)
        continue
      }
      let shown: String
      switch c {
      case "\u{1B}": shown = "\\e"
      case "\t": shown = "\\t"
      case "\n": shown = "\\n"
      case "\r": shown = "\\r"
      default: shown = "\\u{\(String(c.value, radix: 16, uppercase: true))}"
      }
      out.append(contentsOf: shown.unicodeScalars)
    }
    return String(out)
  }

  /// Escapes text for HTML content and attributes.
  public static func escapeHTML(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    let n = unicodeScalars.count
    return n >= width ? self + " " : self + String(repeating: " ", count: width - n)
  }

  /// The string on one line: line feeds, carriage returns and tabs become spaces.
  fileprivate func replacingNewlines() -> String {
    String(
      String.UnicodeScalarView(
        unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
  }
}
