/// A non-blank line outside headings, tables and code.
public struct MarkdownText: Sendable, Equatable {
    /// The line, trimmed.
    public var text: String
    /// 1-based line number.
    public var line: Int

    /// Creates a text line.
    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}
