/// Escaping for the two text formats the reports write: XML 1.0 and GitHub-flavoured Markdown.
///
/// Titles, observed values and provenance quotes come from specs and from the target's replies,
/// so they may hold anything: markup, `]]>`, control characters, lone line breaks.
public enum TextSanitizer {
    /// True for characters XML 1.0 allows (`Char` production): tab, LF, CR, and everything from
    /// U+0020 except surrogates and U+FFFE/U+FFFF.
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// A visible stand-in for a character that cannot be written as is: `\u{1B}`.
    static func visible(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    /// Escapes text for XML element content or a double-quoted attribute value.
    ///
    /// `&`, `<`, `>`, `"` and `'` become entities; characters XML forbids become a visible
    /// `\u{XX}` notation (they cannot be written even as character references). In attributes,
    /// tab, LF and CR are written as character references so parsers do not normalise them away.
    public static func xml(_ text: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isXMLCharacter(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += visible(scalar)
                }
            }
        }
        return out
    }

    /// Escapes text for one line of Markdown (a table cell, a list item, a heading).
    ///
    /// Line breaks become spaces; control characters become `\u{XX}`; Markdown punctuation that
    /// could start emphasis, code, links or table cells is backslash-escaped; `<`, `>` and `&`
    /// become entities so no HTML reaches the page.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\t": out += " "
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!":
                out += "\\"
                out.unicodeScalars.append(scalar)
            default:
                if scalar.properties.generalCategory == .control || !isXMLCharacter(scalar) {
                    out += visible(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Text for inside a Markdown code span: control characters made visible, line breaks as
    /// spaces, and fenced with enough backticks that none inside can close it. In a table cell
    /// (`inTable`), `|` is backslash-escaped, which GitHub honours even inside code spans.
    public static func markdownCode(_ text: String, inTable: Bool = false) -> String {
        var body = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                body += " "
            } else if scalar.properties.generalCategory == .control || !isXMLCharacter(scalar) {
                body += visible(scalar)
            } else if scalar == "|" && inTable {
                body += "\\|"
            } else {
                body.unicodeScalars.append(scalar)
            }
        }
        var longestRun = 0
        var run = 0
        for character in body {
            if character == "`" {
                run += 1
                longestRun = max(longestRun, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: longestRun + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.isEmpty ? " " : ""
        return fence + pad + body + pad + fence
    }

    /// Shortens text to at most `limit` characters, marking the cut with `…`.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard limit > 0 else { return "" }
        guard text.count > limit else { return text }
        return String(text.prefix(max(0, limit - 1))) + "…"
    }
}
