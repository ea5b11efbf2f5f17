import ConformanceSpec
import Foundation

/// Reads the JSON examples of doc pages, which are not always strict JSON: `//` comments after
/// values and trailing commas are removed before parsing; what still does not parse is read by
/// ``LenientJSON``.
enum ExampleJSON {
    /// The example as JSON, or nil when it still does not parse (`lenient`: with ``LenientJSON``
    /// as the last reading).
    static func parse(_ text: String, lenient: Bool = true) -> JSONValue? {
        if let value = try? JSONValue.parse(Data(text.utf8)) { return value }
        let cleaned = removeTrailingCommas(removeComments(fullWidthCommas(repairStrings(text))))
        if let value = try? JSONValue.parse(Data(cleaned.utf8)) { return value }
        if let value = closeBrackets(cleaned).flatMap({ try? JSONValue.parse(Data($0.utf8)) }) { return value }
        return lenient ? LenientJSON.parse(text) : nil
    }

    /// Inside strings: a backslash that starts no JSON escape (`"^\d{9}$"`) is doubled, a raw line
    /// break or tab is escaped. The text the page meant is kept; only its JSON spelling is fixed.
    static func repairStrings(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var inString = false
        var chars = Array(text)
        chars.append(" ")
        var i = 0
        while i < chars.count - 1 {
            let c = chars[i]
            if !inString {
                if c == "\"" { inString = true }
                out.append(c)
            } else if c == "\\" {
                let next = chars[i + 1]
                if "\"\\/bfnrtu".contains(next) {
                    out.append(c)
                    out.append(next)
                    i += 1
                } else {
                    out += "\\\\"
                }
            } else if c == "\"" {
                inString = false
                out.append(c)
            } else if c == "\n" {
                out += "\\n"
            } else if c == "\t" {
                out += "\\t"
            } else if c == "\r" {
                // dropped: a CRLF line end inside a string
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// The text with the brackets left open at its end closed (`{"a": {"b": 1}` -> `...}`), or nil
    /// when nothing is left open (or a string is).
    static func closeBrackets(_ text: String) -> String? {
        var open: [Character] = []
        var inString = false
        var escaped = false
        for c in text {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{": open.append("}")
            case "[": open.append("]")
            case "}", "]":
                guard open.last == c else { return nil }
                open.removeLast()
            default: break
            }
        }
        guard !inString, !open.isEmpty else { return nil }
        return text + String(open.reversed())
    }

    /// `，` outside strings (a slip of a Chinese keyboard) becomes `,`.
    static func fullWidthCommas(_ text: String) -> String {
        guard text.includes("，") else { return text }
        var out = ""
        var inString = false
        var escaped = false
        for c in text {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                out.append(c)
            } else {
                if c == "\"" { inString = true }
                out.append(c == "，" ? "," : c)
            }
        }
        return out
    }

    /// Drops `// ...` to the end of the line when outside a string.
    static func removeComments(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var inString = false
            var escaped = false
            var previous: Character = " "
            var cut: String.Index?
            for i in line.indices {
                let c = line[i]
                if inString {
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                } else if c == "\"" {
                    inString = true
                } else if c == "/" && previous == "/" {
                    cut = line.index(before: i)
                    break
                } else if c == "#" && (previous == " " || previous == "\t") {
                    cut = i  // `, # 说明`: a shell-style remark after a value
                    break
                }
                previous = c
            }
            out += cut.map { line[..<$0] } ?? line
            out += "\n"
        }
        return out
    }

    /// `,` followed only by whitespace before `}` or `]` is dropped.
    static func removeTrailingCommas(_ text: String) -> String {
        var chars = Array(text)
        var inString = false
        var escaped = false
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "," {
                var j = i + 1
                while j < chars.count, chars[j].isWhitespace { j += 1 }
                if j < chars.count, chars[j] == "}" || chars[j] == "]" {
                    chars.remove(at: i)
                    continue
                }
            }
            i += 1
        }
        return String(chars)
    }
}
