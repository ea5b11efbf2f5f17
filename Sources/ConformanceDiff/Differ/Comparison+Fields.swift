import ConformanceSpec

extension Comparison {
    /// Request or response fields (a `[FieldSpec]` array, or absent) under `path`, paired by name;
    /// a field gone and another of the same type and location come are reported as a rename.
    mutating func fields(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, side: Side) {
        guard old != new else { return }
        let paired = ElementKeys.pair(Self.elements(old), Self.elements(new)) { ElementKeys.identity(ofJSON: $0) }
        var removed = paired.removed
        var added = paired.added
        // Renames: a removed and an added field that are each other's only match by shape.
        var renames: [(old: (key: String, value: JSONValue), new: (key: String, value: JSONValue))] = []
        for gone in removed {
            let candidates = added.filter { Self.sameShape(gone.value, $0.value) }
            guard candidates.count == 1, let come = candidates.first,
                removed.filter({ Self.sameShape($0.value, come.value) }).count == 1
            else { continue }
            renames.append((gone, come))
        }
        removed.removeAll { item in renames.contains { $0.old.key == item.key } }
        added.removeAll { item in renames.contains { $0.new.key == item.key } }

        for item in removed {
            let name = Self.fieldName(item.value)
            let fieldSubject = "\(subject).\(name)"
            add(
                side == .request ? .requestFieldRemoved : .responseFieldRemoved, path.element(item.key), fieldSubject,
                old: Self.fieldSummary(item.value), new: nil, oldProvenance: item.value["required"].flatMap(Self.provenance),
                "\(side == .request ? "request" : "response") field \(name) removed")
        }
        for rename in renames {
            let oldName = Self.fieldName(rename.old.value)
            let newName = Self.fieldName(rename.new.value)
            add(
                side == .request ? .requestFieldRenamed : .responseFieldRenamed, path.element(rename.new.key), "\(subject).\(newName)",
                old: oldName, new: newName, oldProvenance: rename.old.value["required"].flatMap(Self.provenance),
                newProvenance: rename.new.value["required"].flatMap(Self.provenance),
                "\(side == .request ? "request" : "response") field \(oldName) gone and \(newName) of the same type come: probably renamed",
                claims: [path.element(rename.old.key), path.element(rename.new.key)])
            field(rename.old.value, rename.new.value, path.element(rename.new.key), "\(subject).\(newName)", side: side)
        }
        for item in added {
            let name = Self.fieldName(item.value)
            let required = item.value["required"]?["value"]?.boolValue ?? false
            let changeClass: ChangeClass =
                side == .response
                ? .responseFieldAdded
                : required ? .requestFieldAddedRequired : .requestFieldAddedOptional
            add(
                changeClass, path.element(item.key), "\(subject).\(name)", old: nil, new: Self.fieldSummary(item.value),
                newProvenance: item.value["required"].flatMap(Self.provenance),
                side == .response ? "response field \(name) added" : "\(required ? "required" : "optional") request field \(name) added")
        }
        for item in paired.matched {
            field(item.old, item.new, path.element(item.key), "\(subject).\(Self.fieldName(item.new))", side: side)
        }
    }

    /// One field on both sides: location, type, presence, default, enum, bounds, formats, members, words.
    mutating func field(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath, _ subject: String, side: Side) {
        guard old != new else { return }
        let limits = LimitClasses.side(side)
        if old["location"] != new["location"] {
            add(
                .requestFieldLocationChanged, path.member("location"), subject, old: Self.show(old["location"]), new: Self.show(new["location"]),
                "\(subject) moved from the \(Self.show(old["location"]) ?? "?") to the \(Self.show(new["location"]) ?? "?")")
        }
        if old["type"] != new["type"] || old["itemType"] != new["itemType"] {
            add(
                side == .request ? .requestFieldTypeChanged : .responseFieldTypeChanged, path.member("type"), "\(subject).type",
                old: Self.typeText(old), new: Self.typeText(new), oldProvenance: old["required"].flatMap(Self.provenance),
                newProvenance: new["required"].flatMap(Self.provenance),
                "\(subject) is now \(Self.typeText(new)), was \(Self.typeText(old))",
                claims: [path.member("type"), path.member("itemType")])
        }
        presence(old, new, path, subject, side: side)
        if side == .request {
            rule(old["default"], new["default"], path.member("default"), "\(subject).default", .requestDefaultChanged, "the default of \(subject)")
        } else {
            words(old["default"], new["default"], path.member("default"), "\(subject).default", "the default of \(subject)")
        }
        enumeration(old["enum"], new["enum"], path.member("enum"), "\(subject).enum", side: side)
        limit(old["minLength"], new["minLength"], path.member("minLength"), "\(subject).minLength", .lower, limits, "minLength of \(subject)")
        limit(old["maxLength"], new["maxLength"], path.member("maxLength"), "\(subject).maxLength", .upper, limits, "maxLength of \(subject)")
        limit(old["minimum"], new["minimum"], path.member("minimum"), "\(subject).minimum", .lower, limits, "minimum of \(subject)")
        limit(old["maximum"], new["maximum"], path.member("maximum"), "\(subject).maximum", .upper, limits, "maximum of \(subject)")
        lengthUnit(old, new, path, subject, limits)
        fixedValue(old["fixedValue"], new["fixedValue"], path.member("fixedValue"), "\(subject).fixedValue", limits)
        rule(
            old["valueFormat"], new["valueFormat"], path.member("valueFormat"), "\(subject).valueFormat", .fieldValueFormatChanged,
            "the value format of \(subject)")
        file(old["file"], new["file"], path.member("file"), "\(subject).file", limits)
        fields(old["fields"], new["fields"], path.member("fields"), subject, side: side)
        binding(old["typeError"], new["typeError"], path.member("typeError"), "\(subject).type")
        words(old["description"], new["description"], path.member("description"), subject, "the description of \(subject)")
        words(old["example"], new["example"], path.member("example"), subject, "the example of \(subject)")
    }

    /// `required` and (for replies) `conditional`: whether the field must be sent / is always there.
    mutating func presence(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath, _ subject: String, side: Side) {
        let requiredPath = path.member("required")
        if let o = old["required"], let n = new["required"] {
            let was = o["value"]?.boolValue ?? false
            let now = n["value"]?.boolValue ?? false
            if was != now {
                let changeClass: ChangeClass =
                    switch (side, now) {
                    case (.request, true): .requestFieldRequired
                    case (.request, false): .requestFieldOptional
                    case (.response, false): .responseFieldOptional
                    case (.response, true): .responseFieldRequired
                    }
                add(
                    changeClass, requiredPath.member("value"), "\(subject).required", old: String(was), new: String(now),
                    oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    side == .request
                        ? "\(subject) is now \(now ? "required" : "optional")"
                        : "\(subject) is now \(now ? "in every success reply" : "left out of some success replies")")
            }
            meta(o, n, requiredPath, "\(subject).required")
        }
        let o = old["conditional"]
        let n = new["conditional"]
        guard o != n else { return }
        let conditionalPath = path.member("conditional")
        guard side == .response else {
            words(o, n, conditionalPath, "\(subject).conditional", "the presence condition of \(subject)")
            return
        }
        switch (o, n) {
        case (nil, let n?):
            add(
                .responseFieldOptional, conditionalPath, "\(subject).conditional", old: nil, new: Self.conditionText(n),
                newProvenance: Self.provenance(n), "\(subject) is now sent only when \(Self.conditionText(n))")
        case (let o?, nil):
            add(
                .responseFieldRequired, conditionalPath, "\(subject).conditional", old: Self.conditionText(o), new: nil,
                oldProvenance: Self.provenance(o), "\(subject) is now in every success reply (it was sent only when \(Self.conditionText(o)))")
        case (let o?, let n?):
            if o["value"] != n["value"] {
                add(
                    .responseFieldConditionChanged, conditionalPath.member("value"), "\(subject).conditional",
                    old: Self.conditionText(o), new: Self.conditionText(n), oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(subject) is sent when \(Self.conditionText(n)), was when \(Self.conditionText(o))")
            }
            meta(o, n, conditionalPath, "\(subject).conditional")
        case (nil, nil):
            break
        }
    }

    /// An enum: imposing one tightens (requests) or narrows (replies); each value removed or added.
    mutating func enumeration(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, side: Side) {
        guard old != new else { return }
        let limits = LimitClasses.side(side)
        switch (old, new) {
        case (nil, let n?):
            add(
                limits.tightened, path, subject, old: nil, new: Self.enumText(n), newProvenance: Self.provenance(n),
                "\(subject): values restricted to \(Self.enumText(n))")
        case (let o?, nil):
            add(
                limits.loosened, path, subject, old: Self.enumText(o), new: nil, oldProvenance: Self.provenance(o),
                "\(subject): any value now, was one of \(Self.enumText(o))")
        case (let o?, let n?):
            let valuesPath = path.member("value")
            let paired = ElementKeys.pair(Self.elements(o["value"]), Self.elements(n["value"])) { ElementKeys.identity(ofJSON: $0) }
            for item in paired.removed {
                add(
                    side == .request ? .requestEnumValueRemoved : .responseEnumValueRemoved, valuesPath.element(item.key), subject,
                    old: Self.show(item.value["value"]), new: nil, oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(subject): value \(Self.show(item.value["value"]) ?? "?") removed")
            }
            for item in paired.added {
                add(
                    side == .request ? .requestEnumValueAdded : .responseEnumValueAdded, valuesPath.element(item.key), subject,
                    old: nil, new: Self.show(item.value["value"]), oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(subject): value \(Self.show(item.value["value"]) ?? "?") added")
            }
            for item in paired.matched where item.old != item.new {
                words(
                    item.old["description"], item.new["description"], valuesPath.element(item.key).member("description"), subject,
                    "the meaning of \(subject) value \(Self.show(item.new["value"]) ?? "?")")
            }
            meta(o, n, path, subject)
        case (nil, nil):
            break
        }
    }

    /// How lengths are counted: bytes are never fewer than characters, so counting bytes tightens.
    mutating func lengthUnit(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath, _ subject: String, _ limits: LimitClasses) {
        let o = old["lengthUnit"]
        let n = new["lengthUnit"]
        guard o != n else { return }
        let unitPath = path.member("lengthUnit")
        let was = o?["value"]?.stringValue ?? LengthUnit.characters.rawValue
        let now = n?["value"]?.stringValue ?? LengthUnit.characters.rawValue
        let bounded = old["maxLength"] != nil || new["maxLength"] != nil
        if was != now && bounded {
            let tighter = now == LengthUnit.bytes.rawValue
            add(
                tighter ? limits.tightened : limits.loosened, o != nil && n != nil ? unitPath.member("value") : unitPath, "\(subject).lengthUnit",
                old: was, new: now, oldProvenance: o.flatMap(Self.provenance), newProvenance: n.flatMap(Self.provenance),
                "\(subject)'s length is now counted in \(now), was in \(was)")
        } else if was != now || (o == nil) != (n == nil) {
            add(
                .documentationChanged, unitPath, "\(subject).lengthUnit", old: o.flatMap { Self.show($0["value"]) }, new: n.flatMap { Self.show($0["value"]) },
                "\(subject)'s length unit \(was == now ? "is now stated (\(now))" : "changed, with no length limit it applies to")")
        }
        if let o, let n { meta(o, n, unitPath, "\(subject).lengthUnit") }
    }

    /// A fixed value: changing it refuses the old one; imposing one tightens; dropping it loosens.
    mutating func fixedValue(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, _ limits: LimitClasses) {
        guard old != new else { return }
        switch (old, new) {
        case (nil, _?), (_?, nil):
            limitPresence(old, new, path, subject, limits, "fixed value of \(subject)")
        case (let o?, let n?):
            if o["value"] != n["value"] {
                add(
                    .fieldFixedValueChanged, path.member("value"), subject, old: Self.show(o["value"]), new: Self.show(n["value"]),
                    oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(subject) must now be \(Self.show(n["value"]) ?? "?"), was \(Self.show(o["value"]) ?? "?")")
            }
            meta(o, n, path, subject)
        case (nil, nil):
            break
        }
    }

    /// A constraint that appears (tightens) or disappears (loosens) as a whole.
    mutating func limitPresence(
        _ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String,
        _ limits: LimitClasses, _ what: String
    ) {
        if old == nil, let new {
            add(
                limits.tightened, path, subject, old: nil, new: Self.show(new["value"] ?? new), newProvenance: Self.provenance(new),
                "\(what) imposed: \(Self.show(new["value"] ?? new) ?? "")")
        } else if let old, new == nil {
            add(
                limits.loosened, path, subject, old: Self.show(old["value"] ?? old), new: nil, oldProvenance: Self.provenance(old),
                "\(what) dropped")
        }
    }

    /// File rules: formats accepted, byte bounds, pixel bounds.
    mutating func file(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, _ limits: LimitClasses) {
        guard old != new else { return }
        guard let old, let new else {
            limitPresence(old, new, path, subject, limits, "file rules of \(subject)")
            return
        }
        let formatsPath = path.member("formats")
        switch (old["formats"], new["formats"]) {
        case (let o?, let n?):
            set(o, n, formatsPath, "\(subject).formats", removed: .requestFileFormatRemoved, added: .requestFileFormatAdded, "file format")
        case (let o, let n):
            limitPresence(o, n, formatsPath, "\(subject).formats", limits, "accepted file formats of \(subject)")
        }
        limit(old["minBytes"], new["minBytes"], path.member("minBytes"), "\(subject).minBytes", .lower, limits, "minBytes of \(subject)")
        limit(old["maxBytes"], new["maxBytes"], path.member("maxBytes"), "\(subject).maxBytes", .upper, limits, "maxBytes of \(subject)")
        let pixelsPath = path.member("pixels")
        let pixelSubject = subject.hasSuffix(".file") ? String(subject.dropLast(5)) + ".pixels" : subject + ".pixels"
        let paired = ElementKeys.pair(Self.elements(old["pixels"]), Self.elements(new["pixels"])) { ElementKeys.identity(ofJSON: $0) }
        for item in paired.removed {
            add(
                limits.loosened, pixelsPath.element(item.key), pixelSubject, old: Self.show(item.value), new: nil,
                "pixel limits \(Self.pixelScope(item.value))of \(subject) dropped")
        }
        for item in paired.added {
            add(
                limits.tightened, pixelsPath.element(item.key), pixelSubject, old: nil, new: Self.show(item.value),
                "pixel limits \(Self.pixelScope(item.value))of \(subject) imposed")
        }
        for item in paired.matched where item.old != item.new {
            let at = pixelsPath.element(item.key)
            for (key, bound) in [
                ("minWidth", Bound.lower), ("maxWidth", .upper), ("minHeight", .lower), ("maxHeight", .upper),
                ("minAspectRatio", .lower), ("maxAspectRatio", .upper),
            ] {
                limit(
                    item.old[key], item.new[key], at.member(key), "\(pixelSubject).\(key)", bound, limits,
                    "\(key) \(Self.pixelScope(item.new))of \(subject)")
            }
        }
    }

    // MARK: Text

    static func fieldName(_ field: JSONValue) -> String { field["name"]?.stringValue ?? "?" }

    /// Same type, item type and location: what makes a removed and an added field a probable rename.
    static func sameShape(_ a: JSONValue, _ b: JSONValue) -> Bool {
        a["type"] == b["type"] && a["itemType"] == b["itemType"] && a["location"] == b["location"]
    }

    /// `string`, `array of int`.
    static func typeText(_ field: JSONValue) -> String {
        let type = field["type"]?.stringValue ?? "?"
        if let item = field["itemType"]?.stringValue { return "\(type) of \(item)" }
        return type
    }

    /// `required body string`.
    static func fieldSummary(_ field: JSONValue) -> String {
        let required = field["required"]?["value"]?.boolValue ?? false
        let location = field["location"]?.stringValue.map { "\($0) " } ?? ""
        return "\(required ? "required" : "optional") \(location)\(typeText(field))"
    }

    static func conditionText(_ rule: JSONValue) -> String {
        rule["value"]?["when"]?.stringValue ?? show(rule["value"]) ?? "?"
    }

    static func enumText(_ rule: JSONValue) -> String {
        "[" + elements(rule["value"]).compactMap { show($0["value"]) }.joined(separator: ", ") + "]"
    }

    /// `for gif ` or empty.
    static func pixelScope(_ limits: JSONValue) -> String {
        let formats = strings(limits["formats"])
        return formats.isEmpty ? "" : "for \(formats.joined(separator: ", ")) "
    }
}
