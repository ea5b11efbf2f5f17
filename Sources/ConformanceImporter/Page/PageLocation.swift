/// A place on a doc page: the table (by its heading), the row and the field, for quotes and for
/// import warnings that name the table or cell.
public struct PageLocation: Sendable, Hashable, CustomStringConvertible {
    /// The heading the table sits under (`请求体`).
    public var table: String
    /// 1-based body row number, or nil for the table as a whole.
    public var row: Int?
    /// The row's field name.
    public var field: String?
    /// 1-based line number in the file.
    public var line: Int

    /// Creates a location.
    public init(table: String, row: Int? = nil, field: String? = nil, line: Int) {
        self.table = table
        self.row = row
        self.field = field
        self.line = line
    }

    /// `请求体 table, row 3 (name), line 42`.
    public var description: String {
        var s = "\(table) table"
        if let row { s += ", row \(row)" }
        if let field { s += " (\(field))" }
        return s + ", line \(line)"
    }

    /// The same place, naming one cell: `请求体 table, row 3 (name), cell 描述, line 42`.
    public func cell(_ column: String) -> String {
        var s = "\(table) table"
        if let row { s += ", row \(row)" }
        if let field { s += " (\(field))" }
        return s + ", cell \(column), line \(line)"
    }
}
