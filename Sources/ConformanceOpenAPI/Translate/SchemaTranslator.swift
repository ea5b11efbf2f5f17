import ConformanceSpec
import Media

/// Turns spec fields into JSON Schemas: the constraints JSON Schema can state as keywords (type,
/// enum, minimum/maximum, minLength/maxLength counted in characters, const, default, examples,
/// members), the rest as `x-` extensions (length unit, byte lengths, file formats, byte and pixel
/// limits, references, uniqueness), and for every constraint its provenance (`x-provenance`) and
/// the error code a violation gets (`x-violation-codes`).
struct SchemaTranslator {
    /// The code of a rule that names none.
    let invalidParamError: ErrorBinding
    /// Body field name -> the behaviours that constrain it (`references`, `unique`).
    let fieldBehaviours: [String: [Behaviour]]

    /// A translator for `endpoint`'s fields.
    init(endpoint: EndpointSpec) {
        invalidParamError = endpoint.invalidParamError
        var byField: [String: [Behaviour]] = [:]
        for behaviour in endpoint.behaviours {
            switch behaviour {
            case .references(let b): byField[b.field, default: []].append(behaviour)
            case .unique(let b): byField[b.field, default: []].append(behaviour)
            default: break
            }
        }
        fieldBehaviours = byField
    }

    /// The JSON type a spec type is written as.
    static func jsonType(_ type: FieldType) -> SchemaType {
        switch type {
        case .string, .file: .string
        case .int: .integer
        case .number: .number
        case .bool: .boolean
        case .object, .i18n: .object
        case .array: .array
        }
    }

    /// An object schema whose members are `fields`; `required` lists the required ones in order.
    /// `response` leaves out violation codes (a reply is not refused).
    func object(_ fields: [FieldSpec], behaviours: Bool, response: Bool = false) throws(OpenAPIExportError) -> JSONSchema {
        var schema = JSONSchema(type: .object)
        var properties: [String: JSONSchema] = [:]
        for field in fields { properties[field.name] = try self.schema(field, behaviours: behaviours, response: response) }
        schema.properties = properties
        // A reply field the spec says is present only under a condition (`conditional`) is not required.
        let required = fields.filter { $0.required.value && !(response && $0.conditional != nil) }.map(\.name)
        if !required.isEmpty { schema.required = required }
        return schema
    }

    /// The schema of one field; `behaviours` adds the endpoint's behaviours on the field (top-level
    /// body fields only: behaviours name body fields); `response` describes a reply field (no
    /// violation codes).
    func schema(_ field: FieldSpec, behaviours: Bool = false, response: Bool = false) throws(OpenAPIExportError) -> JSONSchema {
        var schema = JSONSchema(type: Self.jsonType(field.type), description: field.description)
        var notes = Notes(invalidParamError: invalidParamError, recordsCodes: !response)
        notes.add("required", field.required.provenance, code: field.required.value ? field.required.error ?? invalidParamError : nil)
        if response, let conditional = field.conditional {
            schema.extensions["x-conditional"] = (try? SpecJSON.rule(conditional)) ?? .null
        }
        notes.code("type", field.typeError)

        if let rule = field.enum {
            schema.enumValues = rule.value.map(\.value)
            let meanings = rule.value.map { $0.description.map(JSONValue.string) ?? .null }
            if meanings.contains(where: { $0 != .null }) { schema.extensions["x-enum-descriptions"] = .array(meanings) }
            notes.add("enum", rule)
        }
        if let rule = field.minimum {
            schema.minimum = rule.value
            notes.add("minimum", rule)
        }
        if let rule = field.maximum {
            schema.maximum = rule.value
            notes.add("maximum", rule)
        }
        if field.minLength != nil || field.maxLength != nil {
            let unit = field.effectiveLengthUnit
            schema.extensions["x-length-unit"] = .string(unit.rawValue)
            if let rule = field.lengthUnit { notes.add("lengthUnit", rule.provenance, code: nil) }
            switch unit {
            // JSON Schema counts code points, which is what the specs' `characters` count (scalars).
            case .characters:
                schema.minLength = field.minLength?.value
                schema.maxLength = field.maxLength?.value
            // A byte length has no JSON Schema keyword: stating it as code points would be wrong both ways.
            case .bytes:
                if let rule = field.minLength { schema.extensions["x-min-bytes"] = .int(rule.value) }
                if let rule = field.maxLength { schema.extensions["x-max-bytes"] = .int(rule.value) }
            }
            if let rule = field.minLength { notes.add("minLength", rule) }
            if let rule = field.maxLength { notes.add("maxLength", rule) }
        }
        if let rule = field.default {
            schema.defaultValue = rule.value
            notes.add("default", rule.provenance, code: nil)
        }
        if let rule = field.fixedValue {
            schema.constant = .string(rule.value)
            notes.add("fixedValue", rule)
        }
        if let rule = field.valueFormat {
            schema.extensions["x-value-format"] = .string(rule.value)
            notes.add("valueFormat", rule.provenance, code: nil)
        }
        if let example = field.example, field.type != .file {
            schema.examples = [example]
        }
        if let rules = field.file { file(rules, into: &schema, notes: &notes) }
        if field.type == .i18n { schema.extensions["x-doc-type"] = "i18n" }
        if let members = field.fields, field.type == .object || field.type == .i18n {
            let object = try self.object(members, behaviours: false, response: response)
            schema.properties = object.properties
            schema.required = object.required
        }
        if field.type == .array, let itemType = field.itemType {
            if itemType == .object || itemType == .i18n {
                var item = try object(field.fields ?? [], behaviours: false, response: response)
                if itemType == .i18n { item.extensions["x-doc-type"] = "i18n" }
                schema.items = item
            } else {
                schema.items = JSONSchema(type: Self.jsonType(itemType))
            }
        }
        if behaviours {
            for behaviour in fieldBehaviours[field.name] ?? [] {
                schema.extensions["x-\(behaviour.kind)"] = try SpecJSON.encode(behaviour)
            }
        }
        if !notes.provenance.isEmpty { schema.extensions["x-provenance"] = .object(notes.provenance) }
        if !notes.codes.isEmpty { schema.extensions["x-violation-codes"] = .object(notes.codes) }
        return schema
    }

    /// A file part: binary, its formats as media types, byte and pixel limits as extensions.
    func file(_ rules: FileRules, into schema: inout JSONSchema, notes: inout Notes) {
        schema.format = "binary"
        if let rule = rules.formats {
            let types = Self.mediaTypes(rule.value)
            if types.count == 1 { schema.contentMediaType = types[0] }
            schema.extensions["x-image-formats"] = .array(rule.value.map(JSONValue.string))
            notes.add("formats", rule)
        }
        if let rule = rules.minBytes {
            schema.extensions["x-min-bytes"] = .int(rule.value)
            notes.add("minBytes", rule)
        }
        if let rule = rules.maxBytes {
            schema.extensions["x-max-bytes"] = .int(rule.value)
            notes.add("maxBytes", rule)
        }
        guard let pixels = rules.pixels, !pixels.isEmpty else { return }
        var limits: [JSONValue] = []
        for (i, limit) in pixels.enumerated() {
            var object: [String: JSONValue] = [:]
            if let formats = limit.formats { object["formats"] = .array(formats.map(JSONValue.string)) }
            let ints: [(String, Rule<Int>?)] = [
                ("minWidth", limit.minWidth), ("maxWidth", limit.maxWidth),
                ("minHeight", limit.minHeight), ("maxHeight", limit.maxHeight),
            ]
            for (key, rule) in ints {
                guard let rule else { continue }
                object[key] = .int(rule.value)
                notes.add("pixels[\(i)].\(key)", rule)
            }
            let ratios: [(String, Rule<Double>?)] = [("minAspectRatio", limit.minAspectRatio), ("maxAspectRatio", limit.maxAspectRatio)]
            for (key, rule) in ratios {
                guard let rule else { continue }
                object[key] = .double(rule.value)
                notes.add("pixels[\(i)].\(key)", rule)
            }
            limits.append(.object(object))
        }
        schema.extensions["x-pixel-limits"] = .array(limits)
    }

    /// The media types of spec format names (`png` -> `image/png`), in the spec's order; a name
    /// `Media` does not know is kept as `image/<name>`.
    static func mediaTypes(_ formats: [String]) -> [String] {
        formats.map { name in ImageFormat(rawValue: name)?.mimeType ?? "image/\(name)" }
    }

    /// The provenance and violation codes collected for one schema.
    struct Notes {
        let invalidParamError: ErrorBinding
        /// False for reply fields: nothing refuses them.
        let recordsCodes: Bool
        var provenance: [String: JSONValue] = [:]
        var codes: [String: JSONValue] = [:]

        init(invalidParamError: ErrorBinding, recordsCodes: Bool) {
            self.invalidParamError = invalidParamError
            self.recordsCodes = recordsCodes
        }

        /// A constraint with its provenance and the code its violation gets (`invalidParamError`
        /// when the rule names none).
        mutating func add<V>(_ key: String, _ rule: Rule<V>) {
            add(key, rule.provenance, code: rule.error ?? invalidParamError)
        }

        /// A fact's provenance and, for constraints, its code.
        mutating func add(_ key: String, _ provenance: Provenance, code: ErrorBinding?) {
            self.provenance[key] = SpecJSON.provenance(provenance)
            if let code, recordsCodes { codes[key] = .int(code.code) }
        }

        /// The code a violation of `key` gets.
        mutating func code(_ key: String, _ binding: ErrorBinding?) {
            guard recordsCodes else { return }
            codes[key] = .int((binding ?? invalidParamError).code)
        }
    }
}
