import ConformanceOpenAPI
import ConformanceSpec
import Foundation
import Media
import Testing

/// Each documented fact of every shipped spec appears in the export where OpenAPI consumers look
/// for it. Checked on the rendered JSON, as a consumer reads it.
@Suite("export openapi: the shipped specs")
struct ShippedSpecsExportTests {
    static let ignoredHeaders: Set<String> = ["authorization", "content-type", "accept"]

    @Test("a reply field present only under a condition (conditional) is not required; the condition is an x-conditional")
    func conditionalReplyFields() throws {
        let specs = try ShippedSpecs.load()
        let doc = try ShippedSpecs.document()
        let create = try #require(specs.endpoint(id: "admin.v1.badge.create"))
        let badge = try #require(create.response.fields.first { $0.name == "badge" })
        let conditional = (badge.fields ?? []).filter { $0.conditional != nil }.map(\.name)
        let unconditional = (badge.fields ?? []).filter { $0.conditional == nil && $0.required.value }.map(\.name)
        #expect(!conditional.isEmpty && !unconditional.isEmpty, "the shipped badge reply has both kinds")
        let names = specs.platform.envelopeMembers
        let content = try #require(operation(doc, create)[path: "responses", "200", "content"]?.objectValue?.values.first)
        let schema = try #require(content[path: "schema", "properties", names.data, "properties", "badge"])
        let required = Set((schema["required"]?.arrayValue ?? []).compactMap { $0.stringValue })
        #expect(required == Set(unconditional), "required: \(required.sorted())")
        for name in conditional { #expect(schema[path: "properties", name, "x-conditional"] != nil, "\(name)") }
    }

    @Test("the document: OpenAPI 3.1, servers for every domain, every endpoint an operation")
    func document() throws {
        let specs = try ShippedSpecs.load()
        let doc = try ShippedSpecs.document()
        #expect(doc["openapi"] == "3.1.0")
        #expect(doc[path: "info", "version"] == "test")
        let servers = try #require(doc["servers"]?.arrayValue)
        #expect(servers.compactMap { $0["url"]?.stringValue } == specs.platform.domains.keys.sorted().compactMap { specs.platform.domains[$0] })
        #expect(servers.compactMap { $0["x-domain"]?.stringValue } == specs.platform.domains.keys.sorted())
        var ids: [String] = []
        for (_, item) in doc["paths"]?.objectValue ?? [:] {
            for (_, op) in item.objectValue ?? [:] { if let id = op["operationId"]?.stringValue { ids.append(id) } }
        }
        #expect(ids.sorted() == (specs.endpoints.map(\.id) + [specs.platform.tokenEndpoint.id]).sorted())
        #expect(doc["x-error-roles"]?["missingToken"]?["code"] == .int(specs.platform.roles.missingToken.code))
        #expect(doc[path: "x-rate-limiting", "httpStatus", "value"] == .int(specs.platform.rateLimiting.httpStatus.value))
    }

    @Test("operation: id, tags, source, tokens, scopes, rate limits, behaviours, decisions", arguments: ShippedEndpoint.all)
    func operationFacts(_ endpoint: ShippedEndpoint) throws {
        let spec = endpoint.spec
        let op = try operation(try ShippedSpecs.document(), spec)
        #expect(op["operationId"] == .string(spec.id))
        #expect(op["summary"] == .string(spec.summary))
        #expect(op["tags"] == .array([.string(String(spec.id.split(separator: ".")[0]))]))
        #expect(op[path: "x-source", "url"] == .string(spec.source.url))
        #expect(op[path: "x-source", "title"] == .string(spec.title))
        #expect(op[path: "x-source", "updated"] == spec.source.updated.map(JSONValue.string))
        let security = try #require(op["security"]?.arrayValue)
        #expect(security.map { $0.objectValue?.keys.first } == spec.auth.tokenTypes.value.map { OpenAPITranslator.securitySchemeName($0) })
        #expect(op[path: "x-token-types", "value"] == .array(spec.auth.tokenTypes.value.map { .string($0.rawValue) }))
        #expect(op[path: "x-scopes", "value"] == .array(spec.auth.scopes.value.map(JSONValue.string)))
        #expect(op[path: "x-scopes", spec.auth.scopes.provenance.kind] == .string(spec.auth.scopes.provenance.text))
        let limits = try #require(op["x-rate-limits"]?.arrayValue)
        #expect(limits.count == spec.rateLimits.count)
        for (exported, rule) in zip(limits, spec.rateLimits) {
            #expect(exported[path: "value", "count"] == .int(rule.value.count))
            #expect(exported[path: "value", "window"] == .string(rule.value.window.rawValue))
            #expect(exported[rule.provenance.kind] == .string(rule.provenance.text))
        }
        #expect(op["x-behaviours"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } == spec.behaviours.map(\.kind))
        #expect(op["x-decisions"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == spec.decisions?.map(\.id))
        #expect(op[path: "x-invalid-param-error", "code"] == .int(spec.invalidParamError.code))
        for limit in spec.rateLimits {
            #expect(op["description"]?.stringValue?.contains("\(limit.value.count) per \(limit.value.window.rawValue)") == true)
        }
    }

    @Test("parameters: every path, query and header field but Authorization, Content-Type and Accept", arguments: ShippedEndpoint.all)
    func parameters(_ endpoint: ShippedEndpoint) throws {
        let spec = endpoint.spec
        let op = try operation(try ShippedSpecs.document(), spec)
        let exported = op["parameters"]?.arrayValue ?? []
        let expected = spec.request.filter {
            guard let location = $0.location, location != .body else { return false }
            return location != .header || !Self.ignoredHeaders.contains($0.name.lowercased())
        }
        #expect(exported.compactMap { $0["name"]?.stringValue } == expected.map(\.name))
        for (parameter, field) in zip(exported, expected) {
            #expect(parameter["in"] == .string(field.location?.rawValue ?? ""))
            #expect(parameter["required"] == .bool(field.location == .path || field.required.value))
            try expectConstraints(parameter["schema"] ?? .null, field)
        }
    }

    @Test("request body: media type, required members, every constraint", arguments: ShippedEndpoint.all)
    func requestBody(_ endpoint: ShippedEndpoint) throws {
        let spec = endpoint.spec
        let op = try operation(try ShippedSpecs.document(), spec)
        let body = spec.request.filter { $0.location == .body }
        switch spec.bodyEncoding {
        case .none:
            #expect(op["requestBody"] == nil)
            return
        case .json, .multipart:
            break
        }
        let mediaType = spec.bodyEncoding == .json ? "application/json" : "multipart/form-data"
        let content = try #require(op[path: "requestBody", "content", mediaType], "no \(mediaType) body")
        #expect(op[path: "requestBody", "required"] == .bool(body.contains { $0.required.value }))
        let schema = try #require(content["schema"])
        #expect(schema["type"] == "object")
        let required = body.filter { $0.required.value }.map { JSONValue.string($0.name) }
        #expect((schema["required"] ?? .array([])) == .array(required))
        for field in body {
            let member = try #require(schema[path: "properties", field.name], "no body member \(field.name)")
            try expectConstraints(member, field)
            if field.type == .file, let formats = field.file?.formats?.value {
                let types = formats.map { ImageFormat(rawValue: $0)?.mimeType ?? "image/\($0)" }
                #expect(content[path: "encoding", field.name, "contentType"] == .string(types.joined(separator: ", ")))
            }
        }
        if let header = spec.request.first(where: { $0.location == .header && $0.name.lowercased() == "content-type" }) {
            #expect(op[path: "requestBody", "x-content-type", "required", "value"] == .bool(header.required.value))
            #expect(op[path: "requestBody", "x-content-type", "fixedValue", "value"] == header.fixedValue.map { .string($0.value) })
        }
    }

    @Test("responses: the success envelope, and each documented error code under its HTTP status", arguments: ShippedEndpoint.all)
    func responses(_ endpoint: ShippedEndpoint) throws {
        let specs = try ShippedSpecs.load()
        let spec = endpoint.spec
        let op = try operation(try ShippedSpecs.document(), spec)
        let responses = try #require(op["responses"]?.objectValue)
        let logID = specs.platform.envelope.logIdHeader.value
        for (status, response) in responses {
            #expect(response[path: "headers", logID, "required"] == true, "\(status) without \(logID)")
        }
        if spec.response.shape == .binary {
            #expect(responses["200"]?[path: "content", "application/octet-stream", "schema"] != nil, "a download answers its bytes")
            return
        }
        let okSchema = try #require(responses["200"]?[path: "content", "application/json", "schema"])
        // An API that also refuses with HTTP 200 has the success as the first of two alternatives.
        let success = okSchema["oneOf"]?.arrayValue?.first ?? okSchema
        #expect(success[path: "properties", "code", "const"] == 0)
        let message = spec.response.successMessage?.value ?? specs.platform.envelope.successMessage.value
        #expect(success[path: "properties", "msg", "const"] == .string(message))
        let fields = spec.response.shape == .envelope ? success[path: "properties", "data"] : success
        for field in spec.response.fields {
            let member = try #require(fields?[path: "properties", field.name], "no response field \(field.name)")
            #expect(member["type"] != nil)
            #expect(member[path: "x-provenance", "required"] == provenanceJSON(field.required.provenance))
            let listed = fields?["required"]?.arrayValue?.contains(.string(field.name)) == true
            #expect(listed == (field.required.value && field.conditional == nil), "\(field.name): required only when present unconditionally")
        }

        // Every code of the endpoint's table, and the platform's auth, scope and rate-limit codes.
        let roles = specs.platform.roles
        var documented: [(Int, Int)] = spec.errors.map { ($0.code, $0.httpStatus.value) }
        if endpoint.isToken {
            for role in [roles.tokenBadRequest, roles.badCredentials] {
                documented.append((role.code, specs.platform.error(code: role.code)?.httpStatus.value ?? 400))
            }
        } else {
            for role in [roles.missingToken, roles.malformedAuthorization, roles.badTokenPrefix, roles.invalidTenantToken, roles.wrongTokenType] {
                documented.append((role.code, specs.platform.error(code: role.code)?.httpStatus.value ?? 400))
            }
            if !spec.auth.scopes.value.isEmpty {
                documented.append((roles.missingScope.code, specs.platform.error(code: roles.missingScope.code)?.httpStatus.value ?? 400))
            }
            if !spec.rateLimits.isEmpty { documented.append((roles.rateLimited.code, specs.platform.rateLimiting.httpStatus.value)) }
        }
        for (code, status) in documented {
            let response = try #require(responses[String(status)], "no \(status) response for code \(code)")
            let schema = response[path: "content", "application/json", "schema"]
            // A status shared with the success (older APIs refuse with HTTP 200) has the error as its second alternative.
            let errorSchema = schema?["oneOf"]?.arrayValue?.last ?? schema
            let codes = errorSchema?[path: "properties", "code", "enum"]?.arrayValue ?? []
            #expect(codes.contains(.int(code)), "code \(code) not under \(status)")
            let entry = response["x-error-codes"]?.arrayValue?.first { $0["code"] == .int(code) }
            #expect(entry?["httpStatus"] == .int(status))
            if let row = spec.error(code: code) ?? specs.platform.error(code: code) {
                #expect(entry?["message"] == .string(row.message))
                #expect(entry?["provenance"] == provenanceJSON(row.provenance))
                #expect(response["description"]?.stringValue?.contains("`\(code)` \(row.message)") == true)
            }
        }
        if !spec.rateLimits.isEmpty, !endpoint.isToken {
            let limited = try #require(responses[String(specs.platform.rateLimiting.httpStatus.value)])
            for header in [specs.platform.rateLimiting.limitHeader.value, specs.platform.rateLimiting.resetHeader.value] {
                #expect(limited[path: "headers", header, "schema", "type"] == "integer", "no \(header)")
            }
        }
    }

    @Test("security schemes: tenant and user bearer tokens; the tenant one names the token endpoint")
    func security() throws {
        let specs = try ShippedSpecs.load()
        let doc = try ShippedSpecs.document()
        let schemes = try #require(doc[path: "components", "securitySchemes"]?.objectValue)
        #expect(Set(schemes.keys) == ["tenantAccessToken", "userAccessToken"])
        for scheme in schemes.values {
            #expect(scheme["type"] == "http")
            #expect(scheme["scheme"] == "bearer")
        }
        let token = specs.platform.tokenEndpoint
        #expect(schemes["tenantAccessToken"]?[path: "x-token-endpoint", "path"] == .string(token.path))
        #expect(schemes["tenantAccessToken"]?[path: "x-token-endpoint", "operationId"] == .string(token.id))
        #expect(schemes["tenantAccessToken"]?[path: "x-token-prefix", "value"] == .string(specs.platform.tokens.tenantPrefix.value))
        #expect(schemes["tenantAccessToken"]?[path: "x-lifetime-seconds", "value"] == .int(specs.platform.tokens.tenantTokenLifetimeSeconds.value))
        #expect(schemes["userAccessToken"]?[path: "x-token-prefix", "value"] == .string(specs.platform.tokens.userPrefix.value))
        let tokenOperation = try operation(doc, token)
        #expect(tokenOperation["security"] == .array([]))
    }

    /// The field's constraints on its exported schema: keywords where JSON Schema has them,
    /// extensions otherwise, and every rule's provenance and violation code.
    func expectConstraints(_ schema: JSONValue, _ field: FieldSpec) throws {
        let name = field.name
        let types: [FieldType: String] = [
            .string: "string", .file: "string", .int: "integer", .number: "number",
            .bool: "boolean", .object: "object", .i18n: "object", .array: "array",
        ]
        #expect(schema["type"] == types[field.type].map(JSONValue.string), "\(name): type")
        #expect(schema[path: "x-provenance", "required"] == provenanceJSON(field.required.provenance), "\(name): required provenance")
        func rule<V>(_ key: String, _ rule: Rule<V>?, keyword: String?, value: JSONValue?) {
            guard let rule else { return }
            if let keyword { #expect(schema[keyword] == value, "\(name).\(keyword)") }
            #expect(schema[path: "x-provenance", key] == provenanceJSON(rule.provenance), "\(name).\(key) provenance")
        }
        rule("enum", field.enum, keyword: "enum", value: field.enum.map { .array($0.value.map(\.value)) })
        rule("minimum", field.minimum, keyword: "minimum", value: field.minimum.map { .int($0.value) })
        rule("maximum", field.maximum, keyword: "maximum", value: field.maximum.map { .int($0.value) })
        rule("default", field.default, keyword: "default", value: field.default?.value)
        let characters = field.effectiveLengthUnit == .characters
        rule("minLength", field.minLength, keyword: characters ? "minLength" : "x-min-bytes", value: field.minLength.map { .int($0.value) })
        rule("maxLength", field.maxLength, keyword: characters ? "maxLength" : "x-max-bytes", value: field.maxLength.map { .int($0.value) })
        if field.minLength != nil || field.maxLength != nil {
            #expect(schema["x-length-unit"] == .string(field.effectiveLengthUnit.rawValue), "\(name): length unit")
        }
        for (key, binding) in [("minLength", field.minLength?.error), ("maxLength", field.maxLength?.error), ("enum", field.enum?.error)] {
            if let binding { #expect(schema[path: "x-violation-codes", key] == .int(binding.code), "\(name).\(key) code") }
        }
        if let example = field.example, field.type != .file { #expect(schema["examples"] == .array([example])) }
        if let file = field.file {
            #expect(schema["format"] == "binary")
            rule("formats", file.formats, keyword: "x-image-formats", value: file.formats.map { .array($0.value.map(JSONValue.string)) })
            rule("minBytes", file.minBytes, keyword: "x-min-bytes", value: file.minBytes.map { .int($0.value) })
            rule("maxBytes", file.maxBytes, keyword: "x-max-bytes", value: file.maxBytes.map { .int($0.value) })
            for binding in [file.formats?.error, file.minBytes?.error, file.maxBytes?.error].compactMap({ $0 }) {
                #expect(schema["x-violation-codes"]?.objectValue?.values.contains(.int(binding.code)) == true)
            }
            let limits = schema["x-pixel-limits"]?.arrayValue ?? []
            #expect(limits.count == (file.pixels?.count ?? 0))
            for (exported, limit) in zip(limits, file.pixels ?? []) {
                #expect(exported["formats"] == limit.formats.map { .array($0.map(JSONValue.string)) })
                for (key, value) in [
                    ("minWidth", limit.minWidth), ("maxWidth", limit.maxWidth), ("minHeight", limit.minHeight), ("maxHeight", limit.maxHeight),
                ] {
                    #expect(exported[key] == value.map { .int($0.value) }, "\(name) pixels \(key)")
                }
                #expect(exported["minAspectRatio"].flatMap { Self.number($0) } == limit.minAspectRatio?.value)
                #expect(exported["maxAspectRatio"].flatMap { Self.number($0) } == limit.maxAspectRatio?.value)
            }
        }
        for member in field.fields ?? [] where field.type == .object || field.type == .i18n {
            try expectConstraints(try #require(schema[path: "properties", member.name], "\(name).\(member.name)"), member)
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
