/// One row of a parameter or response table, as the page wrote it.
public struct ParamRow: Sendable, Equatable {
    /// The field name, plain (`page_size`).
    public var name: String
    /// Nesting depth from the row's `└` marker (0 for top level); nil when the table marks none.
    public var depth: Int?
    /// The type cell, plain (`string`, `badge[]`, `\-` as `-`).
    public var type: String
    /// The required cell, plain (`是`, `否`), or nil when the table has no such column.
    public var required: String?
    /// The description cell, raw Markdown (markers such as `**示例值**` still in it).
    public var description: String
    /// Where the row is, for quotes and warnings.
    public var location: PageLocation

    /// Creates a row.
    public init(name: String, depth: Int?, type: String, required: String?, description: String, location: PageLocation) {
        self.name = name
        self.depth = depth
        self.type = type
        self.required = required
        self.description = description
        self.location = location
    }
}
