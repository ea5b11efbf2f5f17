import ConformanceSpec

/// Encodes an `Encodable` straight into a ``JSONValue``, with no JSON text in between (encoding
/// to text and parsing it back was a fifth of an import's time). Containers asked for twice on
/// one encoder share their storage, as `Behaviour` and `Provenance` rely on.
struct JSONValueEncoder {
    /// The value's JSON form.
    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Node()
        try value.encode(to: NodeEncoder(node: root, codingPath: []))
        return root.json
    }

    /// A place in the tree being built.
    final class Node {
        var scalar: JSONValue?
        var members: [String: Node]?
        var items: [Node]?

        var json: JSONValue {
            if let members { return .object(members.mapValues(\.json)) }
            if let items { return .array(items.map(\.json)) }
            return scalar ?? .null
        }
    }

    struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.members == nil { node.members = [:] }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.items == nil { node.items = [] }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func child(_ key: Key) -> Node {
            if let existing = node.members?[key.stringValue] { return existing }
            let n = Node()
            node.members?[key.stringValue] = n
            return n
        }

        mutating func encodeNil(forKey key: Key) throws { child(key).scalar = .null }
        mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).scalar = .bool(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { child(key).scalar = .string(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { child(key).scalar = .int(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { child(key).scalar = .double(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try value.encode(to: NodeEncoder(node: child(key), codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: child(key), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.items?.count ?? 0 }

        func next() -> Node {
            let n = Node()
            node.items?.append(n)
            return n
        }

        mutating func encodeNil() throws { next().scalar = .null }
        mutating func encode(_ value: Bool) throws { next().scalar = .bool(value) }
        mutating func encode(_ value: String) throws { next().scalar = .string(value) }
        mutating func encode(_ value: Int) throws { next().scalar = .int(value) }
        mutating func encode(_ value: Double) throws { next().scalar = .double(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: NodeEncoder(node: next(), codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            NodeEncoder(node: next(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(node: next(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: next(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.scalar = .null }
        mutating func encode(_ value: Bool) throws { node.scalar = .bool(value) }
        mutating func encode(_ value: String) throws { node.scalar = .string(value) }
        mutating func encode(_ value: Int) throws { node.scalar = .int(value) }
        mutating func encode(_ value: Double) throws { node.scalar = .double(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        }
    }
}
