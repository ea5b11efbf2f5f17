/// Inline Markdown of a table cell or text line turned into plain text: links keep their text,
/// emphasis and code marks go, HTML entities and backslash escapes are decoded, `<br>` becomes a
/// line break, runs of spaces collapse. One pass over the UTF-8 bytes (only ASCII bytes are
/// markup, so multi-byte characters are copied as they are).
public enum InlineText {
    /// Plain text; `<br>` becomes `lineBreak` (a newline by default).
    public static func plain(_ markdown: String, lineBreak: String = "\n") -> String {
        let src = Array(markdown.utf8)
        let n = src.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var pendingSpace = false
        var pendingBreak = false
        var lineHasText = false
        var skipAt: [Int: Int] = [:]  // `](url)` of a link: index of `]` -> index after `)`
        let breakBytes = Array(lineBreak.utf8)

        func emit(_ bytes: some Sequence<UInt8>) {
            if pendingBreak {
                if !out.isEmpty { out += breakBytes }
                pendingBreak = false
                pendingSpace = false
                lineHasText = false
            } else if pendingSpace {
                if lineHasText { out.append(0x20) }
                pendingSpace = false
            }
            out += bytes
            lineHasText = true
        }

        var i = 0
        while i < n {
            if let next = skipAt[i] {
                i = next
                continue
            }
            let b = src[i]
            switch b {
            case 0x3C:  // <br>, <br/>, <br />
                if let len = brTag(src, i) {
                    if lineHasText { pendingBreak = true }
                    i += len
                    continue
                }
            case 0x5B:  // [text](url)
                if let (close, end) = link(src, i) {
                    skipAt[close] = end
                    if out.last == 0x21, lineHasText, !pendingSpace, !pendingBreak { out.removeLast() }  // ![alt](url)
                    i += 1
                    continue
                }
            case 0x2A where i + 1 < n && src[i + 1] == 0x2A:  // **
                i += 2
                continue
            case 0x60:  // `
                i += 1
                continue
            case 0x26:  // &entity;
                if let (bytes, len) = entity(src, i) {
                    if bytes == [0x20] { pendingSpace = true } else { emit(bytes) }
                    i += len
                    continue
                }
            case 0x5C where i + 1 < n && isEscapable(src[i + 1]):  // \[
                emit(CollectionOfOne(src[i + 1]))
                i += 2
                continue
            case 0x20, 0x09, 0x0A, 0x0D:
                pendingSpace = true
                i += 1
                continue
            case 0xC2 where i + 1 < n && src[i + 1] == 0xA0:  // no-break space
                pendingSpace = true
                i += 2
                continue
            case 0xE2 where i + 2 < n && src[i + 1] == 0x80 && (0x80...0x8A).contains(src[i + 2]):  // en/em spaces
                pendingSpace = true
                i += 3
                continue
            case 0xE3 where i + 2 < n && src[i + 1] == 0x80 && src[i + 2] == 0x80:  // ideographic space
                pendingSpace = true
                i += 3
                continue
            default:
                break
            }
            // A whole UTF-8 sequence at once.
            let len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            emit(src[i..<min(n, i + len)])
            i += len
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func brTag(_ s: [UInt8], _ i: Int) -> Int? {
        for tag in [Array("<br>".utf8), Array("<br/>".utf8), Array("<br />".utf8), Array("<BR>".utf8)] {
            if i + tag.count <= s.count, Array(s[i..<(i + tag.count)]) == tag { return tag.count }
        }
        return nil
    }

    /// At `[`: the index of its `]` and the index after the `)` of `](url)`, when it is a link.
    static func link(_ s: [UInt8], _ i: Int) -> (Int, Int)? {
        guard let close = matching(s, i, open: 0x5B, close: 0x5D), close + 1 < s.count, s[close + 1] == 0x28,
            let end = matching(s, close + 1, open: 0x28, close: 0x29)
        else { return nil }
        return (close, end + 1)
    }

    static func matching(_ s: [UInt8], _ from: Int, open: UInt8, close: UInt8) -> Int? {
        var depth = 0
        var i = from
        while i < s.count {
            let b = s[i]
            if b == 0x5C {
                i += 2
                continue
            }
            if b == open { depth += 1 }
            if b == close {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    static let entities: [(name: [UInt8], bytes: [UInt8])] = [
        ("&nbsp;", " "), ("&emsp;", " "), ("&ensp;", " "), ("&gt;", ">"), ("&lt;", "<"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    static func entity(_ s: [UInt8], _ i: Int) -> ([UInt8], Int)? {
        for (name, bytes) in entities where i + name.count <= s.count && Array(s[i..<(i + name.count)]) == name {
            return (bytes, name.count)
        }
        return nil
    }

    /// ASCII punctuation and symbols: what a backslash escapes in Markdown.
    static func isEscapable(_ b: UInt8) -> Bool {
        (0x21...0x2F).contains(b) || (0x3A...0x40).contains(b) || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
    }

    /// `[text](url)` -> `text`; images `![alt](url)` -> `alt`.
    public static func stripLinks(_ s: String) -> String {
        let src = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(src.count)
        var skipAt: [Int: Int] = [:]
        var i = 0
        while i < src.count {
            if let next = skipAt[i] {
                i = next
                continue
            }
            if src[i] == 0x5B, let (close, end) = link(src, i) {
                skipAt[close] = end
                if out.last == 0x21 { out.removeLast() }
                i += 1
                continue
            }
            out.append(src[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text inside the first backtick code span, or nil.
    public static func firstCodeSpan(_ s: String) -> String? {
        guard let open = s.firstIndex(of: "`") else { return nil }
        let rest = s[s.index(after: open)...]
        guard let close = rest.firstIndex(of: "`") else { return nil }
        return String(rest[..<close])
    }
}
