import ConformanceSpec

/// A JSON path into a spec file whose array elements are named by identity, not position:
/// `$.request[name=name].maxLength`. The typed comparison and the generic JSON walk build paths the
/// same way (``ElementKeys``), so a difference the walk finds can be matched to the change that
/// accounts for it.
struct SpecPath: Sendable, Hashable, CustomStringConvertible {
    /// The rendered path.
    private(set) var description: String

    /// `$`, the document.
    static let root = SpecPath(description: "$")

    /// The member `key`: `.key`, or `["key"]` when it is not a plain name.
    func member(_ key: String) -> SpecPath {
        let plain =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "$")
            }
        return SpecPath(description: description + (plain ? ".\(key)" : "[\(JSONValue.string(key).jsonText)]"))
    }

    /// The element whose key is `key` (`name=image_type`, or a position `2`).
    func element(_ key: String) -> SpecPath { SpecPath(description: description + "[\(key)]") }

    /// True when `other` is this path or lies inside it.
    func covers(_ other: String) -> Bool {
        other == description || other.hasPrefix(description + ".") || other.hasPrefix(description + "[")
    }
}

/// Names array elements for pairing and paths: by what identifies them (a field's name, an error's
/// code), else by position when some element has no identity or two share one.
enum ElementKeys {
    /// The identity of an element as the spec JSON has it: `name=…` (fields), `code=…` (errors),
    /// `id=…` (decisions), `param=…` (list filters), `kind=…:…` (behaviours), `window=…` (rate
    /// limits), `value=…` (enum cases), `formats=…` (pixel limits); nil when none applies.
    static func identity(ofJSON element: JSONValue) -> String? {
        guard case .object(let members) = element else { return nil }
        if let name = members["name"]?.stringValue { return "name=\(name)" }
        if let code = members["code"]?.intValue { return "code=\(code)" }
        if let id = members["id"]?.stringValue { return "id=\(id)" }
        if let param = members["param"]?.stringValue { return "param=\(param)" }
        if let kind = members["kind"]?.stringValue {
            let key = members["field"]?.stringValue ?? members["capability"]?.stringValue ?? members["resource"]?.stringValue ?? ""
            return behaviourIdentity(kind: kind, key: key)
        }
        if let value = members["value"] {
            if let window = value["window"]?.stringValue { return "window=\(window)" }
            switch value {
            case .object, .array: break
            default: return "value=\(value.jsonText)"
            }
        }
        if let formats = members["formats"]?.arrayValue {
            let names = formats.compactMap(\.stringValue)
            if names.count == formats.count { return "formats=\(names.joined(separator: ","))" }
        }
        return nil
    }

    /// `kind=unique:name`.
    static func behaviourIdentity(kind: String, key: String) -> String { "kind=\(kind):\(key)" }

    /// The keys of a list of elements from their identities: the identities when every element has
    /// one and no two share it, else positions (`0`, `1`, ...).
    static func keys(_ identities: [String?]) -> [String] {
        let known = identities.compactMap { $0 }
        if known.count == identities.count, Set(known).count == known.count { return known }
        return identities.indices.map(String.init)
    }

    /// Pairs the elements of two lists by key: matched pairs (in the new list's order), elements
    /// only in the old list, elements only in the new one.
    static func pair<T>(_ old: [T], _ new: [T], identity: (T) -> String?)
        -> (matched: [(key: String, old: T, new: T)], removed: [(key: String, value: T)], added: [(key: String, value: T)])
    {
        let oldKeys = keys(old.map(identity))
        let newKeys = keys(new.map(identity))
        var oldByKey: [String: T] = [:]
        for (key, value) in zip(oldKeys, old) { oldByKey[key] = value }
        let newSet = Set(newKeys)
        var matched: [(key: String, old: T, new: T)] = []
        var added: [(key: String, value: T)] = []
        for (key, value) in zip(newKeys, new) {
            if let previous = oldByKey[key] { matched.append((key, previous, value)) } else { added.append((key, value)) }
        }
        let removed = zip(oldKeys, old).filter { !newSet.contains($0.0) }.map { (key: $0.0, value: $0.1) }
        return (matched, removed, added)
    }
}
