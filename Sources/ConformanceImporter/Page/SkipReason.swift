/// Why a page yields no spec. Reports group skipped pages by this.
public enum SkipReason: String, Sendable, Hashable, CaseIterable, Comparable {
    /// An event page (事件体): events are pushed to the app, nothing is called.
    case event
    /// No basic-information table with an `HTTP URL`: a guide, an overview, a reference of
    /// message or card formats, a FAQ.
    case notEndpoint
    /// The page has an `HTTP URL` but no usable `HTTP Method`, or a URL that is not a URL.
    case incomplete
    /// Another page given in the same import describes the same method and path; that page's spec is kept.
    case duplicateEndpoint
    /// A curated spec for this endpoint exists in the output directory; `import` never overwrites one.
    case curatedKept
    /// The export's own notes (`SOURCE.md`, `README.md`), not a doc page.
    case exportNotes

    /// A heading for the group in reports.
    public var title: String {
        switch self {
        case .event: "event pages (事件体: pushed to the app, nothing to call)"
        case .notEndpoint: "not an endpoint page (no HTTP URL: guides, overviews, content formats, FAQs)"
        case .incomplete: "endpoint page without a usable HTTP Method or URL"
        case .duplicateEndpoint: "same method and path as another page of this import (that page's spec is kept)"
        case .curatedKept: "a curated spec exists for the endpoint (never overwritten)"
        case .exportNotes: "the export's own notes, not doc pages"
        }
    }

    /// True for pages that describe an endpoint (counted among the endpoint pages).
    public var isEndpointPage: Bool { [.incomplete, .duplicateEndpoint, .curatedKept].contains(self) }

    /// Declaration order.
    public static func < (a: SkipReason, b: SkipReason) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}
