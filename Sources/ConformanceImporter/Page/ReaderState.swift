import ConformanceSpec
import Foundation

/// What the reader has gathered so far.
struct ReaderState {
    let file: String
    var title = ""
    var info: [InfoRow] = []
    var tables: [ParamTable] = []
    var errors: [ErrorRow] = []
    var requestExample: JSONValue?
    var responseExample: JSONValue?
    var intro: [String] = []
    var updatedLine: String?
    var warnings: [ImportWarning] = []
    var sawEvent = false
    var binaryHint = false
    /// Headings of tables in example sections, which explain an example rather than the endpoint.
    var exampleTables: [String] = []
    /// Headings of tables that explain values of fields (附录, 说明 tables without parameter columns).
    var explanationTables: [String] = []
    /// The header of the last error table read (a table continuing it may have generic headers).
    var lastErrorHeader: [String]?
    /// `230099 子错误码` tables: sub-codes carried in the parent code's reply, read after the error table.
    var subErrorTables: [(parent: Int, table: MarkdownTable, heading: String)] = []

    init(file: String) { self.file = file }

    mutating func readInfo(_ t: MarkdownTable, heading: String) {
        var rows = t.rows
        if t.header.first == "HTTP URL" { rows.insert(TableRow(cells: t.header, line: t.line), at: 0) }
        for (i, row) in rows.enumerated() {
            let name = InlineText.plain(row[0], lineBreak: " ")
            guard !name.isEmpty else { continue }
            info.append(
                InfoRow(name: name, value: row[1], location: PageLocation(table: heading.isEmpty ? "基本信息" : heading, row: i + 1, field: name, line: row.line)))
        }
    }

    mutating func readTable(_ t: MarkdownTable, heading: String, stage: PageReader.Stage, method: String) {
        let name = heading.trimmingCharactersInSet()
        let tableName = name.isEmpty ? "untitled" : name
        if section(of: name, method: method) == nil, !name.includes("错误码"), Self.explainsValues(t, heading: name) {
            // Not the endpoint's parameters: what values of its fields mean (decision import-explanation-tables).
            explanationTables.append(tableName)
            return
        }
        let descriptiveLast = t.header.last.map { last in ["描述", "说明", "排查建议", "备注", "含义", "描述说明"].contains { last.includes($0) } } ?? false
        for problem in t.problems {
            // A `|` in free text splits the last, descriptive cell; its parts are joined back.
            if problem.found > problem.expected && descriptiveLast { continue }
            let row = t.rows[problem.row]
            warnings.append(
                ImportWarning(
                    location: PageLocation(table: tableName, row: problem.row + 1, line: row.line).description,
                    message:
                        "the row has \(problem.found) cells where the header has \(problem.expected); \(problem.found > problem.expected ? "the extra cells are read as part of the last one" : "the missing cells are read as empty")"
                ))
        }
        if name.includes("子错误码"), let parent = Int(name.prefix { $0.isNumber }), PageReader.column(t.header, ["错误码"]) != nil {
            subErrorTables.append((parent, t, tableName))
            return
        }
        if name.hasPrefix("错误码") || (name.includes("错误码") && PageReader.column(t.header, ["错误码"]) != nil) {
            readErrors(t, heading: tableName)
            return
        }
        guard let section = section(of: name, method: method) else {
            warnings.append(
                ImportWarning(
                    location: PageLocation(table: tableName, line: t.line).description,
                    message:
                        "a table the importer does not read (\(t.rows.count) rows; columns \(t.header.joined(separator: ", "))): its facts are not in the spec")
            )
            return
        }
        readParams(t, heading: tableName, section: section)
    }

    /// The section a table's heading files it under, or nil.
    func section(of heading: String, method: String) -> ParamSection? {
        switch heading {
        case "请求头", "扩展请求头": .header
        case "路径参数": .path
        case "查询参数": .query
        case "请求体": .body
        case "请求参数": (method == "GET" || method == "DELETE") ? .query : .body
        case "响应体", "响应参数", "返回参数", "响应": .response
        default: nil
        }
    }

    /// A table that explains values rather than lists parameters: its heading says so (附录, 说明,
    /// 提示, a 表 of kinds) and it has no name and type columns (`|类型|说明|` of widget values,
    /// `|指标|指标定义|备注|`, `|obj_type|说明|`, `|status取值|...|`).
    static func explainsValues(_ t: MarkdownTable, heading: String) -> Bool {
        guard ["附录", "说明", "提示", "类型表"].contains(where: { heading.includes($0) }) else { return false }
        let named = PageReader.column(t.header, PageReader.nameHeaders) != nil
        let typed = PageReader.column(t.header, PageReader.typeHeaders) != nil
        return !(named && typed) && PageReader.column(t.header, PageReader.requiredHeaders) == nil
    }

    mutating func readParams(_ t: MarkdownTable, heading: String, section: ParamSection) {
        let nameColumn = PageReader.column(t.header, PageReader.nameHeaders) ?? 0
        var typeColumn = PageReader.column(t.header, PageReader.typeHeaders)
        // `|参数|格式|必须|说明|类型|` (older pages): 类型 says where the parameter goes (URL参数,
        // 请求 body), 格式 is its type.
        if let column = typeColumn, let format = PageReader.column(t.header, ["格式"]), format != column, !t.rows.isEmpty,
            t.rows.allSatisfy({ Self.namesLocation(InlineText.plain($0[column], lineBreak: " ")) })
        {
            typeColumn = format
        }
        let requiredColumn = PageReader.column(t.header, PageReader.requiredHeaders)
        let descriptionColumn = PageReader.column(t.header, PageReader.descriptionHeaders) ?? (t.header.count - 1)

        var rows: [ParamRow] = []
        let depths = Self.depths(t.rows.map { Self.indent($0[nameColumn]) })
        for (i, row) in t.rows.enumerated() {
            let rawName = row[nameColumn]
            let (name, _) = Self.nameAndDepth(rawName)
            let depth = depths[i]
            guard !name.isEmpty else { continue }
            // Without a type column the type is left open: the translator reads it off the example.
            let type = typeColumn.map { InlineText.plain(row[$0], lineBreak: " ") } ?? DocType.untyped
            let required = requiredColumn.map { InlineText.plain(row[$0], lineBreak: " ") }
            rows.append(
                ParamRow(
                    name: name, depth: depth, type: type, required: required, description: descriptionColumn < t.header.count ? row[descriptionColumn] : "",
                    location: PageLocation(table: heading, row: i + 1, field: name, line: row.line)))
        }
        var example: JSONValue?
        switch section {
        case .body: example = requestExample
        case .response: example = responseExample
        default: example = nil
        }
        let (nodes, guessed, jumps) = NestingBuilder.nest(rows, example: example, marksNesting: t.dialect == .pipes)
        for row in jumps {
            warnings.append(
                ImportWarning(
                    location: row.location.description,
                    message: "the row is nested deeper than the row above it allows; it is read as a member of the nearest row above"))
        }
        if guessed {
            warnings.append(
                ImportWarning(
                    location: PageLocation(table: heading, line: t.line).description,
                    message:
                        "the table does not mark which rows are members of which, and no example shows it; rows after an object row are read as its members"))
        }
        tables.append(ParamTable(section: section, heading: heading, nodes: nodes, nestingGuessed: guessed))
    }

    /// `URL参数`, `URL 参数`, `请求 body`, `header`: a cell naming where a parameter goes, not its type.
    static func namesLocation(_ cell: String) -> Bool {
        let t = cell.lowercased().replacing(" ", with: "")
        return ["url参数", "请求body", "body", "header", "请求头", "query", "path", "路径参数", "查询参数"].contains(t)
    }

    /// The indent before a row's `└` / `∟` mark in `&nbsp;` (an `&emsp;` counts two), or nil without a mark.
    static func indent(_ raw: String) -> Int? {
        guard let marker = raw.firstIndex(where: { $0 == "└" || $0 == "∟" }) else { return nil }
        let before = raw[..<marker]
        let spaces = String(before).occurrences(of: "&nbsp;") + before.filter { $0 == "\u{00A0}" }.count
        let ems = String(before).occurrences(of: "&emsp;") + before.filter { $0 == "\u{2003}" }.count
        return spaces + 2 * ems
    }

    /// The rows' depths from their indents: two `&nbsp;` (GFM export) or one `&emsp;` (older pages)
    /// per level, a mark without indent at level 1. Where that reading gives two different indents
    /// the same level (`∟a` over `&nbsp;&nbsp;&nbsp;∟b`: three spaces per level) or skips a level
    /// (`&emsp;∟` over `&emsp;&emsp;&emsp;∟`), the indents are read relatively, as nested lists
    /// are: a row indented more than the row above is its member, one indented as much as an open
    /// row is that row's sibling.
    static func depths(_ indents: [Int?]) -> [Int?] {
        let byPairs = indents.map { $0.map { max(1, $0 / 2) } }
        let distinct = Set(indents.compactMap { $0 }).sorted()
        let levels = Set(distinct.map { max(1, $0 / 2) })
        guard levels.count < distinct.count || levels.max() ?? 0 > levels.count else { return byPairs }
        var open: [Int] = [-1]  // indents of the open rows; -1 is the unmarked (top-level) row
        return indents.map { indent in
            guard let indent else {
                open = [-1]
                return nil
            }
            while open.count > 1, let last = open.last, last >= indent { open.removeLast() }
            let depth = open.count
            open.append(indent)
            return depth
        }
    }

    /// `&nbsp;&nbsp;└ \`name\`` -> (`name`, 1); `name` -> (`name`, nil).
    static func nameAndDepth(_ raw: String) -> (String, Int?) {
        var depth: Int?
        var text = raw
        if let marker = text.firstIndex(where: { $0 == "└" || $0 == "∟" }) {
            let before = text[..<marker]
            // Two `&nbsp;` (GFM export) or one `&emsp;` (older pages) per level.
            let spaces = String(before).occurrences(of: "&nbsp;") + before.filter { $0 == "\u{00A0}" }.count
            let ems = String(before).occurrences(of: "&emsp;") + before.filter { $0 == "\u{2003}" }.count
            depth = max(1, spaces / 2 + ems)
            text = String(text[text.index(after: marker)...])
        }
        return (InlineText.plain(text, lineBreak: " "), depth)
    }

    /// Sub-codes (`230099 子错误码`) are part of the parent code's reply: they join its advice.
    mutating func readSubErrors() {
        for (parent, table, heading) in subErrorTables {
            guard let i = errors.firstIndex(where: { $0.code == parent }) else {
                warnings.append(
                    ImportWarning(
                        location: PageLocation(table: heading, line: table.line).description,
                        message: "sub-codes of \(parent), which the error table does not list: they are not kept"))
                continue
            }
            let code = PageReader.column(table.header, ["错误码"]) ?? 0
            let message = table.header.firstIndex { $0 == "描述" || $0 == "说明" }
            let advice = table.header.firstIndex { $0.includes("排查建议") || $0.includes("建议") }
            let items = table.rows.map { row in
                [code, message, advice].compactMap { $0 }.map { InlineText.plain(row[$0], lineBreak: " ") }.filter { !$0.isEmpty }.joined(separator: " ")
            }
            let text = "子错误码: " + items.joined(separator: "; ")
            errors[i].advice = [errors[i].advice, text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    mutating func readErrors(_ t: MarkdownTable, heading: String) {
        // `| 列1 | 列2 | 列3 | 列4 |`: more rows of the error table above, under generic headers.
        if let previous = lastErrorHeader, previous.count == t.header.count,
            t.header.enumerated().allSatisfy({ $1 == "列\($0 + 1)" })
        {
            var more = t
            more.header = previous
            return readErrors(more, heading: heading)
        }
        lastErrorHeader = t.header
        let statusColumn = t.header.firstIndex { $0.includes("HTTP") || $0.includes("状态码") && !$0.includes("错误码") }
        guard let codeColumn = t.header.firstIndex(where: { $0.includes("错误码") && !$0.includes("HTTP") }) ?? t.header.firstIndex(where: { $0 == "code" }) else {
            warnings.append(
                ImportWarning(
                    location: PageLocation(table: heading, line: t.line).description,
                    message: "an error table without an 错误码 column (columns \(t.header.joined(separator: ", "))): its rows are not read"))
            return
        }
        let messageColumn = t.header.firstIndex { $0 == "描述" || $0 == "说明" || $0 == "错误信息" || $0 == "message" }
        let adviceColumn = t.header.firstIndex { $0.includes("排查建议") || $0.includes("解决") || $0.includes("建议") }
        for (i, row) in t.rows.enumerated() {
            let codeText = InlineText.plain(row[codeColumn], lineBreak: " ")
            let location = PageLocation(table: heading, row: i + 1, field: codeText, line: row.line)
            guard let code = Int(codeText) else {
                warnings.append(ImportWarning(location: location.cell("错误码"), message: "\"\(codeText)\" is not an error code: the row is not read"))
                continue
            }
            var status: Int?
            if let statusColumn {
                let text = InlineText.plain(row[statusColumn], lineBreak: " ")
                status = Int(text)
                if status == nil {
                    warnings.append(
                        ImportWarning(
                            location: location.cell(t.header[statusColumn]),
                            message: "\"\(text)\" is not an HTTP status: the status of \(code) is left to the import convention"))
                }
            }
            let message = messageColumn.map { InlineText.plain(row[$0], lineBreak: " ") } ?? ""
            let advice = adviceColumn.map { InlineText.plain(row[$0], lineBreak: " ") }
            let quote = [statusColumn.map { InlineText.plain(row[$0], lineBreak: " ") }, codeText, message].compactMap { $0 }.joined(separator: " | ")
            errors.append(ErrorRow(httpStatus: status, code: code, message: message, advice: advice, quote: quote, location: location))
        }
    }
}
