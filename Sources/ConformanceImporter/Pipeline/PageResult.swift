/// One page and what became of it.
public struct PageResult: Sendable {
    /// The page.
    public var input: PageInput
    /// What became of it.
    public var outcome: PageOutcome

    /// Creates a result.
    public init(input: PageInput, outcome: PageOutcome) {
        self.input = input
        self.outcome = outcome
    }

    /// The imported spec, if any.
    public var imported: ImportedSpec? { if case .imported(let s) = outcome { s } else { nil } }

    /// Why it is a problem (the command then exits 1), or nil: a page named on the command line
    /// that is not an endpoint page, an endpoint page without a usable method or URL, and a spec
    /// with import warnings or lint findings.
    public var problem: String? {
        switch outcome {
        case .imported(let s):
            let errors = s.diagnostics.filter { $0.severity == .error }.count
            let warnings = s.diagnostics.count - errors
            guard !s.diagnostics.isEmpty else { return nil }
            let notes = s.spec.importWarnings?.count ?? 0
            var parts: [String] = []
            if errors > 0 { parts.append("\(errors) lint error(s)") }
            if warnings > 0 { parts.append("\(warnings) lint warning(s)\(notes > 0 ? " (\(notes) from what the page did not let it read)" : "")") }
            return "\(s.fileName): " + parts.joined(separator: ", ")
        case .skipped(let reason, let detail):
            switch reason {
            case .incomplete: return "not imported: \(detail)"
            case .event, .notEndpoint, .exportNotes: return input.isExplicit ? "not imported: \(reason.title) (\(detail))" : nil
            case .duplicateEndpoint, .curatedKept: return nil
            }
        }
    }
}
