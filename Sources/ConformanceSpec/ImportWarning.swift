/// Something `import` could not fully read from a doc page: the table or cell, and what is missing.
public struct ImportWarning: Sendable, Hashable, Codable {
    /// Where on the page: `请求体 table, row 3 (name), cell 描述`.
    public var location: String
    /// What could not be read and what the spec holds instead.
    public var message: String

    /// Creates the value from its parts.
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }
}
