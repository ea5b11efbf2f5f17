import ConformanceSpec

/// A generic comparison of two JSON documents: the paths where they differ, with array elements
/// paired by ``ElementKeys``. The differ runs it over each pair of spec files after its typed
/// comparison, so a difference no change class accounts for is still reported.
enum JSONTreeDiff {
    /// One place where the documents differ: a member or element present on one side only, a
    /// scalar (or a list of scalars) that changed, or a value whose JSON type changed.
    struct Difference: Sendable, Hashable {
        var path: String
        var old: JSONValue?
        var new: JSONValue?
    }

    /// Every difference between `old` and `new` under `path`, outermost first.
    static func differences(_ old: JSONValue?, _ new: JSONValue?, at path: SpecPath = .root) -> [Difference] {
        if old == new { return [] }
        switch (old, new) {
        case (.object(let a)?, .object(let b)?):
            var out: [Difference] = []
            for key in Set(a.keys).union(b.keys).sorted() {
                out += differences(a[key], b[key], at: path.member(key))
            }
            return out
        case (.array(let a)?, .array(let b)?) where (a + b).contains(where: isContainer):
            let paired = ElementKeys.pair(a, b, identity: ElementKeys.identity(ofJSON:))
            var out: [Difference] = []
            for item in paired.removed { out.append(Difference(path: path.element(item.key).description, old: item.value, new: nil)) }
            for item in paired.matched { out += differences(item.old, item.new, at: path.element(item.key)) }
            for item in paired.added { out.append(Difference(path: path.element(item.key).description, old: nil, new: item.value)) }
            return out
        default:
            return [Difference(path: path.description, old: old, new: new)]
        }
    }

    static func isContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .array: true
        default: false
        }
    }

    /// The model's view of a spec file with whatever the model does not read kept beside it: the
    /// re-encoded document (defaults made explicit, key order irrelevant) plus every member of the
    /// raw file the encoding lacks, recursively.
    static func normalised(raw: JSONValue, encoded: JSONValue) -> JSONValue {
        switch (raw, encoded) {
        case (.object(let r), .object(let e)):
            var out = e
            for (key, value) in r {
                if let modelled = e[key] { out[key] = normalised(raw: value, encoded: modelled) } else { out[key] = value }
            }
            return .object(out)
        case (.array(let r), .array(let e)) where r.count == e.count:
            return .array(zip(r, e).map { normalised(raw: $0, encoded: $1) })
        default:
            return encoded
        }
    }
}
