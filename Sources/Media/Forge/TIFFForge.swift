/// Byte order of a forged TIFF.
public enum TIFFByteOrder: String, Sendable, CaseIterable, Codable {
    /// "II", Intel order.
    case littleEndian
    /// "MM", Motorola order.
    case bigEndian
}

/// Field type used for a forged TIFF's ImageWidth / ImageLength tags.
public enum TIFFDimensionType: String, Sendable, CaseIterable, Codable {
    /// 16-bit SHORT (sizes up to 65535).
    case short
    /// 32-bit LONG.
    case long
}

/// Black greyscale TIFFs in one strip: 8-bit uncompressed up to 64 Mpx, 1-bit PackBits beyond.
enum TIFFForge {
    static func image(width: Int, height: Int, byteOrder: TIFFByteOrder, dimensionType: TIFFDimensionType, byteSize: Int?) throws(FixtureForgeError) -> [UInt8]
    {
        let f = ImageFormat.tiff
        let limit = dimensionType == .short ? 65535 : 1 << 24
        guard (1...limit).contains(width), (1...limit).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...\(limit) with \(dimensionType.rawValue.uppercased()) dimension tags")
        }
        let packBits = width * height > 64 << 20
        var strip: [UInt8]
        if packBits {
            let rowBytes = (width + 7) / 8
            guard height <= FixtureForgeError.budget / ((rowBytes / 128 + 1) * 2) else {
                throw FixtureForgeError(
                    kind: .tooLarge, format: f, message: "TIFF: \(width)x\(height) PackBits data would exceed \(FixtureForgeError.budget) bytes")
            }
            var row: [UInt8] = []
            for _ in 0..<(rowBytes / 128) { row.append(contentsOf: [0x81, 0]) }
            let r = rowBytes % 128
            if r > 0 { row.append(contentsOf: [UInt8(truncatingIfNeeded: 1 - r), 0]) }
            strip = []
            strip.reserveCapacity(row.count * height)
            for _ in 0..<height { strip.append(contentsOf: row) }
        } else {
            strip = [UInt8](repeating: 0, count: width * height)
        }
        let little = byteOrder == .littleEndian
        var w = ByteWriter(capacity: strip.count + 200)
        func u16(_ v: Int) { little ? w.le16(v) : w.be16(v) }
        func u32(_ v: Int) { little ? w.le32(v) : w.be32(v) }
        let entries: [(tag: Int, type: Int, value: Int)] = [
            (256, dimensionType == .short ? 3 : 4, width),
            (257, dimensionType == .short ? 3 : 4, height),
            (258, 3, packBits ? 1 : 8),
            (259, 3, packBits ? 32773 : 1),
            (262, 3, 1),
            (273, 4, 8 + 2 + 12 * 9 + 4),
            (277, 3, 1),
            (278, 4, height),
            (279, 4, strip.count),
        ]
        let minimum = 8 + 2 + 12 * entries.count + 4 + strip.count
        var gap = 0
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            gap = target - minimum
        }
        w.ascii(little ? "II" : "MM")
        u16(42)
        u32(8)
        u16(entries.count)
        for e in entries {
            u16(e.tag)
            u16(e.type)
            u32(1)
            if e.type == 3 {
                u16(e.value)
                u16(0)
            } else {
                u32(e.value)
            }
        }
        u32(0)
        w.append(strip)
        w.zeros(gap)  // unreferenced trailing bytes are legal in TIFF
        return w.bytes
    }
}
