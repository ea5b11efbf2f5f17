import ConformanceSpec
import Foundation

/// Constraints the docs state in running text rather than in 数据校验规则: character limits
/// (`最多30个字符`), file formats (`仅支持 PNG 格式`), byte sizes (`大小不超过 1024 KB`,
/// `大小在 3KB-10MB`, `不支持上传大小为0的图片`), pixel sizes (`320 x 320 像素`,
/// `高宽像素在 320-4096 像素之间`, `GIF图片分辨率需要不大于2000x2000`), conditional presence of
/// response fields, and list order. Each finding carries the words it was read from.
enum TextRules {
    /// A number read from the text, with the words that state it.
    struct Finding<Value: Equatable>: Equatable {
        var value: Value
        var quote: String
    }

    /// A pixel limit read from the text.
    struct PixelFinding: Equatable {
        /// `GIF` -> ["gif"]; `其他` -> the accepted formats not named by another finding; nil: all.
        var scope: Scope
        var minWidth: Int?
        var maxWidth: Int?
        var minHeight: Int?
        var maxHeight: Int?
        var quote: String

        enum Scope: Equatable {
            case all
            case formats([String])
            case others
        }
    }

    /// The patterns are literals of this file (nil would be a typo, which the tests catch).
    static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    }

    static func matches(_ re: NSRegularExpression?, _ text: String) -> [[String?]] {
        guard let re else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                let r = m.range(at: i)
                return r.location == NSNotFound ? nil : ns.substring(with: r)
            }
        }
    }

    // MARK: Characters

    static let maxCharactersRE = regex(#"(?:最多|不超过|不能超过|不得超过|最长|上限为?)\s*(\d+)\s*个?(?:字符|字)"#)

    /// `最多30个字符` -> 30.
    static func maxCharacters(_ text: String) -> Finding<Int>? {
        guard text.includes("字") else { return nil }
        guard let m = matches(maxCharactersRE, text).first, let whole = m[0], let n = m[1].flatMap({ Int($0) }) else { return nil }
        return Finding(value: n, quote: whole)
    }

    // MARK: File formats

    static let formatWords: [(word: String, format: String)] = [
        ("jpeg", "jpeg"), ("jpg", "jpeg"), ("png", "png"), ("webp", "webp"), ("gif", "gif"), ("tiff", "tiff"), ("tif", "tiff"),
        ("bmp", "bmp"), ("ico", "ico"), ("icon", "ico"), ("heic", "heic"), ("svg", "svg"),
    ]

    /// Image formats named in the first clause that mentions 格式 and does not deny them
    /// (`支持上传 JPEG、PNG、WEBP、GIF、TIFF、BMP、ICO格式图片`), in the text's order.
    static func formats(_ text: String) -> Finding<[String]>? {
        guard text.includes("格式") else { return nil }
        for clause in text.split(whereSeparator: { "，。；;\n".contains($0) }) where clause.includes("格式") && !clause.includes("不支持") {
            let words = asciiWords(String(clause))
            var found: [String] = []
            for word in words {
                if let f = formatWords.first(where: { $0.word == word })?.format, !found.contains(f) { found.append(f) }
            }
            if !found.isEmpty { return Finding(value: found, quote: String(clause).trimmed) }
        }
        return nil
    }

    /// Lower-cased runs of ASCII letters.
    static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in text.lowercased() {
            if c.isASCII && c.isLetter {
                current.append(c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    // MARK: Byte sizes

    static let sizeRangeRE = regex(#"(\d+(?:\.\d+)?)\s*(KB|K|MB|M|GB|G)\s*(?:-|~|～|到|至)\s*(\d+(?:\.\d+)?)\s*(KB|K|MB|M|GB|G)\b"#)
    static let sizeMaxRE = regex(#"(?:不超过|不能超过|不得超过|不大于|小于等于|不可超过|最大为?|上限为?)\s*(\d+(?:\.\d+)?)\s*(KB|K|MB|M|GB|G)(?![A-Za-z])"#)
    static let zeroSizeRE = regex(#"(?:不支持上传|不能上传|不可上传)大小为\s*0|大小不(?:能|可|得)为\s*0"#)

    static func bytes(_ number: String, _ unit: String) -> Int? {
        guard let n = Double(number) else { return nil }
        let factor: Double
        switch unit.uppercased() {
        case "KB", "K": factor = 1024
        case "MB", "M": factor = 1024 * 1024
        case "GB", "G": factor = 1024 * 1024 * 1024
        default: return nil
        }
        return Int(n * factor)
    }

    /// Smallest and largest accepted byte sizes stated in `text`.
    static func sizes(_ text: String) -> (min: Finding<Int>?, max: Finding<Int>?) {
        guard text.includes("B") || text.includes("b") || text.includes("M") || text.includes("0") else { return (nil, nil) }
        var low: Finding<Int>?
        var high: Finding<Int>?
        if let m = matches(sizeRangeRE, text).first, let q = m[0], let a = m[1], let au = m[2], let b = m[3], let bu = m[4],
            let lo = bytes(a, au), let hi = bytes(b, bu)
        {
            low = Finding(value: lo, quote: q)
            high = Finding(value: hi, quote: q)
        }
        if high == nil, let m = matches(sizeMaxRE, text).first, let q = m[0], let a = m[1], let au = m[2], let hi = bytes(a, au) {
            high = Finding(value: hi, quote: q)
        }
        if low == nil, let m = matches(zeroSizeRE, text).first, let q = m[0] {
            low = Finding(value: 1, quote: q)
        }
        return (low, high)
    }

    // MARK: Pixels

    static let exactPixelsRE = regex(#"(\d+)\s*[x×X*]\s*(\d+)\s*像素"#)
    static let pixelRangeRE = regex(#"高宽像素在\s*(\d+)\s*(?:-|~|～|到|至)\s*(\d+)\s*像素"#)
    static let resolutionRE = regex(#"(GIF|其他|其它)?\s*(?:图片|格式)?\s*分辨率\s*(?:需要|需)?\s*(?:不大于|不能超过|不超过|不得超过|不可超过)\s*(\d+)\s*[x×X*]\s*(\d+)"#)

    /// Pixel limits stated in `text`, and phrases that limit some images only (`用于设置头像的图片分辨率...`).
    static func pixels(_ text: String) -> (findings: [PixelFinding], conditional: [String]) {
        guard text.includes("像素") || text.includes("分辨率") else { return ([], []) }
        var out: [PixelFinding] = []
        var conditional: [String] = []
        for m in matches(exactPixelsRE, text) {
            guard let q = m[0], let w = m[1].flatMap({ Int($0) }), let h = m[2].flatMap({ Int($0) }) else { continue }
            out.append(PixelFinding(scope: .all, minWidth: w, maxWidth: w, minHeight: h, maxHeight: h, quote: q))
        }
        for m in matches(pixelRangeRE, text) {
            guard let q = m[0], let lo = m[1].flatMap({ Int($0) }), let hi = m[2].flatMap({ Int($0) }) else { continue }
            out.append(PixelFinding(scope: .all, minWidth: lo, maxWidth: hi, minHeight: lo, maxHeight: hi, quote: q))
        }
        let ns = text as NSString
        for match in resolutionRE?.matches(in: text, range: NSRange(location: 0, length: ns.length)) ?? [] {
            let q = ns.substring(with: match.range)
            let prefix = match.range(at: 1).location == NSNotFound ? nil : ns.substring(with: match.range(at: 1))
            guard let w = Int(ns.substring(with: match.range(at: 2))), let h = Int(ns.substring(with: match.range(at: 3))) else { continue }
            // "用于设置头像的图片分辨率不能超过 4096 x 4096": a limit on some images only.
            if prefix == nil, match.range.location > 0, ns.substring(with: NSRange(location: match.range.location - 1, length: 1)) == "的" {
                // The qualifier: back to the start of the clause (at most 12 characters).
                var start = match.range.location
                while start > 0, match.range.location - start < 12 {
                    let previous = ns.substring(with: NSRange(location: start - 1, length: 1))
                    if "，。；;,.-\n".contains(previous) || previous == " " && start < match.range.location - 1 { break }
                    start -= 1
                }
                conditional.append(ns.substring(with: NSRange(location: start, length: match.range.location + match.range.length - start)))
                continue
            }
            let scope: PixelFinding.Scope
            switch prefix?.uppercased() {
            case "GIF"?: scope = .formats(["gif"])
            case "其他"?, "其它"?: scope = .others
            default: scope = .all
            }
            out.append(PixelFinding(scope: scope, maxWidth: w, maxHeight: h, quote: q))
        }
        return (out, conditional)
    }

    // MARK: Response presence and list order

    static let conditionalPhrases = ["否则不返回", "仅在", "仅当", "才会返回", "才返回", "不返回说明", "会有返回值"]

    /// The words saying a response field is returned only in some cases (`当 has_more 为 true 时，...否则不返回 page_token`).
    static func conditionalPresence(_ text: String) -> String? {
        guard let phrase = conditionalPhrases.first(where: { text.includes($0) }) else { return nil }
        for sentence in text.split(whereSeparator: { "。；;\n".contains($0) }) where sentence.includes(phrase) {
            return sentence.trimmed
        }
        return text
    }

    /// `按照创建时间倒序排列` -> descending.
    static func listOrder(_ text: String) -> Finding<ListDirection>? {
        guard text.includes("创建时间") else { return nil }
        for sentence in text.split(whereSeparator: { "。；;，,\n".contains($0) }) where sentence.includes("创建时间") {
            if sentence.includes("倒序") || sentence.includes("降序") { return Finding(value: .descending, quote: sentence.trimmed) }
            if sentence.includes("正序") || sentence.includes("升序") { return Finding(value: .ascending, quote: sentence.trimmed) }
        }
        return nil
    }
}
