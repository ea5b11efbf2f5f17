/// Baseline greyscale JPEGs of constant mid-grey: one DC and one AC Huffman table with a single
/// 1-bit code each, so every 8x8 block is two zero bits ("DC diff 0", "EOB").
///
/// Byte-size padding is COM segments (plus up to three 0xFF fill bytes) between the frame header and the
/// scan header, where the grammar allows tables/misc segments, so inspection stops before reaching it.
enum JPEGForge {
    static func segment(_ w: inout ByteWriter, _ marker: UInt8, _ payload: [UInt8]) {
        w.append([0xFF, marker])
        w.be16(payload.count + 2)
        w.append(payload)
    }

    static func headers(width: Int, height: Int, padding: Int) -> ByteWriter {
        var w = ByteWriter()
        w.append([0xFF, 0xD8])
        segment(&w, 0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
        segment(&w, 0xDB, [0x00] + [UInt8](repeating: 1, count: 64))
        var sof = ByteWriter()
        sof.u8(8)
        sof.be16(height)
        sof.be16(width)
        sof.append([1, 1, 0x11, 0])
        segment(&w, 0xC0, sof.bytes)
        segment(&w, 0xC4, [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0x00])
        segment(&w, 0xC4, [0x10, 1] + [UInt8](repeating: 0, count: 15) + [0x00])
        var left = padding >= 4 ? padding : 0
        while left > 0 {
            var seg = min(left, 65537)
            if (1...3).contains(left - seg) { seg = left - 4 }
            segment(&w, 0xFE, PNGForge.text(seg - 4))
            left -= seg
        }
        if padding < 4 { w.append([UInt8](repeating: 0xFF, count: padding)) }  // fill bytes before the SOS marker
        segment(&w, 0xDA, [1, 1, 0x00, 0, 63, 0])
        return w
    }

    static func image(width: Int, height: Int, byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.jpeg
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...65535")
        }
        let blocks = ((width + 7) / 8) * ((height + 7) / 8)
        let entropyBits = blocks * 2
        let entropyBytes = (entropyBits + 7) / 8
        let minimum = headers(width: width, height: height, padding: 0).bytes.count + entropyBytes + 2
        var padding = 0
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            padding = target - minimum
        }
        var w = headers(width: width, height: height, padding: padding)
        w.bytes.reserveCapacity(w.bytes.count + entropyBytes + 2)
        w.zeros(entropyBytes)
        let used = entropyBits % 8
        if used != 0 { w.bytes[w.bytes.count - 1] = UInt8((1 << (8 - used)) - 1) }  // pad with 1 bits
        w.append([0xFF, 0xD9])
        return w.bytes
    }
}
