import ConformanceModel
import ConformanceSpec
import Foundation
import HTTPWire

/// Checks a reply against the platform envelope and an endpoint's documented response fields.
///
/// Every ``Finding`` names the spec rule it applies (`envelope.logIdHeader`, `response.badge.id`,
/// `response.badge.id.type`, `response.badge.name.maxLength`, `drift`), the JSON path in the reply
/// (`$.data.badge.id`), expected and observed, and the rule's provenance: a documented rule gives a
/// failure, an inferred one a warning. Undocumented fields are reported as `drift` warnings.
///
/// A response field's presence and type come from its row (`required`; a row of the doc's
/// response table is documented), so a missing or retyped documented field fails, in nested
/// objects and in every item of a list alike. A field the spec marks `conditional` may be missing
/// unless its condition is known to hold (an echo of a request field the request sent). Missing
/// fields and undocumented ones in the same object are reported together, as a probable rename.
public struct ResponseValidator: Sendable {
    /// The platform facts (envelope, header names).
    public let platform: PlatformSpec

    /// Creates a validator for a platform.
    public init(platform: PlatformSpec) { self.platform = platform }

    /// The reply body as JSON, when it is JSON.
    public static func json(of response: HTTPResponse) -> JSONValue? {
        guard !response.body.isEmpty else { return nil }
        return try? JSONValue.parse(response.body)
    }

    /// Envelope checks that apply to every reply, success or error: the log-id header (with its
    /// canonical casing), a JSON `Content-Type`, a JSON object body with an integer `code` and a string `msg`.
    public func validateEnvelope(_ response: HTTPResponse) -> [Finding] {
        validateEnvelope(response, json: Self.json(of: response))
    }

    /// ``validateEnvelope(_:)`` with the body already parsed (nil when it is not JSON).
    public func validateEnvelope(_ response: HTTPResponse, json: JSONValue?) -> [Finding] {
        var findings: [Finding] = []
        let env = platform.envelope
        let logHeader = env.logIdHeader.value
        let headerNames = response.headers.fields.map(\.name)
        if let actual = headerNames.first(where: { $0.caseInsensitiveCompare(logHeader) == .orderedSame }) {
            if actual != logHeader {
                findings.append(
                    finding(
                        rule: "envelope.logIdHeader", path: nil, expected: "header named exactly \(logHeader)",
                        observed: "header named \(actual)", provenance: env.logIdHeader.provenance))
            }
        } else {
            findings.append(
                finding(
                    rule: "envelope.logIdHeader", path: nil, expected: "\(logHeader) header",
                    observed: "no \(logHeader) header", provenance: env.logIdHeader.provenance))
        }
        let expectedType = Self.mediaType(env.contentType.value)
        let observedType = response.headers["Content-Type"]
        if observedType.map(Self.mediaType) != expectedType {
            findings.append(
                finding(
                    rule: "envelope.contentType", path: nil, expected: "Content-Type \(env.contentType.value)",
                    observed: observedType.map { "Content-Type \($0)" } ?? "no Content-Type", provenance: env.contentType.provenance))
        }
        guard let body = json, case .object(let object) = body else {
            findings.append(
                finding(
                    rule: "envelope.json", path: "$", expected: "a JSON object body",
                    observed: Self.describeBody(response.body), provenance: env.contentType.provenance))
            return findings
        }
        let names = platform.envelopeMembers
        let envelopeProvenance = env.members.provenance
        if object[names.code]?.intValue == nil {
            findings.append(
                finding(
                    rule: "envelope.code", path: "$.\(names.code)", expected: "an int",
                    observed: Self.describe(object[names.code]), provenance: envelopeProvenance))
        }
        if object[names.message]?.stringValue == nil {
            findings.append(
                finding(
                    rule: "envelope.msg", path: "$.\(names.message)", expected: "a string",
                    observed: Self.describe(object[names.message]), provenance: envelopeProvenance))
        }
        return findings
    }

    /// Full checks of a successful reply: the envelope, `msg`, `data` and every documented field
    /// (presence when required, type, enum, length, range, fixed value, nested objects, arrays of
    /// objects), plus drift warnings for undocumented fields.
    public func validateSuccess(_ response: HTTPResponse, endpoint: EndpointSpec) -> [Finding] {
        validateSuccess(response, endpoint: endpoint, json: Self.json(of: response))
    }

    /// ``validateSuccess(_:endpoint:)`` with the body already parsed (nil when it is not JSON), and
    /// the dotted paths of the request fields that were sent (`explanation`, `i18n_name.zh_cn`), or
    /// nil when not known: a field echoing a sent one must be in the reply.
    public func validateSuccess(_ response: HTTPResponse, endpoint: EndpointSpec, json: JSONValue?, sent: Set<String>? = nil) -> [Finding] {
        if endpoint.response.shape == .binary { return validateDownload(response) }
        var findings = validateEnvelope(response, json: json)
        guard let body = json, case .object(let object) = body else { return findings }
        let env = platform.envelope
        let names = platform.envelopeMembers
        let spec = endpoint.response
        switch spec.shape {
        case .envelope:
            if let msg = object[names.message]?.stringValue, msg != env.successMessage.value {
                findings.append(
                    finding(
                        rule: "envelope.successMessage", path: "$.\(names.message)", expected: "\"\(env.successMessage.value)\"",
                        observed: "\"\(msg)\"", provenance: env.successMessage.provenance))
            }
            var topLevel: Set<String> = [names.code, names.message, names.data]
            if let errorRoot { topLevel.insert(errorRoot) }
            for key in object.keys.sorted() where !topLevel.contains(key) {
                findings.append(drift(path: "$.\(key)", value: object[key]))
            }
            guard let data = object[names.data] else {
                if !spec.fields.isEmpty {
                    findings.append(
                        finding(
                            rule: "envelope.data", path: "$.\(names.data)", expected: "a data object", observed: "absent",
                            provenance: env.members.provenance))
                }
                return findings
            }
            guard case .object(let members) = data else {
                findings.append(
                    finding(
                        rule: "envelope.data", path: "$.\(names.data)", expected: "an object",
                        observed: Self.describe(data), provenance: env.members.provenance))
                return findings
            }
            findings += validateObject(members, fields: spec.fields, path: "$.\(names.data)", rule: "response", checkDrift: true, sent: sent)
        case .flat:
            var members = object
            members[names.code] = nil
            members[names.message] = nil
            findings += validateObject(members, fields: spec.fields, path: "$", rule: "response", checkDrift: true, sent: sent)
        case .binary:
            break
        }
        return findings
    }

    /// A successful download (`binary` response shape): the file's bytes, not an envelope, so only
    /// the log-id header every reply carries is checked.
    func validateDownload(_ response: HTTPResponse) -> [Finding] {
        let logHeader = platform.envelope.logIdHeader
        guard response.headers.fields.contains(where: { $0.name.caseInsensitiveCompare(logHeader.value) == .orderedSame }) else {
            return [
                finding(
                    rule: "envelope.logIdHeader", path: nil, expected: "\(logHeader.value) header",
                    observed: "no \(logHeader.value) header", provenance: logHeader.provenance)
            ]
        }
        return []
    }

    /// The first component of the platform's error log-id path (`error` of `error.log_id`), allowed beside the envelope.
    private var errorRoot: String? {
        platform.envelope.errorLogIdPath.flatMap { $0.value.split(separator: ".").first.map(String.init) }
    }

    /// Checks the members of one object against field specs. `sent` holds the dotted paths of the
    /// request fields sent (nil: not known), for fields that echo one.
    public func validateObject(
        _ object: [String: JSONValue], fields: [FieldSpec], path: String, rule: String, checkDrift: Bool,
        sent: Set<String>? = nil
    ) -> [Finding] {
        var findings: [Finding] = []
        var missing: [(field: FieldSpec, path: String, rule: String, expected: String)] = []
        for field in fields {
            let fieldPath = "\(path).\(field.name)"
            let fieldRule = "\(rule).\(field.name)"
            guard let value = object[field.name], value != .null else {
                if let expected = Self.expectedPresence(field, sent: sent) { missing.append((field, fieldPath, fieldRule, expected)) }
                continue
            }
            findings += validateValue(value, field: field, path: fieldPath, rule: fieldRule, sent: sent)
        }
        let documented = Set(fields.map(\.name))
        let undocumented = checkDrift ? object.keys.sorted().filter { !documented.contains($0) } : []
        // Documented fields gone and undocumented ones come, in the same object: one difference
        // per missing field, naming the newcomers (a probable rename), instead of separate drift.
        let renamed = !missing.isEmpty && !undocumented.isEmpty
        let newcomers = undocumented.map { "\($0) (\(Self.describe(object[$0])))" }.joined(separator: ", ")
        for m in missing {
            var observed = object[m.field.name] == nil ? "absent" : "null"
            if renamed {
                observed += "; undocumented \(newcomers) in the same object: probably renamed"
            }
            findings.append(finding(rule: m.rule, path: m.path, expected: m.expected, observed: observed, provenance: m.field.required.provenance))
        }
        if !renamed {
            for key in undocumented { findings.append(drift(path: "\(path).\(key)", value: object[key])) }
        }
        return findings
    }

    /// What a missing field was expected to be, or nil when its absence is allowed: not in every
    /// reply (`required` false), or `conditional` with a condition not known to hold.
    static func expectedPresence(_ field: FieldSpec, sent: Set<String>?) -> String? {
        guard field.required.value else { return nil }
        guard let conditional = field.conditional else { return "\(field.type.rawValue) field present" }
        guard let echoed = conditional.value.sent, let sent, sent.contains(echoed) else { return nil }
        return "\(field.type.rawValue) field present (\(conditional.value.when))"
    }

    /// Checks one present value against its field spec.
    public func validateValue(_ value: JSONValue, field: FieldSpec, path: String, rule: String, sent: Set<String>? = nil) -> [Finding] {
        guard Self.matches(value, type: field.type) else {
            return [
                finding(
                    rule: "\(rule).type", path: path, expected: field.type.rawValue,
                    observed: Self.describe(value), provenance: field.required.provenance)
            ]
        }
        var findings: [Finding] = []
        if let rules = field.enum {
            // An array's enum lists the values of its items.
            let items: [JSONValue] = field.type == .array ? (value.arrayValue ?? []) : [value]
            if let bad = items.first(where: { item in !rules.value.contains(where: { Self.sameValue($0.value, item) }) }) {
                findings.append(
                    finding(
                        rule: "\(rule).enum", path: path, expected: "one of \(rules.value.map(\.value.jsonText).joined(separator: ", "))",
                        observed: bad.jsonText, provenance: rules.provenance))
            }
        }
        if case .string(let text) = value {
            let length = field.effectiveLengthUnit == .bytes ? text.utf8.count : text.unicodeScalars.count
            let unit = field.effectiveLengthUnit == .bytes ? "bytes" : "characters"
            if let min = field.minLength, length < min.value {
                findings.append(
                    finding(
                        rule: "\(rule).minLength", path: path, expected: "at least \(min.value) \(unit)",
                        observed: "\(length) \(unit)", provenance: min.provenance))
            }
            if let max = field.maxLength, length > max.value {
                findings.append(
                    finding(
                        rule: "\(rule).maxLength", path: path, expected: "at most \(max.value) \(unit)",
                        observed: "\(length) \(unit)", provenance: max.provenance))
            }
            if let fixed = field.fixedValue, text != fixed.value {
                findings.append(
                    finding(
                        rule: "\(rule).fixedValue", path: path, expected: "\"\(fixed.value)\"",
                        observed: "\"\(text)\"", provenance: fixed.provenance))
            }
        }
        if let number = Self.number(value) {
            if let min = field.minimum, number < Double(min.value) {
                findings.append(
                    finding(
                        rule: "\(rule).minimum", path: path, expected: ">= \(min.value)",
                        observed: value.jsonText, provenance: min.provenance))
            }
            if let max = field.maximum, number > Double(max.value) {
                findings.append(
                    finding(
                        rule: "\(rule).maximum", path: path, expected: "<= \(max.value)",
                        observed: value.jsonText, provenance: max.provenance))
            }
        }
        switch (field.type, value) {
        case (.object, .object(let members)):
            if let nested = field.fields {
                findings += validateObject(members, fields: nested, path: path, rule: rule, checkDrift: true, sent: sent)
            }
        case (.i18n, .object(let members)):
            if let nested = field.fields {
                findings += validateObject(members, fields: nested, path: path, rule: rule, checkDrift: true, sent: sent)
            }
            // Every language value is a string, listed or not.
            let listed = Set(field.fields?.map(\.name) ?? [])
            for key in members.keys.sorted() where !listed.contains(key) {
                if let member = members[key], member.stringValue == nil, member != .null {
                    findings.append(
                        finding(
                            rule: "\(rule).\(key).type", path: "\(path).\(key)", expected: "string",
                            observed: Self.describe(member), provenance: field.required.provenance))
                }
            }
        case (.array, .array(let items)):
            for (index, item) in items.enumerated() {
                let itemPath = "\(path)[\(index)]"
                if let itemType = field.itemType, !Self.matches(item, type: itemType) {
                    findings.append(
                        finding(
                            rule: "\(rule).items.type", path: itemPath, expected: itemType.rawValue,
                            observed: Self.describe(item), provenance: field.required.provenance))
                    continue
                }
                if let nested = field.fields, case .object(let members) = item {
                    findings += validateObject(members, fields: nested, path: itemPath, rule: rule, checkDrift: true, sent: sent)
                }
            }
        default:
            break
        }
        return findings
    }

    private func finding(rule: String, path: String?, expected: String, observed: String, provenance: Provenance) -> Finding {
        Finding(
            severity: provenance.isDocumented ? .failure : .warning, rule: rule, path: path,
            expected: expected, observed: observed, provenance: provenance)
    }

    private func drift(path: String, value: JSONValue?) -> Finding {
        Finding(
            severity: .warning, rule: "drift", path: path, expected: "no undocumented field",
            observed: "undocumented \(Self.describe(value))",
            provenance: .inferred("The field is not in the spec's response table: the platform added it or the spec is incomplete."))
    }

    /// True when `value` has the spec type (`number` accepts ints; `int` accepts integral doubles).
    public static func matches(_ value: JSONValue, type: FieldType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.bool, .bool), (.int, .int), (.number, .int), (.number, .double),
            (.object, .object), (.i18n, .object), (.array, .array):
            true
        case (.int, .double(let d)):
            d == d.rounded()
        case (.file, .string):
            true
        default:
            false
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if a == b { return true }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }

    /// `string "abc"`, `int 3`, `absent`: short, for `observed`.
    static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "absent" }
        let text = value.jsonText
        let shown = text.count > 80 ? String(text.prefix(77)) + "..." : text
        return "\(value.typeName) \(shown)"
    }

    public static func describeBody(_ body: Data) -> String {
        if body.isEmpty { return "an empty body" }
        let text = String(decoding: body.prefix(80), as: UTF8.self)
        return "\(body.count) bytes: \(text)\(body.count > 80 ? "..." : "")"
    }

    /// The media type of a `Content-Type` value, lower-cased, without parameters.
    static func mediaType(_ contentType: String) -> String {
        (contentType.split(separator: ";").first.map(String.init) ?? contentType).trimmingCharacters(in: .whitespaces).lowercased()
    }
}
