import ConformanceSpec
import Foundation

/// The render stage: a spec to the JSON text of its file, stable and readable. Keys follow the
/// order of the hand-written specs (`id`, `tier`, `title`, ... ; `name`, `location`, `type`, ...;
/// `value`, then the provenance), unknown keys after them sorted; an object or array that fits
/// on one line of about 140 characters is written on one line.
public enum SpecJSONRenderer {
    static let keyOrder: [String] = [
        "id", "tier", "title", "summary", "source", "url", "updated", "seed", "page", "method", "path", "domains", "bodyEncoding",
        "auth", "tokenTypes", "scopes", "appTypes", "rateLimits", "rateLimitTier", "request",
        "kind", "name", "location", "type", "itemType", "description", "required", "code", "value", "count", "window", "documented", "inferred",
        "default", "enum", "minLength", "maxLength", "lengthUnit", "minimum", "maximum", "pattern", "fixedValue", "valueFormat",
        "file", "formats", "minBytes", "maxBytes", "pixels", "minWidth", "maxWidth", "minHeight", "maxHeight", "minAspectRatio", "maxAspectRatio",
        "typeError", "shape", "fields", "example", "response", "successMessage", "errors", "httpStatus", "message", "advice", "trigger",
        "triggerable", "whyNotTriggerable", "error", "behaviours", "resource", "keyPath", "keyStyle", "echoPath", "storedFields", "itemsPath",
        "pageSizeParam", "pageTokenParam", "pageTokenPath", "hasMorePath", "pageTokenOnlyWhenMore", "order", "by", "direction", "filters",
        "param", "field", "limit", "provenance", "invalidParamError", "validationOrder", "decisions", "question", "decision", "importWarnings",
    ]
    static let rank: [String: Int] = Dictionary(uniqueKeysWithValues: keyOrder.enumerated().map { ($1, $0) })
    static let lineWidth = 140

    /// The file's text (ends with a newline).
    public static func render(_ spec: EndpointSpec) -> String { render(json(spec)) }

    /// The spec as a JSON value (what ``render(_:)`` writes).
    public static func json(_ spec: EndpointSpec) -> JSONValue {
        // Encoding the model cannot fail; an empty object would fail lint loudly.
        (try? JSONValueEncoder().encode(spec)) ?? .object([:])
    }

    /// Pretty, ordered text of any JSON value (ends with a newline).
    public static func render(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, indent: 0, into: &out)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Keys in the table's order, except: a provenance (`documented`, `inferred`) right after
    /// `value` in a rule and last elsewhere (error entries, bindings), `value` first where there
    /// is no `name` (enum cases).
    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        let hasValue = members["value"] != nil
        let hasName = members["name"] != nil
        let valueRank = (rank["value"] ?? 0) * 2
        func weight(_ key: String) -> Int {
            switch key {
            case "documented", "inferred": return hasValue ? valueRank + 1 : Int.max - 1
            case "value" where !hasName: return -1
            default: return rank[key].map { $0 * 2 } ?? Int.max
            }
        }
        return members.keys.map { (weight($0), $0) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map(\.1)
    }

    /// One-line form, or nil when it is longer than `limit` bytes.
    static func compact(_ value: JSONValue, limit: Int) -> [UInt8]? {
        var out: [UInt8] = []
        guard writeCompact(value, into: &out, limit: limit) else { return nil }
        return out
    }

    static func writeCompact(_ value: JSONValue, into out: inout [UInt8], limit: Int) -> Bool {
        switch value {
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                guard writeCompact(item, into: &out, limit: limit) else { return false }
            }
            out.append(0x5D)
        case .object(let members):
            out.append(contentsOf: "{ ".utf8)
            for (i, key) in orderedKeys(members).enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                JSONWriter.writeString(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                guard let member = members[key], writeCompact(member, into: &out, limit: limit) else { return false }
            }
            out.append(contentsOf: members.isEmpty ? "}".utf8 : " }".utf8)
        default:
            JSONWriter.write(value, into: &out)
        }
        return out.count <= limit
    }

    static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        let budget = max(40, lineWidth - indent)
        if let line = compact(value, limit: budget) {
            out.append(contentsOf: line)
            return
        }
        let pad = [UInt8](repeating: 0x20, count: indent + 2)
        switch value {
        case .array(let items):
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                out.append(contentsOf: pad)
                write(item, indent: indent + 2, into: &out)
                out.append(contentsOf: (i + 1 < items.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: [UInt8](repeating: 0x20, count: indent))
            out.append(0x5D)
        case .object(let members):
            out.append(contentsOf: "{\n".utf8)
            let keys = orderedKeys(members)
            for (i, key) in keys.enumerated() {
                out.append(contentsOf: pad)
                JSONWriter.writeString(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                if let member = members[key] { write(member, indent: indent + 2, into: &out) }
                out.append(contentsOf: (i + 1 < keys.count ? ",\n" : "\n").utf8)
            }
            out.append(contentsOf: [UInt8](repeating: 0x20, count: indent))
            out.append(0x7D)
        default:
            JSONWriter.write(value, into: &out)
        }
    }
}
