/// What a match produces: candidates with their spans, canonical names and attributes.
extension RuleMatcher {
  /// The display form of the original text of the normalized units `span`, through the
  /// extractor's `spanStrings` when it has them.
  func displayForm(_ span: Range<Int>) -> String {
    let range = text.text.originalRange(of: span)
    if let spanStrings { return text.text.displayForm(ofOriginal: range, from: spanStrings) }
    return text.text.displayForm(ofOriginal: range)
  }

  /// Appends to `result` the candidates `rule`'s emits make of one match.
  func emit(
    _ rule: CompiledRule, start: Int, end: Int, captures: Captures, _ entities: EntityIndex,
    _ accepted: [Candidate],
    into result: inout [Candidate]
  ) {
    func range(_ name: String) -> Range<Int>? {
      guard let slot = rule.slot(name) else { return nil }
      let a = Int(captures[2 * slot])
      let b = Int(captures[2 * slot + 1])
      return a >= 0 && b > a ? a..<b : nil
    }
    func units(_ tokens: Range<Int>) -> Range<Int> {
      spanStart(tokens.lowerBound, entities)..<Int(text.tokens[tokens.upperBound - 1].end)
    }
    // Each emit read in place: a copy of the spec per emit (its strings and arrays retained and
    // released) cost more than the emit's own work.
    rule.spec.emits.withUnsafeBufferPointer { emits in
      for e in emits.indices {
        let spec = emits.baseAddress.unsafelyUnwrapped + e
        let tokens: Range<Int>
        if let name = spec.pointee.capture {
          guard let r = range(name) else { continue }
          tokens = r
        } else {
          tokens = start..<end
        }
        var attributes: [(String, JSONValue)] = []
        // A date value adds up to five attributes, anything else one per line of the rule.
        if !spec.pointee.attributes.isEmpty {
          attributes.reserveCapacity(spec.pointee.attributes.count + 4)
        }
        for (key, value) in spec.pointee.attributes {
          switch value {
          case .text(let s): attributes.append((key, .string(s)))
          case .capture(let name):
            guard let r = range(name) else { continue }
            if let entity = entities.entity(spanning: r) {
              attributes.append((key, .string(accepted[entity].canonical)))
            } else {
              attributes.append(
                (key, .string(text.text.originalText(text.text.originalRange(of: units(r))))))
            }
          case .listValue(let name):
            if let r = range(name), let v = listValue(r) { attributes.append((key, .string(v))) }
          case .date:
            let parts = DateValue.Parts(
              day: range("day").map { normalizedText(units($0)) },
              month: range("month").flatMap(listValue),
              year: range("year").map { normalizedText(units($0)) },
              weekday: range("weekday").flatMap(listValue),
              part: range("part").flatMap(listValue), relative: range("rel").flatMap(listValue))
            attributes += parts.attributes(key: key)
          }
        }
        let span = units(tokens)
        var canonical: String
        switch spec.pointee.canonical {
        case .text(let name): canonical = name
        case .capture(let name):
          // The canonical name of the entity the capture spans (`canonical=nisba` over a listed
          // COUNTRY gives "Saudi Arabia"), else the capture's display form.
          let r = range(name)
          if let r, let entity = entities.entity(spanning: r) {
            canonical = accepted[entity].canonical
          } else {
            canonical = displayForm(r.map(units) ?? span)
          }
        case .listValue(let name):
          canonical =
            range(name).flatMap(listValue)
            ?? displayForm(span)
        case .date, nil:
          canonical = displayForm(span)
          if restoredArticle[tokens.lowerBound] && entities.entityStart(tokens.lowerBound) < 0 {
            canonical = "ا" + canonical
          }
        }
        result.append(
          Candidate(
            label: spec.pointee.label, tokens: tokens, units: span, canonical: canonical,
            source: rule.source, attributes: attributes, priority: rule.spec.priority,
            order: rule.spec.order + 1,
            evidence: rule.spec.evidence, replaces: rule.spec.replaces))
      }
    }
  }

  /// The normalized text of a UTF-16 range, white space collapsed to single spaces.
  ///
  /// Built in a temporary buffer (never longer than the range: a space stands for at least one
  /// white-space unit): an array appended unit by unit, then decoded through a lazy map, cost
  /// over 2,000 instructions a day or year.
  func normalizedText(_ range: Range<Int>) -> String {
    text.text.units.withUnsafeBufferPointer { all in
      let units = UnsafeBufferPointer(rebasing: all[range])
      return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: units.count) { out in
        var count = 0
        var space = false
        var ascii = true
        for unit in units {
          if unit == 0x20 || unit == 0x0A || unit == 0x09 || unit == 0x0D {
            space = count > 0
            continue
          }
          if space {
            out[count] = 0x20
            count += 1
            space = false
          }
          out[count] = unit
          count += 1
          ascii = ascii && unit < 0x80
        }
        let written = UnsafeBufferPointer(rebasing: out[..<count])
        // Days and years are mostly ASCII digits after normalization: skip the UTF-16
        // transcoder.
        if ascii {
          return String(unsafeUninitializedCapacity: count) { bytes in
            for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: written[i]) }
            return count
          }
        }
        return String(decoding: written, as: UTF16.self)
      }
    }
  }

  /// The value of the listed phrase spanning exactly `range`, from any list with values.
  func listValue(_ range: Range<Int>) -> String? {
    for index in rules.phrases.valued {
      let root = rules.phrases.roots[index]
      // The token as written, then as stem (a pair, not an array: this runs per emitted value;
      // a stem that is the word as written is not walked twice).
      for reading in 0..<2 {
        let first = reading == 0 ? whole[range.lowerBound] : stem[range.lowerBound]
        guard first >= 0, reading == 0 || first != whole[range.lowerBound] else { continue }
        // The trie's first words as a bit set answer most lists without probing the edges.
        guard rules.phrases.firsts.contains(first, trie: index),
          var node = rules.phrases.edges[root, first]
        else { continue }
        var j = range.lowerBound + 1
        while j < range.upperBound, whole[j] >= 0, let next = rules.phrases.edges[node, whole[j]] {
          node = next
          j += 1
        }
        if j == range.upperBound, let value = rules.phrases.values[Int(node)], !value.isEmpty {
          return value
        }
      }
    }
    return nil
  }
}
