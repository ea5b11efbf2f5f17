/// Constant black greyscale PNGs: 8-bit up to 16 Mpx, 1-bit beyond; IDAT is a hand-made zlib stream.
enum PNGForge {
    static let maxSide = 1 << 24
    static let maxRawBytes = 1 << 33

    static func chunk(_ w: inout ByteWriter, _ type: String, _ data: [UInt8]) {
        w.be32(data.count)
        let start = w.bytes.count
        w.ascii(type)
        w.append(data)
        let crc = w.bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        w.be32(Int(crc))
    }

    static let padText = Array("feishu-conformance fixture padding. ".utf8)

    static func text(_ n: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n)
        while out.count < n { out.append(contentsOf: padText.prefix(n - out.count)) }
        return out
    }

    static func image(width: Int, height: Int, byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.png
        guard (1...maxSide).contains(width), (1...maxSide).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...\(maxSide)")
        }
        let depth = width * height <= 4096 * 4096 ? 8 : 1
        let rowBytes = 1 + (depth == 8 ? width : (width + 7) / 8)
        let (rawCount, overflow) = rowBytes.multipliedReportingOverflow(by: height)
        guard !overflow, rawCount <= maxRawBytes else { throw .dimensions(f, width, height, "decompressed data over \(maxRawBytes) bytes") }

        var plan = ZeroDeflate.minimalPlan(count: rawCount)
        let minimalDeflate = ZeroDeflate.deflateLength(count: rawCount, plan: plan)
        let fixed = 8 + 25 + 12 + 12  // signature, IHDR, IDAT framing, IEND
        let minimum = fixed + 6 + minimalDeflate
        var padding = 0
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            let gap = target - minimum
            if gap >= 12 {
                padding = gap
            } else if gap > 0 {
                guard let p = ZeroDeflate.plan(count: rawCount, deflateLength: minimalDeflate + gap) else {
                    throw .unreachable(f, width, height, requested: target, minimum: minimum, "no encoding grows by \(gap) bytes")
                }
                plan = p
            }
        }
        let idat = ZeroDeflate.zlib(count: rawCount, plan: plan)
        var w = ByteWriter(capacity: fixed + idat.count + padding)
        w.append(PNGInspector.signature)
        var ihdr = ByteWriter()
        ihdr.be32(width)
        ihdr.be32(height)
        ihdr.append([UInt8(depth), 0, 0, 0, 0])
        chunk(&w, "IHDR", ihdr.bytes)
        chunk(&w, "IDAT", idat)
        if padding >= 20 {
            chunk(&w, "tEXt", Array("Comment\0".utf8) + text(padding - 20))
        } else if padding >= 12 {
            chunk(&w, "paDd", [UInt8](repeating: 0, count: padding - 12))  // private, ancillary, safe-to-copy
        }
        chunk(&w, "IEND", [])
        return w.bytes
    }
}
