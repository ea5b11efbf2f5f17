import ConformanceSpec
import Foundation

/// The translate stage: an ``EndpointPage`` to an imported ``EndpointSpec``.
public protocol SpecTranslating: Sendable {
    /// The spec of `page`; facts the page states are `documented` with its words, conventions are
    /// `inferred` and named in `decisions`, and what could not be read is in `importWarnings`.
    func translate(_ page: EndpointPage, platform: PlatformSpec) -> EndpointSpec
}

/// The default translator.
public struct SpecTranslator: SpecTranslating {
    /// Creates a translator.
    public init() {}

    /// The spec of `page`.
    public func translate(_ page: EndpointPage, platform: PlatformSpec) -> EndpointSpec {
        var context = TranslationContext()
        let (host, path) = Self.splitURL(page.url)
        let identity = SpecIdentity(httpMethod: page.method, path: path, fullPath: page.frontMatter["fullPath"])
        let urlQuote = "HTTP URL | \(page.url)"

        // Request fields.
        var request: [FieldSpec] = []
        var seen: Set<String> = []
        for section in [ParamSection.header, .path, .query, .body] {
            for table in page.tables(section) {
                for node in table.nodes {
                    let example = section == .body ? page.requestExample?[node.row.name] : nil
                    let field = FieldTranslator.field(node, section: section, topLevel: true, example: example, context: &context)
                    guard seen.insert("\(section.rawValue) \(field.name)").inserted else {
                        context.warn(node.row.location.description, "a second \(section.rawValue) field named \(field.name): only the first is kept")
                        continue
                    }
                    request.append(field)
                }
            }
        }
        request = Self.reconcilePathParameters(request, path: path, context: &context)

        // Body encoding and file rules.
        let binder = ErrorBinder(rows: page.errors)
        let contentType = request.first { $0.location == .header && $0.name.caseInsensitiveCompare("Content-Type") == .orderedSame }
        let bodyFields = request.filter { $0.location == .body }
        let bodyEncoding: BodyEncoding
        if bodyFields.contains(where: { $0.type == .file }) || contentType?.fixedValue?.value.lowercased().hasPrefix("multipart/") == true {
            bodyEncoding = .multipart
        } else if !bodyFields.isEmpty || contentType?.fixedValue?.value.lowercased().includes("json") == true {
            bodyEncoding = .json
        } else {
            bodyEncoding = .none
        }
        let bodyNodes = page.tables(.body).flatMap(\.nodes)
        for (i, field) in request.enumerated() where field.location == .body && field.type == .file {
            let own = bodyNodes.first { $0.row.name == field.name }.map { DescriptionCell($0.row.description).text } ?? ""
            let others = bodyNodes.filter { $0.row.name != field.name }.map { DescriptionCell($0.row.description).text }
            let builder = FileRuleBuilder(
                fileDescription: own, otherDescriptions: others, intro: page.intro,
                errorTexts: page.errors.map { "\($0.message) \($0.advice ?? "")" }, binder: binder)
            request[i].file = builder.rules(fieldName: field.name, context: &context)
        }
        // Length rules named by an error row.
        request = request.map { Self.bindLengths($0, binder: binder) }
        // Examples the cells do not give: a 固定值 header's value, a body field's value in the request example.
        for i in request.indices where request[i].example == nil {
            if request[i].location == .header, let fixed = request[i].fixedValue?.value { request[i].example = .string(fixed) }
        }
        if let body = page.requestExample?.objectValue {
            var fields = request.filter { $0.location == .body }
            Self.fillExamples(&fields, from: body)
            var k = 0
            for i in request.indices where request[i].location == .body {
                request[i] = fields[k]
                k += 1
            }
        }

        // Response.
        let response = Self.response(page, context: &context)

        // Errors.
        var errors: [ErrorEntry] = []
        var codes: Set<Int> = []
        for row in page.errors {
            guard codes.insert(row.code).inserted else {
                // The same row again (status, message and advice alike) says nothing new.
                if page.errors.contains(where: {
                    $0.code == row.code && $0.httpStatus == row.httpStatus && $0.message == row.message && $0.advice == row.advice
                        && $0.location.line < row.location.line
                }) {
                    continue
                }
                context.warn(row.location.description, "error code \(row.code) is listed again: only its first row is kept")
                continue
            }
            let status: Rule<Int>
            if let s = row.httpStatus, (100...599).contains(s) {
                status = Rule(s, .documented("\(s) | \(row.code)"))
            } else {
                status = Rule(400, context.inferred(.errorStatusAbsent, "The error table gives no HTTP status for \(row.code)"))
            }
            errors.append(
                ErrorEntry(
                    code: row.code, httpStatus: status, message: row.message,
                    advice: row.advice.flatMap { $0.isEmpty ? nil : $0 }, provenance: .documented(row.quote)))
        }
        let invalidParam: ErrorBinding
        context.use(.catchAllCode)
        if let row = binder.invalidParamRow() {
            invalidParam = ErrorBinding(code: row.code, provenance: .documented(row.quote))
        } else {
            let code = platform.error(code: 10003)?.code ?? platform.roles.tokenBadRequest.code
            invalidParam = ErrorBinding(code: code, provenance: context.inferred(.catchAllPlatform, "The page's error table has no invalid-parameter row"))
        }

        var spec = EndpointSpec(
            id: identity.id, title: page.title, summary: identity.summary, source: Self.source(page), method: page.method, path: path,
            domains: Self.domains(host: host, urlQuote: urlQuote, platform: platform, context: &context),
            bodyEncoding: bodyEncoding, auth: Self.auth(page, request: request, context: &context),
            rateLimits: [], request: request, response: response, errors: errors, behaviours: [],
            invalidParamError: invalidParam, tier: .imported)
        Self.rateLimits(page, into: &spec, context: &context)
        spec.behaviours = BehaviourInference.behaviours(for: spec, identity: identity, intro: page.intro, context: &context)
        if !page.exampleTables.isEmpty { context.use(.exampleTables) }
        for heading in page.explanationTables { context.use(.explanationTables, for: heading) }
        if Self.hasUnboundErrors(spec) { context.use(.unboundErrors) }
        spec.decisions = context.recorded
        let warnings = page.warnings + context.warnings
        spec.importWarnings = warnings.isEmpty ? nil : warnings
        return spec
    }

    // MARK: URL and source

    /// `https://open.feishu.cn/open-apis/x/v1/y?z` -> (`open.feishu.cn`, `/open-apis/x/v1/y`); `{id}` becomes `:id`.
    static func splitURL(_ url: String) -> (String?, String) {
        var rest = Substring(url)
        var host: String?
        if let scheme = String(rest).firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            host = String(rest[..<slash]).lowercased()
            rest = rest[slash...]
        }
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var path = rest.hasPrefix("/") ? String(rest) : "/" + rest
        if path.includes("{") {
            path = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : String(segment)
            }.joined(separator: "/")
        }
        return (host, path)
    }

    static func source(_ page: EndpointPage) -> SourceDoc {
        var url = page.frontMatter["source_url"]
        if url == nil, let full = page.frontMatter["fullPath"], full.hasPrefix("/") { url = "https://open.feishu.cn/document" + full }
        var updated: String?
        if let ms = page.frontMatter["updateTime"].flatMap(Double.init) ?? page.frontMatter["last_remote_update_timestamp"].flatMap(Double.init) {
            updated = chinaDate(ms / 1000)
        } else if let line = page.updatedLine ?? page.frontMatter["last_remote_update"] {
            updated = String(line.prefix(10))
        }
        return SourceDoc(url: url ?? page.file, updated: updated, page: page.file)
    }

    /// `yyyy-MM-dd` of a Unix time in UTC+8, the platform's time zone.
    static func chinaDate(_ seconds: Double) -> String {
        let days = Int((seconds + 8 * 3600) / 86400)
        // Civil-from-days (Howard Hinnant), no calendar objects.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    static func domains(host: String?, urlQuote: String, platform: PlatformSpec, context: inout TranslationContext) -> Rule<[String]> {
        let byHost = Dictionary(platform.domains.map { (URL(string: $0.value)?.host?.lowercased() ?? $0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        guard let host, let name = byHost[host] else {
            context.warn("基本信息 table, HTTP URL", "the URL's host \(host ?? "(none)") is not one of platform.json's domains: feishu is assumed")
            return Rule(["feishu"], context.inferred(.domains, "The URL's host is not one of the platform's domains"))
        }
        if name == "feishu" || name == "lark" {
            return Rule(["feishu", "lark"], context.inferred(.domains, "The page shows \(host); Feishu and Lark serve the same open-apis paths"))
        }
        return Rule([name], .documented(urlQuote))
    }

    // MARK: Path parameters

    /// Every `:name` of the path has a required path field; path fields the path lacks are dropped.
    static func reconcilePathParameters(_ fields: [FieldSpec], path: String, context: inout TranslationContext) -> [FieldSpec] {
        let inPath = path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        var out: [FieldSpec] = []
        for field in fields {
            if field.location == .path, !inPath.contains(field.name) {
                context.warn("路径参数 table (\(field.name))", "the path \(path) has no :\(field.name): the parameter is not kept")
                continue
            }
            out.append(field)
        }
        for name in inPath where !out.contains(where: { $0.location == .path && $0.name == name }) {
            context.warn("路径参数 table", "the path's :\(name) has no row: it is read as a required string")
            let required = Rule(true, context.inferred(.pathParameterRequired, "A path parameter is part of the path"))
            let index = out.lastIndex { $0.location == .header }.map { $0 + 1 } ?? 0
            out.insert(FieldSpec(name: name, location: .path, type: .string, required: required), at: index)
        }
        return out
    }

    // MARK: Errors

    /// Binds minLength / maxLength of `field` (and its members) to the error rows that name them.
    static func bindLengths(_ field: FieldSpec, binder: ErrorBinder) -> FieldSpec {
        var field = field
        if var r = field.maxLength, r.error == nil, let b = binder.binding(.maxLength, field: field.name) {
            r.error = b
            field.maxLength = r
        }
        if var r = field.minLength, r.error == nil, let b = binder.binding(.minLength, field: field.name) {
            r.error = b
            field.minLength = r
        }
        field.fields = field.fields?.map { bindLengths($0, binder: binder) }
        return field
    }

    /// True when some triggerable error code is bound by no rule of the spec.
    static func hasUnboundErrors(_ spec: EndpointSpec) -> Bool {
        var bound: Set<Int> = [spec.invalidParamError.code]
        func collect(_ fields: [FieldSpec]) {
            for f in fields {
                for e in [
                    f.required.error, f.minLength?.error, f.maxLength?.error, f.minimum?.error, f.maximum?.error, f.enum?.error,
                    f.file?.formats?.error, f.file?.minBytes?.error, f.file?.maxBytes?.error,
                ].compactMap({ $0 }) { bound.insert(e.code) }
                for p in f.file?.pixels ?? [] {
                    for e in [p.minWidth?.error, p.maxWidth?.error, p.minHeight?.error, p.maxHeight?.error, p.minAspectRatio?.error, p.maxAspectRatio?.error]
                        .compactMap({ $0 })
                    { bound.insert(e.code) }
                }
                collect(f.fields ?? [])
            }
        }
        collect(spec.request)
        return spec.errors.contains { $0.triggerable && !bound.contains($0.code) }
    }

    // MARK: Auth and rate limits

    static func auth(_ page: EndpointPage, request: [FieldSpec], context: inout TranslationContext) -> AuthSpec {
        // Token types from the Authorization row's lead text.
        let headerRows = page.tables(.header).flatMap(\.nodes).map(\.row)
        let tokenTypes: Rule<[TokenType]>
        if let row = headerRows.first(where: { $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }) {
            let lead = DescriptionCell(row.description).lead
            // The token names, wherever the cell gives them (before 值格式, or in a list after it).
            var types: [TokenType] = []
            for (token, type) in [("tenant_access_token", TokenType.tenant), ("user_access_token", .user), ("app_access_token", .app)]
            where row.description.includes(token) { types.append(type) }
            let shown = lead.split(whereSeparator: \.isNewline).first.map { InlineText.stripLinks(String($0)) } ?? lead
            let quote = "\(row.name) | \(row.type) | \(row.required ?? "是") | \(shown.split(separator: " ").joined(separator: " "))"
            if types.isEmpty {
                context.warn(row.location.cell("描述"), "the Authorization row names no token type (tenant_access_token, user_access_token): tenant is assumed")
                tokenTypes = Rule([.tenant], context.inferred(.tokenTypeAbsent, "The Authorization row names no token type"))
            } else {
                tokenTypes = Rule(types, .documented(quote))
            }
        } else {
            tokenTypes = Rule([], context.inferred(.noAuthorization, "The page's 请求头 table has no Authorization row"))
        }
        // Scopes.
        let scopes: Rule<[String]>
        if let row = page.info("权限要求") {
            let (found, quote) = Self.scopes(row.value)
            scopes = Rule(found, .documented(quote.isEmpty ? "权限要求 | 无" : quote))
        } else {
            scopes = Rule([], context.inferred(.noScopes, "The page has no 权限要求 row"))
        }
        // App types.
        var appTypes: Rule<[String]>?
        if let row = page.info("支持的应用类型") {
            let text = InlineText.plain(row.value, lineBreak: " ")
            var types: [String] = []
            for part in text.split(whereSeparator: { ",，、/ ".contains($0) }).map({ $0.lowercased() }) {
                let type: String?
                switch part {
                case "custom", "自建应用", "企业自建应用", "custom app": type = "custom"
                case "isv", "商店应用", "应用商店应用", "store", "store app": type = "store"
                case "app": type = nil
                default: type = part.isEmpty ? nil : part
                }
                if let type, !types.contains(type) { types.append(type) }
            }
            if !types.isEmpty { appTypes = Rule(types, .documented("支持的应用类型 | \(text)")) }
        }
        return AuthSpec(tokenTypes: tokenTypes, scopes: scopes, appTypes: appTypes)
    }

    /// Scope names from a 权限要求 cell: `\`admin:badge\`` code spans (GFM) or `(admin:badge)`
    /// (seeds), before any `> Tip`; and the cell's text up to there as the quote.
    static func scopes(_ cell: String) -> ([String], String) {
        var text = cell
        for stop in ["&gt; **Tip**", "> **Tip**", "&gt;**Tip**", "&gt; **注意**", "> **注意**"] {
            if let r = text.firstRange(of: stop) { text = String(text[..<r.lowerBound]) }
        }
        var found: [String] = []
        func add(_ candidate: Substring) {
            let s = String(candidate).trimmed
            guard s.includes(":") || s.includes("."), !s.includes(" "), s.count <= 100,
                s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ":._-".contains($0)) }), !found.contains(s)
            else { return }
            found.append(s)
        }
        let pairs: [(Character, Character)] = [("`", "`"), ("(", ")"), ("（", "）")]
        for (open, close) in pairs {
            var rest = Substring(text)
            while let a = rest.firstIndex(of: open) {
                let after = rest[rest.index(after: a)...]
                guard let b = after.firstIndex(of: close) else { break }
                add(after[..<b])
                rest = after[after.index(after: b)...]
            }
        }
        return (found, InlineText.plain(text, lineBreak: " "))
    }

    static func rateLimits(_ page: EndpointPage, into spec: inout EndpointSpec, context: inout TranslationContext) {
        guard let row = page.info("接口频率限制") else { return }
        let text = InlineText.plain(row.value, lineBreak: " ")
        let quote = Provenance.documented("接口频率限制 | \(text)")
        var limits: [Rule<RateLimit>] = []
        var rest = Substring(text)
        while let r = rest.range(of: "次/") {
            let before = rest[..<r.lowerBound].reversed().drop { $0 == " " }.prefix { $0.isNumber }
            let count = Int(String(before.reversed()))
            let unitText = rest[r.upperBound...].prefix { !$0.isWhitespace && $0 != "、" && $0 != "," && $0 != "，" && $0 != "&" }
            let window: RateWindow?
            switch unitText {
            case "秒", "s": window = .second
            case "分钟", "分", "min": window = .minute
            default: window = nil
            }
            if let count, let window, count > 0 {
                limits.append(Rule(RateLimit(count: count, window: window), quote))
            } else {
                context.warn("基本信息 table, 接口频率限制", "\"\(text)\" has a limit per \(unitText), which a spec cannot hold (second or minute): it is not kept")
            }
            rest = rest[r.upperBound...]
        }
        if limits.isEmpty, !text.isEmpty {
            let link = row.value.includes("](") ? row.value : text
            spec.rateLimitTier = Rule(text, .documented("接口频率限制 | \(link)"))
        }
        spec.rateLimits = limits
    }

    // MARK: Examples

    /// Sets the example of each scalar field (and of members of objects and of arrays' first
    /// objects) that has none from the page's JSON example.
    static func fillExamples(_ fields: inout [FieldSpec], from object: [String: JSONValue]) {
        for i in fields.indices {
            guard let value = object[fields[i].name] else { continue }
            switch (fields[i].type, value) {
            case (.string, .string), (.int, .int), (.number, .int), (.number, .double), (.bool, .bool):
                // A value the table's own rules refuse stays in the page's full example only.
                if fields[i].example == nil, fits(value, fields[i]) { fields[i].example = value }
            case (.object, .object(let members)), (.i18n, .object(let members)):
                if var nested = fields[i].fields {
                    fillExamples(&nested, from: members)
                    fields[i].fields = nested
                }
            case (.array, .array(let items)):
                if var nested = fields[i].fields, case .object(let members)? = items.first {
                    fillExamples(&nested, from: members)
                    fields[i].fields = nested
                }
            default:
                continue
            }
        }
    }

    /// True when `value` meets the field's enum, length and range rules.
    static func fits(_ value: JSONValue, _ field: FieldSpec) -> Bool {
        if let cases = field.enum?.value, !cases.contains(where: { $0.value == value }) { return false }
        if case .string(let s) = value {
            let n = field.effectiveLengthUnit == .bytes ? s.utf8.count : s.unicodeScalars.count
            if let min = field.minLength?.value, n < min { return false }
            if let max = field.maxLength?.value, n > max { return false }
        }
        let number: Double? = value.intValue.map(Double.init) ?? { if case .double(let d) = value { d } else { nil } }()
        if let number {
            if let min = field.minimum?.value, number < Double(min) { return false }
            if let max = field.maximum?.value, number > Double(max) { return false }
        }
        return true
    }

    // MARK: Response

    static func response(_ page: EndpointPage, context: inout TranslationContext) -> ResponseSpec {
        if page.binaryResponse { return ResponseSpec(shape: .binary, fields: []) }
        let nodes = page.tables(.response).flatMap(\.nodes)
        let envelope: Set<String> = ["code", "msg", "data"]
        var shape = ResponseShape.envelope
        var members: [ParamNode] = []
        if let data = nodes.first(where: { $0.row.name == "data" }) {
            members = data.children
            let extra = nodes.filter { !envelope.contains($0.row.name) }
            if !extra.isEmpty {
                // Rows without nesting marks after `data` belong to it.
                members += extra
            }
        } else if nodes.contains(where: { $0.row.name == "code" }) {
            let example = page.responseExample?.objectValue
            if example?["data"] != nil {
                members = nodes.filter { !envelope.contains($0.row.name) }
            } else {
                shape = .flat
                members = nodes.filter { $0.row.name != "code" && $0.row.name != "msg" }
            }
        } else {
            members = nodes
        }
        var fields: [FieldSpec] = []
        var seen: Set<String> = []
        let exampleRoot = shape == .envelope ? page.responseExample?["data"] : page.responseExample
        for node in members {
            guard seen.insert(node.row.name).inserted else {
                context.warn(node.row.location.description, "a second response field named \(node.row.name): only the first is kept")
                continue
            }
            let example = FieldTranslator.exampleOfRow(node, in: exampleRoot, siblings: members, context: &context)
            fields.append(FieldTranslator.field(node, section: .response, topLevel: false, example: example, context: &context))
        }
        if let example = page.responseExample?.objectValue {
            if shape == .envelope, let data = example["data"]?.objectValue {
                fillExamples(&fields, from: data)
            } else if shape == .flat {
                fillExamples(&fields, from: example)
            }
        }
        return ResponseSpec(shape: shape, fields: fields, example: page.responseExample)
    }
}
