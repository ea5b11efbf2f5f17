/// One row of the page's error table.
public struct ErrorRow: Sendable, Equatable {
    /// The HTTP status cell as a number, or nil when the table has no such column or the cell is not a number.
    public var httpStatus: Int?
    /// The platform error code.
    public var code: Int
    /// The message (描述), plain.
    public var message: String
    /// The advice (排查建议), plain; nil when the table has no such column.
    public var advice: String?
    /// The row as the page wrote it, cells joined with ` | `: the quote for facts read from it.
    public var quote: String
    /// Where the row is.
    public var location: PageLocation

    /// Creates a row.
    public init(httpStatus: Int?, code: Int, message: String, advice: String?, quote: String, location: PageLocation) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.advice = advice
        self.quote = quote
        self.location = location
    }
}
