/// A pipe table: header cells, body rows, and any row whose cells did not fit the header.
public struct MarkdownTable: Sendable, Equatable {
    /// The header row's cells, trimmed.
    public var header: [String]
    /// Body rows; each has exactly `header.count` cells (extra cells are merged into the last
    /// one, missing ones are empty, and the row is listed in `problems`).
    public var rows: [TableRow]
    /// 1-based line number of the header row.
    public var line: Int
    /// How the table was written.
    public var dialect: TableDialect
    /// Rows whose cell count did not match the header: row index -> what was found.
    public var problems: [TableProblem]

    /// Creates a table.
    public init(header: [String], rows: [TableRow], line: Int, dialect: TableDialect, problems: [TableProblem] = []) {
        self.header = header
        self.rows = rows
        self.line = line
        self.dialect = dialect
        self.problems = problems
    }
}
