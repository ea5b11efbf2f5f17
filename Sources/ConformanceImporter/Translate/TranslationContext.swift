import ConformanceSpec

/// What translating one page collects besides the spec: warnings that name the table or cell,
/// and the conventions (``ImportDecision``) it applied.
struct TranslationContext {
    /// What could not be fully read.
    var warnings: [ImportWarning] = []
    /// Conventions applied, in first-use order.
    private(set) var decisions: [ImportDecision] = []
    /// What a convention was applied to on this page, by convention (named in the spec's decision).
    private(set) var details: [ImportDecision: [String]] = [:]

    /// An inferred provenance naming the convention, which is recorded as used.
    mutating func inferred(_ decision: ImportDecision, _ reason: String) -> Provenance {
        use(decision)
        return .inferred("\(reason) (decision \(decision.rawValue))")
    }

    /// Records a convention as used.
    mutating func use(_ decision: ImportDecision) {
        if !decisions.contains(decision) { decisions.append(decision) }
    }

    /// Records a convention as used for `detail` (a field and its value), which the spec's decision names.
    mutating func use(_ decision: ImportDecision, for detail: String) {
        use(decision)
        let detail = ImportDecision.detailText(detail)
        if details[decision, default: []].contains(detail) == false { details[decision, default: []].append(detail) }
    }

    /// The decisions as the spec records them.
    var recorded: [Decision] { decisions.map { $0.decision(details: details[$0] ?? []) } }

    /// Adds a warning.
    mutating func warn(_ location: String, _ message: String) {
        warnings.append(ImportWarning(location: location, message: message))
    }
}
