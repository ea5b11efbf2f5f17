/// A Markdown doc page split into the parts the importer reads: the YAML front matter and the
/// blocks in page order (headings, tables, fenced code, other text lines).
///
/// Both exports of the platform's docs parse into this one shape: the GFM export (outer pipes,
/// `<br>` inside cells) and the seeds' export (no outer pipes, cells running over several lines).
public struct MarkdownPage: Sendable, Equatable {
    /// `key: value` pairs of the front matter (`title`, `fullPath`, `updateTime`, `source_url`), quotes removed.
    public var frontMatter: [String: String]
    /// The blocks after the front matter, in page order.
    public var blocks: [MarkdownBlock]

    /// Creates a page from its parts.
    public init(frontMatter: [String: String] = [:], blocks: [MarkdownBlock] = []) {
        self.frontMatter = frontMatter
        self.blocks = blocks
    }

    /// Every table, in page order.
    public var tables: [MarkdownTable] {
        blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }

    /// Every heading, in page order.
    public var headings: [MarkdownHeading] {
        blocks.compactMap { if case .heading(let h) = $0 { h } else { nil } }
    }
}
