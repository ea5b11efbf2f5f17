/// Lossless (VP8L) WebP of one constant colour: five single-symbol prefix codes, so pixels cost 0 bits.
enum WebPForge {
    static let maxSide = 16384
    static let colour: (a: UInt32, r: UInt32, g: UInt32, b: UInt32) = (255, 0x33, 0x66, 0x99)

    static func vp8l(width: Int, height: Int) -> [UInt8] {
        var w = BitWriter()
        w.write(0x2F, 8)
        w.write(UInt32(width - 1), 14)
        w.write(UInt32(height - 1), 14)
        w.write(0, 1)  // alpha_is_used
        w.write(0, 3)  // version
        w.write(0, 1)  // no transform
        w.write(0, 1)  // no colour cache
        w.write(0, 1)  // no meta prefix codes
        for symbol in [colour.g, colour.r, colour.b, colour.a, 0] {
            w.write(1, 1)  // simple code
            w.write(0, 1)  // one symbol
            w.write(1, 1)  // 8-bit symbol
            w.write(symbol, 8)
        }
        w.align()
        return w.bytes
    }

    static func chunk(_ w: inout ByteWriter, _ fourCC: String, _ payload: [UInt8]) {
        w.ascii(fourCC)
        w.le32(payload.count)
        w.append(payload)
        if payload.count % 2 == 1 { w.u8(0) }
    }

    static let xmpPacket = Array(#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>"#.utf8)

    static func image(width: Int, height: Int, byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.webp
        guard (1...maxSide).contains(width), (1...maxSide).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...\(maxSide) (VP8L stores 14-bit sizes)")
        }
        let stream = vp8l(width: width, height: height)
        let minimum = 12 + 8 + stream.count + stream.count % 2
        var trailing = 0
        var xmp: Int? = nil
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            guard target % 2 == 0 else {
                throw .unreachable(f, width, height, requested: target, minimum: minimum, "RIFF chunks are padded to even sizes, so WEBP files have even sizes")
            }
            let gap = target - minimum
            if gap >= 26 { xmp = gap - 26 } else { trailing = gap }
        }
        var body = ByteWriter()
        body.ascii("WEBP")
        if let xmpSize = xmp {
            var x = ByteWriter()
            x.u8(0x04)  // XMP present
            x.append([0, 0, 0])
            x.le24(width - 1)
            x.le24(height - 1)
            chunk(&body, "VP8X", x.bytes)
            chunk(&body, "VP8L", stream)
            let packet =
                xmpSize >= xmpPacket.count
                ? xmpPacket + [UInt8](repeating: 0x20, count: xmpSize - xmpPacket.count)
                : [UInt8](repeating: 0x20, count: xmpSize)
            chunk(&body, "XMP ", packet)
        } else {
            // Bytes after the end of the VP8L bitstream inside its chunk are ignored by decoders.
            let padded = stream + [UInt8](repeating: 0, count: trailing)
            chunk(&body, "VP8L", padded)
        }
        var w = ByteWriter(capacity: body.bytes.count + 8)
        w.ascii("RIFF")
        w.le32(body.bytes.count)
        w.append(body.bytes)
        return w.bytes
    }
}
