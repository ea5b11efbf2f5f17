/// How two specs of one endpoint differ in one fact.
public struct FactDifference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What kind of difference.
    public enum Kind: String, Sendable, Hashable, Comparable {
        /// The reference states the fact; the other spec does not.
        case missing
        /// Both state it, with different values.
        case differs
        /// Same value, but documented in the reference and only inferred in the other.
        case provenance
        /// The other spec states a fact the reference does not.
        case added

        /// Declaration order.
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// What kind of difference.
    public var kind: Kind
    /// The fact's key.
    public var key: String
    /// The reference's value (curated spec), if any.
    public var reference: String?
    /// The other spec's value (imported from the page), if any.
    public var other: String?

    /// Creates a difference.
    public init(kind: Kind, key: String, reference: String?, other: String?) {
        self.kind = kind
        self.key = key
        self.reference = reference
        self.other = other
    }

    /// By key, then kind.
    public static func < (a: FactDifference, b: FactDifference) -> Bool { (a.key, a.kind) < (b.key, b.kind) }

    /// `differs request.body.name.maxLength: 30 -> 40`.
    public var description: String {
        switch kind {
        case .missing: "missing \(key): \(reference ?? "")"
        case .differs: "differs \(key): \(reference ?? "") -> \(other ?? "")"
        case .provenance: "provenance \(key): documented in the reference, inferred in the import (\(other ?? ""))"
        case .added: "added \(key): \(other ?? "")"
        }
    }
}
