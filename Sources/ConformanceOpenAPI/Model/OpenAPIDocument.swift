import ConformanceSpec

/// An OpenAPI 3.1 document: the subset the export writes, as plain values.
///
/// Built by `OpenAPITranslator`, written by `OpenAPIRenderer`. Dictionaries are written with sorted
/// keys, arrays in their order, so equal documents have equal bytes.
public struct OpenAPIDocument: Sendable, Hashable {
    /// The OpenAPI version written (`openapi`).
    public static let version = "3.1.0"

    /// Title, version and description (`info`).
    public var info: Info
    /// Base URLs, one per platform domain (`servers`).
    public var servers: [Server]
    /// Groups of operations, one per service (`tags`).
    public var tags: [Tag]
    /// Path template -> the operations served there (`paths`).
    public var paths: [String: OpenAPIPathItem]
    /// Shared schemas and the security schemes (`components`).
    public var components: Components
    /// Vendor extensions on the document; every key starts with `x-`.
    public var extensions: [String: JSONValue]

    /// A document from its parts.
    public init(
        info: Info, servers: [Server], tags: [Tag], paths: [String: OpenAPIPathItem], components: Components,
        extensions: [String: JSONValue] = [:]
    ) {
        self.info = info
        self.servers = servers
        self.tags = tags
        self.paths = paths
        self.components = components
        self.extensions = extensions
    }

    /// Every operation with its path and method, sorted by path then method.
    public var operations: [(path: String, method: String, operation: OpenAPIOperation)] {
        paths.keys.sorted().flatMap { path in
            (paths[path]?.operations ?? [:]).sorted { $0.key < $1.key }.map { (path, $0.key, $0.value) }
        }
    }

    /// The operation with `operationId`, if any.
    public func operation(id: String) -> OpenAPIOperation? {
        operations.first { $0.operation.operationId == id }?.operation
    }

    /// The document's `info`.
    public struct Info: Sendable, Hashable {
        /// `title`.
        public var title: String
        /// `version`: the version of the document (the tool's version).
        public var version: String
        /// `description` (CommonMark).
        public var description: String
        /// Vendor extensions.
        public var extensions: [String: JSONValue] = [:]

        /// An info object.
        public init(title: String, version: String, description: String, extensions: [String: JSONValue] = [:]) {
            self.title = title
            self.version = version
            self.description = description
            self.extensions = extensions
        }
    }

    /// A base URL (`servers[]`).
    public struct Server: Sendable, Hashable {
        /// `url`.
        public var url: String
        /// `description`.
        public var description: String
        /// Vendor extensions (`x-domain`: the spec's domain name).
        public var extensions: [String: JSONValue] = [:]

        /// A server.
        public init(url: String, description: String, extensions: [String: JSONValue] = [:]) {
            self.url = url
            self.description = description
            self.extensions = extensions
        }
    }

    /// A tag (`tags[]`).
    public struct Tag: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `description`.
        public var description: String

        /// A tag.
        public init(name: String, description: String) {
            self.name = name
            self.description = description
        }
    }

    /// `components`.
    public struct Components: Sendable, Hashable {
        /// Named schemas (`schemas`).
        public var schemas: [String: JSONSchema]
        /// Named security schemes (`securitySchemes`).
        public var securitySchemes: [String: SecurityScheme]

        /// Components.
        public init(schemas: [String: JSONSchema], securitySchemes: [String: SecurityScheme]) {
            self.schemas = schemas
            self.securitySchemes = securitySchemes
        }
    }

    /// A security scheme (`components.securitySchemes.*`): the platform's bearer tokens.
    public struct SecurityScheme: Sendable, Hashable {
        /// `type` (`http`).
        public var type: String
        /// `scheme` (`bearer`).
        public var scheme: String
        /// `bearerFormat`: how the token looks (`t-...`).
        public var bearerFormat: String?
        /// `description`.
        public var description: String
        /// Vendor extensions (token endpoint, prefix, lifetime).
        public var extensions: [String: JSONValue] = [:]

        /// A scheme.
        public init(type: String, scheme: String, bearerFormat: String?, description: String, extensions: [String: JSONValue] = [:]) {
            self.type = type
            self.scheme = scheme
            self.bearerFormat = bearerFormat
            self.description = description
            self.extensions = extensions
        }
    }
}
