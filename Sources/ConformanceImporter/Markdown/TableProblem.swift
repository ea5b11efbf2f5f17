/// A table row whose cells did not fit the header.
public struct TableProblem: Sendable, Equatable {
    /// Index of the row in ``MarkdownTable/rows``.
    public var row: Int
    /// Cells found.
    public var found: Int
    /// Cells the header has.
    public var expected: Int

    /// Creates a problem record.
    public init(row: Int, found: Int, expected: Int) {
        self.row = row
        self.found = found
        self.expected = expected
    }
}
