import Testing

@testable import ConformanceImporter

@Suite("Description cells: markers, enums, validation rules, free-text limits")
struct DescriptionCellTests {
    @Test("markers in both spellings; notes stay in the text")
    func markers() {
        let cell = DescriptionCell("图片内容<br>**注意：** 不能超过10MB<br>**示例值**：\"a b\" [了解更多](https://x.invalid)<br>**默认值**：`7`")
        #expect(cell.text == "图片内容 注意： 不能超过10MB")
        #expect(cell.example == "\"a b\"")
        #expect(cell.defaultValue == "7")
    }

    @Test("enum items one per line or run together, values in backticks or bare, remarks dropped")
    func enums() {
        let lines = DescriptionCell("类型<br>**可选值有**：<br>- 1：甲  <br>- 2：乙")
        #expect(lines.enumItems.map(\.value) == ["1", "2"])
        #expect(lines.enumItems.map(\.meaning) == ["甲", "乙"])
        let together = DescriptionCell("**可能值有：** - `open_id`：用户 - `app_id`: 应用 - false（默认值）: 否")
        #expect(together.enumIsPossibleValues)
        #expect(together.enumItems.map(\.value) == ["open_id", "app_id", "false"])
    }

    @Test("validation rules, a regex holding | and - kept whole")
    func rules() {
        let cell = DescriptionCell("**数据校验规则**：<br>- 长度范围：`1` ～ `64` 字符 - 正则校验：`(a|b)-[0-9]+`")
        #expect(cell.rules.map(\.label) == ["长度范围", "正则校验"])
        #expect(cell.rules[0].quote == "长度范围：`1` ～ `64` 字符")
        #expect(cell.rules[1].value == "(a|b)-[0-9]+")
    }

    @Test("text rules: characters, byte sizes, formats, pixels, conditional limits")
    func textRules() {
        #expect(TextRules.maxCharacters("名字，最多30个字符。")?.value == 30)
        #expect(TextRules.sizes("大小在 3KB-10MB 的图片").min?.value == 3072)
        #expect(TextRules.sizes("大小在 3KB-10MB 的图片").max?.value == 10_485_760)
        #expect(TextRules.sizes("图片大小不得超过10M，且不支持上传大小为0的图片").max?.value == 10_485_760)
        #expect(TextRules.sizes("图片大小不得超过10M，且不支持上传大小为0的图片").min?.value == 1)
        #expect(TextRules.formats("支持上传 JPEG、PNG、ICO格式图片")?.value == ["jpeg", "png", "ico"])
        #expect(TextRules.formats("不支持 GIF 格式") == nil)
        let (found, conditional) = TextRules.pixels("GIF图片分辨率需要不大于2000x2000，其他图片分辨率需要不大于12000x12000。用于设置头像的图片分辨率不能超过 4096 x 4096")
        #expect(found.map(\.maxWidth) == [2000, 12000])
        #expect(found.map(\.scope) == [.formats(["gif"]), .others])
        #expect(conditional == ["用于设置头像的图片分辨率不能超过 4096 x 4096"])
        #expect(TextRules.pixels("320 x 320 像素").findings.first?.minHeight == 320)
        #expect(TextRules.conditionalPresence("分页标记，当 has_more 为 true 时返回，否则不返回 page_token") != nil)
        #expect(TextRules.listOrder("按照创建时间倒序排列")?.value == .descending)
    }

    @Test(
        "doc type cells",
        arguments: [
            ("string", false, 0), ("badge\\[\\]", true, 1), ("[]string", false, 1), ("map<string, string>", true, 0),
            ("number(float)", false, 0), ("i18n", true, 0), ("\\-", true, 0), ("array<int>", false, 1),
        ])
    func docTypes(_ cell: String, _ opens: Bool, _ depth: Int) {
        let t = DocType(InlineText.plain(cell, lineBreak: " "))
        #expect(t.opensMembers == opens)
        #expect(t.arrayDepth == depth)
    }
}
