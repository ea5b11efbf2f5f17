extension JSONWriter {
    /// `value` as indented JSON text: keys sorted, two spaces per level, `"key": value`, empty
    /// arrays and objects as `[]` and `{}`, and a final newline. Scalars are written exactly as
    /// the compact form writes them, so the bytes depend on the value alone (no platform encoder):
    /// what exported documents (`export openapi`) need to stay byte-stable and diffable.
    public static func prettyBytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        writePretty(value, depth: 0, into: &out)
        out.append(0x0A)
        return out
    }

    private static func newline(_ depth: Int, into out: inout [UInt8]) {
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    private static func writePretty(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let items) where !items.isEmpty:
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(depth + 1, into: &out)
                writePretty(item, depth: depth + 1, into: &out)
            }
            newline(depth, into: &out)
            out.append(0x5D)
        case .object(let members) where !members.isEmpty:
            out.append(0x7B)
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out.append(0x2C) }
                newline(depth + 1, into: &out)
                writeString(key, into: &out)
                out.append(contentsOf: [0x3A, 0x20])
                if let member = members[key] { writePretty(member, depth: depth + 1, into: &out) }
            }
            newline(depth, into: &out)
            out.append(0x7D)
        default:
            write(value, into: &out)
        }
    }
}
