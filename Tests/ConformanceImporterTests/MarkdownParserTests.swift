import Testing

@testable import ConformanceImporter

@Suite("Markdown: both exports' tables, front matter, code")
struct MarkdownParserTests {
    let parser = MarkdownParser()

    @Test("GFM export: outer pipes, <br> kept in cells, a | inside a code span stays in its cell")
    func gfmTables() throws {
        let page = parser.parse(Snippets.gfmCreate)
        #expect(page.frontMatter["title"] == "新建小部件")
        #expect(page.frontMatter["updateTime"] == "1700000000000")
        let body = try #require(page.tables.first { $0.rows.contains { $0[0].contains("homepage") } })
        #expect(body.dialect == .pipes)
        #expect(body.header == ["名称", "类型", "必填", "描述"])
        #expect(body.problems.isEmpty)
        let homepage = try #require(body.rows.first { $0[0].contains("homepage") })
        #expect(homepage.cells.count == 4)
        #expect(homepage[3].contains("(https?|ftp)://"))
        #expect(homepage[3].contains("<br>"))
    }

    @Test("seeds' export: bare pipes, a row runs on over hard-broken lines, even its first cell")
    func bareTables() throws {
        let page = parser.parse(Snippets.seedList)
        #expect(page.frontMatter["source_url"] == "https://open.feishu.cn/document/server-docs/demo-v1/gadget/list")
        let info = try #require(page.tables.first)
        #expect(info.dialect == .bare)
        let scopes = try #require(info.rows.first { $0[0].hasPrefix("权限要求") })
        #expect(scopes[1].contains("(demo:gadget:read)") && scopes[1].contains("(demo:gadget)"))
        let query = try #require(page.tables.first { $0.rows.contains { $0[0] == "page_size" } })
        let pageSize = try #require(query.rows.first { $0[0] == "page_size" })
        #expect(pageSize[3] == "每页个数<br>**示例值**：10<br>**默认值**：`20`<br>**数据校验规则**：<br>- 取值范围：`1` ～ `50`")
        #expect(query.rows.map { $0[0] } == ["page_size", "page_token", "label"])
    }

    @Test("fenced code is code, not a table; headings keep their level")
    func codeAndHeadings() {
        let page = parser.parse(Snippets.gfmCreate)
        let codes = page.blocks.compactMap { if case .code(let c) = $0 { c } else { nil } }
        #expect(codes.map(\.info) == ["json", "json"])
        #expect(page.headings.contains { $0.level == 3 && $0.text == "请求体" })
    }

    @Test("a row with too many cells keeps them in its last cell and is recorded")
    func extraCells() throws {
        let page = parser.parse("| a | b |\n| --- | --- |\n| 1 | x | y |\n| 2 |\n")
        let table = try #require(page.tables.first)
        #expect(table.rows[0].cells == ["1", "x | y"])
        #expect(table.rows[1].cells == ["2", ""])
        #expect(table.problems.map(\.row) == [0, 1])
    }

    @Test("inline text: links keep their text, marks and entities go, <br> breaks lines")
    func inlineText() {
        #expect(InlineText.plain("请[咨询客服](https://x.invalid/a?b=(c)) **马上**") == "请咨询客服 马上")
        #expect(InlineText.plain("`badge\\[\\]`&nbsp;&gt; a<br>b  c") == "badge[] > a\nb c")
        #expect(InlineText.plain("![图](https://x.invalid/p.png) 说明", lineBreak: " ") == "图 说明")
    }
}
