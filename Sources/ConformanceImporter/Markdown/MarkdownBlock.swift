/// One block of a Markdown page.
public enum MarkdownBlock: Sendable, Equatable {
    /// `## 请求`.
    case heading(MarkdownHeading)
    /// A pipe table.
    case table(MarkdownTable)
    /// A fenced code block.
    case code(MarkdownCode)
    /// Any other non-blank line.
    case text(MarkdownText)
}
