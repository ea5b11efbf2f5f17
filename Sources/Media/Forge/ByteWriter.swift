/// Appends fixed-width integers to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: Int) { bytes.append(UInt8(truncatingIfNeeded: v)) }
    mutating func be16(_ v: Int) {
        u8(v >> 8)
        u8(v)
    }
    mutating func le16(_ v: Int) {
        u8(v)
        u8(v >> 8)
    }
    mutating func be32(_ v: Int) {
        be16(v >> 16)
        be16(v)
    }
    mutating func le32(_ v: Int) {
        le16(v)
        le16(v >> 16)
    }
    mutating func le24(_ v: Int) {
        u8(v)
        u8(v >> 8)
        u8(v >> 16)
    }
    mutating func ascii(_ s: String) { bytes.append(contentsOf: Array(s.utf8)) }
    mutating func append(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    mutating func zeros(_ n: Int) { if n > 0 { bytes.append(contentsOf: [UInt8](repeating: 0, count: n)) } }
}

/// Writes bits least-significant first (deflate, GIF LZW and VP8L order).
struct BitWriter {
    var bytes: [UInt8] = []
    private var acc: UInt64 = 0
    private var used = 0

    /// Bits written so far.
    var bitCount: Int { bytes.count * 8 + used }
    var isAligned: Bool { used == 0 }

    /// Appends the low `count` bits of `value` (count <= 32), LSB first.
    mutating func write(_ value: UInt32, _ count: Int) {
        acc |= UInt64(value & (count == 32 ? 0xFFFF_FFFF : (1 << UInt32(count)) - 1)) << UInt64(used)
        used += count
        while used >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: acc))
            acc >>= 8
            used -= 8
        }
    }

    /// Appends a Huffman code of `length` bits, most significant bit first (deflate convention).
    mutating func writeCode(_ code: UInt32, _ length: Int) {
        var reversed: UInt32 = 0
        for k in 0..<length where code & (1 << UInt32(length - 1 - k)) != 0 { reversed |= 1 << UInt32(k) }
        write(reversed, length)
    }

    /// Pads with zero bits to a byte boundary.
    mutating func align() { if used > 0 { write(0, 8 - used) } }

    /// Appends whole bytes; the writer must be aligned.
    mutating func appendAligned(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}
