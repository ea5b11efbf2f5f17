import ConformanceSpec

/// What translating one page collects besides the spec: warnings that name the table or cell,
/// and the conventions (``ImportDecision``) it applied.
struct TranslationContext {
    /// What could not be fully read.
    var warnings: [ImportWarning] = []
    /// Conventions applied, in first-use order.
    private(set) var decisions: [ImportDecision] = []

    /// An inferred provenance naming the convention, which is recorded as used.
    mutating func inferred(_ decision: ImportDecision, _ reason: String) -> Provenance {
        use(decision)
        return .inferred("\(reason) (decision \(decision.rawValue))")
    }

    /// Records a convention as used.
    mutating func use(_ decision: ImportDecision) {
        if !decisions.contains(decision) { decisions.append(decision) }
    }

    /// Adds a warning.
    mutating func warn(_ location: String, _ message: String) {
        warnings.append(ImportWarning(location: location, message: message))
    }
}
