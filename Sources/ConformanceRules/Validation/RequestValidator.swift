import ConformanceModel
import ConformanceSpec
import Foundation
import HTTPWire

/// Checks a request against its endpoint spec: body decoding, then every request field's presence,
/// type, enum, range, length, fixed header value and file rules (bytes, format, pixels), each
/// answered with the spec's error code. Pure and reusable: the mock, the runner and tests share it.
///
/// Covers the `body` and `fields` stages of the spec's `validationOrder`; token, scope, rate-limit,
/// capability and state checks need the platform's state and belong to whoever holds it (the mock).
/// The platform's `Authorization` header is left to the auth stage.
///
/// Values arrive as text in multipart bodies, query strings, paths and headers (`image_type` "1" is
/// an int), and as JSON types in JSON bodies (a JSON string "1" for an int field is a type error).
/// String lengths count Unicode scalars unless the field's `lengthUnit` says bytes.
public struct RequestValidator: Sendable {
    /// Everything derived from the spec, shared by reference: copying a validator (or handing it
    /// to a validation run) retains one object, not every array and string of two specs.
    private final class Plan: Sendable {
        let endpoint: EndpointSpec
        let platform: PlatformSpec
        let stageOrder: [ValidationStage]
        let fields: [FieldPlan]

        init(endpoint: EndpointSpec, platform: PlatformSpec, stageOrder: [ValidationStage], fields: [FieldPlan]) {
            self.endpoint = endpoint
            self.platform = platform
            self.stageOrder = stageOrder
            self.fields = fields
        }
    }

    private let storage: Plan

    /// The endpoint checked.
    public var endpoint: EndpointSpec { storage.endpoint }
    /// Platform facts (default validation order).
    public var platform: PlatformSpec { storage.platform }
    /// The stage precedence: the endpoint's `validationOrder`, else the platform's; stages either
    /// omits are appended in their natural order. Derived once, at init.
    public var stageOrder: [ValidationStage] { storage.stageOrder }
    /// The endpoint's request fields with what each check needs, derived once from the spec so a
    /// request pays no name comparisons or case folding for them.
    var plan: [FieldPlan] { storage.fields }

    /// What `validate` needs about one top-level request field, precomputed. A class, so walking
    /// the plan retains one reference per field, not every string of its spec.
    final class FieldPlan: Sendable {
        let field: FieldSpec
        let location: FieldLocation
        /// The platform's `Authorization` header, left to the auth stage.
        let isAuthorization: Bool
        let secret: Bool

        init(field: FieldSpec, location: FieldLocation, isAuthorization: Bool, secret: Bool) {
            self.field = field
            self.location = location
            self.isAuthorization = isAuthorization
            self.secret = secret
        }
    }

    /// Creates a validator for one endpoint.
    public init(endpoint: EndpointSpec, platform: PlatformSpec) {
        let declared = endpoint.validationOrder?.value ?? platform.validationOrder.value
        let stageOrder = declared + ValidationStage.allCases.filter { !declared.contains($0) }
        let fields: [FieldPlan] = endpoint.request.compactMap { field in
            guard let location = field.location else { return nil }
            return FieldPlan(
                field: field, location: location,
                isAuthorization: location == .header && field.name.lowercased() == "authorization",
                secret: RequestValidator.isSecretField(field.name))
        }
        storage = Plan(endpoint: endpoint, platform: platform, stageOrder: stageOrder, fields: fields)
    }

    /// Sorts violations by stage precedence, keeping the order within a stage.
    public func ordered(_ violations: [RequestViolation]) -> [RequestViolation] {
        if violations.count < 2 { return violations }
        let order = stageOrder
        return violations.enumerated().sorted { a, b in
            let ia = order.firstIndex(of: a.element.stage) ?? order.count
            let ib = order.firstIndex(of: b.element.stage) ?? order.count
            return ia != ib ? ia < ib : a.offset < b.offset
        }.map(\.element)
    }

    /// Checks `request`; `pathParameters` are the values matched from the path template.
    public func validate(_ request: HTTPRequest, pathParameters: [String: String] = [:]) -> RequestValidation {
        var run = Run(validator: self)
        // Body stage: does the body decode at all?
        // Multipart parts by name; a JSON body's members are read from the object itself.
        var bodyRaw: [String: Raw] = [:]
        var bodyObject: [String: JSONValue]?
        switch endpoint.bodyEncoding {
        case .none:
            break
        case .json:
            if request.body.isEmpty || request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                break
            }
            do {
                let value = try JSONValue.parse(request.body)
                if let object = value.objectValue {
                    bodyObject = object
                    run.values.body = object
                } else {
                    run.add(
                        .body, rule: "request.body.encoding", field: nil, expected: "a JSON object",
                        observed: "JSON \(value.typeName)", binding: endpoint.invalidParamError)
                }
            } catch {
                run.add(
                    .body, rule: "request.body.encoding", field: nil, expected: "a JSON object",
                    observed: error.message, binding: endpoint.invalidParamError)
            }
        case .multipart:
            let contentType = request.headers["Content-Type"] ?? ""
            if mediaType(contentType) != "multipart/form-data" {
                run.add(
                    .body, rule: "request.body.encoding", field: nil, expected: "a multipart/form-data body",
                    observed: contentType.isEmpty ? "no Content-Type" : "Content-Type \(mediaType(contentType))",
                    binding: endpoint.invalidParamError)
            } else {
                do {
                    for part in try RequestBodyDecoding.multipartParts(body: request.body, contentType: contentType)
                    where bodyRaw[part.name] == nil {
                        bodyRaw[part.name] = .part(part)
                    }
                } catch {
                    run.add(
                        .body, rule: "request.body.encoding", field: nil, expected: "a well-formed multipart/form-data body",
                        observed: error.message, binding: endpoint.invalidParamError)
                }
            }
        }
        let bodyDecoded = run.violations.isEmpty
        var query: [String: Raw] = [:]
        for item in request.queryItems where query[item.name] == nil { query[item.name] = .text(item.value) }
        // Fields stage, in declared order.
        for step in plan {
            let name = step.field.name
            switch step.location {
            case .header:
                if step.isAuthorization { continue }
                run.check(step.field, raw: request.headers[name].map(Raw.text), path: name, isHeader: true, store: nil, secret: step.secret)
            case .query:
                run.check(step.field, raw: query[name], path: name, isHeader: false, store: .query, secret: step.secret)
            case .path:
                run.check(step.field, raw: pathParameters[name].map(Raw.text), path: name, isHeader: false, store: .path, secret: step.secret)
            case .body:
                // A body that does not decode has already been refused; its fields are not judged.
                guard bodyDecoded else { continue }
                var raw = bodyObject.map { $0[name].map(Raw.json) } ?? bodyRaw[name]
                // An empty text part of an optional non-text field is an absent field: SDKs send
                // every unset form field that way (decision multipart-empty-optional).
                if case .part(let part)? = raw, part.filename == nil, part.body.isEmpty, !step.field.required.value,
                    step.field.type != .string, step.field.type != .file
                {
                    raw = nil
                }
                run.check(step.field, raw: raw, path: name, isHeader: false, store: .body, secret: step.secret)
            }
        }
        return RequestValidation(violations: ordered(run.violations), values: run.values)
    }

    /// The media type of a Content-Type value, lower-cased, parameters dropped.
    public func mediaType(_ value: String) -> String { Self.mediaType(of: value) }

    /// The media type of a Content-Type value, lower-cased, parameters dropped.
    public static func mediaType(of value: String) -> String {
        let u = value.utf8
        // ASCII (every real Content-Type): cut at ';', trim spaces and tabs, lower-case, without
        // Foundation; `.whitespaces` holds no other ASCII character, so the result is the same.
        guard u.allSatisfy({ $0 < 0x80 }), u.first != UInt8(ascii: ";") else {
            return (value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        }
        let end = u.firstIndex(of: UInt8(ascii: ";")) ?? u.endIndex
        let head = value[..<end].utf8
        guard let first = head.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            let last = head.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        return String(value[first...last]).lowercased()
    }

    /// Whether two Content-Type values name the same media type (`mediaType` of each, compared),
    /// without building either string for ASCII values.
    public static func sameMediaType(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }), x.first != UInt8(ascii: ";"), y.first != UInt8(ascii: ";") else {
            return mediaType(of: a) == mediaType(of: b)
        }
        func trimmed(_ u: String.UTF8View) -> Substring.UTF8View {
            let end = u.firstIndex(of: UInt8(ascii: ";")) ?? u.endIndex
            let head = u[..<end]
            guard let first = head.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
                let last = head.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
            else { return head[head.startIndex..<head.startIndex] }
            return head[first...last]
        }
        let p = trimmed(x)
        let q = trimmed(y)
        guard p.count == q.count else { return false }
        return zip(p, q).allSatisfy { c, d in
            (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) == (d >= 0x41 && d <= 0x5A ? d | 0x20 : d)
        }
    }

    /// True for field names whose values are credentials and must never be echoed.
    public static func isSecretField(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.contains("secret") || n.contains("token") || n == "authorization" || n.contains("password")
    }
}

/// A raw value as it travelled.
enum Raw {
    case text(String)
    case json(JSONValue)
    case part(RequestPart)
}

private enum Store { case body, query, path }

/// The mutable state of one validation.
private struct Run {
    let validator: RequestValidator
    var violations: [RequestViolation] = []
    var values = RequestValues()

    init(validator: RequestValidator) { self.validator = validator }

    var endpoint: EndpointSpec { validator.endpoint }

    mutating func add(_ stage: ValidationStage, rule: String, field: String?, expected: String, observed: String, binding: ErrorBinding) {
        violations.append(
            RequestViolation(
                stage: stage, rule: rule, field: field, expected: expected, observed: observed,
                code: binding.code, provenance: binding.provenance))
    }

    mutating func add<V>(_ r: Rule<V>, rule: String, field: String, expected: String, observed: String) {
        let binding = r.error ?? endpoint.invalidParamError
        violations.append(
            RequestViolation(
                stage: .fields, rule: rule, field: field, expected: expected, observed: observed,
                code: binding.code, provenance: r.provenance))
    }

    /// Checks one field (and its members); stores its typed value when it is well typed.
    mutating func check(_ field: FieldSpec, raw: Raw?, path: String, isHeader: Bool, store: Store?, secret known: Bool? = nil) {
        let secret = known ?? RequestValidator.isSecretField(field.name)
        // Presence.
        var present = raw
        if case .json(.null)? = raw { present = nil }
        guard let present else {
            if field.required.value {
                add(field.required, rule: "request.\(path).required", field: path, expected: "present", observed: "absent")
            }
            return
        }
        // Type.
        if field.type == .file {
            let file: UploadedFile
            switch present {
            case .part(let p): file = UploadedFile(data: p.body, filename: p.filename, contentType: p.contentType)
            case .text, .json:
                addType(field, path: path, observed: "not a file part")
                return
            }
            if store == .body { values.files[field.name] = file }
            checkFile(field, file: file, path: path)
            return
        }
        guard let value = typed(field.type, raw: present) else {
            addType(field, path: path, observed: describeRaw(present, secret: secret))
            return
        }
        switch store {
        case .body?:
            // A JSON body's members are all in `values.body` already, typed as they came.
            if case .json = present { break }
            values.body[field.name] = value
        case .query?: values.query[field.name] = value
        case .path?: values.path[field.name] = value
        case nil: break
        }
        checkValue(field, value: value, path: path, isHeader: isHeader, secret: secret)
    }

    mutating func addType(_ field: FieldSpec, path: String, observed: String) {
        let binding = field.typeError ?? endpoint.invalidParamError
        add(
            .fields, rule: "request.\(path).type", field: path, expected: "a value of type \(field.type.rawValue)",
            observed: observed, binding: binding)
    }

    /// Enum, range, length, fixed value and members of a well-typed value.
    mutating func checkValue(_ field: FieldSpec, value: JSONValue, path: String, isHeader: Bool, secret: Bool) {
        // Rule names and the observed text are built only for a violation: `jsonText` encodes.
        var p: String { "request.\(path)" }
        var shown: String { secret ? "(redacted)" : value.jsonText }
        if let fixed = field.fixedValue, let s = value.stringValue {
            let ok = isHeader ? RequestValidator.sameMediaType(s, fixed.value) : s == fixed.value
            if !ok {
                add(
                    fixed, rule: "\(p).fixedValue", field: path, expected: fixed.value,
                    observed: secret ? "(redacted)" : (isHeader ? validator.mediaType(s) : s))
            }
        }
        if let e = field.enum {
            // An array's enum lists the values of its items.
            let items: [JSONValue] = field.type == .array ? (value.arrayValue ?? []) : [value]
            if let bad = items.first(where: { item in !e.value.contains(where: { Self.sameValue($0.value, item) }) }) {
                add(
                    e, rule: "\(p).enum", field: path, expected: "one of " + e.value.map(\.value.jsonText).joined(separator: ", "),
                    observed: field.type == .array ? (secret ? "(redacted)" : "an item \(bad.jsonText)") : shown)
            }
        }
        if let number = Self.number(value) {
            if let r = field.minimum, number < Double(r.value) {
                add(r, rule: "\(p).minimum", field: path, expected: "at least \(r.value)", observed: shown)
            }
            if let r = field.maximum, number > Double(r.value) {
                add(r, rule: "\(p).maximum", field: path, expected: "at most \(r.value)", observed: shown)
            }
        }
        let unit = field.effectiveLengthUnit
        let length: Int?
        let unitName: String
        switch value {
        case .string(let s):
            length = unit == .bytes ? s.utf8.count : s.unicodeScalars.count
            unitName = unit == .bytes ? "bytes" : "characters"
        case .array(let a):
            length = a.count
            unitName = "items"
        default:
            length = nil
            unitName = ""
        }
        if let length {
            if let r = field.minLength, length < r.value {
                add(r, rule: "\(p).minLength", field: path, expected: "at least \(r.value) \(unitName)", observed: "\(length) \(unitName)")
            }
            if let r = field.maxLength, length > r.value {
                add(r, rule: "\(p).maxLength", field: path, expected: "at most \(r.value) \(unitName)", observed: "\(length) \(unitName)")
            }
        }
        // Members.
        if let members = field.fields {
            if case .object(let object) = value {
                for member in members {
                    check(member, raw: object[member.name].map(Raw.json), path: "\(path).\(member.name)", isHeader: false, store: nil)
                }
            } else if case .array(let items) = value, field.itemType == .object {
                for (i, item) in items.enumerated() {
                    guard case .object(let object) = item else {
                        add(
                            .fields, rule: "\(p).type", field: "\(path)[\(i)]", expected: "an object", observed: "JSON \(item.typeName)",
                            binding: field.typeError ?? endpoint.invalidParamError)
                        continue
                    }
                    for member in members {
                        check(member, raw: object[member.name].map(Raw.json), path: "\(path)[\(i)].\(member.name)", isHeader: false, store: nil)
                    }
                }
            }
        } else if field.type == .i18n, case .object(let object) = value {
            for key in object.keys.sorted() where object[key]?.stringValue == nil {
                add(
                    .fields, rule: "\(p).type", field: "\(path).\(key)", expected: "a string", observed: "JSON \(object[key]?.typeName ?? "null")",
                    binding: field.typeError ?? endpoint.invalidParamError)
            }
        }
        if case .array(let items) = value, let itemType = field.itemType, itemType != .object {
            for (i, item) in items.enumerated() where typed(itemType, raw: .json(item)) == nil {
                add(
                    .fields, rule: "\(p).type", field: "\(path)[\(i)]", expected: "items of type \(itemType.rawValue)", observed: "JSON \(item.typeName)",
                    binding: field.typeError ?? endpoint.invalidParamError)
            }
        }
    }

    /// Byte size, format and pixel rules of a file, in that order.
    mutating func checkFile(_ field: FieldSpec, file: UploadedFile, path: String) {
        guard let rules = field.file else { return }
        var p: String { "request.\(path)" }
        let size = file.data.count
        if let r = rules.minBytes, size < r.value {
            add(r, rule: "\(p).file.minBytes", field: path, expected: "at least \(r.value) bytes", observed: "\(size) bytes")
            return
        }
        if let r = rules.maxBytes, size > r.value {
            add(r, rule: "\(p).file.maxBytes", field: path, expected: "at most \(r.value) bytes", observed: "\(size) bytes")
            return
        }
        let sniffed = RequestBodyDecoding.sniffFormat(file.data)
        if let r = rules.formats {
            guard let sniffed, r.value.contains(sniffed) else {
                add(
                    r, rule: "\(p).file.formats", field: path, expected: "one of " + r.value.joined(separator: ", "),
                    observed: sniffed ?? "unrecognised bytes")
                return
            }
        }
        guard let limits = rules.pixels, !limits.isEmpty else { return }
        let facts: RequestImageFacts
        do {
            facts = try RequestBodyDecoding.inspectImage(file.data)
        } catch {
            let binding = rules.formats?.error ?? endpoint.invalidParamError
            add(.fields, rule: "\(p).file.formats", field: path, expected: "a readable image", observed: error.message, binding: binding)
            return
        }
        for limit in limits where limit.applies(to: facts.format) {
            guard let bound = limit.firstBroken(width: facts.width, height: facts.height) else { continue }
            let binding = bound.error ?? endpoint.invalidParamError
            violations.append(
                RequestViolation(
                    stage: .fields, rule: "\(p).pixels.\(bound.name)", field: path, expected: bound.expected,
                    observed: "\(facts.width)x\(facts.height)", code: binding.code, provenance: bound.provenance))
            return
        }
    }

    /// The value typed as the spec says, or nil when it is not of that type.
    func typed(_ type: FieldType, raw: Raw) -> JSONValue? {
        switch raw {
        case .json(let v):
            switch (type, v) {
            case (.string, .string), (.bool, .bool), (.int, .int), (.object, .object), (.i18n, .object), (.array, .array): return v
            case (.number, .int), (.number, .double): return v
            default: return nil
            }
        case .text(let s):
            return Self.fromText(type, s)
        case .part(let part):
            guard let s = String(data: part.body, encoding: .utf8) else { return nil }
            return Self.fromText(type, s)
        }
    }

    static func fromText(_ type: FieldType, _ s: String) -> JSONValue? {
        switch type {
        case .string: return .string(s)
        case .int: return Int(s).map(JSONValue.int)
        case .number: return Double(s).map { $0.rounded() == $0 && abs($0) < 1e15 ? .int(Int($0)) : .double($0) }
        case .bool: return s == "true" ? .bool(true) : s == "false" ? .bool(false) : nil
        case .object, .i18n:
            guard let v = try? JSONValue.parse(Data(s.utf8)), case .object = v else { return nil }
            return v
        case .array:
            guard let v = try? JSONValue.parse(Data(s.utf8)), case .array = v else { return nil }
            return v
        case .file: return nil
        }
    }

    func describeRaw(_ raw: Raw, secret: Bool) -> String {
        if secret { return "(redacted)" }
        switch raw {
        case .json(let v): return "JSON \(v.typeName) \(Self.clip(v.jsonText))"
        case .text(let s): return "text \(Self.clip("\"\(s)\""))"
        case .part(let p):
            if let s = String(data: p.body, encoding: .utf8) { return "text \(Self.clip("\"\(s)\""))" }
            return "\(p.body.count) bytes of binary"
        }
    }

    static func clip(_ s: String) -> String { s.count > 80 ? String(s.prefix(77)) + "..." : s }

    static func number(_ v: JSONValue) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }
}
