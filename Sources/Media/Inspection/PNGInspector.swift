enum PNGInspector {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.png
        guard b.count >= 16 else { throw .truncated(f, "data ends before the IHDR chunk header (\(b.count) bytes)") }
        guard let length = b.be32(8) else { throw .truncated(f, "data ends before the IHDR chunk header") }
        guard b.matches(12, "IHDR") else {
            if b.matches(12, "CgBI") { throw .unsupported(f, "Apple CgBI PNG variant") }
            throw .corrupt(f, "first chunk is not IHDR")
        }
        guard length == 13 else { throw .corrupt(f, "IHDR length is \(length), expected 13") }
        guard b.has(16, 17), let width = b.be32(16), let height = b.be32(20),
            let depth = b.u8(24), let colour = b.u8(25), let storedCRC = b.be32(29)
        else { throw .truncated(f, "data ends inside the IHDR chunk") }
        let crc = CRC32.checksum(b.slice(12, 17).raw)
        guard UInt32(storedCRC) == crc else { throw .corrupt(f, "IHDR CRC mismatch") }
        guard width > 0, height > 0 else { throw .corrupt(f, "zero width or height in IHDR (\(width)x\(height))") }
        guard width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .corrupt(f, "IHDR dimension exceeds 2^31-1 (\(width)x\(height))")
        }
        let depthOK: Bool
        switch colour {
        case 0: depthOK = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
        case 3: depthOK = depth == 1 || depth == 2 || depth == 4 || depth == 8
        case 2, 4, 6: depthOK = depth == 8 || depth == 16
        default: throw .corrupt(f, "invalid colour type \(colour) in IHDR")
        }
        guard depthOK else { throw .corrupt(f, "bit depth \(depth) is invalid for colour type \(colour)") }
        return ImageInfo(format: f, width: width, height: height)
    }
}
