/// Substring search over UTF-8 bytes. Foundation's `contains`, `range(of:)` and
/// `replacingOccurrences` bridge every call through `NSString` on Linux, which made them most of
/// an import's time; these stay in the standard library.
extension String {
    /// True when `needle` occurs in the string (an empty needle always does).
    func includes(_ needle: String) -> Bool { firstRange(of: needle) != nil }

    /// The first occurrence of `needle` at or after `from`.
    func firstRange(of needle: String, from: String.Index? = nil) -> Range<String.Index>? {
        let hay = utf8
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        var i = from.map { $0.samePosition(in: hay) ?? hay.startIndex } ?? hay.startIndex
        let count = pattern.count
        while i < hay.endIndex {
            guard hay[i] == first else {
                i = hay.index(after: i)
                continue
            }
            var j = i
            var k = 0
            while k < count, j < hay.endIndex, hay[j] == pattern[k] {
                k += 1
                j = hay.index(after: j)
            }
            if k == count { return i..<j }
            i = hay.index(after: i)
        }
        return nil
    }

    /// Every occurrence of `needle` replaced by `replacement`.
    func replacing(_ needle: String, with replacement: String) -> String {
        guard var r = firstRange(of: needle) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var start = startIndex
        while true {
            out += self[start..<r.lowerBound]
            out += replacement
            start = r.upperBound
            guard let next = firstRange(of: needle, from: start) else { break }
            r = next
        }
        out += self[start...]
        return out
    }

    /// How many times `needle` occurs, not overlapping.
    func occurrences(of needle: String) -> Int {
        var n = 0
        var from = startIndex
        while let r = firstRange(of: needle, from: from) {
            n += 1
            from = r.upperBound
        }
        return n
    }

    /// Leading and trailing whitespace removed.
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    /// True when `needle` occurs in the substring.
    func includes(_ needle: String) -> Bool { String(self).includes(needle) }

    /// Leading and trailing whitespace removed.
    var trimmed: String { String(self).trimmed }
}
