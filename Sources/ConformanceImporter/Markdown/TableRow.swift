/// One body row of a table: its cells (raw Markdown, lines joined with `<br>`) and where it starts.
public struct TableRow: Sendable, Equatable {
    /// One cell per header column.
    public var cells: [String]
    /// 1-based line number of the row's first line.
    public var line: Int

    /// Creates a row.
    public init(cells: [String], line: Int) {
        self.cells = cells
        self.line = line
    }

    /// The cell in `column`, or "" when the row is shorter.
    public subscript(column: Int) -> String { column < cells.count ? cells[column] : "" }
}
