/// Which DIB header a forged BMP uses.
public enum BMPHeaderVersion: String, Sendable, CaseIterable, Codable {
    /// OS/2 1.x BITMAPCOREHEADER (12 bytes, 16-bit dimensions).
    case core
    /// BITMAPINFOHEADER (40 bytes).
    case info
    /// BITMAPV4HEADER (108 bytes).
    case v4
    /// BITMAPV5HEADER (124 bytes).
    case v5

    var size: Int {
        switch self {
        case .core: 12
        case .info: 40
        case .v4: 108
        case .v5: 124
        }
    }
}

/// Black BMPs: uncompressed 24-bit up to 64 MiB of pixels, RLE8 with a two-colour palette beyond.
enum BMPForge {
    static let maxUncompressed = 64 << 20

    static func image(width: Int, height: Int, header: BMPHeaderVersion, topDown: Bool, byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.bmp
        let limit = header == .core ? 65535 : Int(Int32.max)
        guard (1...limit).contains(width), (1...limit).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...\(limit) with a \(header.rawValue) header")
        }
        if topDown, header == .core { throw .dimensions(f, width, height, "the OS/2 core header cannot store a negative (top-down) height") }
        let rowBytes = (width * 3 + 3) & ~3
        let (raw, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        let rle = overflow || raw > maxUncompressed
        if rle, header == .core || topDown {
            throw FixtureForgeError(
                kind: .tooLarge, format: f,
                message: "BMP: \(width)x\(height) needs RLE8, which top-down and OS/2 core BMPs cannot use")
        }
        var pixels: [UInt8]
        if rle {
            let estimatedRow = (width / 255 + 1) * 2 + 2
            guard height <= FixtureForgeError.budget / estimatedRow, width <= FixtureForgeError.budget / 2 else {
                throw FixtureForgeError(kind: .tooLarge, format: f, message: "BMP: \(width)x\(height) RLE8 data would exceed \(FixtureForgeError.budget) bytes")
            }
            var row = ByteWriter()
            for _ in 0..<(width / 255) { row.append([255, 0]) }
            if width % 255 > 0 { row.append([UInt8(width % 255), 0]) }
            let runs = row.bytes
            let perRow = runs.count + 2
            guard width <= FixtureForgeError.budget, height <= FixtureForgeError.budget / perRow else {
                throw FixtureForgeError(kind: .tooLarge, format: f, message: "BMP: \(width)x\(height) RLE8 data would exceed \(FixtureForgeError.budget) bytes")
            }
            pixels = []
            pixels.reserveCapacity(perRow * height)
            let eol = runs + [0, 0]
            for _ in 0..<(height - 1) { pixels.append(contentsOf: eol) }
            pixels.append(contentsOf: runs + [0, 1])
        } else {
            pixels = [UInt8](repeating: 0, count: raw)
        }
        let palette = rle ? 8 : 0
        let minimum = 14 + header.size + palette + pixels.count
        var gap = 0
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            gap = target - minimum
        }
        var w = ByteWriter(capacity: minimum + gap)
        w.ascii("BM")
        w.le32(minimum + gap)
        w.le32(0)
        w.le32(14 + header.size + palette + gap)
        w.le32(header.size)
        if header == .core {
            w.le16(width)
            w.le16(height)
            w.le16(1)
            w.le16(24)
        } else {
            w.le32(width)
            w.le32(topDown ? -height : height)
            w.le16(1)
            w.le16(rle ? 8 : 24)
            w.le32(rle ? 1 : 0)
            w.le32(pixels.count)
            w.le32(2835)
            w.le32(2835)
            w.le32(rle ? 2 : 0)
            w.le32(0)
            if header == .v4 || header == .v5 {
                w.zeros(16)  // colour masks (unused for BI_RGB / BI_RLE8)
                w.ascii("BGRs")  // LCS_sRGB, stored little-endian
                w.zeros(36 + 12)  // endpoints, gamma
            }
            if header == .v5 {
                w.le32(4)  // LCS_GM_IMAGES
                w.zeros(12)
            }
        }
        if rle { w.append([0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0]) }
        w.zeros(gap)
        w.append(pixels)
        return w.bytes
    }
}
