import Foundation

/// The consistency checks of one decoded endpoint spec: bounds, enums, examples, patterns, error
/// bindings, error table, behaviours, path parameters, binary responses, token types, domains and
/// import warnings. Paths are built from the model, whose arrays keep the file's order.
struct EndpointChecker {
    let spec: EndpointSpec
    let file: String
    /// JSON path of the endpoint inside its file (`$`, or `$.tokenEndpoint`).
    let prefix: String
    let platform: PlatformSpec?
    var diagnostics: [Diagnostic] = []
    /// Every error code some binding of this endpoint names.
    var referenced: Set<Int> = []

    init(spec: EndpointSpec, file: String, prefix: String, platform: PlatformSpec?) {
        self.spec = spec
        self.file = file
        self.prefix = prefix
        self.platform = platform
    }

    var knownCodes: Set<Int> { Set(spec.errors.map(\.code)).union(platform?.errors.map(\.code) ?? []) }

    mutating func error(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(severity: .error, file: file, jsonPath: path, message: message))
    }

    mutating func warning(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(severity: .warning, file: file, jsonPath: path, message: message))
    }

    mutating func run() {
        let p = prefix
        if let platform {
            for (i, domain) in spec.domains.value.enumerated() where platform.domains[domain] == nil {
                error(
                    "\(p).domains.value[\(i)]",
                    "unknown domain \"\(domain)\": use one of platform.json's domains (\(platform.domains.keys.sorted().joined(separator: ", ")))")
            }
        }
        for (i, limit) in spec.rateLimits.enumerated() where limit.value.count < 1 {
            error("\(p).rateLimits[\(i)].value.count", "a rate limit must allow at least 1 request: fix the count")
        }
        checkPathParameters()
        checkFields(spec.request, "\(p).request", topLevel: true)
        checkFields(spec.response.fields, "\(p).response.fields", topLevel: false, inResponse: true)
        rule(spec.response.successMessage, "\(p).response.successMessage")
        rule(spec.domains, "\(p).domains")
        rule(spec.auth.tokenTypes, "\(p).auth.tokenTypes")
        rule(spec.auth.scopes, "\(p).auth.scopes")
        rule(spec.auth.appTypes, "\(p).auth.appTypes")
        for (i, limit) in spec.rateLimits.enumerated() { rule(limit, "\(p).rateLimits[\(i)]") }
        rule(spec.validationOrder, "\(p).validationOrder")
        bind(spec.invalidParamError, "\(p).invalidParamError")
        rule(spec.rateLimitTier, "\(p).rateLimitTier")
        checkBehaviours()
        checkResponseShape()
        checkTokenExample()
        diagnostics += SpecLinter.duplicateCodes(spec.errors, file: file, prefix: p)
        diagnostics += SpecLinter.decisionsCheck(spec.decisions, file: file, prefix: p)
        // An imported spec binds only the codes its page ties to a rule; the others stay unbound
        // until the spec is curated, and its cases report them as not exercised with the reason.
        if spec.effectiveTier == .curated {
            diagnostics += SpecLinter.unreferencedErrors(spec.errors, referenced: referenced, file: file, prefix: p)
        }
        for (i, note) in (spec.importWarnings ?? []).enumerated() {
            warning("\(p).importWarnings[\(i)]", "import could not fully read \(note.location): \(note.message); check the page and fix the spec by hand")
        }
    }

    // MARK: Response shape and tokens

    mutating func checkResponseShape() {
        guard spec.response.shape == .binary else { return }
        if !spec.response.fields.isEmpty {
            error("\(prefix).response.fields", "a binary response is the file's bytes and has no fields: remove them or use shape \"envelope\"")
        }
        if spec.response.example != nil {
            error("\(prefix).response.example", "a binary response has no JSON example: remove it or use shape \"envelope\"")
        }
    }

    /// A user-only endpoint shows a user token in its Authorization example, a tenant-only one a tenant token.
    mutating func checkTokenExample() {
        guard let platform, prefix == "$" else { return }
        let accepted = spec.auth.tokenTypes.value
        guard !accepted.isEmpty else { return }
        guard
            let (i, header) = spec.request.enumerated().first(where: {
                $0.element.location == .header && $0.element.name.caseInsensitiveCompare("Authorization") == .orderedSame
            }),
            let example = header.example?.stringValue
        else { return }
        let token = example.split(separator: " ").last.map(String.init) ?? example
        let prefixes: [(TokenType, String)] = [(.tenant, platform.tokens.tenantPrefix.value), (.user, platform.tokens.userPrefix.value)]
        guard let shown = prefixes.first(where: { token.hasPrefix($0.1) })?.0, !accepted.contains(shown) else { return }
        warning(
            "\(prefix).request[\(i)].example",
            "the Authorization example shows a \(shown.rawValue) token but the endpoint accepts \(accepted.map(\.rawValue).joined(separator: "/")) tokens: fix the example or the token types"
        )
    }

    // MARK: Bindings

    mutating func bind(_ binding: ErrorBinding?, _ path: String) {
        guard let binding else { return }
        referenced.insert(binding.code)
        if !knownCodes.contains(binding.code) {
            error(
                "\(path).code",
                "error code \(binding.code) is in neither this endpoint's errors table nor platform.json's: add an errors entry for it or bind an existing code"
            )
        }
    }

    mutating func rule<T>(_ rule: Rule<T>?, _ path: String) {
        bind(rule?.error, "\(path).error")
    }

    // MARK: Path parameters

    mutating func checkPathParameters() {
        let segments = spec.path.split(separator: "/")
        let inPath = Set(segments.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) })
        let declared = spec.request.enumerated().filter { $0.element.location == .path }
        for (i, field) in declared where !inPath.contains(field.name) {
            error(
                "\(prefix).request[\(i)].name",
                "path parameter \"\(field.name)\" does not occur in the path \(spec.path): add :\(field.name) to the path or change the field's location")
        }
        let declaredNames = Set(declared.map(\.element.name))
        for name in inPath.sorted() where !declaredNames.contains(name) {
            error("\(prefix).path", "the path's :\(name) has no request field with location \"path\": add one")
        }
        for (i, field) in declared {
            if !field.required.value {
                error("\(prefix).request[\(i)].required.value", "path parameter \"\(field.name)\" is part of the path and always sent: make it required")
            }
            if ![.string, .int, .number, .bool].contains(field.type) {
                error(
                    "\(prefix).request[\(i)].type",
                    "path parameter \"\(field.name)\" is a \(field.type.rawValue): a path segment holds a string, int, number or bool")
            }
        }
    }

    // MARK: Fields

    mutating func checkFields(_ fields: [FieldSpec], _ base: String, topLevel: Bool, inResponse: Bool = false) {
        var seen: Set<String> = []
        for (i, field) in fields.enumerated() {
            let path = "\(base)[\(i)]"
            let identity = "\(field.location?.rawValue ?? "-") \(field.name)"
            if !seen.insert(identity).inserted {
                error("\(path).name", "duplicate field \"\(field.name)\" here: keep one entry per name and location")
            }
            if topLevel && field.location == nil {
                error("\(path).location", "request field \"\(field.name)\" has no location: add \"location\": header, query, path or body")
            }
            if field.type == .array && field.itemType == nil {
                error("\(path).itemType", "array field \"\(field.name)\" has no itemType: add one")
            }
            if field.type != .array && field.itemType != nil {
                error("\(path).itemType", "itemType on a \(field.type.rawValue) field \"\(field.name)\": only arrays have items")
            }
            if field.fields != nil && !(field.type == .object || field.type == .i18n || (field.type == .array && field.itemType == .object)) {
                error(
                    "\(path).fields",
                    "members on a \(field.type.rawValue) field \"\(field.name)\": only objects, i18n fields and arrays of objects have members")
            }
            checkField(field, path)
            checkPresence(field, path, inResponse: inResponse)
            if let nested = field.fields { checkFields(nested, "\(path).fields", topLevel: false, inResponse: inResponse) }
        }
    }

    mutating func checkField(_ field: FieldSpec, _ path: String) {
        rule(field.required, "\(path).required")
        rule(field.default, "\(path).default")
        rule(field.enum, "\(path).enum")
        rule(field.minLength, "\(path).minLength")
        rule(field.maxLength, "\(path).maxLength")
        rule(field.lengthUnit, "\(path).lengthUnit")
        rule(field.minimum, "\(path).minimum")
        rule(field.maximum, "\(path).maximum")
        rule(field.fixedValue, "\(path).fixedValue")
        rule(field.valueFormat, "\(path).valueFormat")
        rule(field.pattern, "\(path).pattern")
        bind(field.typeError, "\(path).typeError")
        if let pattern = field.pattern, (try? NSRegularExpression(pattern: pattern.value)) == nil {
            warning("\(path).pattern.value", "the pattern does not compile as an ICU regular expression, so it cannot be checked: fix it or remove it")
        }

        bounds(field.minLength?.value, field.maxLength?.value, "\(path).minLength", "minLength", "maxLength")
        bounds(field.minimum?.value, field.maximum?.value, "\(path).minimum", "minimum", "maximum")
        for (value, key) in [(field.minLength?.value, "minLength"), (field.maxLength?.value, "maxLength")] {
            if let value, value < 0 { error("\(path).\(key).value", "\(key) \(value) is negative: lengths start at 0") }
        }

        if let enumRule = field.enum {
            if enumRule.value.isEmpty {
                error("\(path).enum.value", "empty enum: list the accepted values or remove \"enum\"")
            }
            for (j, c) in enumRule.value.enumerated() where !Self.fits(c.value, field.type == .array ? (field.itemType ?? .string) : field.type) {
                error(
                    "\(path).enum.value[\(j)].value",
                    "enum value \(c.value) is \(c.value.typeName) but the field is \(field.type.rawValue): list values of the field's type")
            }
            var seenValues: Set<JSONValue> = []
            for (j, c) in enumRule.value.enumerated() where !seenValues.insert(c.value).inserted {
                error("\(path).enum.value[\(j)].value", "duplicate enum value \(c.value): list each value once")
            }
        }

        if let file = field.file {
            let fp = "\(path).file"
            rule(file.formats, "\(fp).formats")
            rule(file.minBytes, "\(fp).minBytes")
            rule(file.maxBytes, "\(fp).maxBytes")
            bounds(file.minBytes?.value, file.maxBytes?.value, "\(fp).minBytes", "minBytes", "maxBytes")
            if let formats = file.formats {
                if formats.value.isEmpty { error("\(fp).formats.value", "empty format list: list the accepted formats or remove \"formats\"") }
                var seenFormats: Set<String> = []
                for (j, f) in formats.value.enumerated() where !seenFormats.insert(f).inserted {
                    error("\(fp).formats.value[\(j)]", "duplicate format \"\(f)\": list each format once")
                }
            }
            for (k, limits) in (file.pixels ?? []).enumerated() {
                let lp = "\(fp).pixels[\(k)]"
                rule(limits.minWidth, "\(lp).minWidth")
                rule(limits.maxWidth, "\(lp).maxWidth")
                rule(limits.minHeight, "\(lp).minHeight")
                rule(limits.maxHeight, "\(lp).maxHeight")
                rule(limits.minAspectRatio, "\(lp).minAspectRatio")
                rule(limits.maxAspectRatio, "\(lp).maxAspectRatio")
                bounds(limits.minWidth?.value, limits.maxWidth?.value, "\(lp).minWidth", "minWidth", "maxWidth")
                bounds(limits.minHeight?.value, limits.maxHeight?.value, "\(lp).minHeight", "minHeight", "maxHeight")
                bounds(limits.minAspectRatio?.value, limits.maxAspectRatio?.value, "\(lp).minAspectRatio", "minAspectRatio", "maxAspectRatio")
                if let accepted = file.formats?.value {
                    for (j, f) in (limits.formats ?? []).enumerated() where !accepted.contains(f) {
                        error(
                            "\(lp).formats[\(j)]", "pixel limits for \"\(f)\", which the field does not accept: use one of \(accepted.joined(separator: ", "))")
                    }
                }
            }
        }

        if let example = field.example { checkValue(example, field, "\(path).example", what: "example") }
        if let def = field.default { checkValue(def.value, field, "\(path).default.value", what: "default") }
    }

    /// A response field is in every success reply unless `conditional` says when the reply leaves
    /// it out; requests have no `conditional`; an echo condition names a request field.
    mutating func checkPresence(_ field: FieldSpec, _ path: String, inResponse: Bool) {
        guard inResponse else {
            if field.conditional != nil {
                error("\(path).conditional", "\"conditional\" is for response fields: a request field is required or optional (\"required\")")
            }
            return
        }
        rule(field.conditional, "\(path).conditional")
        switch (field.required.value, field.conditional) {
        case (false, nil):
            error(
                "\(path).required.value",
                "response field \"\(field.name)\" may be left out but the spec does not say when: set required true "
                    + "(the response table's row) and add \"conditional\": {\"value\": {\"when\": ...}} with the doc's words or, inferred, a decision")
        case (false, _?):
            error(
                "\(path).required.value",
                "a conditional response field is still a row of the reply: set required true and let "
                    + "\"conditional\" say when the reply leaves it out")
        default:
            break
        }
        if let sent = field.conditional?.value.sent, requestFieldPath(sent) == nil {
            error("\(path).conditional.value.sent", "\"\(sent)\" names no request field: use a dotted path of request fields (i18n_name.zh_cn)")
        }
    }

    /// Resolves a dotted path through the request fields (headers excepted).
    func requestFieldPath(_ dotted: String) -> FieldSpec? {
        var fields = spec.request.filter { $0.location != .header }
        var found: FieldSpec?
        for part in dotted.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = fields.first(where: { $0.name == part }) else { return nil }
            found = next
            fields = next.fields ?? []
        }
        return found
    }

    /// True when an enum value has the field's JSON type (an int is a number too).
    static func fits(_ value: JSONValue, _ type: FieldType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.int, .int), (.number, .int), (.number, .double), (.bool, .bool): true
        case (.string, _), (.int, _), (.number, _), (.bool, _): false
        default: true
        }
    }

    mutating func bounds<T: Comparable>(_ low: T?, _ high: T?, _ path: String, _ lowName: String, _ highName: String) {
        if let low, let high, low > high {
            error(path, "\(lowName) \(low) is greater than \(highName) \(high): swap them or fix one")
        }
    }

    /// Checks an example or default against its own field's constraints.
    mutating func checkValue(_ value: JSONValue, _ field: FieldSpec, _ path: String, what: String) {
        func mismatch() {
            error(path, "the \(what) is \(value.typeName) but the field is \(field.type.rawValue): fix the \(what) or the type")
        }
        switch field.type {
        case .file:
            return
        case .string:
            guard case .string(let s) = value else { return mismatch() }
            let length = field.effectiveLengthUnit == .bytes ? s.utf8.count : s.unicodeScalars.count
            if let min = field.minLength?.value, length < min {
                error(path, "the \(what) has length \(length), below minLength \(min): fix the \(what) or the limit")
            }
            if let max = field.maxLength?.value, length > max {
                error(path, "the \(what) has length \(length), above maxLength \(max): fix the \(what) or the limit")
            }
        case .int, .number:
            let number: Double
            switch value {
            case .int(let i): number = Double(i)
            case .double(let d) where field.type == .number: number = d
            default: return mismatch()
            }
            if let min = field.minimum?.value, number < Double(min) {
                error(path, "the \(what) \(value) is below minimum \(min): fix the \(what) or the limit")
            }
            if let max = field.maximum?.value, number > Double(max) {
                error(path, "the \(what) \(value) is above maximum \(max): fix the \(what) or the limit")
            }
        case .bool:
            guard case .bool = value else { return mismatch() }
        case .object, .i18n:
            guard case .object(let members) = value else { return mismatch() }
            for nested in field.fields ?? [] {
                if let member = members[nested.name] { checkValue(member, nested, "\(path).\(nested.name)", what: what) }
            }
        case .array:
            guard case .array(let items) = value else { return mismatch() }
            if field.itemType == .object, let nested = field.fields {
                let element = FieldSpec(name: field.name, type: .object, required: field.required)
                var withFields = element
                withFields.fields = nested
                for (i, item) in items.enumerated() { checkValue(item, withFields, "\(path)[\(i)]", what: what) }
            }
        }
        if let cases = field.enum?.value, !cases.isEmpty {
            // An array's enum lists the values of its items.
            let checked: [JSONValue] = field.type == .array ? (value.arrayValue ?? []) : [value]
            for item in checked where !cases.contains(where: { $0.value == item }) {
                error(path, "the \(what) \(field.type == .array ? "item " : "")\(item) is not one of the enum's values: fix the \(what) or the enum")
                break
            }
        }
        if let pattern = field.pattern, case .string(let s) = value, let regex = try? NSRegularExpression(pattern: pattern.value),
            regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil
        {
            error(path, "the \(what) \(value) does not match the pattern \(pattern.value): fix the \(what) or the pattern")
        }
    }

    // MARK: Behaviours

    func requestField(_ name: String, in locations: Set<FieldLocation>) -> FieldSpec? {
        spec.request.first { $0.name == name && ($0.location.map { locations.contains($0) } ?? false) }
    }

    /// Resolves a dotted path through the response fields.
    func responseField(_ dotted: String) -> FieldSpec? { spec.response.field(at: dotted) }

    mutating func checkBehaviours() {
        let requestLocations: Set<FieldLocation> = [.body, .query, .path]
        for (k, behaviour) in spec.behaviours.enumerated() {
            let bp = "\(prefix).behaviours[\(k)]"
            switch behaviour {
            case .creates(let b):
                if responseField(b.keyPath) == nil {
                    error("\(bp).keyPath", "keyPath \"\(b.keyPath)\" names no response field: use a dotted path of response fields")
                }
                if let echo = b.echoPath, responseField(echo) == nil {
                    error("\(bp).echoPath", "echoPath \"\(echo)\" names no response field: use a dotted path of response fields")
                }
                for (i, name) in (b.storedFields ?? []).enumerated() where requestField(name, in: [.body]) == nil {
                    error("\(bp).storedFields[\(i)]", "stored field \"\(name)\" is not a body field of this endpoint: use a request body field name")
                }
            case .lists(let b):
                for (key, name) in [("pageSizeParam", b.pageSizeParam), ("pageTokenParam", b.pageTokenParam)]
                where requestField(name, in: [.query]) == nil {
                    error("\(bp).\(key)", "\(key) \"\(name)\" is not a query field of this endpoint: add the query field or fix the name")
                }
                for (key, name) in [("itemsPath", b.itemsPath), ("pageTokenPath", b.pageTokenPath), ("hasMorePath", b.hasMorePath)]
                where responseField(name) == nil {
                    error("\(bp).\(key)", "\(key) \"\(name)\" names no response field: add the response field or fix the path")
                }
                rule(b.pageTokenOnlyWhenMore, "\(bp).pageTokenOnlyWhenMore")
                rule(b.order, "\(bp).order")
                let itemFields = responseField(b.itemsPath)?.fields ?? []
                for (i, filter) in (b.filters ?? []).enumerated() {
                    if requestField(filter.param, in: [.query]) == nil {
                        error("\(bp).filters[\(i)].param", "filter parameter \"\(filter.param)\" is not a query field: add it or fix the name")
                    }
                    if !itemFields.contains(where: { $0.name == filter.field }) {
                        error(
                            "\(bp).filters[\(i)].field", "filter field \"\(filter.field)\" is not a member of the listed items: use a field of \(b.itemsPath)")
                    }
                }
            case .unique(let b):
                if requestField(b.field, in: requestLocations) == nil {
                    error("\(bp).field", "unique field \"\(b.field)\" is not a request field of this endpoint: fix the name")
                }
                bind(b.error, "\(bp).error")
            case .quota(let b):
                if b.limit < 1 { error("\(bp).limit", "a quota must allow at least 1 item: fix the limit") }
                bind(b.error, "\(bp).error")
            case .references(let b):
                if requestField(b.field, in: requestLocations) == nil {
                    error("\(bp).field", "referencing field \"\(b.field)\" is not a request field of this endpoint: fix the name")
                }
                bind(b.foreignTenantError, "\(bp).foreignTenantError")
                bind(b.unknownKeyError, "\(bp).unknownKeyError")
                bind(b.expiredError, "\(bp).expiredError")
                rule(b.maxAgeSeconds, "\(bp).maxAgeSeconds")
                if b.maxAgeSeconds != nil && b.expiredError == nil {
                    error("\(bp).expiredError", "maxAgeSeconds without expiredError: add the error an expired key gets")
                }
            case .requiresCapability(let b):
                if b.capability.isEmpty { error("\(bp).capability", "empty capability: name it (bot, badgePlan)") }
                bind(b.error, "\(bp).error")
            case .item(let b):
                if requestField(b.keyParam, in: [.path]) == nil {
                    error("\(bp).keyParam", "keyParam \"\(b.keyParam)\" is not a path parameter of this endpoint: fix the name")
                }
                if let echo = b.echoPath, responseField(echo) == nil {
                    error("\(bp).echoPath", "echoPath \"\(echo)\" names no response field: use a dotted path of response fields")
                }
                if b.operation == .download, spec.response.shape != .binary {
                    error("\(bp).operation", "a download answers bytes: give the response \"shape\": \"binary\" or another operation")
                }
                bind(b.notFoundError, "\(bp).notFoundError")
            case .nested(let b):
                if requestField(b.param, in: [.path]) == nil {
                    error("\(bp).param", "param \"\(b.param)\" is not a path parameter of this endpoint: fix the name")
                }
                bind(b.notFoundError, "\(bp).notFoundError")
            }
        }
    }
}
