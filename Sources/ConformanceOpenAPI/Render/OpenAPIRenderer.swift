import ConformanceSpec

/// The render stage: an OpenAPI document model to JSON. One writer owns the layout
/// (`JSONWriter.prettyBytes`: sorted keys, two-space indent), so equal documents give equal bytes.
public struct OpenAPIRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The document as indented JSON bytes ending in a newline.
    public func bytes(_ document: OpenAPIDocument) -> [UInt8] {
        JSONWriter.prettyBytes(json(document))
    }

    /// The document as a JSON value.
    public func json(_ document: OpenAPIDocument) -> JSONValue {
        var object: [String: JSONValue] = [
            "openapi": .string(OpenAPIDocument.version),
            "info": info(document.info),
            "servers": .array(document.servers.map(server)),
            "tags": .array(document.tags.map { .object(["name": .string($0.name), "description": .string($0.description)]) }),
            "paths": .object(document.paths.mapValues(pathItem)),
            "components": components(document.components),
        ]
        object.merge(document.extensions) { own, _ in own }
        return .object(object)
    }

    func info(_ info: OpenAPIDocument.Info) -> JSONValue {
        var object: [String: JSONValue] = ["title": .string(info.title), "version": .string(info.version), "description": .string(info.description)]
        object.merge(info.extensions) { own, _ in own }
        return .object(object)
    }

    func server(_ server: OpenAPIDocument.Server) -> JSONValue {
        var object: [String: JSONValue] = ["url": .string(server.url), "description": .string(server.description)]
        object.merge(server.extensions) { own, _ in own }
        return .object(object)
    }

    func components(_ components: OpenAPIDocument.Components) -> JSONValue {
        var object: [String: JSONValue] = ["securitySchemes": .object(components.securitySchemes.mapValues(securityScheme))]
        if !components.schemas.isEmpty { object["schemas"] = .object(components.schemas.mapValues(schema)) }
        return .object(object)
    }

    func securityScheme(_ scheme: OpenAPIDocument.SecurityScheme) -> JSONValue {
        var object: [String: JSONValue] = ["type": .string(scheme.type), "scheme": .string(scheme.scheme), "description": .string(scheme.description)]
        if let format = scheme.bearerFormat { object["bearerFormat"] = .string(format) }
        object.merge(scheme.extensions) { own, _ in own }
        return .object(object)
    }

    func pathItem(_ item: OpenAPIPathItem) -> JSONValue {
        .object(item.operations.mapValues(operation))
    }

    func operation(_ operation: OpenAPIOperation) -> JSONValue {
        var object: [String: JSONValue] = [
            "operationId": .string(operation.operationId),
            "summary": .string(operation.summary),
            "description": .string(operation.description),
            "tags": .array(operation.tags.map(JSONValue.string)),
            "responses": .object(operation.responses.mapValues(response)),
            "security": .array(
                operation.security.map { requirement in
                    .object(requirement.mapValues { .array($0.map(JSONValue.string)) })
                }),
        ]
        if !operation.parameters.isEmpty { object["parameters"] = .array(operation.parameters.map(parameter)) }
        if let body = operation.requestBody { object["requestBody"] = requestBody(body) }
        if let servers = operation.servers { object["servers"] = .array(servers.map(server)) }
        object.merge(operation.extensions) { own, _ in own }
        return .object(object)
    }

    func parameter(_ parameter: OpenAPIParameter) -> JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
            "required": .bool(parameter.required), "schema": schema(parameter.schema),
        ]
        if let description = parameter.description { object["description"] = .string(description) }
        return .object(object)
    }

    func requestBody(_ body: OpenAPIRequestBody) -> JSONValue {
        var object: [String: JSONValue] = ["required": .bool(body.required), "content": .object(body.content.mapValues(mediaType))]
        if let description = body.description { object["description"] = .string(description) }
        object.merge(body.extensions) { own, _ in own }
        return .object(object)
    }

    func mediaType(_ content: OpenAPIMediaType) -> JSONValue {
        var object: [String: JSONValue] = ["schema": schema(content.schema)]
        if !content.encoding.isEmpty {
            object["encoding"] = .object(content.encoding.mapValues { .object(["contentType": .string($0)]) })
        }
        return .object(object)
    }

    func response(_ response: OpenAPIResponse) -> JSONValue {
        var object: [String: JSONValue] = ["description": .string(response.description)]
        if !response.headers.isEmpty {
            object["headers"] = .object(
                response.headers.mapValues { header in
                    .object(["description": .string(header.description), "required": .bool(header.required), "schema": schema(header.schema)])
                })
        }
        if !response.content.isEmpty { object["content"] = .object(response.content.mapValues(mediaType)) }
        object.merge(response.extensions) { own, _ in own }
        return .object(object)
    }

    /// A JSON Schema object; members that are nil are left out.
    public func schema(_ schema: JSONSchema) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if let ref = schema.ref { object["$ref"] = .string(ref) }
        if let type = schema.type { object["type"] = .string(type.rawValue) }
        if let description = schema.description { object["description"] = .string(description) }
        if let constant = schema.constant { object["const"] = constant }
        if let values = schema.enumValues { object["enum"] = .array(values) }
        if let value = schema.minimum { object["minimum"] = .int(value) }
        if let value = schema.maximum { object["maximum"] = .int(value) }
        if let value = schema.minLength { object["minLength"] = .int(value) }
        if let value = schema.maxLength { object["maxLength"] = .int(value) }
        if let value = schema.pattern { object["pattern"] = .string(value) }
        if let value = schema.format { object["format"] = .string(value) }
        if let value = schema.contentMediaType { object["contentMediaType"] = .string(value) }
        if let value = schema.defaultValue { object["default"] = value }
        if let values = schema.examples { object["examples"] = .array(values) }
        if let properties = schema.properties { object["properties"] = .object(properties.mapValues(self.schema)) }
        if let required = schema.required { object["required"] = .array(required.map(JSONValue.string)) }
        if let items = schema.items { object["items"] = self.schema(items) }
        if let alternatives = schema.oneOf { object["oneOf"] = .array(alternatives.map(self.schema)) }
        object.merge(schema.extensions) { own, _ in own }
        return .object(object)
    }
}
