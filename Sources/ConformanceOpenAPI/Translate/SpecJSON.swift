import ConformanceSpec
import Foundation

/// Spec values as the JSON the spec files hold, for the `x-` extensions that carry them over
/// unchanged (behaviours, decisions, rules with their provenance).
enum SpecJSON {
    /// `value` encoded as in `Specs/*.json`.
    static func encode<T: Encodable>(_ value: T) throws(OpenAPIExportError) -> JSONValue {
        do {
            return try JSONValue.parse(JSONEncoder().encode(value))
        } catch {
            throw OpenAPIExportError("cannot write a spec value as JSON (\(error)); run `feishu-conformance lint` on the specs")
        }
    }

    /// `{"documented": "..."}` or `{"inferred": "..."}`.
    static func provenance(_ provenance: Provenance) -> JSONValue {
        .object([provenance.kind: .string(provenance.text)])
    }

    /// A fact with its provenance, in the spec files' rule form: `{"value": ..., "documented": "..."}`
    /// plus `"error": {"code": ...}` when the rule names one.
    static func rule<V>(_ rule: Rule<V>) throws(OpenAPIExportError) -> JSONValue {
        try encode(rule)
    }
}
