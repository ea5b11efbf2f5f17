/// A fenced code block (```` ```json ````).
public struct MarkdownCode: Sendable, Equatable {
    /// The info string after the opening fence (`json`, `HTTP`), trimmed; empty when none.
    public var info: String
    /// The lines between the fences, joined with newlines.
    public var text: String
    /// 1-based line number of the opening fence.
    public var line: Int

    /// Creates a code block.
    public init(info: String, text: String, line: Int) {
        self.info = info
        self.text = text
        self.line = line
    }
}
