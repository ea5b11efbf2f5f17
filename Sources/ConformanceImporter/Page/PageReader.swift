import ConformanceSpec
import Foundation

/// The read stage: a parsed Markdown page to an ``EndpointPage`` (or the reason it is skipped).
public protocol PageReading: Sendable {
    /// Reads `page`, found as `file`.
    func read(_ page: MarkdownPage, file: String) -> ReadOutcome
}

/// The default reader. It finds the basic-information table (`HTTP URL`, `HTTP Method`), files
/// every other table by the heading it sits under (请求头, 路径参数, 查询参数, 请求体, 响应体,
/// 错误码), maps columns by their header names (名称/参数/字段, 类型, 必填/必须, 描述/说明), nests
/// rows (``NestingBuilder``) and keeps the JSON examples and the page's own text. A table it does
/// not know is not dropped silently: it becomes a warning naming its heading.
public struct PageReader: PageReading {
    /// Creates a reader.
    public init() {}

    static let nameHeaders = ["名称", "参数", "字段", "参数名", "属性", "名字", "key"]
    static let typeHeaders = ["类型", "参数类型", "数据类型", "字段类型"]
    static let requiredHeaders = ["必填", "必须", "是否必填", "必选", "是否必须", "是否必需"]
    static let descriptionHeaders = ["描述", "说明", "备注", "含义", "描述说明"]

    /// Reads `page`, found as `file`.
    public func read(_ page: MarkdownPage, file: String) -> ReadOutcome {
        var state = ReaderState(file: file)
        state.title = page.frontMatter["title"] ?? page.headings.first { $0.level == 1 }?.text ?? file
        var heading = ""
        var section = ""  // the last heading of level 3 or above: what code blocks under sub-headings belong to
        var stage = Stage.intro
        var rawTables: [(MarkdownTable, String, Stage)] = []
        var codes: [(MarkdownCode, String)] = []
        for block in page.blocks {
            switch block {
            case .heading(let h):
                heading = h.text
                if h.level <= 3 { section = h.text }
                if h.level <= 2 {
                    if h.text.hasPrefix("请求") {
                        stage = .request
                    } else if h.text.hasPrefix("响应") {
                        stage = .response
                    } else if stage != .intro {
                        stage = .other
                    }
                }
                if h.text.includes("事件体") || (h.level == 2 && h.text == "事件") { state.sawEvent = true }
            case .text(let t):
                let plain = InlineText.plain(t.text, lineBreak: " ")
                if stage == .intro {
                    if plain.hasPrefix("最后更新于") {
                        state.updatedLine = String(plain.dropFirst("最后更新于".count)).trimmingCharactersInSet()
                    } else if !plain.isEmpty, plain != state.title {
                        state.intro.append(plain)
                    }
                } else if stage == .response, plain.includes("二进制") {
                    state.binaryHint = true
                }
            case .table(let t):
                if Self.isInfoTable(t) {
                    state.readInfo(t, heading: heading)
                    if stage == .intro { stage = .request }
                } else if heading.includes("示例") || section.includes("示例") {
                    // A table in an example section explains the example (the content of a card,
                    // say), not the endpoint's parameters.
                    state.exampleTables.append(heading)
                } else {
                    rawTables.append((t, heading, stage))
                }
            case .code(let c):
                codes.append((c, heading.includes("示例") ? heading : section))
            }
        }
        guard !state.info.isEmpty, let urlRow = state.info.first(where: { $0.name == "HTTP URL" }) else {
            return .skipped(state.sawEvent ? .event : .notEndpoint, state.sawEvent ? "event page" : "no basic-information table with an HTTP URL")
        }
        let url = InlineText.plain(urlRow.value, lineBreak: " ").trimmingCharactersInSet()
        guard let methodRow = state.info.first(where: { $0.name == "HTTP Method" }) else {
            return .skipped(.incomplete, "HTTP URL \(url) but no HTTP Method row")
        }
        let method = InlineText.plain(methodRow.value, lineBreak: " ").trimmingCharactersInSet().uppercased()
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
            return .skipped(.incomplete, "HTTP Method \"\(method)\" is not one of GET, POST, PUT, PATCH, DELETE")
        }
        guard url.includes("/"), !url.includes(" ") else {
            return .skipped(.incomplete, "HTTP URL \"\(url)\" is not a URL")
        }
        // Examples first: they tell how rows without nesting marks nest.
        for (code, heading) in codes {
            let isRequest = heading.includes("请求体示例") || heading.includes("请求示例")
            let isResponse = heading.includes("响应体示例") || heading.includes("响应示例") || heading.includes("返回示例")
            guard isRequest || isResponse else { continue }
            if isRequest, state.requestExample != nil { continue }
            if isResponse, state.responseExample != nil { continue }
            let text = code.text.trimmingCharactersInSet()
            guard text.hasPrefix("{") else { continue }
            guard let value = ExampleJSON.parse(text) else {
                state.warnings.append(
                    ImportWarning(
                        location: "\(heading) code block, line \(code.line)",
                        message: "the example is not JSON the importer can read, so it is not kept"))
                continue
            }
            if isRequest { state.requestExample = value } else { state.responseExample = value }
        }
        for (table, heading, stage) in rawTables {
            state.readTable(table, heading: heading, stage: stage, method: method)
        }
        state.readSubErrors()
        let binary = state.binaryHint && state.tables.allSatisfy { $0.section != .response }
        var endpoint = EndpointPage(
            file: file, title: state.title, frontMatter: page.frontMatter, info: state.info, method: method, url: url,
            tables: state.tables, errors: state.errors, requestExample: state.requestExample, responseExample: binary ? nil : state.responseExample,
            binaryResponse: binary, intro: state.intro, updatedLine: state.updatedLine, exampleTables: state.exampleTables,
            warnings: state.warnings)
        endpoint.explanationTables = state.explanationTables
        return .endpoint(endpoint)
    }

    enum Stage { case intro, request, response, other }

    static func isInfoTable(_ t: MarkdownTable) -> Bool {
        t.header.first == "HTTP URL" || t.rows.contains { InlineText.plain($0[0], lineBreak: " ") == "HTTP URL" }
    }

    static func column(_ header: [String], _ names: [String]) -> Int? {
        header.firstIndex { cell in names.contains { cell == $0 || cell.lowercased() == $0 } }
    }
}
