import Foundation

/// The parse stage's first half: Markdown text to a ``MarkdownPage``.
public protocol MarkdownParsing: Sendable {
    /// Splits `text` into front matter and blocks. Never fails: what it cannot classify is text.
    func parse(_ text: String) -> MarkdownPage
}

/// The default Markdown parser: front matter, ATX headings, fenced code, pipe tables in both
/// dialects (``TableDialect``) and text lines. Cells are split on `|` outside code spans and
/// escapes (the GFM export leaves `|` unescaped inside backticks, e.g. in regexes).
public struct MarkdownParser: MarkdownParsing {
    /// Creates a parser.
    public init() {}

    /// Splits `text` into front matter and blocks.
    public func parse(_ text: String) -> MarkdownPage {
        // Split on the newline byte: splitting Characters would break graphemes for nothing.
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        for i in lines.indices where lines[i].utf8.last == 0x0D { lines[i] = lines[i].dropLast() }
        var page = MarkdownPage()
        var i = 0
        if let first = lines.first, Self.trimmed(first) == "---" {
            var j = 1
            while j < lines.count, Self.trimmed(lines[j]) != "---" { j += 1 }
            if j < lines.count {
                for line in lines[1..<j] {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    let key = Self.trimmed(line[..<colon])
                    var value = Self.trimmed(line[line.index(after: colon)...])
                    if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
                        value = String(value.dropFirst().dropLast())
                    }
                    if !key.isEmpty { page.frontMatter[key] = value }
                }
                i = j + 1
            }
        }
        while i < lines.count {
            let raw = lines[i]
            let line = Self.trimmed(raw)
            if line.isEmpty {
                i += 1
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                let fence = String(line.prefix(3))
                let info = Self.trimmed(line.dropFirst(3).drop { $0 == fence.first })
                var body: [Substring] = []
                var j = i + 1
                while j < lines.count, !Self.trimmed(lines[j]).hasPrefix(fence) {
                    body.append(lines[j])
                    j += 1
                }
                page.blocks.append(.code(MarkdownCode(info: info, text: body.joined(separator: "\n"), line: i + 1)))
                i = j + 1
                continue
            }
            if let heading = Self.heading(line, line: i + 1) {
                page.blocks.append(.heading(heading))
                i += 1
                continue
            }
            if line.utf8.contains(0x7C), i + 1 < lines.count, Self.isDelimiterRow(lines[i + 1]) {
                let (table, next) = Self.table(lines, headerAt: i)
                page.blocks.append(.table(table))
                i = next
                continue
            }
            page.blocks.append(.text(MarkdownText(text: line, line: i + 1)))
            i += 1
        }
        return page
    }

    // MARK: Lines

    static func trimmed<S: StringProtocol>(_ s: S) -> String {
        var start = s.startIndex
        var end = s.endIndex
        while start < end, s[start].isWhitespace { start = s.index(after: start) }
        while end > start, s[s.index(before: end)].isWhitespace { end = s.index(before: end) }
        return String(s[start..<end])
    }

    static func heading(_ line: String, line number: Int) -> MarkdownHeading? {
        guard line.hasPrefix("#") else { return nil }
        let level = line.prefix { $0 == "#" }.count
        guard level <= 6 else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first?.isWhitespace == true else { return nil }
        var text = trimmed(rest)
        while text.hasSuffix("#") && text.count > 1 && text.dropLast().hasSuffix(" ") { text = trimmed(text.dropLast()) }
        return MarkdownHeading(level: level, text: text, line: number)
    }

    /// `| --- | :---: |`, `---|---`, `|--|-----|`.
    static func isDelimiterRow(_ raw: Substring) -> Bool {
        var cells = trimmed(raw).split(separator: "|", omittingEmptySubsequences: false).map { trimmed($0) }
        if cells.first == "" { cells.removeFirst() }
        if cells.last == "" { cells.removeLast() }
        guard !cells.isEmpty else { return false }
        for cell in cells {
            var body = Substring(cell)
            if body.hasPrefix(":") { body = body.dropFirst() }
            if body.hasSuffix(":") { body = body.dropLast() }
            guard !body.isEmpty, body.allSatisfy({ $0 == "-" }) else { return false }
        }
        return true
    }

    /// A line ending in a Markdown hard break (two or more spaces, or a backslash) runs on.
    static func endsWithHardBreak(_ raw: Substring) -> Bool {
        let u = raw.utf8
        if u.last == 0x5C { return true }
        var spaces = 0
        for b in u.reversed() {
            guard b == 0x20 else { break }
            spaces += 1
        }
        return spaces >= 2
    }

    // MARK: Tables

    static func table(_ lines: [Substring], headerAt start: Int) -> (MarkdownTable, Int) {
        let headerLine = trimmed(lines[start])
        let dialect: TableDialect = headerLine.hasPrefix("|") ? .pipes : .bare
        var header = splitCells(headerLine, dialect: dialect, respectCode: false).map { plainHeader($0) }
        // `**名称** | **类型** |` over rows with outer pipes: the header's trailing pipe is outer too.
        if dialect == .bare, headerLine.hasSuffix("|"), header.last?.isEmpty == true, start + 2 < lines.count,
            trimmed(lines[start + 2]).hasPrefix("|")
        {
            header.removeLast()
        }
        var rowTexts: [(text: String, line: Int)] = []
        var i = start + 2
        switch dialect {
        case .pipes:
            while i < lines.count {
                let line = trimmed(lines[i])
                guard line.hasPrefix("|") else { break }
                rowTexts.append((line, i + 1))
                i += 1
            }
        case .bare:
            var previousRuns = false
            while i < lines.count {
                let raw = lines[i]
                let line = trimmed(raw)
                if line.isEmpty || line.hasPrefix("```") || heading(line, line: i + 1) != nil { break }
                if previousRuns, let last = rowTexts.indices.last {
                    rowTexts[last].text += "<br>" + line
                } else {
                    rowTexts.append((line, i + 1))
                }
                previousRuns = endsWithHardBreak(raw)
                i += 1
            }
        }
        var rows: [TableRow] = []
        var problems: [TableProblem] = []
        for (index, row) in rowTexts.enumerated() {
            var cells = splitCells(row.text, dialect: dialect, respectCode: true)
            if cells.count != header.count {
                let naive = splitCells(row.text, dialect: dialect, respectCode: false)
                if naive.count == header.count { cells = naive }
            }
            if cells.count != header.count, !header.isEmpty {
                problems.append(TableProblem(row: index, found: cells.count, expected: header.count))
                if cells.count > header.count {
                    let kept = cells.prefix(header.count - 1)
                    cells = Array(kept) + [cells.dropFirst(header.count - 1).joined(separator: " | ")]
                } else {
                    cells += Array(repeating: "", count: header.count - cells.count)
                }
            }
            rows.append(TableRow(cells: cells, line: row.line))
        }
        return (MarkdownTable(header: header, rows: rows, line: start + 1, dialect: dialect, problems: problems), i)
    }

    /// `**参数**` -> `参数`.
    static func plainHeader(_ cell: String) -> String {
        trimmed(cell.replacing("**", with: "").replacing("&nbsp;", with: " "))
    }

    /// The cells of one row: split on `|` that is not escaped (`\|`) and, with `respectCode`, not
    /// inside a code span; outer pipes (of the `pipes` dialect, or of a row that starts with one)
    /// are dropped; cells are trimmed.
    static func splitCells(_ text: String, dialect: TableDialect, respectCode: Bool) -> [String] {
        let u = text.utf8
        var cells: [String] = []
        var cellStart = u.startIndex
        var index = u.startIndex
        var openTicks = 0
        while index < u.endIndex {
            let b = u[index]
            if b == 0x5C {  // backslash: skip the escaped byte
                index = u.index(after: index)
                if index < u.endIndex { index = u.index(after: index) }
                continue
            }
            if b == 0x60 && respectCode {  // backtick run
                var run = 0
                while index < u.endIndex, u[index] == 0x60 {
                    run += 1
                    index = u.index(after: index)
                }
                if openTicks == 0 {
                    openTicks = run
                } else if run == openTicks {
                    openTicks = 0
                }
                continue
            }
            if b == 0x7C && openTicks == 0 {
                cells.append(String(text[cellStart..<index]))
                cellStart = u.index(after: index)
            }
            index = u.index(after: index)
        }
        cells.append(String(text[cellStart..<u.endIndex]))
        // Outer pipes (always in the `pipes` dialect; some `bare` tables have them on some rows)
        // are no cells.
        if dialect == .pipes || text.hasPrefix("|") {
            if cells.first.map({ trimmed($0).isEmpty }) == true { cells.removeFirst() }
            if cells.count > 0, cells.last.map({ trimmed($0).isEmpty }) == true, text.hasSuffix("|") { cells.removeLast() }
        }
        return cells.map { trimmed($0) }
    }
}
