/// The changes between two spec sets, sorted by endpoint, path and class.
public struct SpecDiff: Sendable, Hashable {
    /// How the old side was given (`HEAD~1:Specs @ 1a2b3c4`, `old/Specs`).
    public var oldLabel: String
    /// How the new side was given.
    public var newLabel: String
    /// Every change, in report order.
    public var changes: [SpecChange]

    /// Creates a diff; changes are put in report order.
    public init(oldLabel: String, newLabel: String, changes: [SpecChange]) {
        self.oldLabel = oldLabel
        self.newLabel = newLabel
        self.changes = changes.sorted(by: SpecDiff.reportOrder)
    }

    /// Platform facts first, then endpoints by id; within one, by path, then class.
    static func reportOrder(_ a: SpecChange, _ b: SpecChange) -> Bool {
        let ka = (a.endpoint == "platform" ? 0 : 1, a.endpoint, a.file, a.path, a.changeClass.rawValue, a.old ?? "", a.new ?? "")
        let kb = (b.endpoint == "platform" ? 0 : 1, b.endpoint, b.file, b.path, b.changeClass.rawValue, b.old ?? "", b.new ?? "")
        if ka.0 != kb.0 { return ka.0 < kb.0 }
        if ka.1 != kb.1 { return ka.1 < kb.1 }
        if ka.2 != kb.2 { return ka.2 < kb.2 }
        if ka.3 != kb.3 { return ka.3 < kb.3 }
        if ka.4 != kb.4 { return ka.4 < kb.4 }
        if ka.5 != kb.5 { return ka.5 < kb.5 }
        return ka.6 < kb.6
    }

    /// How many changes of a severity.
    public func count(_ severity: ChangeSeverity) -> Int { changes.filter { $0.severity == severity }.count }

    /// The changes at or above `threshold`: what fails a `--fail-on threshold` run.
    public func failing(at threshold: ChangeSeverity) -> [SpecChange] { changes.filter { $0.severity >= threshold } }

    /// `3 breaking, 1 potentially breaking, 12 non-breaking` (or `no changes`).
    public var tally: String {
        guard !changes.isEmpty else { return "no changes" }
        return "\(count(.breaking)) breaking, \(count(.potentiallyBreaking)) potentially breaking, \(count(.nonBreaking)) non-breaking"
    }
}
