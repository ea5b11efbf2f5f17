/// An endpoint path template (`/open-apis/admin/v1/badges/:badge_id`) as its segments: literals and
/// `:parameters`. The one reading of a template for the mock's and the proxy's routers and the
/// resource conventions.
public struct PathTemplate: Sendable, Hashable {
    /// One segment of a template.
    public enum Segment: Sendable, Hashable {
        /// Text the request path must hold here.
        case literal(String)
        /// A path parameter, by name (without the colon).
        case parameter(String)
    }

    /// The segments, in order (empty segments of `//` or a trailing `/` dropped).
    public let segments: [Segment]

    /// Reads `path`.
    public init(_ path: String) {
        segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
            $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal(String($0))
        }
    }

    /// The first `count` segments with parameter names erased: `open-apis/admin/v1/badges/:/grants`.
    public func key(upTo count: Int) -> String {
        segments.prefix(count).map {
            switch $0 {
            case .literal(let text): text
            case .parameter: ":"
            }
        }.joined(separator: "/")
    }
}
