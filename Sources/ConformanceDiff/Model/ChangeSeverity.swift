/// How much a spec change can hurt a client that worked against the old specs.
///
/// Ordered: `nonBreaking < potentiallyBreaking < breaking`, so a `--fail-on` threshold is a
/// comparison. The raw values are what reports and `--fail-on` spell.
public enum ChangeSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// No client that followed the old specs can be hurt (a limit loosened, an optional field added,
    /// a doc quote reworded).
    case nonBreaking = "non-breaking"
    /// Some clients may be hurt, depending on what they do (a default changed, an error code added,
    /// a response enum grown).
    case potentiallyBreaking = "potentially-breaking"
    /// A request that followed the old specs may now be refused, or a reply that a client read as
    /// documented may now differ (a field removed, a limit tightened, a type changed).
    case breaking

    /// Position in the order, least severe first.
    var rank: Int {
        switch self {
        case .nonBreaking: 0
        case .potentiallyBreaking: 1
        case .breaking: 2
        }
    }

    /// Orders by harm, least severe first.
    public static func < (lhs: ChangeSeverity, rhs: ChangeSeverity) -> Bool { lhs.rank < rhs.rank }

    /// `Breaking`, `Potentially breaking`, `Non-breaking`: for headings.
    public var title: String {
        switch self {
        case .breaking: "Breaking"
        case .potentiallyBreaking: "Potentially breaking"
        case .nonBreaking: "Non-breaking"
        }
    }
}
