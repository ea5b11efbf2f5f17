/// A hand-rolled zlib encoder for streams of zero bytes (PNG rows of a constant black image),
/// with knobs that change the compressed length byte by byte so files can hit an exact size.
enum ZeroDeflate {
    /// How the stream is laid out; every plan decodes to the same `count` zero bytes.
    struct Plan: Equatable {
        /// Empty non-final stored blocks at the start (5 bytes each).
        var emptyStored = 0
        /// Empty non-final fixed-Huffman blocks after them (10 bits each).
        var emptyFixed = 0
        /// The data as one stored block instead of fixed-Huffman literals and matches.
        var storedData = false
        /// Leading literal zeros before the length-258 distance-1 matches (at least 1).
        var literals = 1
    }

    static let maxStored = 65535

    /// (length code, base length, extra bits) for match lengths 3...258.
    static func lengthCode(_ length: Int) -> (code: Int, extra: Int, extraValue: Int) {
        let bases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let extras = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        if length == 258 { return (285, 0, 0) }
        var k = bases.count - 2
        while bases[k] > length { k -= 1 }
        return (257 + k, extras[k], length - bases[k])
    }

    static func codeBits(_ symbol: Int) -> Int { symbol <= 143 ? 8 : symbol <= 255 ? 9 : symbol <= 279 ? 7 : 8 }

    static func matchBits(_ length: Int) -> Int {
        let c = lengthCode(length)
        return codeBits(c.code) + c.extra + 5
    }

    /// Bits of the data run after the leading literals: full 258-matches plus the remainder.
    static func runBits(_ remaining: Int) -> Int {
        let full = remaining / 258
        let rem = remaining % 258
        return full * 13 + (rem >= 3 ? matchBits(rem) : rem * 8)
    }

    /// Length in bytes of the deflate data (without the 2-byte zlib header and 4-byte Adler-32).
    static func deflateLength(count: Int, plan: Plan) -> Int {
        let prefix = plan.emptyStored * 5
        if plan.storedData {
            return prefix + (plan.emptyFixed * 10 + 3 + 7) / 8 + 4 + count
        }
        let bits = plan.emptyFixed * 10 + 3 + plan.literals * 8 + runBits(count - plan.literals) + 7
        return prefix + (bits + 7) / 8
    }

    static func candidatePlans(count: Int) -> [Plan] {
        var plans: [Plan] = []
        for s in 0...2 {
            for e in 0...15 {
                if count <= maxStored { plans.append(Plan(emptyStored: s, emptyFixed: e, storedData: true, literals: 0)) }
                for k in 1...max(1, min(count, 64)) { plans.append(Plan(emptyStored: s, emptyFixed: e, storedData: false, literals: k)) }
            }
        }
        return plans
    }

    /// The smallest plan.
    static func minimalPlan(count: Int) -> Plan {
        var best = Plan()
        var bestLength = deflateLength(count: count, plan: best)
        for p in candidatePlans(count: count) where deflateLength(count: count, plan: p) < bestLength {
            best = p
            bestLength = deflateLength(count: count, plan: p)
        }
        return best
    }

    /// A plan whose deflate data is exactly `length` bytes, if one exists.
    static func plan(count: Int, deflateLength length: Int) -> Plan? {
        candidatePlans(count: count).first { deflateLength(count: count, plan: $0) == length }
    }

    /// The zlib stream (header, deflate data, Adler-32) of `count` zero bytes.
    static func zlib(count: Int, plan: Plan) -> [UInt8] {
        var w = BitWriter()
        w.bytes.reserveCapacity(deflateLength(count: count, plan: plan) + 6)
        w.write(0x78, 8)
        w.write(0x01, 8)
        for _ in 0..<plan.emptyStored {
            w.write(0, 3)
            w.align()
            w.appendAligned([0x00, 0x00, 0xFF, 0xFF])
        }
        for _ in 0..<plan.emptyFixed {
            w.write(0, 1)
            w.write(1, 2)
            w.writeCode(0, 7)
        }
        if plan.storedData {
            w.write(1, 1)
            w.write(0, 2)
            w.align()
            w.appendAligned([UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)])
            w.appendAligned([UInt8](repeating: 0, count: count))
        } else {
            w.write(1, 1)
            w.write(1, 2)
            for _ in 0..<plan.literals { w.writeCode(0x30, 8) }
            let remaining = count - plan.literals
            var full = remaining / 258
            let rem = remaining % 258
            func match(_ w: inout BitWriter, _ length: Int) {
                let c = lengthCode(length)
                if c.code >= 280 { w.writeCode(UInt32(0xC0 + c.code - 280), 8) } else { w.writeCode(UInt32(c.code - 256), 7) }
                if c.extra > 0 { w.write(UInt32(c.extraValue), c.extra) }
                w.writeCode(0, 5)
            }
            while full > 0, !w.isAligned {
                match(&w, 258)
                full -= 1
            }
            if full >= 8 {
                // Eight 13-bit matches are 13 whole bytes: replicate that pattern.
                var p = BitWriter()
                for _ in 0..<8 { match(&p, 258) }
                let groups = full / 8
                let chunkGroups = min(groups, 4096)
                var chunk: [UInt8] = []
                chunk.reserveCapacity(13 * chunkGroups)
                for _ in 0..<chunkGroups { chunk.append(contentsOf: p.bytes) }
                var left = groups
                while left > 0 {
                    let n = min(left, chunkGroups)
                    if n == chunkGroups { w.appendAligned(chunk) } else { w.appendAligned(Array(chunk[0..<(13 * n)])) }
                    left -= n
                }
                full -= groups * 8
            }
            for _ in 0..<full { match(&w, 258) }
            if rem >= 3 { match(&w, rem) } else { for _ in 0..<rem { w.writeCode(0x30, 8) } }
            w.writeCode(0, 7)
        }
        w.align()
        let adler = Adler32.zeros(count: count)
        w.appendAligned([UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)])
        return w.bytes
    }
}
