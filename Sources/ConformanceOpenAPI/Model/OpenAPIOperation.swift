import ConformanceSpec

/// The operations at one path (`paths.*`), by lower-case method (`get`, `post`).
public struct OpenAPIPathItem: Sendable, Hashable {
    /// Method -> operation.
    public var operations: [String: OpenAPIOperation]

    /// A path item.
    public init(operations: [String: OpenAPIOperation] = [:]) { self.operations = operations }
}

/// One endpoint as an OpenAPI operation.
public struct OpenAPIOperation: Sendable, Hashable {
    /// `operationId`: the spec id (`admin.v1.badge.create`).
    public var operationId: String
    /// `summary`: the spec's English summary.
    public var summary: String
    /// `description` (CommonMark): the doc page's title, auth, limits and behaviours in words.
    public var description: String
    /// `tags`: the service.
    public var tags: [String]
    /// `parameters`: path, query and header fields (never `Authorization`, `Content-Type`, `Accept`).
    public var parameters: [OpenAPIParameter]
    /// `requestBody`, for JSON and multipart endpoints.
    public var requestBody: OpenAPIRequestBody?
    /// `responses`: `200` and one entry per error status.
    public var responses: [String: OpenAPIResponse]
    /// `security`: alternatives, each `[scheme: []]`; empty for the token endpoint.
    public var security: [[String: [String]]]
    /// `servers`, when the endpoint is served on fewer domains than the document lists.
    public var servers: [OpenAPIDocument.Server]?
    /// Vendor extensions: source, rate limits, scopes, behaviours, decisions.
    public var extensions: [String: JSONValue]

    /// An operation.
    public init(
        operationId: String, summary: String, description: String, tags: [String], parameters: [OpenAPIParameter],
        requestBody: OpenAPIRequestBody?, responses: [String: OpenAPIResponse], security: [[String: [String]]],
        servers: [OpenAPIDocument.Server]? = nil, extensions: [String: JSONValue] = [:]
    ) {
        self.operationId = operationId
        self.summary = summary
        self.description = description
        self.tags = tags
        self.parameters = parameters
        self.requestBody = requestBody
        self.responses = responses
        self.security = security
        self.servers = servers
        self.extensions = extensions
    }

    /// The parameter `name` in `location`, if any.
    public func parameter(_ name: String, in location: OpenAPIParameter.Location) -> OpenAPIParameter? {
        parameters.first { $0.name == name && $0.location == location }
    }
}

/// A path, query or header parameter.
public struct OpenAPIParameter: Sendable, Hashable {
    /// Where a parameter travels (`in`).
    public enum Location: String, Sendable, Hashable {
        /// `path`, `query`, `header`.
        case path, query, header
    }

    /// `name`.
    public var name: String
    /// `in`.
    public var location: Location
    /// `description`.
    public var description: String?
    /// `required` (always true for path parameters).
    public var required: Bool
    /// `schema`.
    public var schema: JSONSchema

    /// A parameter.
    public init(name: String, location: Location, description: String?, required: Bool, schema: JSONSchema) {
        self.name = name
        self.location = location
        self.description = description
        self.required = required
        self.schema = schema
    }
}

/// `requestBody`.
public struct OpenAPIRequestBody: Sendable, Hashable {
    /// `description`.
    public var description: String?
    /// `required`.
    public var required: Bool
    /// Media type (`application/json`, `multipart/form-data`) -> content.
    public var content: [String: OpenAPIMediaType]
    /// Vendor extensions (`x-content-type`: the spec's Content-Type header rules).
    public var extensions: [String: JSONValue]

    /// A request body.
    public init(description: String?, required: Bool, content: [String: OpenAPIMediaType], extensions: [String: JSONValue] = [:]) {
        self.description = description
        self.required = required
        self.content = content
        self.extensions = extensions
    }
}

/// A media type object (`content.*`): the schema and, for multipart, each part's encoding.
public struct OpenAPIMediaType: Sendable, Hashable {
    /// `schema`.
    public var schema: JSONSchema
    /// `encoding`: part name -> its `contentType` (file parts).
    public var encoding: [String: String]

    /// Content of one media type.
    public init(schema: JSONSchema, encoding: [String: String] = [:]) {
        self.schema = schema
        self.encoding = encoding
    }
}

/// A response (`responses.*`).
public struct OpenAPIResponse: Sendable, Hashable {
    /// `description`: for errors, every code answered with this status.
    public var description: String
    /// `headers`: `X-Tt-Logid` on every reply, the rate-limit headers on 429.
    public var headers: [String: OpenAPIHeader]
    /// `content`: `application/json` -> the envelope.
    public var content: [String: OpenAPIMediaType]
    /// Vendor extensions (`x-error-codes`).
    public var extensions: [String: JSONValue]

    /// A response.
    public init(description: String, headers: [String: OpenAPIHeader], content: [String: OpenAPIMediaType], extensions: [String: JSONValue] = [:]) {
        self.description = description
        self.headers = headers
        self.content = content
        self.extensions = extensions
    }
}

/// A response header (`headers.*`).
public struct OpenAPIHeader: Sendable, Hashable {
    /// `description`.
    public var description: String
    /// `required`.
    public var required: Bool
    /// `schema`.
    public var schema: JSONSchema

    /// A header.
    public init(description: String, required: Bool, schema: JSONSchema) {
        self.description = description
        self.required = required
        self.schema = schema
    }
}
