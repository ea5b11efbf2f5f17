import ConformanceSpec

/// What a doc page says about its endpoint, read but not yet interpreted: the basic-information
/// rows, the parameter and response tables as trees, the error table, the examples and the
/// page's own text. ``SpecTranslator`` turns it into an ``EndpointSpec``.
public struct EndpointPage: Sendable, Equatable {
    /// The page's file name as given to `import` (relative to the directory it was found in).
    public var file: String
    /// The page's title (front matter `title`, else its first level-1 heading).
    public var title: String
    /// The front matter.
    public var frontMatter: [String: String]
    /// Rows of the basic-information table, in page order.
    public var info: [InfoRow]
    /// `HTTP Method`, upper-case.
    public var method: String
    /// `HTTP URL`, plain.
    public var url: String
    /// Parameter and response tables.
    public var tables: [ParamTable]
    /// The error table's rows.
    public var errors: [ErrorRow]
    /// The JSON request body example (请求体示例), when the page gives one that parses.
    public var requestExample: JSONValue?
    /// The JSON response example (响应体示例), when the page gives one that parses.
    public var responseExample: JSONValue?
    /// True when the response section says the reply is the file's bytes (返回文件二进制流) and has no table.
    public var binaryResponse: Bool
    /// Plain text lines before `## 请求`: the page's description, prerequisites and limits.
    public var intro: [String]
    /// The `最后更新于 2023-05-16` line's date, when the page has one.
    public var updatedLine: String?
    /// Headings of tables in example sections (they explain an example, not the endpoint).
    public var exampleTables: [String]
    /// Headings of tables that explain values of fields (附录, 说明), not parameters.
    public var explanationTables: [String] = []
    /// What could not be read, naming the table or cell.
    public var warnings: [ImportWarning]

    /// Creates a page model.
    public init(
        file: String, title: String, frontMatter: [String: String] = [:], info: [InfoRow] = [], method: String, url: String,
        tables: [ParamTable] = [], errors: [ErrorRow] = [], requestExample: JSONValue? = nil, responseExample: JSONValue? = nil,
        binaryResponse: Bool = false, intro: [String] = [], updatedLine: String? = nil, exampleTables: [String] = [],
        warnings: [ImportWarning] = []
    ) {
        self.file = file
        self.title = title
        self.frontMatter = frontMatter
        self.info = info
        self.method = method
        self.url = url
        self.tables = tables
        self.errors = errors
        self.requestExample = requestExample
        self.responseExample = responseExample
        self.binaryResponse = binaryResponse
        self.intro = intro
        self.updatedLine = updatedLine
        self.exampleTables = exampleTables
        self.warnings = warnings
    }

    /// The basic-information row whose name starts with `prefix`.
    public func info(_ prefix: String) -> InfoRow? { info.first { $0.name.hasPrefix(prefix) } }

    /// The tables of one section, in page order.
    public func tables(_ section: ParamSection) -> [ParamTable] { tables.filter { $0.section == section } }
}
