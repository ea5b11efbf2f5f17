import ConformanceSpec

/// A success reply's `data` built from an endpoint's response schema: every documented field,
/// with the doc's example where it passes the field's own rules (type, enum, length, range), else
/// the simplest value that does (the first enum value, the shortest string, the minimum). The mock
/// lays the state it keeps (created keys, stored items, list pages) over it, so a reply carries
/// every field the page documents, as the platform's do.
public struct ReplyTemplate: Sendable {
    /// The template: the members of `data` (or of the top level for a flat reply).
    public let data: [String: JSONValue]

    /// Builds the template of `endpoint`, leaving out the dotted paths in `excluding` (those the
    /// state behaviours answer: list pages, `has_more`, page tokens, created keys).
    public init(endpoint: EndpointSpec, platform: PlatformSpec, excluding: Set<String> = []) {
        let validator = ResponseValidator(platform: platform)
        var out: [String: JSONValue] = [:]
        for field in endpoint.response.fields {
            if let value = Self.value(of: field, path: field.name, excluding: excluding, validator: validator, depth: 0) {
                out[field.name] = value
            }
        }
        data = out
    }

    /// The paths a spec's state behaviours answer themselves.
    public static func statePaths(of endpoint: EndpointSpec) -> Set<String> {
        var paths: Set<String> = []
        for behaviour in endpoint.behaviours {
            switch behaviour {
            case .lists(let l): paths.formUnion([l.itemsPath, l.pageTokenPath, l.hasMorePath])
            case .creates(let c):
                paths.insert(c.keyPath)
                if let echo = c.echoPath { paths.insert(echo) }
            default: break
            }
        }
        return paths
    }

    static func value(of field: FieldSpec, path: String, excluding: Set<String>, validator: ResponseValidator, depth: Int) -> JSONValue? {
        guard !excluding.contains(path), depth < 8 else { return nil }
        func valid(_ candidate: JSONValue) -> Bool {
            validator.validateValue(candidate, field: field, path: path, rule: path).isEmpty
        }
        switch field.type {
        case .file:
            return nil
        case .object, .i18n:
            var members: [String: JSONValue] = [:]
            for member in field.fields ?? [] {
                if let v = value(of: member, path: "\(path).\(member.name)", excluding: excluding, validator: validator, depth: depth + 1) {
                    members[member.name] = v
                }
            }
            return .object(members)
        case .array:
            if let members = field.fields, !members.isEmpty {
                var item: [String: JSONValue] = [:]
                for member in members {
                    if let v = value(of: member, path: "\(path).\(member.name)", excluding: excluding, validator: validator, depth: depth + 1) {
                        item[member.name] = v
                    }
                }
                return .array([.object(item)])
            }
            if let example = field.example, case .array = example, valid(example) { return example }
            if let first = field.enum?.value.first, valid(.array([first.value])) { return .array([first.value]) }
            return .array([])
        case .string, .int, .number, .bool:
            if let example = field.example, valid(example) { return example }
            if let first = field.enum?.value.first, valid(first.value) { return first.value }
            let simplest: JSONValue
            switch field.type {
            case .string:
                let length = max(field.minLength?.value ?? 0, min(field.maxLength?.value ?? 8, 8))
                simplest = .string(String(repeating: "x", count: length))
            case .int: simplest = .int(field.minimum?.value ?? 0)
            case .number: simplest = .double(Double(field.minimum?.value ?? 0))
            default: simplest = .bool(false)
            }
            return simplest
        }
    }

    /// `data` laid over the template: `data`'s members win; objects present in both are merged.
    public func filled(_ data: [String: JSONValue]) -> [String: JSONValue] {
        Self.merge(self.data, under: data)
    }

    static func merge(_ base: [String: JSONValue], under top: [String: JSONValue]) -> [String: JSONValue] {
        guard !base.isEmpty else { return top }
        var out = base
        for (key, value) in top {
            if case .object(let inner) = value, case .object(let below)? = out[key] {
                out[key] = .object(merge(below, under: inner))
            } else {
                out[key] = value
            }
        }
        return out
    }
}
