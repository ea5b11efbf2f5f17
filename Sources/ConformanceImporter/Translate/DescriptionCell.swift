import Foundation

/// A description cell split at its bold markers: the free text, and the data each marker
/// introduces (`**示例值**：`, `**默认值**：`, `**可选值有**：`, `**可能值有**：`,
/// `**数据校验规则**：`, `**固定值**：`, `**值格式**：`). Other bold labels (`**注意**：`) stay in
/// the free text.
struct DescriptionCell: Equatable {
    /// One `- value：meaning` item of 可选值有 / 可能值有.
    struct EnumItem: Equatable {
        var value: String
        var meaning: String?
    }

    /// One `- 长度范围：\`1\` ～ \`100\` 字符` item of 数据校验规则.
    struct RuleItem: Equatable {
        var label: String
        var value: String
        /// `长度范围：`1` ～ `100` 字符` as written (plain).
        var quote: String
    }

    /// Free text (markers removed, notes kept), plain, lines joined with a space.
    var text: String = ""
    /// The raw text before the first marker (Markdown kept): token types of `Authorization`.
    var lead: String = ""
    /// The example's text as written after 示例值 (a quoted string, JSON, or bare text).
    var example: String?
    /// The default's text after 默认值.
    var defaultValue: String?
    /// 可选值有 / 可能值有 items.
    var enumItems: [EnumItem] = []
    /// True when the list was 可能值有 (possible values of a response field).
    var enumIsPossibleValues = false
    /// The enum list as written (plain): the quote for the enum rule.
    var enumQuote: String?
    /// 数据校验规则 items.
    var rules: [RuleItem] = []
    /// 固定值's text.
    var fixedValue: String?
    /// 值格式's text.
    var valueFormat: String?

    static let dataLabels: Set<String> = ["示例值", "默认值", "可选值有", "可能值有", "数据校验规则", "固定值", "值格式", "可选值", "可能值"]
    static let ruleLabels = ["长度范围", "最大长度", "最小长度", "取值范围", "最大值", "最小值", "正则校验"]

    /// Splits a raw cell.
    init(_ raw: String) {
        let cell = raw.replacing("<br>", with: "\n").replacing("<br/>", with: "\n")
            .replacing("<br />", with: "\n")
        var segments: [(label: String?, body: Substring)] = []
        var label: String?
        var bodyStart = cell.startIndex
        var search = cell.startIndex
        while let open = cell.firstRange(of: "**", from: search) {
            guard let close = cell.firstRange(of: "**", from: open.upperBound) else { break }
            var inner = cell[open.upperBound..<close.lowerBound].trimmed
            var end = close.upperBound
            var isMarker = false
            if inner.hasSuffix("：") || inner.hasSuffix(":") {
                inner = String(inner.dropLast()).trimmed
                isMarker = true
            } else {
                var j = end
                while j < cell.endIndex, cell[j] == " " { j = cell.index(after: j) }
                if j < cell.endIndex, cell[j] == "：" || cell[j] == ":" {
                    isMarker = true
                    end = cell.index(after: j)
                }
            }
            if isMarker, Self.dataLabels.contains(inner) {
                segments.append((label, cell[bodyStart..<open.lowerBound]))
                label = inner
                bodyStart = end
            }
            search = isMarker ? end : close.upperBound
        }
        segments.append((label, cell[bodyStart..<cell.endIndex]))
        var free: [String] = []
        for (label, body) in segments {
            let text = String(body)
            switch label {
            case nil:
                lead = text.trimmed
                free.append(text)
            case "示例值"?: example = Self.firstValue(text)
            case "默认值"?: defaultValue = Self.firstValue(text)
            case "固定值"?: fixedValue = Self.firstValue(text)
            case "值格式"?: valueFormat = Self.firstValue(text)
            case "可选值有"?, "可选值"?, "可能值有"?, "可能值"?:
                enumIsPossibleValues = label?.hasPrefix("可能") == true
                enumItems = Self.enumItems(text)
                enumQuote = "\(label ?? "")：" + InlineText.plain(text, lineBreak: " ")
            case "数据校验规则"?: rules = Self.ruleItems(text)
            default: free.append(text)
            }
        }
        self.text = InlineText.plain(free.joined(separator: "\n"), lineBreak: " ")
    }

    /// The value a marker introduces: a quoted string, a `{...}` / `[...]` JSON text (backticks
    /// around it dropped), or the first line's text without a trailing link.
    static func firstValue(_ text: String) -> String? {
        var t = Substring(text.trimmed)
        if t.hasPrefix("`"), t.dropFirst().first == "{" || t.dropFirst().first == "[" {
            t = t.dropFirst()
            if let close = t.lastIndex(of: "`") { t = t[..<close] }
        }
        guard let first = t.first else { return nil }
        if first == "\"" || first == "“" {
            let closer: Character = first == "“" ? "”" : "\""
            var i = t.index(after: t.startIndex)
            var escaped = false
            while i < t.endIndex {
                let c = t[i]
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == closer { return String(t[...i]) }
                i = t.index(after: i)
            }
            return String(t)
        }
        if first == "{" || first == "[" {
            var depth = 0
            var inString = false
            var escaped = false
            for i in t.indices {
                let c = t[i]
                if inString {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                    continue
                }
                if c == "\"" {
                    inString = true
                } else if c == "{" || c == "[" {
                    depth += 1
                } else if c == "}" || c == "]" {
                    depth -= 1
                    if depth == 0 { return String(t[...i]) }
                }
            }
            return String(t)
        }
        var line = t.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? String(t)
        // `` `open_id` **当值为 ...**``: a code span, then another bold remark on the same line: the span.
        if first == "`", let close = line.dropFirst().firstIndex(of: "`"), line[line.index(after: close)...].trimmed.hasPrefix("**") {
            line = String(line[...close])
        }
        if let link = line.firstRange(of: "[了解更多") { line = String(line[..<link.lowerBound]) }
        let plain = InlineText.plain(line, lineBreak: " ")
        return plain.isEmpty ? nil : plain
    }

    /// `- 1：勋章详情图 - 2：勋章挂饰图` (one per line or run together) -> items.
    static func enumItems(_ text: String) -> [EnumItem] {
        let flat = text.replacing("\n", with: " ")
        let chars = Array(flat)
        var starts: [(at: Int, quoted: Bool, indented: Bool)] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "-", i + 1 < chars.count, chars[i + 1] == " ", i == 0 || chars[i - 1].isWhitespace,
                itemHead(chars, from: i + 2) != nil
            {
                var j = i + 2
                while j < chars.count, chars[j] == " " { j += 1 }
                // Indented further (two or more spaces before its `-`): a sub-point.
                let indented = i >= 2 && chars[i - 1] == " " && chars[i - 2] == " "
                starts.append((i, j < chars.count && chars[j] == "`", indented))
            }
            i += 1
        }
        // Where the values are in backticks, an unquoted, further indented `- 事件：...` is a
        // sub-point of the item above.
        if starts.contains(where: \.quoted) { starts = starts.filter { $0.quoted || !$0.indented } }
        var items: [EnumItem] = []
        for (k, (start, _, _)) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].at : chars.count
            guard let (value, bodyStart) = itemHead(chars, from: start + 2) else { continue }
            let meaning = InlineText.plain(String(chars[bodyStart..<end]), lineBreak: " ")
            items.append(EnumItem(value: value, meaning: meaning.isEmpty ? nil : meaning))
        }
        return items
    }

    /// At `from`: an optional backtick-quoted or bare value (no spaces, no colon) followed by `：` or
    /// `:`; returns the value and where the meaning starts.
    static func itemHead(_ chars: [Character], from: Int) -> (String, Int)? {
        var i = from
        while i < chars.count, chars[i] == " " { i += 1 }
        var value = ""
        if i < chars.count, chars[i] == "`" {
            i += 1
            while i < chars.count, chars[i] != "`" {
                value.append(chars[i])
                i += 1
            }
            guard i < chars.count else { return nil }
            i += 1
        } else {
            while i < chars.count, chars[i] != "：", chars[i] != ":", !chars[i].isWhitespace {
                value.append(chars[i])
                i += 1
            }
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        guard !value.isEmpty, value.count <= 64, i < chars.count, chars[i] == "：" || chars[i] == ":" else { return nil }
        return (cleanValue(value), i + 1)
    }

    /// `**true**` -> `true`; `false（默认值）` -> `false`; escapes dropped.
    static func cleanValue(_ value: String) -> String {
        var v = value.replacing("\\", with: "").replacing("**", with: "")
        for (open, close) in [("（", "）"), ("(", ")")] where v.hasSuffix(close) {
            if let r = v.lastIndex(of: Character(open)), r > v.startIndex { v = String(v[..<r]) }
        }
        return v.trimmed
    }

    /// `- 长度范围：\`1\` ～ \`100\` 字符 - 正则校验：\`...\`` -> items.
    static func ruleItems(_ text: String) -> [RuleItem] {
        let flat = text.replacing("\n", with: " ")
        var found: [(label: String, range: Range<String.Index>)] = []
        for label in ruleLabels {
            var search = flat.startIndex
            while let r = flat.firstRange(of: label, from: search) {
                var j = r.upperBound
                while j < flat.endIndex, flat[j] == " " { j = flat.index(after: j) }
                if j < flat.endIndex, flat[j] == "：" || flat[j] == ":" {
                    found.append((label, r.lowerBound..<flat.index(after: j)))
                }
                search = r.upperBound
            }
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        var items: [RuleItem] = []
        for (k, item) in found.enumerated() {
            var end = k + 1 < found.count ? found[k + 1].range.lowerBound : flat.endIndex
            var body = flat[item.range.upperBound..<end]
            if item.label != "正则校验" {
                // Drop the `- ` that starts the next item.
                while let last = body.last, last == " " || last == "-" { body = body.dropLast() }
            } else if let code = InlineText.firstCodeSpan(String(body)) {
                items.append(RuleItem(label: item.label, value: code, quote: "\(item.label)：`\(code)`"))
                continue
            } else {
                while let last = body.last, last == " " || last == "-" { body = body.dropLast() }
            }
            end = body.endIndex
            let value = String(body).trimmed
            items.append(RuleItem(label: item.label, value: value, quote: "\(item.label)：\(value)"))
        }
        return items
    }
}
