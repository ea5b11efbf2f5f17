/// A row of the page's basic-information table (`HTTP URL`, `HTTP Method`, `接口频率限制`, ...).
public struct InfoRow: Sendable, Equatable {
    /// The first cell, plain, line breaks as spaces (`权限要求 调用该 API 所需的权限。...`).
    public var name: String
    /// The value cell, raw Markdown.
    public var value: String
    /// Where the row is.
    public var location: PageLocation

    /// Creates a row.
    public init(name: String, value: String, location: PageLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}
