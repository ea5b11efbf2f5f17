/// One fact of a spec, keyed by meaning rather than by array position
/// (`request.body.name.maxLength`, `errors.1051104.message`), for comparing two specs of one
/// endpoint: a curated spec with its import (the round trip), or with today's page (doc drift).
public struct SpecFact: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What kind of fact, which decides whether a difference matters.
    public enum Kind: String, Sendable, Hashable, Comparable {
        /// Read from the page's structure (method, path, field names and types, examples, error table).
        case structural
        /// A rule or binding marked `documented`.
        case documented
        /// A rule or binding marked `inferred`.
        case inferred
        /// A resource behaviour (creates, lists): imported ones are inferred conventions.
        case behaviour
        /// Free text and curation (descriptions, triggers, interpretive behaviours): shown, never a failure.
        case note

        /// Declaration order.
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// `request.body.name.maxLength`.
    public var key: String
    /// The value as canonical text (`30`, `["png"]`, `{"code":0,...}`).
    public var value: String
    /// What kind of fact.
    public var kind: Kind

    /// Creates a fact.
    public init(key: String, value: String, kind: Kind) {
        self.key = key
        self.value = value
        self.kind = kind
    }

    /// Facts a curated spec's reader relies on: everything but inferred rules and notes.
    public var isDocumentedFact: Bool { kind == .structural || kind == .documented || kind == .behaviour }

    /// By key, then kind, then value.
    public static func < (a: SpecFact, b: SpecFact) -> Bool { (a.key, a.kind, a.value) < (b.key, b.kind, b.value) }

    /// `request.body.name.maxLength = 30 (documented)`.
    public var description: String { "\(key) = \(value) (\(kind.rawValue))" }
}
