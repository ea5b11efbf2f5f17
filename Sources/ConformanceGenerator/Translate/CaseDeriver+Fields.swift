import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Media

extension Derivation {
    // MARK: Fields

    mutating func fieldCases(_ field: FieldSpec, path: [String]) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted)"
        let (setup, required) = baseline(of: endpoint)
        // A member of an optional object is sent inside a valid object, so its other required
        // members are there and a case breaks only the rule it is about.
        var base = required
        var fields = endpoint.request
        for depth in 1..<max(1, path.count) {
            guard let parent = fields.first(where: { $0.name == path[depth - 1] }) else { break }
            if recipe(at: Array(path.prefix(depth)), in: base) == nil, let value = validValue(parent, of: endpoint) {
                base = setting(base, path: Array(path.prefix(depth)), to: value)
            }
            fields = parent.fields ?? []
        }
        func with(_ value: ValueRecipe?) -> [String: ValueRecipe] { setting(base, path: path, to: value) }

        // Missing. A path parameter cannot be left out: the request would go to another path.
        let inPath = path.count == 1 && field.location == .path
        let routeChange =
            "An absent or empty path parameter changes the request's path (the :\(field.name) segment goes), so the request reaches "
            + "another route or none: the platform answers for that path, not for a bad \(field.name)."
        if field.required.value {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(field.required.error, rule: field.required.provenance, what: "a missing \(dotted)")
            add(
                variant: "missing", what: "\(dotted) missing", kind: .field, rule: "\(rule).required", provenance: provenance, ruleProvenance: ruleProvenance,
                covers: [.field(dotted)], steps: setup + [request(with(nil), expect: expect)], notExercisable: inPath ? routeChange : nil)
        }
        // Wrong type.
        if let wrong = wrongTypeValue(field) {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(
                field.typeError, rule: nil, forbiddenBy: field.required.provenance,
                what: "a \(dotted) of the wrong type")
            add(
                variant: "wrong-type", what: "\(dotted) of the wrong type (\(wrong.label))", kind: .field, rule: "\(rule).type",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted)], steps: setup + [request(with(wrong.value), expect: expect)])
        }
        // Enumeration.
        if let enumRule = field.enum {
            // An array's enum lists the values of its items: each case sends a one-item array.
            let sent: (JSONValue) -> JSONValue = { field.type == .array ? .array([$0]) : $0 }
            for (i, member) in enumRule.value.enumerated() {
                add(
                    variant: "value-\(i)", what: "\(dotted) = \(sent(member.value).jsonText)", kind: .field, rule: "\(rule).enum",
                    provenance: enumRule.provenance, covers: [.field(dotted)], steps: setup + [request(with(.json(sent(member.value))), expect: .success)])
            }
            let outside = sent(outsideEnum(enumRule.value.map(\.value), type: field.type))
            let (expect, provenance, ruleProvenance, _) = errorExpectation(
                enumRule.error, rule: enumRule.provenance, what: "a \(dotted) outside its enumeration")
            add(
                variant: "outside", what: "\(dotted) = \(outside.jsonText) (not listed)", kind: .field, rule: "\(rule).enum",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted)], steps: setup + [request(with(.json(outside)), expect: expect)]
            )
        }
        // Length. Keys that must name something real (page tokens, references) get no "valid length" success case.
        let opaque =
            path.count == 1
            && (references.contains { $0.field == field.name }
                || endpoint.behaviours.contains {
                    if case .lists(let l) = $0 { l.pageTokenParam == field.name } else { false }
                } || field.location == .path && addressedResources(endpoint)[field.name] != nil)
            // Text whose values are enumerated: a value of the limit's length is not one of them.
            || field.enum != nil && field.type != .array
        // A length of text, or an array's item count. An array past `maxArrayItems` is not built:
        // its case is not exercised, with the reason (pages document item counts up to 10^9).
        func sized(_ length: Int) -> ValueRecipe {
            guard field.type == .array else { return .uniqueText(length: length, filler: filler(field)) }
            return length > Self.maxArrayItems ? .json(.array([])) : arrayOf(field, count: length)
        }
        func huge(_ length: Int) -> String? {
            guard field.type == .array, length > Self.maxArrayItems else { return nil }
            return "An array of \(length) items is past the \(Self.maxArrayItems) the runner sends in one request."
        }
        let unit = field.effectiveLengthUnit == .bytes ? "bytes" : "characters"
        if let r = field.minLength {
            if r.value > 0 {
                if !opaque {
                    add(
                        variant: "at", what: "\(dotted) of \(r.value) \(unit)", kind: .limit, rule: "\(rule).minLength", provenance: r.provenance,
                        covers: [.field(dotted), .limit("\(dotted).minLength")],
                        steps: setup + [request(with(sized(r.value)), expect: .success)], notExercisable: huge(r.value))
                }
                let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) below minLength")
                add(
                    variant: "below", what: "\(dotted) of \(r.value - 1) \(unit)", kind: .limit, rule: "\(rule).minLength",
                    provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).minLength")],
                    steps: setup + [request(with(sized(r.value - 1)), expect: expect)],
                    notExercisable: inPath && r.value == 1 ? routeChange : huge(r.value - 1))
            }
        }
        if let r = field.maxLength {
            if !opaque {
                add(
                    variant: "at", what: "\(dotted) of \(r.value) \(unit)", kind: .limit, rule: "\(rule).maxLength", provenance: r.provenance,
                    covers: [.field(dotted), .limit("\(dotted).maxLength")],
                    steps: setup + [request(with(sized(r.value)), expect: .success)], notExercisable: huge(r.value))
            }
            // A length at the end of Int's range has none past it.
            let (beyond, overflow) = r.value.addingReportingOverflow(1)
            if !overflow {
                let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) above maxLength")
                add(
                    variant: "above", what: "\(dotted) of \(beyond) \(unit)", kind: .limit, rule: "\(rule).maxLength",
                    provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).maxLength")],
                    steps: setup + [request(with(sized(beyond)), expect: expect)], notExercisable: huge(beyond))
            }
        }
        // Range. A list's page size gets its "at" cases from `pageSizeCases`, against a known item count.
        let pageSized = path.count == 1 && listedPageSize(field) != nil
        for (name, r, past) in [("minimum", field.minimum, -1), ("maximum", field.maximum, 1)] {
            guard let r else { continue }
            let number: (Int) -> JSONValue = { field.type == .number ? .double(Double($0)) : .int($0) }
            if !pageSized {
                add(
                    variant: "at", what: "\(dotted) = \(r.value)", kind: .limit, rule: "\(rule).\(name)", provenance: r.provenance,
                    covers: [.field(dotted), .limit("\(dotted).\(name)")], steps: setup + [request(with(.json(number(r.value))), expect: .success)])
            }
            // A bound at the end of Int's range (a documented maximum of 2^63 - 1) has no integer past it.
            let (beyond, overflow) = r.value.addingReportingOverflow(past)
            if overflow { continue }
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past its \(name)")
            add(
                variant: past < 0 ? "below" : "above", what: "\(dotted) = \(beyond)", kind: .limit, rule: "\(rule).\(name)",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).\(name)")],
                steps: setup + [request(with(.json(number(beyond))), expect: expect)])
        }
        // Files.
        if let rules = field.file { fileCases(field, rules: rules, path: path, setup: setup, base: base) }
        // Members of objects and i18n fields.
        for member in field.fields ?? [] where field.type == .object || field.type == .i18n {
            fieldCases(member, path: path + [member.name])
        }
    }

    func wrongTypeValue(_ field: FieldSpec) -> (value: ValueRecipe, label: String)? {
        let textual = endpoint.bodyEncoding != .json || field.location == .query || field.location == .path
        switch field.type {
        case .int, .number: return textual ? (.text("not-a-number"), "text") : (.json(.string("1")), "string")
        case .bool: return textual ? (.text("maybe"), "text") : (.json(.string("true")), "string")
        case .string: return textual ? nil : (.json(.int(12345)), "number")
        case .i18n, .object: return textual ? nil : (.json(.string("conformance")), "string")
        case .array: return textual ? nil : (.json(.object([:])), "object")
        case .file: return nil
        }
    }

    func outsideEnum(_ values: [JSONValue], type: FieldType) -> JSONValue {
        let ints = values.compactMap(\.intValue)
        if !ints.isEmpty, ints.count == values.count { return .int((ints.max() ?? 0) + 1) }
        var candidate = "not_a_listed_value"
        while values.contains(.string(candidate)) { candidate += "_" }
        return .string(candidate)
    }

    mutating func fileCases(_ field: FieldSpec, rules: FileRules, path: [String], setup: [CaseStep], base: [String: ValueRecipe]) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted).file"
        func with(_ value: ValueRecipe) -> [String: ValueRecipe] { setting(base, path: path, to: value) }
        let accepted = rules.formats?.value ?? []
        // Formats: each accepted one, a refused real image, a near miss labelled as accepted, plain text.
        if let formats = rules.formats {
            for format in formats.value {
                guard let img = validImage(rules, format: format) else {
                    impossibleFormatCases(field, rules: rules, format: format, path: path, setup: setup, base: base)
                    continue
                }
                add(
                    variant: format, what: "\(dotted) as a valid \(img)", kind: .field, rule: "\(rule).formats", provenance: formats.provenance,
                    covers: [.field(dotted), .limit("\(dotted).formats")], steps: setup + [request(with(.image(img)), expect: .success)])
            }
            let (expect, provenance, ruleProvenance, _) = errorExpectation(formats.error, rule: formats.provenance, what: "a \(dotted) of a refused format")
            if let refused = knownImageFormats.first(where: { !accepted.contains($0) }) {
                let side = validImage(rules, format: preferredFormats(rules)[0]).map { ($0.width, $0.height) } ?? (64, 64)
                add(
                    variant: "refused-\(refused)", what: "\(dotted) as a \(refused.uppercased()) (refused format)", kind: .field,
                    rule: "\(rule).formats", provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).formats")],
                    steps: setup + [request(with(.image(image(refused, width: side.0, height: side.1, rules: rules))), expect: expect)])
                if let label = preferredFormats(rules).first {
                    add(
                        variant: "near-miss-\(refused)", what: "\(dotted) as a \(refused.uppercased()) named and typed as \(label.uppercased())",
                        kind: .field, rule: "\(rule).formats", provenance: provenance, ruleProvenance: ruleProvenance,
                        covers: [.field(dotted), .limit("\(dotted).formats")],
                        steps: setup + [request(with(.image(image(refused, width: side.0, height: side.1, labelledAs: label, rules: rules))), expect: expect)])
                }
            }
            add(
                variant: "plain-text", what: "\(dotted) as plain text", kind: .field, rule: "\(rule).formats", provenance: provenance,
                ruleProvenance: ruleProvenance,
                covers: [.field(dotted), .limit("\(dotted).formats")],
                steps: setup + [request(with(.nearMiss("plainText", filename: "conformance.txt", contentType: "text/plain")), expect: expect)])
        }
        let formatsToCheck = preferredFormats(rules)
        // Bytes, per accepted format.
        for format in formatsToCheck {
            let tag = formatsToCheck.count > 1 ? "\(format) " : ""
            // A format with no valid image at all is reported once, by its format case.
            if let r = rules.maxBytes, var img = validImage(rules, format: format) {
                img.byteSize = r.value
                add(
                    variant: "\(format)-at", what: "\(dotted) \(tag)of \(r.value) bytes", kind: .limit, rule: "\(rule).maxBytes",
                    provenance: r.provenance, covers: [.field(dotted), .limit("\(dotted).maxBytes")],
                    steps: setup + [request(with(.image(img)), expect: .success)])
                var over = img
                over.byteSize = r.value + 1
                let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "a \(dotted) over maxBytes")
                // A format that cannot be exactly one byte over leaves the boundary to the formats that can.
                let others = formatsToCheck.filter {
                    $0 != format
                        && validImage(rules, format: $0).map {
                            var o = $0
                            o.byteSize = r.value + 1
                            return problem(o) == nil
                        } == true
                }
                add(
                    variant: "\(format)-above", what: "\(dotted) \(tag)of \(r.value + 1) bytes", kind: .limit, rule: "\(rule).maxBytes",
                    provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).maxBytes")],
                    steps: setup + [request(with(.image(over)), expect: expect)],
                    notExercisable: problem(over).map {
                        "No \(format.uppercased()) file has exactly \(r.value + 1) bytes (\($0)); "
                            + (others.isEmpty
                                ? "no accepted format can be one byte over the limit."
                                : "the boundary is exercised with \(others.map { $0.uppercased() }.joined(separator: ", ")).")
                    })
            }
        }
        if let r = rules.minBytes, r.value > 0 {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "a \(dotted) under minBytes")
            // The first accepted format that makes a valid image of exactly minBytes - 1 bytes.
            var under: ValueRecipe?
            var tried: [String] = []
            if r.value == 1 {
                under = .nearMiss("empty", filename: "conformance.\(fileLabel(formatsToCheck[0]).ext)", contentType: fileLabel(formatsToCheck[0]).mediaType)
            } else {
                for format in formatsToCheck {
                    if let img = validImage(rules, format: format, byteSize: r.value - 1) {
                        under = .image(img)
                        break
                    }
                    if let (w, h) = validSize(rules, format: format) {
                        tried.append(
                            "\(format.uppercased()) \(w)x\(h): \(minimumBytes(format, width: w, height: h).map { "at least \($0) bytes" } ?? "cannot be made")")
                    }
                }
            }
            let fallback = formatsToCheck[0]
            let sizes = validSize(rules, format: fallback) ?? (1, 1)
            add(
                variant: "below", what: "\(dotted) of \(r.value - 1) bytes", kind: .limit, rule: "\(rule).minBytes", provenance: provenance,
                ruleProvenance: ruleProvenance,
                covers: [.field(dotted), .limit("\(dotted).minBytes")],
                steps: setup + [request(with(under ?? .image(image(fallback, width: sizes.0, height: sizes.1, byteSize: r.value - 1))), expect: expect)],
                notExercisable: under == nil
                    ? "No accepted format makes an image within the pixel limits of only \(r.value - 1) bytes (\(tried.joined(separator: "; ")))." : nil)
        }
        // Pixels: every bound of every limit set, at and past, per format it applies to.
        for (index, limits) in (rules.pixels ?? []).enumerated() {
            let formats = limits.formats ?? formatsToCheck
            for format in formats {
                guard let valid = validImage(rules, format: format) else { continue }
                let tag = formats.count > 1 ? "\(format.uppercased()) " : ""
                let prefix = "\(rule).pixels[\(index)]"
                let coverPrefix = "\(dotted).pixels[\(index)]"
                typealias Bound = (name: String, rule: Rule<Int>?, sign: Int, isHeight: Bool)
                let bounds: [Bound] = [
                    ("minWidth", limits.minWidth, -1, false), ("maxWidth", limits.maxWidth, 1, false),
                    ("minHeight", limits.minHeight, -1, true), ("maxHeight", limits.maxHeight, 1, true),
                ]
                for b in bounds {
                    guard let r = b.rule else { continue }
                    // The other side stays at its valid size (widened only as far as aspect limits demand).
                    func sized(_ v: Int) -> ImageRecipe {
                        b.isHeight
                            ? image(format, width: validWidth(rules, format: format, height: v, preferred: valid.width), height: v, rules: rules)
                            : image(format, width: v, height: valid.height, rules: rules)
                    }
                    func overBytes(_ i: ImageRecipe) -> String? {
                        withinBytes(i, rules) || problem(i) != nil
                            ? nil
                            : "The smallest \(i) is \(minimumBytes(i.format, width: i.width, height: i.height) ?? 0) bytes, over the "
                                + "\(rules.maxBytes?.value ?? 0)-byte limit, so it would break the byte limit as well."
                    }
                    let at = sized(r.value)
                    let cover: [CoverageKey] = [.field(dotted), .limit("\(coverPrefix).\(b.name)")]
                    if meetsLimits(rules, format: format, width: at.width, height: at.height) {
                        add(
                            variant: "\(format)-at", what: "\(dotted) \(tag)\(at.width)x\(at.height) (\(b.name) \(r.value))", kind: .limit,
                            rule: "\(prefix).\(b.name)", provenance: r.provenance, covers: cover, steps: setup + [request(with(.image(at)), expect: .success)],
                            notExercisable: overBytes(at))
                    }
                    let pastValue = r.value + b.sign
                    guard pastValue > 0 else { continue }
                    let past = sized(pastValue)
                    let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past \(b.name)")
                    add(
                        variant: "\(format)-past", what: "\(dotted) \(tag)\(past.width)x\(past.height) (\(b.name) \(r.value))", kind: .limit,
                        rule: "\(prefix).\(b.name)", provenance: provenance, ruleProvenance: ruleProvenance, covers: cover,
                        steps: setup + [request(with(.image(past)), expect: expect)],
                        notExercisable: overBytes(past))
                }
                let ratios: [(name: String, rule: Rule<Double>?, isMin: Bool)] = [
                    ("minAspectRatio", limits.minAspectRatio, true),
                    ("maxAspectRatio", limits.maxAspectRatio, false),
                ]
                for a in ratios {
                    guard let r = a.rule else { continue }
                    let h = valid.height
                    let atWidth = Int((Double(h) * r.value).rounded(a.isMin ? .up : .down))
                    let pastWidth = a.isMin ? atWidth - 1 : atWidth + 1
                    let cover: [CoverageKey] = [.field(dotted), .limit("\(coverPrefix).\(a.name)")]
                    if meetsLimits(rules, format: format, width: atWidth, height: h) {
                        add(
                            variant: "\(format)-at", what: "\(dotted) \(tag)\(atWidth)x\(h) (\(a.name) \(r.value))", kind: .limit,
                            rule: "\(prefix).\(a.name)", provenance: r.provenance, covers: cover,
                            steps: setup + [request(with(.image(image(format, width: atWidth, height: h, rules: rules))), expect: .success)])
                    }
                    guard pastWidth > 0 else { continue }
                    let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past \(a.name)")
                    add(
                        variant: "\(format)-past", what: "\(dotted) \(tag)\(pastWidth)x\(h) (\(a.name) \(r.value))", kind: .limit,
                        rule: "\(prefix).\(a.name)", provenance: provenance, ruleProvenance: ruleProvenance, covers: cover,
                        steps: setup + [request(with(.image(image(format, width: pastWidth, height: h, rules: rules))), expect: expect)])
                }
            }
        }
    }

    /// An accepted format of which no valid image exists (e.g. a pixel minimum above what the
    /// format can store): its success case is reported not exercised with the reason, and the
    /// largest image the forge makes of it is sent, expecting the pixel refusal it must get.
    mutating func impossibleFormatCases(
        _ field: FieldSpec, rules: FileRules, format: String, path: [String],
        setup: [CaseStep], base: [String: ValueRecipe]
    ) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted).file"
        func with(_ value: ValueRecipe) -> [String: ValueRecipe] { setting(base, path: path, to: value) }
        let why = whyNoValidImage(rules, format: format) ?? "No valid \(format.uppercased()) image exists."
        let wanted = validSize(rules, format: format) ?? (64, 64)
        let formats = rules.formats
        add(
            variant: format, what: "\(dotted) as a valid \(format.uppercased())", kind: .field, rule: "\(rule).formats",
            provenance: formats?.provenance ?? .inferred("Every accepted format has a valid image."),
            covers: [.field(dotted), .limit("\(dotted).formats")],
            steps: setup + [request(with(.image(image(format, width: wanted.0, height: wanted.1, rules: rules))), expect: .success)],
            notExercisable: why + " Its byte-size and pixel-bound cases are not derived either.")
        // The largest square the forge makes, and the pixel bounds it breaks.
        guard let side = largestSquare(format, upTo: max(wanted.0, wanted.1)) else { return }
        let img = image(format, width: side, height: side, rules: rules)
        guard problem(img) == nil, withinBytes(img, rules) else { return }
        var broken: [(name: String, index: Int, rule: Rule<Int>)] = []
        for (index, limits) in (rules.pixels ?? []).enumerated() where limits.formats == nil || limits.formats?.contains(format) == true {
            for (name, r) in [("minWidth", limits.minWidth), ("minHeight", limits.minHeight)] {
                if let r, side < r.value { broken.append((name, index, r)) }
            }
            for (name, r) in [("maxWidth", limits.maxWidth), ("maxHeight", limits.maxHeight)] {
                if let r, side > r.value { broken.append((name, index, r)) }
            }
        }
        guard let first = broken.first else { return }
        // The doc accepts the format and sets pixel limits no image of it meets: that it is refused
        // (and with which code) is our reading of a contradiction, never a documented rule.
        let contradiction = Provenance.inferred(
            "The doc accepts \(format.uppercased()) files yet sets pixel limits no \(format.uppercased()) "
                + "image can meet; that it is refused for its pixels is our reading of the contradiction.")
        let (expect, ruled, _, code) = errorExpectation(first.rule.error, rule: first.rule.provenance, what: "\(dotted) past \(first.name)")
        let provenance = ruled.isDocumented ? contradiction : ruled
        let agree = broken.allSatisfy { errorExpectation($0.rule.error, rule: $0.rule.provenance, what: "").code == code }
        add(
            variant: "\(format)-largest",
            what: "\(dotted) \(img), the largest \(format.uppercased()) (\(broken.map { "\($0.name) \($0.rule.value)" }.joined(separator: ", ")))",
            kind: .limit, rule: "\(rule).pixels[\(first.index)].\(first.name)", provenance: provenance, ruleProvenance: contradiction,
            covers: [.field(dotted)] + broken.map { .limit("\(dotted).pixels[\($0.index)].\($0.name)") },
            steps: setup + [request(with(.image(img)), expect: expect)],
            notExercisable: agree ? nil : "It breaks \(broken.map(\.name).joined(separator: " and ")), whose codes differ, and no order between them is given.")
    }

    // MARK: Headers

    mutating func headerCases(_ field: FieldSpec) {
        guard let fixed = field.fixedValue else { return }
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(fixed.error, rule: fixed.provenance, what: "a \(field.name) other than \(fixed.value)")
        add(
            variant: "other", what: "\(field.name): text/plain", kind: .field, rule: "request.\(field.name).fixedValue", provenance: provenance,
            ruleProvenance: ruleProvenance,
            covers: [.field(field.name)], steps: setup + [request(base, expect: expect, contentType: "text/plain")])
    }
}
