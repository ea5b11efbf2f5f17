/// A stateful behaviour of an endpoint. Each kind is implemented once, generically, by the mock
/// and turned into cases by the generator; a new spec that uses known kinds needs no new code.
///
/// JSON: an object with `"kind"`, the kind's members, and `"provenance": {"documented": "..."}`
/// (or `{"inferred": "..."}`).
public enum Behaviour: Sendable, Hashable, Codable {
    /// The endpoint creates a resource (`kind: "creates"`).
    case creates(Creates)
    /// The endpoint lists a resource, paginated (`kind: "lists"`).
    case lists(Lists)
    /// A field is unique per tenant (`kind: "unique"`).
    case unique(Unique)
    /// A tenant holds at most so many items (`kind: "quota"`).
    case quota(Quota)
    /// A field references an existing resource (`kind: "references"`).
    case references(References)
    /// The caller needs a capability (`kind: "requiresCapability"`).
    case requiresCapability(RequiresCapability)
    /// The request addresses one stored item by a path parameter: reads, updates, deletes,
    /// downloads or acts on it (`kind: "item"`).
    case item(ItemAccess)
    /// The endpoint's resource lives under an item of another resource, named by a path parameter
    /// (`kind: "nested"`): badge grants under a badge, reactions under a message.
    case nested(Nested)

    /// The endpoint stores a new resource owned by the caller's tenant and answers with its key.
    public struct Creates: Sendable, Hashable, Codable {
        /// Resource collection name shared between endpoints (`badge_image`, `badge`).
        public var resource: String
        /// Dotted path under `data` where the new resource's key is answered (`image_key`, `badge.id`).
        public var keyPath: String
        /// How keys look, for the mock: `uuid`, or a prefix followed by random characters (`img_v2_`, `m_`, `box`).
        public var keyStyle: String
        /// Dotted path under `data` where the stored object is echoed back (`badge`), if any.
        public var echoPath: String?
        /// Request fields stored with the resource and echoed (body field names); all body fields except files when nil.
        public var storedFields: [String]?
        /// Where the behaviour comes from.
        public var provenance: Provenance

        /// Where the key sits inside the stored object, which is also what a list of the resource
        /// answers per item: `keyPath` below `echoPath` (`badge.id` echoed at `badge` -> `id`), else
        /// `keyPath`'s last component (`image_key`). The mock stores keys there; the runner reads them there.
        public var itemKeyPath: String {
            if let echoPath, keyPath.hasPrefix(echoPath + ".") { return String(keyPath.dropFirst(echoPath.count + 1)) }
            return keyPath.split(separator: ".").last.map(String.init) ?? keyPath
        }

        /// The body field of `endpoint` (the creating endpoint) whose value is the new item's key,
        /// when the client names the item: a field named as the key's last component (a pin is
        /// keyed by the `message_id` it pins). Nil when the platform makes the key (decision
        /// convention-client-key).
        public func clientKeyField(in endpoint: EndpointSpec) -> String? {
            endpoint.request.contains { $0.name == itemKeyName && $0.location == .body && $0.type == .string } ? itemKeyName : nil
        }

        /// The key's own member name (`itemKeyPath`'s last component: `id`, `message_id`).
        public var itemKeyName: String { itemKeyPath.split(separator: ".").last.map(String.init) ?? itemKeyPath }

        /// Creates the value from its parts (specs are normally decoded from JSON).
        public init(
            resource: String, keyPath: String, keyStyle: String, echoPath: String? = nil, storedFields: [String]? = nil,
            provenance: Provenance
        ) {
            self.resource = resource
            self.keyPath = keyPath
            self.keyStyle = keyStyle
            self.echoPath = echoPath
            self.storedFields = storedFields
            self.provenance = provenance
        }
    }

    /// The endpoint lists a tenant's resources, paginated.
    public struct Lists: Sendable, Hashable, Codable {
        /// The resource collection (`badge`, `im_image`).
        public var resource: String
        /// Array field under `data` holding the items (`badges`).
        public var itemsPath: String
        /// Query parameter with the page size (`page_size`).
        public var pageSizeParam: String
        /// Query parameter with the page token (`page_token`).
        public var pageTokenParam: String
        /// Response field with the next page token (`page_token`).
        public var pageTokenPath: String
        /// Response field telling whether more items follow (`has_more`).
        public var hasMorePath: String
        /// True when the next page token is sent only while `has_more` is true.
        public var pageTokenOnlyWhenMore: Rule<Bool>
        /// Item order.
        public var order: Rule<ListOrder>
        /// Exact-match filters: query parameter -> item field.
        public var filters: [ListFilter]?
        /// Where the behaviour comes from.
        public var provenance: Provenance

        /// Creates the value from its parts (specs are normally decoded from JSON).
        public init(
            resource: String, itemsPath: String, pageSizeParam: String, pageTokenParam: String, pageTokenPath: String,
            hasMorePath: String, pageTokenOnlyWhenMore: Rule<Bool>, order: Rule<ListOrder>, filters: [ListFilter]? = nil,
            provenance: Provenance
        ) {
            self.resource = resource
            self.itemsPath = itemsPath
            self.pageSizeParam = pageSizeParam
            self.pageTokenParam = pageTokenParam
            self.pageTokenPath = pageTokenPath
            self.hasMorePath = hasMorePath
            self.pageTokenOnlyWhenMore = pageTokenOnlyWhenMore
            self.order = order
            self.filters = filters
            self.provenance = provenance
        }
    }

    /// A field's value is unique per tenant among a resource's items.
    public struct Unique: Sendable, Hashable, Codable {
        /// The resource collection (`badge`, `im_image`).
        public var resource: String
        /// The request field (body field name) that must be unique.
        public var field: String
        /// The error the platform answers when the behaviour refuses a request.
        public var error: ErrorBinding
        /// Where the behaviour comes from.
        public var provenance: Provenance
    }

    /// A tenant holds at most `limit` items of a resource.
    public struct Quota: Sendable, Hashable, Codable {
        /// The resource collection (`badge`, `im_image`).
        public var resource: String
        /// Most items a tenant may hold.
        public var limit: Int
        /// The error the platform answers when the behaviour refuses a request.
        public var error: ErrorBinding
        /// Where the behaviour comes from.
        public var provenance: Provenance
    }

    /// A request field names a resource key that must exist, belong to the caller's tenant, and be fresh enough.
    public struct References: Sendable, Hashable, Codable {
        /// The request field (body field name).
        public var field: String
        /// The referenced resource collection.
        public var resource: String
        /// Error for a key that exists in another tenant.
        public var foreignTenantError: ErrorBinding
        /// Error for a key that exists nowhere.
        public var unknownKeyError: ErrorBinding
        /// Keys older than this are refused.
        public var maxAgeSeconds: Rule<Int>?
        /// Error for an expired key.
        public var expiredError: ErrorBinding?
        /// Where the behaviour comes from.
        public var provenance: Provenance
    }

    /// The calling app or tenant needs a capability (`bot`, `badgePlan`) configured on the platform side.
    public struct RequiresCapability: Sendable, Hashable, Codable {
        /// The capability's name (`bot`, `badgePlan`).
        public var capability: String
        /// The error the platform answers when the behaviour refuses a request.
        public var error: ErrorBinding
        /// Where the behaviour comes from.
        public var provenance: Provenance
    }

    /// A request that names one stored item of `resource` by the path parameter `keyParam`.
    /// The item must exist in the caller's tenant (and under the parent the path names, for a
    /// nested resource); otherwise the request is refused with `notFoundError`.
    public struct ItemAccess: Sendable, Hashable, Codable {
        /// What the request does with the item.
        public enum Operation: String, Sendable, Hashable, Codable, CaseIterable {
            /// Answers the item (GET `collection/:id`).
            case read
            /// Changes the item's stored fields from the request body (PUT or PATCH `collection/:id`).
            case update
            /// Removes the item (DELETE `collection/:id`); later requests naming it are refused.
            case delete
            /// Answers the bytes stored with the item, with their content type (a binary GET).
            case download
            /// Does something that needs the item to exist (POST `collection/:id/reply`, GET `collection/:id/read_users`).
            case act
        }

        /// What the request does with the item.
        public var operation: Operation
        /// The resource collection (`badge`, `im_image`).
        public var resource: String
        /// The path parameter holding the item's key (`badge_id`).
        public var keyParam: String
        /// Dotted path under `data` where the item is answered (`badge`), if the reply echoes it.
        public var echoPath: String?
        /// The error a key naming no item of the caller's tenant gets.
        public var notFoundError: ErrorBinding
        /// Where the behaviour comes from.
        public var provenance: Provenance

        /// Creates the value from its parts (specs are normally decoded from JSON).
        public init(
            operation: Operation, resource: String, keyParam: String, echoPath: String? = nil, notFoundError: ErrorBinding,
            provenance: Provenance
        ) {
            self.operation = operation
            self.resource = resource
            self.keyParam = keyParam
            self.echoPath = echoPath
            self.notFoundError = notFoundError
            self.provenance = provenance
        }
    }

    /// The endpoint's own resource (what it creates, lists or addresses) belongs to an item of
    /// `resource` named by the path parameter `param`: that item must exist in the caller's
    /// tenant, items created here belong to it, lists here show only its items.
    public struct Nested: Sendable, Hashable, Codable {
        /// The path parameter naming the parent item (`badge_id`).
        public var param: String
        /// The parent's resource collection (`badge`).
        public var resource: String
        /// The error a parameter naming no item of the caller's tenant gets.
        public var notFoundError: ErrorBinding
        /// Where the behaviour comes from.
        public var provenance: Provenance

        /// Creates the value from its parts (specs are normally decoded from JSON).
        public init(param: String, resource: String, notFoundError: ErrorBinding, provenance: Provenance) {
            self.param = param
            self.resource = resource
            self.notFoundError = notFoundError
            self.provenance = provenance
        }
    }

    /// The `kind` discriminator.
    public var kind: String {
        switch self {
        case .creates: "creates"
        case .lists: "lists"
        case .unique: "unique"
        case .quota: "quota"
        case .references: "references"
        case .requiresCapability: "requiresCapability"
        case .item: "item"
        case .nested: "nested"
        }
    }

    /// The behaviour's provenance.
    public var provenance: Provenance {
        switch self {
        case .creates(let b): b.provenance
        case .lists(let b): b.provenance
        case .unique(let b): b.provenance
        case .quota(let b): b.provenance
        case .references(let b): b.provenance
        case .requiresCapability(let b): b.provenance
        case .item(let b): b.provenance
        case .nested(let b): b.provenance
        }
    }

    /// The errors the behaviour answers refusals with, in declaration order.
    public var errorBindings: [ErrorBinding] {
        switch self {
        case .unique(let b): [b.error]
        case .quota(let b): [b.error]
        case .requiresCapability(let b): [b.error]
        case .references(let b): [b.foreignTenantError, b.unknownKeyError] + (b.expiredError.map { [$0] } ?? [])
        case .item(let b): [b.notFoundError]
        case .nested(let b): [b.notFoundError]
        case .creates, .lists: []
        }
    }

    enum KindKey: String, CodingKey { case kind }

    /// Decodes by `kind`; an unknown kind names the valid ones.
    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: KindKey.self).decode(String.self, forKey: .kind)
        switch kind {
        case "creates": self = .creates(try Creates(from: decoder))
        case "lists": self = .lists(try Lists(from: decoder))
        case "unique": self = .unique(try Unique(from: decoder))
        case "quota": self = .quota(try Quota(from: decoder))
        case "references": self = .references(try References(from: decoder))
        case "requiresCapability": self = .requiresCapability(try RequiresCapability(from: decoder))
        case "item": self = .item(try ItemAccess(from: decoder))
        case "nested": self = .nested(try Nested(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: try decoder.container(keyedBy: KindKey.self),
                debugDescription: "unknown behaviour kind \"\(kind)\": use creates, lists, unique, quota, references, requiresCapability, item or nested")
        }
    }

    /// Encodes the behaviour with its `kind`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: KindKey.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .creates(let b): try b.encode(to: encoder)
        case .lists(let b): try b.encode(to: encoder)
        case .unique(let b): try b.encode(to: encoder)
        case .quota(let b): try b.encode(to: encoder)
        case .references(let b): try b.encode(to: encoder)
        case .requiresCapability(let b): try b.encode(to: encoder)
        case .item(let b): try b.encode(to: encoder)
        case .nested(let b): try b.encode(to: encoder)
        }
    }
}

/// Sort order of a list.
public struct ListOrder: Sendable, Hashable, Codable {
    /// `createdAt`.
    public var by: String
    /// Oldest or newest first.
    public var direction: ListDirection

    /// Creates an order.
    public init(by: String, direction: ListDirection) {
        self.by = by
        self.direction = direction
    }
}

/// Which end of the order a list starts at (JSON `"ascending"` / `"descending"`).
public enum ListDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Oldest (smallest) first.
    case ascending
    /// Newest (largest) first.
    case descending

    /// The other direction.
    public var reversed: ListDirection { self == .ascending ? .descending : .ascending }
}

/// An exact-match list filter.
public struct ListFilter: Sendable, Hashable, Codable {
    /// Query parameter name.
    public var param: String
    /// Item field it matches.
    public var field: String
    /// Where the behaviour comes from.
    public var provenance: Provenance

    /// Creates a filter.
    public init(param: String, field: String, provenance: Provenance) {
        self.param = param
        self.field = field
        self.provenance = provenance
    }
}

/// Feishu's pagination convention (decision import-pagination): `page_size` and `page_token` in the
/// query, `has_more` and `page_token` in the reply. The one home of those names for the importer
/// and the resource conventions.
public enum FeishuPagination {
    /// Query parameter with the page size.
    public static let pageSize = "page_size"
    /// Query parameter with the page token, and the reply member answering the next one.
    public static let pageToken = "page_token"
    /// Reply member telling whether more items follow.
    public static let hasMore = "has_more"

    /// True when `endpoint` takes the convention's query parameters and answers its members.
    public static func isPaginated(_ endpoint: EndpointSpec) -> Bool {
        let query = endpoint.request.filter { $0.location == .query }.map(\.name)
        let reply = endpoint.response.fields.map(\.name)
        return query.contains(pageSize) && query.contains(pageToken) && reply.contains(hasMore) && reply.contains(pageToken)
    }

    /// A `lists` behaviour of `resource` over the reply's array `itemsPath`, by the convention's names.
    public static func lists(
        resource: String, itemsPath: String, pageTokenOnlyWhenMore: Rule<Bool>, order: Rule<ListOrder>, filters: [ListFilter]? = nil,
        provenance: Provenance
    ) -> Behaviour.Lists {
        Behaviour.Lists(
            resource: resource, itemsPath: itemsPath, pageSizeParam: pageSize, pageTokenParam: pageToken, pageTokenPath: pageToken,
            hasMorePath: hasMore, pageTokenOnlyWhenMore: pageTokenOnlyWhenMore, order: order, filters: filters, provenance: provenance)
    }
}
