/// Compact JSON text of a `JSONValue`: keys sorted, slashes not escaped, the same bytes
/// `JSONEncoder` writes with `[.sortedKeys, .withoutEscapingSlashes]` for every value it can encode,
/// without its cost and without its failure modes: a value nested deeper than `JSONEncoder`'s 512
/// levels is written in full, and a non-finite double (which JSON cannot express, and which
/// `JSONEncoder` refuses for the whole document) is written as `null` in its place only.
public enum JSONWriter {
    /// `value`'s bytes.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// Appends `value`'s bytes to `out`.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d): writeDouble(d, into: &out)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x5D)
        case .object(let members):
            writeMembers(members, into: &out) { _, value, out in write(value, into: &out) }
        }
    }

    /// `{"key":value,...}` in key order, each value written by `writeValue`. Sorted through the
    /// dictionary's own indices: no array of copied (key, value) pairs.
    @inline(__always)
    public static func writeMembers(
        _ members: [String: JSONValue], into out: inout [UInt8],
        _ writeValue: (String, JSONValue, inout [UInt8]) -> Void
    ) {
        out.append(0x7B)
        var order = Array(members.indices)
        if order.count > 1 { order.sort { members[$0].key < members[$1].key } }
        var first = true
        for index in order {
            if !first { out.append(0x2C) }
            first = false
            writeString(members[index].key, into: &out)
            out.append(0x3A)
            writeValue(members[index].key, members[index].value, &out)
        }
        out.append(0x7D)
    }

    /// `String(i)`'s digits, appended without building a string.
    public static func writeInt(_ i: Int, into out: inout [UInt8]) {
        guard i > 0 else {
            if i == 0 { out.append(0x30) } else { out.append(contentsOf: String(i).utf8) }
            return
        }
        let start = out.count
        var n = i
        while n > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + n % 10))
            n /= 10
        }
        out[start...].reverse()
    }

    /// The shortest text that reads back as `d` (Swift's `description`), without a trailing `.0`
    /// (`1.0` is `1`, `-0.0` is `-0`, `1e+20` stays); `null` when not finite.
    public static func writeDouble(_ d: Double, into out: inout [UInt8]) {
        guard d.isFinite else {
            out.append(contentsOf: "null".utf8)
            return
        }
        let text = d.description.utf8
        if text.count > 2, text.suffix(2).elementsEqual(".0".utf8) {
            out.append(contentsOf: text.dropLast(2))
        } else {
            out.append(contentsOf: text)
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `s` quoted: `"` and `\` escaped, control characters as `\b \t \n \f \r` or `\u00XX`.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escaping: scan the contiguous UTF-8 and copy it at once.
        var text = s
        let copied = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied {
            out.append(0x22)
            return
        }
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, 0x62]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0D: out += [0x5C, 0x72]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
