/// The outcome of reading one page.
public enum ReadOutcome: Sendable, Equatable {
    /// An endpoint page.
    case endpoint(EndpointPage)
    /// Not usable as an endpoint page, with the reason and a detail for the report.
    case skipped(SkipReason, String)
}
