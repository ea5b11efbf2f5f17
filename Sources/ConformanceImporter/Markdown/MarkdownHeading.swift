/// A heading: `### 请求体` is level 3 with text `请求体`.
public struct MarkdownHeading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The heading's text, trimmed, without the `#` marks.
    public var text: String
    /// 1-based line number in the file.
    public var line: Int

    /// Creates a heading.
    public init(level: Int, text: String, line: Int) {
        self.level = level
        self.text = text
        self.line = line
    }
}
