/// What became of one page.
public enum PageOutcome: Sendable {
    /// A spec was made.
    case imported(ImportedSpec)
    /// No spec, for a reason (and a detail for the report).
    case skipped(SkipReason, String)
}
