import ConformanceSpec

/// The translate stage: a spec set to an OpenAPI 3.1 document model.
///
/// Every endpoint becomes an operation (`operationId` = spec id) and the platform's token endpoint
/// one more: parameters, request body with its constraints, the success envelope, one response per
/// error status listing its codes, the bearer-token security schemes, and the facts JSON Schema
/// cannot state as `x-` extensions (rate limits, provenance, behaviours, decisions, byte and pixel
/// limits). Knows no endpoint by name.
public struct OpenAPITranslator: Sendable {
    /// Written as `info.version` and in `x-generator`.
    public var toolVersion: String

    /// A translator stamping `toolVersion` into the document.
    public init(toolVersion: String) { self.toolVersion = toolVersion }

    /// Names of the security schemes, by token type.
    public static func securitySchemeName(_ type: TokenType) -> String {
        switch type {
        case .tenant: "tenantAccessToken"
        case .user: "userAccessToken"
        case .app: "appAccessToken"
        }
    }

    /// Headers OpenAPI describes elsewhere (media types, security) and ignores as parameters.
    static let ignoredHeaders: Set<String> = ["authorization", "content-type", "accept"]

    /// The document for `specs`; `endpointIDs` selects endpoints (none: every one). The token
    /// endpoint is always included: the security schemes point at it.
    public func translate(_ specs: SpecSet, endpointIDs: [String] = []) throws(OpenAPIExportError) -> OpenAPIDocument {
        let platform = specs.platform
        let token = platform.tokenEndpoint
        var selected = specs.endpoints
        if !endpointIDs.isEmpty {
            let known = specs.endpoints.map(\.id) + [token.id]
            for id in endpointIDs where !known.contains(id) { throw .unknownEndpoint(id, known: known.sorted()) }
            selected = specs.endpoints.filter { endpointIDs.contains($0.id) }
        }
        let domainNames = platform.domains.keys.sorted()
        var paths: [String: OpenAPIPathItem] = [:]
        var usedTokens: Set<TokenType> = []
        var services: Set<String> = []
        for (endpoint, isToken) in [(token, true)] + selected.map({ ($0, false) }) {
            let (path, method, operation) = try self.operation(endpoint, platform: platform, isToken: isToken, domainNames: domainNames)
            paths[path, default: OpenAPIPathItem()].operations[method] = operation
            usedTokens.formUnion(endpoint.auth.tokenTypes.value)
            services.insert(Self.service(endpoint))
        }
        var schemes: [String: OpenAPIDocument.SecurityScheme] = [:]
        for type in usedTokens { schemes[Self.securitySchemeName(type)] = try securityScheme(type, platform: platform) }
        let servers = domainNames.compactMap { name in
            platform.domains[name].map { OpenAPIDocument.Server(url: $0, description: Self.domainTitle(name), extensions: ["x-domain": .string(name)]) }
        }
        let tags = services.sorted().map { OpenAPIDocument.Tag(name: $0, description: "Endpoints under /open-apis/\($0)/.") }
        let info = OpenAPIDocument.Info(
            title: "Feishu / Lark Open Platform",
            version: toolVersion,
            description: """
                The Feishu / Lark Open Platform endpoints that feishu-conformance has specs for, exported from \
                those specs (`feishu-conformance export openapi`): \(selected.count) endpoint(s) plus the token endpoint. \
                Not an official document. Constraints JSON Schema can state are keywords; the others (length units, \
                byte and pixel limits, rate limits, behaviours, decisions) are `x-` extensions, and every fact carries \
                its provenance: `documented` (the doc's words) or `inferred` (why).
                """,
            extensions: ["x-generator": .string("feishu-conformance \(toolVersion)")])
        var extensions: [String: JSONValue] = [
            "x-envelope": try SpecJSON.encode(platform.envelope),
            "x-error-roles": try SpecJSON.encode(platform.roles),
            "x-rate-limiting": try SpecJSON.encode(platform.rateLimiting),
            "x-routing": try SpecJSON.encode(platform.routing),
            "x-validation-order": try SpecJSON.rule(platform.validationOrder),
        ]
        if let decisions = platform.decisions { extensions["x-decisions"] = try SpecJSON.encode(decisions) }
        return OpenAPIDocument(
            info: info, servers: servers, tags: tags, paths: paths,
            components: .init(schemas: [:], securitySchemes: schemes), extensions: extensions)
    }

    /// `admin` for `admin.v1.badge.create`.
    static func service(_ endpoint: EndpointSpec) -> String {
        String(endpoint.id.split(separator: ".").first ?? Substring(endpoint.id))
    }

    /// `Feishu` for `feishu`.
    static func domainTitle(_ name: String) -> String {
        name.prefix(1).uppercased() + name.dropFirst()
    }

    /// `/open-apis/x/{id}` for `/open-apis/x/:id`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    // MARK: Operations

    func operation(
        _ endpoint: EndpointSpec, platform: PlatformSpec, isToken: Bool,
        domainNames: [String]
    ) throws(OpenAPIExportError) -> (String, String, OpenAPIOperation) {
        let fields = SchemaTranslator(endpoint: endpoint)
        var parameters: [OpenAPIParameter] = []
        for field in endpoint.request {
            let location: OpenAPIParameter.Location
            switch field.location {
            case .path?: location = .path
            case .query?: location = .query
            case .header? where !Self.ignoredHeaders.contains(field.name.lowercased()): location = .header
            default: continue
            }
            var schema = try fields.schema(field)
            schema.description = nil
            parameters.append(
                OpenAPIParameter(
                    name: field.name, location: location, description: field.description,
                    required: location == .path || field.required.value, schema: schema))
        }
        var extensions: [String: JSONValue] = [
            "x-source": Self.source(endpoint),
            "x-domains": try SpecJSON.rule(endpoint.domains),
            "x-token-types": try SpecJSON.rule(endpoint.auth.tokenTypes),
            "x-scopes": try SpecJSON.rule(endpoint.auth.scopes),
            "x-rate-limits": .array(try endpoint.rateLimits.map { (rule) throws(OpenAPIExportError) in try SpecJSON.rule(rule) }),
            "x-behaviours": try SpecJSON.encode(endpoint.behaviours),
            "x-invalid-param-error": try SpecJSON.encode(endpoint.invalidParamError),
            "x-validation-order": try SpecJSON.rule(endpoint.validationOrder ?? platform.validationOrder),
        ]
        if let appTypes = endpoint.auth.appTypes { extensions["x-app-types"] = try SpecJSON.rule(appTypes) }
        if let decisions = endpoint.decisions { extensions["x-decisions"] = try SpecJSON.encode(decisions) }
        var servers: [OpenAPIDocument.Server]?
        let domains = endpoint.domains.value.sorted()
        if domains != domainNames {
            servers = domains.compactMap { name in
                platform.domains[name].map { OpenAPIDocument.Server(url: $0, description: Self.domainTitle(name), extensions: ["x-domain": .string(name)]) }
            }
        }
        let operation = OpenAPIOperation(
            operationId: endpoint.id,
            summary: endpoint.summary,
            description: Self.description(endpoint, platform: platform),
            tags: [Self.service(endpoint)],
            parameters: parameters,
            requestBody: try requestBody(endpoint, fields: fields),
            responses: try responses(endpoint, platform: platform, isToken: isToken, fields: fields),
            security: endpoint.auth.tokenTypes.value.map { [Self.securitySchemeName($0): []] },
            servers: servers,
            extensions: extensions)
        return (Self.openAPIPath(endpoint.path), endpoint.method.lowercased(), operation)
    }

    /// `{"url", "updated", "seed", "title"}` of the doc page.
    static func source(_ endpoint: EndpointSpec) -> JSONValue {
        var object: [String: JSONValue] = ["url": .string(endpoint.source.url), "title": .string(endpoint.title)]
        if let updated = endpoint.source.updated { object["updated"] = .string(updated) }
        if let seed = endpoint.source.seed { object["seed"] = .string(seed) }
        return .object(object)
    }

    /// The operation's description in words: doc page, tokens, scopes, rate limits.
    static func description(_ endpoint: EndpointSpec, platform: PlatformSpec) -> String {
        var lines = ["\(endpoint.title) (\(endpoint.summary))."]
        var source = "Source: \(endpoint.source.url)"
        if let updated = endpoint.source.updated { source += " (updated \(updated))" }
        lines.append(source + ".")
        let tokens = endpoint.auth.tokenTypes.value
        lines.append(
            tokens.isEmpty ? "No access token." : "Access tokens (any one): " + tokens.map { "`\($0.rawValue)_access_token`" }.joined(separator: ", ") + ".")
        let scopes = endpoint.auth.scopes.value
        if !scopes.isEmpty { lines.append("Scopes (any one suffices): " + scopes.map { "`\($0)`" }.joined(separator: ", ") + ".") }
        if !endpoint.rateLimits.isEmpty {
            let limits = endpoint.rateLimits.map { "\($0.value.count) per \($0.value.window.rawValue)" }.joined(separator: ", ")
            lines.append("Rate limits: \(limits), counted per \(platform.rateLimiting.scope.value).")
        }
        return lines.joined(separator: "\n\n")
    }

    // MARK: Request body

    func requestBody(_ endpoint: EndpointSpec, fields: SchemaTranslator) throws(OpenAPIExportError) -> OpenAPIRequestBody? {
        let body = endpoint.request.filter { $0.location == .body }
        let mediaType: String
        switch endpoint.bodyEncoding {
        case .none: return nil
        case .json: mediaType = "application/json"
        case .multipart: mediaType = "multipart/form-data"
        }
        let schema = try fields.object(body, behaviours: true)
        var encoding: [String: String] = [:]
        if endpoint.bodyEncoding == .multipart {
            for field in body where field.type == .file {
                let types = field.file?.formats.map { SchemaTranslator.mediaTypes($0.value) } ?? []
                encoding[field.name] = types.isEmpty ? "application/octet-stream" : types.joined(separator: ", ")
            }
        }
        var extensions: [String: JSONValue] = [:]
        if let header = endpoint.request.first(where: { $0.location == .header && $0.name.lowercased() == "content-type" }) {
            var object: [String: JSONValue] = ["required": try SpecJSON.rule(header.required)]
            if let fixed = header.fixedValue { object["fixedValue"] = try SpecJSON.rule(fixed) }
            extensions["x-content-type"] = .object(object)
        }
        return OpenAPIRequestBody(
            description: nil, required: body.contains { $0.required.value },
            content: [mediaType: OpenAPIMediaType(schema: schema, encoding: encoding)], extensions: extensions)
    }

    // MARK: Responses

    func responses(
        _ endpoint: EndpointSpec, platform: PlatformSpec, isToken: Bool,
        fields: SchemaTranslator
    ) throws(OpenAPIExportError) -> [String: OpenAPIResponse] {
        let envelope = platform.envelope
        let jsonType = Self.mediaType(envelope.contentType.value)
        let logID = OpenAPIHeader(
            description: "The request's log id, on every reply (quote it to the platform's support).",
            required: true, schema: JSONSchema(type: .string))
        let logIDName = envelope.logIdHeader.value
        var responses: [String: OpenAPIResponse] = [:]

        // Success.
        let successMessage = endpoint.response.successMessage ?? envelope.successMessage
        var code = JSONSchema(type: .integer, description: "0 on success.")
        code.constant = 0
        var msg = JSONSchema(type: .string)
        msg.constant = .string(successMessage.value)
        msg.extensions["x-provenance"] = .object(["const": SpecJSON.provenance(successMessage.provenance)])
        let data = try fields.object(endpoint.response.fields, behaviours: false, response: true)
        var success = JSONSchema(type: .object)
        let names = platform.envelopeMembers
        if endpoint.response.shape == .binary {
            // A download: the file's bytes, not an envelope (errors still come as JSON below).
            var file = JSONSchema(type: .string, description: "The file's bytes.")
            file.extensions["contentMediaType"] = .string("application/octet-stream")
            file.extensions["x-shape"] = .string(endpoint.response.shape.rawValue)
            responses["200"] = OpenAPIResponse(
                description: "Success: the file's bytes.", headers: [logIDName: logID],
                content: ["application/octet-stream": OpenAPIMediaType(schema: file)])
        }
        switch endpoint.response.shape {
        case .binary:
            break
        case .envelope:
            success.properties = [names.code: code, names.message: msg, names.data: data]
            success.required = [names.code, names.message, names.data]
        case .flat:
            success.properties = (data.properties ?? [:]).merging([names.code: code, names.message: msg]) { _, envelopeMember in envelopeMember }
            success.required = [names.code, names.message] + (data.required ?? [])
        }
        success.extensions["x-shape"] = .string(endpoint.response.shape.rawValue)
        if endpoint.response.shape != .binary {
            responses["200"] = OpenAPIResponse(
                description: endpoint.response.shape == .envelope
                    ? "Success: `code` 0, `msg` \"\(successMessage.value)\", the result under `data`."
                    : "Success: `code` 0, `msg` \"\(successMessage.value)\", the result beside them.",
                headers: [logIDName: logID], content: [jsonType: OpenAPIMediaType(schema: success)])
        }

        // One response per error status.
        let answers = AnswerCodes(endpoint: endpoint, platform: platform, isTokenEndpoint: isToken)
        let rateCode = platform.roles.rateLimited.code
        for status in answers.statuses {
            let codes = answers.codes(status: status)
            var error = JSONSchema(type: .object)
            var codeSchema = JSONSchema(type: .integer, description: "The platform's error code.")
            codeSchema.enumValues = codes.map { .int($0.code) }
            error.properties = [names.code: codeSchema, names.message: JSONSchema(type: .string, description: "The platform's message for the code.")]
            error.required = [names.code, names.message]
            if let path = envelope.errorLogIdPath {
                Self.insert(
                    JSONSchema(type: .string, description: "The request's log id (as the header)."),
                    at: path.value.split(separator: ".").map(String.init), into: &error)
                error.extensions["x-log-id-path"] = try SpecJSON.rule(path)
            }
            var headers = [logIDName: logID]
            if codes.contains(where: { $0.code == rateCode }) && !isToken {
                let only = codes.allSatisfy { $0.code == rateCode }
                let answer = platform.rateLimiting
                headers[answer.limitHeader.value] = OpenAPIHeader(
                    description: "With \(rateCode): the window's limit (\(answer.limitHeader.provenance.kind)).", required: only,
                    schema: JSONSchema(type: .integer))
                headers[answer.resetHeader.value] = OpenAPIHeader(
                    description: "With \(rateCode): seconds until the window has room again (\(answer.resetHeader.provenance.kind)).",
                    required: only, schema: JSONSchema(type: .integer))
            }
            let lines = codes.map { c in "- `\(c.code)` \(c.entry?.message ?? "(no message documented)")" }
            if let success = responses[String(status)], let successSchema = success.content[jsonType]?.schema {
                // Older APIs answer refusals with HTTP 200 too: that status holds the success or an error.
                var either = JSONSchema()
                either.oneOf = [successSchema, error]
                var merged = success
                merged.description += "\n\nOr refused (with this status too) with one of these codes:\n\n" + lines.joined(separator: "\n")
                merged.content[jsonType] = OpenAPIMediaType(schema: either)
                merged.headers.merge(headers) { kept, _ in kept }
                merged.extensions["x-error-codes"] = .array(try codes.map { (c) throws(OpenAPIExportError) in try Self.errorCode(c) })
                responses[String(status)] = merged
                continue
            }
            responses[String(status)] = OpenAPIResponse(
                description: "Refused with one of these codes:\n\n" + lines.joined(separator: "\n"),
                headers: headers, content: [jsonType: OpenAPIMediaType(schema: error)],
                extensions: ["x-error-codes": .array(try codes.map { (c) throws(OpenAPIExportError) in try Self.errorCode(c) })])
        }
        return responses
    }

    /// One entry of `x-error-codes`: the code, its status with provenance and its table entry.
    static func errorCode(_ code: AnswerCodes.Code) throws(OpenAPIExportError) -> JSONValue {
        var object: [String: JSONValue] = ["code": .int(code.code), "httpStatus": .int(code.status)]
        if let provenance = code.statusProvenance { object["httpStatusProvenance"] = SpecJSON.provenance(provenance) }
        if let table = code.table { object["table"] = .string(table) }
        if let entry = code.entry {
            object["message"] = .string(entry.message)
            object["triggerable"] = .bool(entry.triggerable)
            if let advice = entry.advice { object["advice"] = .string(advice) }
            if let trigger = entry.trigger { object["trigger"] = .string(trigger) }
            if let why = entry.whyNotTriggerable { object["whyNotTriggerable"] = .string(why) }
            object["provenance"] = SpecJSON.provenance(entry.provenance)
        }
        return .object(object)
    }

    /// Puts `leaf` at the dotted member path under `object`, creating the objects between.
    static func insert(_ leaf: JSONSchema, at path: [String], into object: inout JSONSchema) {
        guard let head = path.first else { return }
        var properties = object.properties ?? [:]
        if path.count == 1 {
            properties[head] = leaf
        } else {
            var child = properties[head] ?? JSONSchema(type: .object)
            insert(leaf, at: Array(path.dropFirst()), into: &child)
            properties[head] = child
        }
        object.properties = properties
    }

    /// `application/json` for `application/json; charset=utf-8`.
    static func mediaType(_ contentType: String) -> String {
        let head = contentType.split(separator: ";", omittingEmptySubsequences: false).first ?? Substring(contentType)
        return String(head.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    // MARK: Security

    func securityScheme(_ type: TokenType, platform: PlatformSpec) throws(OpenAPIExportError) -> OpenAPIDocument.SecurityScheme {
        let tokens = platform.tokens
        let endpoint = platform.tokenEndpoint
        switch type {
        case .tenant:
            return .init(
                type: "http", scheme: "bearer", bearerFormat: "\(tokens.tenantPrefix.value)…",
                description: """
                    tenant_access_token: `Authorization: \(tokens.scheme.value) \(tokens.tenantPrefix.value)…`. \
                    Get one from `\(endpoint.method) \(endpoint.path)` (operation `\(endpoint.id)`) with the app's \
                    `app_id` and `app_secret`; it lives \(tokens.tenantTokenLifetimeSeconds.value) s, and the endpoint \
                    issues a new one once less than \(tokens.refreshWindowSeconds.value) s remain.
                    """,
                extensions: [
                    "x-token-endpoint": .object([
                        "operationId": .string(endpoint.id), "method": .string(endpoint.method),
                        "path": .string(endpoint.path),
                    ]),
                    "x-token-prefix": try SpecJSON.rule(tokens.tenantPrefix),
                    "x-lifetime-seconds": try SpecJSON.rule(tokens.tenantTokenLifetimeSeconds),
                    "x-refresh-window-seconds": try SpecJSON.rule(tokens.refreshWindowSeconds),
                    "x-scheme": try SpecJSON.rule(tokens.scheme),
                ])
        case .user:
            return .init(
                type: "http", scheme: "bearer", bearerFormat: "\(tokens.userPrefix.value)…",
                description: """
                    user_access_token: `Authorization: \(tokens.scheme.value) \(tokens.userPrefix.value)…`, \
                    obtained through the user's OAuth login (not covered by these specs).
                    """,
                extensions: ["x-token-prefix": try SpecJSON.rule(tokens.userPrefix), "x-scheme": try SpecJSON.rule(tokens.scheme)])
        case .app:
            return .init(
                type: "http", scheme: "bearer", bearerFormat: nil,
                description: "app_access_token: `Authorization: \(tokens.scheme.value) <app_access_token>`.",
                extensions: ["x-scheme": try SpecJSON.rule(tokens.scheme)])
        }
    }
}
