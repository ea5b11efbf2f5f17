import ConformanceSpec
import Foundation

/// One table row (with its members) to a ``FieldSpec``: the type from the type cell, the required
/// flag from 必填, and from the description cell the description, example (示例值), default
/// (默认值), enum (可选值有 / 可能值有), validation rules (数据校验规则: lengths, ranges, regex),
/// fixed value (固定值), value format (值格式) and character limits stated in the text.
struct FieldTranslator {
    static let yes: Set<String> = ["是", "必填", "必须", "必选", "true", "True", "required", "Y", "y", "yes", "Yes", "✓"]
    static let no: Set<String> = ["否", "选填", "可选", "非必填", "false", "False", "optional", "N", "n", "no", "No"]

    /// The field of `node`. `topLevel` request fields get their location from `section`; `example`
    /// is the value the page's JSON example gives the field, if any (it decides the type of a row
    /// whose table has no type column, and of members of untyped structures).
    static func field(
        _ node: ParamNode, section: ParamSection, topLevel: Bool, example: JSONValue? = nil,
        context: inout TranslationContext
    ) -> FieldSpec {
        let row = node.row
        let doc = DocType(row.type)
        let cell = DescriptionCell(row.description)
        let (type, itemType) = fieldType(doc, children: node.children, cell: cell, row: row, example: example, context: &context)
        let location: FieldLocation? = topLevel ? fieldLocation(section) : nil
        let isAuthorization = section == .header && row.name.caseInsensitiveCompare("Authorization") == .orderedSame
        var field = FieldSpec(
            name: row.name, location: location, type: type,
            description: isAuthorization || cell.text.isEmpty ? nil : cell.text,
            required: requiredRule(row, section: section, cell: cell, context: &context))
        field.itemType = itemType
        if section == .response { field.conditional = presence(row, cell: cell, context: &context) }

        // Default: a required parameter with a default is optional.
        if let text = cell.defaultValue, !Self.meansNoValue(text) {
            if let value = typedValue(text, type: type, itemType: itemType) {
                field.default = Rule(value, .documented("默认值：\(text)"))
                if field.required.value, section != .path, section != .response {
                    field.required = Rule(
                        false,
                        context.inferred(
                            .requiredWithDefault,
                            "\(row.name) is marked \(row.required ?? "是") but has 默认值 \(text); a default only makes sense for an absent parameter"))
                }
            } else {
                // The page contradicts itself: the row's type wins.
                context.use(.exampleContradiction, for: "默认值 \"\(text.prefix(80))\" of \(row.name) is not a \(type.rawValue)")
            }
        }
        // Example.
        var memberExample: String?
        if let text = cell.example, !meansNoValue(text) {
            if let value = typedValue(text, type: type, itemType: itemType) {
                field.example = value
            } else if type == .object, node.children.count == 1 {
                // An object of one member whose example is a plain value: the member's example.
                memberExample = text
            } else {
                context.use(
                    .exampleContradiction, for: "示例值 \(text.prefix(80)) of \(row.name) is not a \(type.rawValue)\(itemType.map { " of \($0.rawValue)" } ?? "")")
            }
        }
        // Enumeration.
        if !cell.enumItems.isEmpty {
            // An array's list gives the values of its items.
            field.enum = enumRule(cell, type: type == .array ? (itemType ?? .string) : type, row: row, context: &context)
            if field.enum == nil, let quote = cell.enumQuote {
                // A list that is not of the row's type (a map's values, a misspelt boolean) stays text.
                field.description = [field.description, quote].compactMap { $0 }.joined(separator: " ")
            }
        }
        // Validation rules.
        for item in cell.rules { apply(item, to: &field, row: row, context: &context) }
        // Header values.
        if let text = cell.fixedValue {
            field.fixedValue = Rule(unquoted(text), .documented("固定值：\(text)"))
        } else if section == .header, row.name.caseInsensitiveCompare("Content-Type") == .orderedSame, let text = cell.example {
            let mediaType = unquoted(text).split(separator: ";").first.map { String($0).trimmed } ?? ""
            if !mediaType.isEmpty {
                context.use(.contentTypeMediaType)
                field.fixedValue = Rule(mediaType, .documented("示例值：\(text)"))
            }
        }
        if let text = cell.valueFormat {
            field.valueFormat = Rule(valueFormat(unquoted(text)), .documented("值格式：\(text)"))
        }
        // A character limit stated in the text, when 数据校验规则 gives none.
        if type == .string, field.maxLength == nil, let found = TextRules.maxCharacters(cell.text) {
            field.maxLength = Rule(found.value, .documented(found.quote))
        }
        // Members.
        let container = type == .object || type == .i18n || (type == .array && (itemType == .object || itemType == .i18n))
        if !node.children.isEmpty {
            if container {
                var members: [FieldSpec] = []
                var seen: Set<String> = []
                var memberSource = example
                if case .array(let items)? = memberSource { memberSource = items.first }
                // A map (keys are ids) whose values hold the member rows: the first value shows them.
                if case .object(let object)? = memberSource, !node.children.contains(where: { object[$0.row.name] != nil }),
                    let first = object.keys.sorted().first.flatMap({ object[$0] }), case .object(let value) = first,
                    node.children.contains(where: { value[$0.row.name] != nil })
                {
                    memberSource = first
                }
                for child in node.children {
                    guard seen.insert(child.row.name).inserted else {
                        context.warn(child.row.location.description, "a second member named \(child.row.name) under \(row.name): only the first is kept")
                        continue
                    }
                    let childExample = exampleOfRow(child, in: memberSource, siblings: node.children, context: &context)
                    var member = Self.field(child, section: section, topLevel: false, example: childExample, context: &context)
                    if member.example == nil, let text = memberExample, let value = typedValue(text, type: member.type, itemType: member.itemType) {
                        member.example = value
                    }
                    // An i18n field's character limit holds for each translation.
                    if type == .i18n, member.type == .string, member.maxLength == nil, let found = TextRules.maxCharacters(cell.text) {
                        member.maxLength = Rule(found.value, .documented(found.quote))
                    }
                    members.append(member)
                }
                field.fields = members
                if type == .array && itemType == .i18n { field.itemType = .object }
            } else {
                // A scalar with member rows (a string holding JSON text, an id keying a map): the
                // page contradicts itself; its type cell wins and the rows are named, not kept.
                let names = node.children.map(\.row.name).prefix(8).joined(separator: ", ")
                context.use(
                    .exampleContradiction,
                    for: "\(node.children.count) row(s) nested under \(row.name), whose type cell says \(type.rawValue) (\(names)): not kept as members")
            }
        }
        return field
    }

    /// The example's value for `node`'s row. A row of a table without a type column that the example
    /// does not show under its name, but under a name one or two letters apart that no other row
    /// has (`auth_timpstamp` / `auth_timestamp`), is shown under that name: the page misspells one
    /// of them (decision import-example-contradiction names the pair).
    static func exampleOfRow(_ node: ParamNode, in source: JSONValue?, siblings: [ParamNode], context: inout TranslationContext) -> JSONValue? {
        guard case .object(let object)? = source else { return nil }
        let name = node.row.name
        if let value = object[name] { return value }
        guard node.row.type == DocType.untyped else { return nil }
        let names = Set(siblings.map(\.row.name))
        let near = object.keys.filter { !names.contains($0) && editDistance($0, name, limit: 2) <= 2 }
        guard near.count == 1, let key = near.first else { return nil }
        context.use(.exampleContradiction, for: "the table's \(name) is the example's \(key) (typed from it)")
        return object[key]
    }

    /// Levenshtein distance, or `limit + 1` once it is over `limit`.
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a)
        let y = Array(b)
        guard abs(x.count - y.count) <= limit else { return limit + 1 }
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    /// `空`, `空，表示不设置该过滤项`, `无`, `不填`: a default that is no value.
    static func meansNoValue(_ text: String) -> Bool {
        let t = unquoted(text)
        return t.isEmpty || t.hasPrefix("空") || t == "无" || t.hasPrefix("不填") || t.hasPrefix("不传") || t == "null" || t == "nil" || t == "-"
    }

    static func fieldLocation(_ section: ParamSection) -> FieldLocation? {
        switch section {
        case .header: .header
        case .path: .path
        case .query: .query
        case .body: .body
        case .response: nil
        }
    }

    /// The field's type and, for arrays, its items' type, from the type cell; a structure with
    /// members is an object whatever its cell says (`enum`, `file` and `-` name structures too);
    /// with no type to go by, the example's JSON type decides.
    static func fieldType(
        _ doc: DocType, children: [ParamNode], cell: DescriptionCell, row: ParamRow, example: JSONValue?,
        context: inout TranslationContext
    ) -> (FieldType, FieldType?) {
        if doc.arrayDepth > 0 {
            if doc.arrayDepth > 1 { return (.array, .array) }
            var first: JSONValue?
            if case .array(let items)? = example { first = items.first }
            // An array whose item type is left open, and whose example's items are arrays.
            if case .unspecified = doc.base, children.isEmpty, case .array? = first { return (.array, .array) }
            return (.array, baseType(doc, children: children, cell: cell, row: row, example: first, context: &context))
        }
        if case .unspecified = doc.base, children.isEmpty, enumBaseType(cell) == nil, let example, let (t, items) = jsonType(example) {
            return (t, items)
        }
        return (baseType(doc, children: children, cell: cell, row: row, example: example, context: &context), nil)
    }

    /// The type of a JSON value: (type, item type for arrays).
    static func jsonType(_ value: JSONValue) -> (FieldType, FieldType?)? {
        switch value {
        case .string: return (.string, nil)
        case .int: return (.int, nil)
        case .double: return (.number, nil)
        case .bool: return (.bool, nil)
        case .object: return (.object, nil)
        case .array(let items): return (.array, items.first.flatMap { jsonType($0)?.0 } ?? .string)
        case .null: return nil
        }
    }

    static func baseType(
        _ doc: DocType, children: [ParamNode], cell: DescriptionCell, row: ParamRow, example: JSONValue?,
        context: inout TranslationContext
    ) -> FieldType {
        switch doc.base {
        case .string: return .string
        case .int: return .int
        case .bool: return .bool
        case .number: return .number
        case .file: return children.isEmpty ? .file : .object
        case .i18n:
            return children.allSatisfy({ NestingBuilder.isLocale($0.row.name) }) ? .i18n : .object
        case .object: return .object
        case .custom:
            // A named type without members whose example is a plain value names a scalar (`password`: "1234abcd").
            if children.isEmpty, let text = cell.example, !text.hasPrefix("{"), !text.hasPrefix("[") {
                if let example, let (t, _) = jsonType(example), t != .object, t != .array { return t }
                return Int(unquoted(text)) != nil && !text.hasPrefix("\"") ? .int : .string
            }
            return .object
        case .unspecified:
            if !children.isEmpty { return .object }
            if let t = enumBaseType(cell) { return t }
            if let example, let (t, _) = jsonType(example), t != .array { return t }
            if doc.text == DocType.untyped {
                // Neither a type cell nor the example: the description's 是否 (whether) makes a
                // boolean; else a string, the type of such rows (ids, tokens, names, texts).
                let flag = cell.text.hasPrefix("是否")
                context.use(.untypedRow, for: "\(row.name): \(flag ? "bool (its description asks 是否)" : "string")")
                return flag ? .bool : .string
            }
            return .string
        case .enumeration:
            return children.isEmpty ? (enumBaseType(cell) ?? .string) : .object
        case .unknown(let text):
            if !children.isEmpty { return .object }
            context.warn(row.location.cell("类型"), "\"\(text.prefix(40))\" is not a type the importer knows: the field is read as a string")
            return .string
        }
    }

    /// `int` when every listed value is an integer, `string` when some are not, nil without a list.
    static func enumBaseType(_ cell: DescriptionCell) -> FieldType? {
        guard !cell.enumItems.isEmpty else { return nil }
        return cell.enumItems.allSatisfy({ Int($0.value) != nil }) ? .int : .string
    }

    /// When a response row may be missing from a success reply: the page's own words when it states a
    /// condition (documented), else "when it has no value", inferred (the page does not say which rows
    /// are always present), so a reply without it is not held against the platform.
    static func presence(_ row: ParamRow, cell: DescriptionCell, context: inout TranslationContext) -> Rule<PresenceCondition> {
        if let quote = TextRules.conditionalPresence(cell.text) { return Rule(PresenceCondition(when: quote), .documented(quote)) }
        return Rule(
            PresenceCondition(when: "the platform has a value for it"),
            context.inferred(.responsePresence, "The response table does not say whether \(row.name) is always present"))
    }

    static func requiredRule(_ row: ParamRow, section: ParamSection, cell: DescriptionCell, context: inout TranslationContext) -> Rule<Bool> {
        switch section {
        case .path:
            return Rule(true, context.inferred(.pathParameterRequired, "路径参数 has no 必填 column; a path parameter is part of the path"))
        case .response:
            // A row of the response table: in the reply; `presence` says when the reply may leave it out.
            return Rule(true, .documented("\(row.name) | \(row.type)"))
        case .header, .query, .body:
            let text = row.required ?? ""
            if yes.contains(text) { return Rule(true, .documented("\(row.name) | \(row.type) | \(text)")) }
            if no.contains(text) { return Rule(false, .documented("\(row.name) | \(row.type) | \(text)")) }
            if !text.isEmpty {
                context.warn(row.location.cell("必填"), "\"\(text.prefix(30))\" says neither 是 nor 否: the field is read as optional")
            }
            return Rule(false, context.inferred(.requiredAbsent, "The table does not say whether \(row.name) is required"))
        }
    }

    static func enumRule(_ cell: DescriptionCell, type: FieldType, row: ParamRow, context: inout TranslationContext) -> Rule<[EnumCase]>? {
        var cases: [EnumCase] = []
        var seen: Set<JSONValue> = []
        for item in cell.enumItems {
            let value: JSONValue?
            switch type {
            case .int: value = Int(item.value).map(JSONValue.int)
            case .number: value = Int(item.value).map(JSONValue.int) ?? Double(item.value).map(JSONValue.double)
            case .string: value = .string(item.value)
            case .bool: value = item.value == "true" ? .bool(true) : item.value == "false" ? .bool(false) : nil
            case .array, .object, .i18n, .file: value = nil
            }
            guard let value else {
                context.use(
                    .exampleContradiction,
                    for: "\(cell.enumIsPossibleValues ? "可能值有" : "可选值有") of \(row.name) lists \(item.value), not a value of a \(type.rawValue) field")
                return nil
            }
            if seen.insert(value).inserted { cases.append(EnumCase(value: value, description: item.meaning)) }
        }
        return Rule(cases, .documented(cell.enumQuote ?? "可选值有"))
    }

    /// Applies one 数据校验规则 item.
    static func apply(_ item: DescriptionCell.RuleItem, to field: inout FieldSpec, row: ParamRow, context: inout TranslationContext) {
        let descriptionCell = row.location.cell("描述")
        let numbers = Self.numbers(Self.withoutGrouping(item.value))
        let quote = Provenance.documented(item.quote)
        let lengthType = field.type == .string || field.type == .array
        let rangeType = field.type == .int || field.type == .number
        func intValues(_ count: Int) -> [Int]? {
            guard numbers.count >= count else { return nil }
            // `0.0` is the whole number 0.
            let ints = numbers.prefix(count).compactMap { Int($0) ?? Double($0).flatMap { $0.rounded() == $0 && abs($0) < 9e18 ? Int($0) : nil } }
            return ints.count == count ? ints : nil
        }
        func refuse(_ why: String) { context.warn(descriptionCell, "\(item.quote): \(why); the rule is not kept") }
        var label = item.label
        if !rangeType, ["取值范围", "最大值", "最小值"].contains(label) {
            // A value range on an array counts its items; on a string stated in 字符 / 字节, its length.
            if field.type == .array || (field.type == .string && (item.value.includes("字符") || item.value.includes("字节"))) {
                label = label == "取值范围" ? "长度范围" : label == "最大值" ? "最大长度" : "最小长度"
            } else {
                // The page contradicts itself (a value range on a string): the row's type wins.
                context.use(.exampleContradiction, for: "\(item.quote) of \(row.name) is a value range on a \(field.type.rawValue) field")
                return
            }
        }
        // `固定长度：10 个字符`: the least and the most length.
        if label == "长度范围", item.value.includes("固定长度"), let values = intValues(1) {
            field.minLength = Rule(values[0], quote)
            field.maxLength = Rule(values[0], quote)
            if item.value.includes("字节") { field.lengthUnit = Rule(.bytes, quote) }
            return
        }
        switch label {
        case "长度范围", "最大长度", "最小长度":
            guard lengthType else { return refuse("a length rule on a \(field.type.rawValue) field") }
            let pair = label == "长度范围"
            guard let values = intValues(pair ? 2 : 1) else { return refuse("the bounds are not whole numbers") }
            if pair || label == "最小长度" { field.minLength = Rule(values[0], quote) }
            if pair { field.maxLength = Rule(values[1], quote) } else if label == "最大长度" { field.maxLength = Rule(values[0], quote) }
            if item.value.includes("字节") { field.lengthUnit = Rule(.bytes, quote) }
        case "取值范围", "最大值", "最小值":
            guard rangeType else { return refuse("a value range on a \(field.type.rawValue) field") }
            let pair = label == "取值范围"
            guard let values = intValues(pair ? 2 : 1) else { return refuse("the bounds are not whole numbers") }
            if pair || label == "最小值" { field.minimum = Rule(values[0], quote) }
            if pair { field.maximum = Rule(values[1], quote) } else if label == "最大值" { field.maximum = Rule(values[0], quote) }
        case "正则校验":
            guard field.type == .string else { return refuse("a pattern on a \(field.type.rawValue) field") }
            field.pattern = Rule(Self.icuPattern(item.value), quote)
        default:
            refuse("a rule the importer does not know")
        }
    }

    /// The page's regular expression in ICU's syntax. Pages write RE2 / JavaScript, where a `[`
    /// inside a bracket expression is a literal (`^[^[\]]+$`); ICU reads it as a nested set, so it
    /// is escaped. A pattern ICU already reads is kept as written.
    static func icuPattern(_ pattern: String) -> String {
        if (try? NSRegularExpression(pattern: pattern)) != nil { return pattern }
        var out = ""
        var inClass = false
        var escaped = false
        var previous: Character = " "
        for c in pattern {
            if escaped {
                out.append(c)
                escaped = false
            } else if c == "\\" {
                out.append(c)
                escaped = true
            } else if c == "[" {
                out += inClass ? "\\[" : "["
                inClass = true
            } else if c == "]", inClass, previous != "[", previous != "^" || !out.hasSuffix("[^") {
                out.append(c)
                inClass = false
            } else {
                out.append(c)
            }
            previous = c
        }
        return (try? NSRegularExpression(pattern: out)) != nil ? out : pattern
    }

    /// `100,000` -> `100000`: a comma between digits groups thousands.
    static func withoutGrouping(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c == ",", i > 0, i + 3 < chars.count + 0, chars[i - 1].isASCII, chars[i - 1].isNumber,
                chars[(i + 1)...].prefix(3).count == 3, chars[(i + 1)...].prefix(3).allSatisfy({ $0.isASCII && $0.isNumber }),
                i + 4 >= chars.count || !(chars[i + 4].isASCII && chars[i + 4].isNumber)
            {
                continue
            }
            out.append(c)
        }
        return out
    }

    /// Signed decimal numbers in `text` as written, in order (`\`1\` ～ \`100\` 字符` -> ["1", "100"]).
    static func numbers(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previous: Character = " "
        for c in text + " " {
            if c.isASCII && (c.isNumber || (c == "." && !current.isEmpty) || (c == "-" && current.isEmpty && !previous.isNumber)) {
                current.append(c)
            } else {
                if current != "-", !current.isEmpty { out.append(current) }
                current = ""
            }
            previous = c
        }
        return out
    }

    /// `"abc"` -> `abc` (JSON string escapes decoded); other text as is.
    static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            if let value = try? JSONValue.parse(Data(text.utf8)), let s = value.stringValue { return s }
            return String(text.dropFirst().dropLast())
        }
        if text.count >= 2, text.hasPrefix("“"), text.hasSuffix("”") { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// `Bearer \`access_token\`` -> `Bearer <access_token>`.
    static func valueFormat(_ text: String) -> String {
        var out = ""
        var open = false
        for c in text {
            if c == "`" {
                out.append(open ? ">" : "<")
                open.toggle()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A cell's JSON example: as written, then without backticks (`` [`{"a":1}`] ``), and only then leniently.
    static func json(_ text: String) -> JSONValue? {
        let noTicks = text.replacing("`", with: "")
        return ExampleJSON.parse(text, lenient: false) ?? ExampleJSON.parse(noTicks, lenient: false) ?? ExampleJSON.parse(noTicks)
    }

    /// `plain` as a scalar of `type`, or nil (not a scalar type, or not a value of it).
    static func typedValue(_ plain: String, type: FieldType) -> JSONValue? {
        switch type {
        case .string, .file: return .string(plain)
        case .int: return Int(plain).map(JSONValue.int)
        case .number: return Int(plain).map(JSONValue.int) ?? Double(plain).map(JSONValue.double)
        case .bool:
            switch plain.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return nil
            }
        case .object, .i18n, .array: return nil
        }
    }

    /// An example or default as a JSON value of the field's type, or nil when it is not one.
    static func typedValue(_ text: String, type: FieldType, itemType: FieldType?) -> JSONValue? {
        var plain = unquoted(text)
        // `true(默认是false)`, `10（最大 50）`, `false，即不设置颜色`, `10；默认为20`, `20 最小值：0`:
        // a value followed by a remark.
        if [.int, .number, .bool].contains(type), typedValue(plain, type: type) == nil,
            let cut = plain.firstIndex(where: { "(（，,；; 。".contains($0) }), cut > plain.startIndex
        {
            plain = String(plain[..<cut]).trimmed
        }
        if let value = typedValue(plain, type: type) { return value }
        switch type {
        case .string, .file, .int, .number, .bool:
            return nil
        case .object, .i18n:
            guard let value = json(plain),
                case .object = value
            else { return nil }
            return value
        case .array:
            let parsed = json(plain)
            if let value = parsed, case .array(let items) = value {
                // An array of objects shows objects (`[ou_x]` for members is not one).
                if itemType == .object || itemType == .i18n, !items.allSatisfy({ $0.objectValue != nil }) { return nil }
                return value
            }
            // An object example of an array of objects: one item.
            if let value = parsed, case .object = value, itemType == .object { return .array([value]) }
            // `示例值：id1` on a string[]: the example of one item.
            if let itemType, ![.array, .object, .i18n].contains(itemType), let item = typedValue(text, type: itemType, itemType: nil) {
                return .array([item])
            }
            return nil
        }
    }
}
