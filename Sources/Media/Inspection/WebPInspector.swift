enum WebPInspector {
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.webp
        guard b.count >= 20, let riffSize = b.le32(4) else { throw .truncated(f, "data ends inside the RIFF header") }
        guard riffSize >= 12 else { throw .corrupt(f, "RIFF size \(riffSize) too small") }
        guard riffSize + 8 <= b.count else {
            throw .truncated(f, "RIFF size says \(riffSize + 8) bytes but only \(b.count) are present")
        }
        guard let chunkSize = b.le32(16) else { throw .truncated(f, "data ends inside the first chunk header") }
        let payload = 20
        guard chunkSize <= riffSize - 12 else { throw .corrupt(f, "first chunk size \(chunkSize) exceeds the RIFF size") }
        if b.matches(12, "VP8X") {
            guard chunkSize >= 10 else { throw .corrupt(f, "VP8X chunk too short (\(chunkSize) bytes)") }
            guard let w = b.le24(payload + 4), let h = b.le24(payload + 7) else { throw .truncated(f, "data ends inside the VP8X chunk") }
            return ImageInfo(format: f, width: w + 1, height: h + 1)
        }
        if b.matches(12, "VP8L") {
            guard chunkSize >= 5 else { throw .corrupt(f, "VP8L chunk too short (\(chunkSize) bytes)") }
            guard b.u8(payload) == 0x2F else { throw .corrupt(f, "VP8L signature byte is not 0x2F") }
            guard let bits = b.le32(payload + 1) else { throw .truncated(f, "data ends inside the VP8L header") }
            guard bits >> 29 == 0 else { throw .unsupported(f, "VP8L version \(bits >> 29)") }
            return ImageInfo(format: f, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        }
        if b.matches(12, "VP8 ") {
            guard chunkSize >= 10 else { throw .corrupt(f, "VP8 chunk too short (\(chunkSize) bytes)") }
            guard let tag = b.u8(payload), b.has(payload, 10) else { throw .truncated(f, "data ends inside the VP8 frame header") }
            guard tag & 1 == 0 else { throw .corrupt(f, "VP8 frame is not a key frame") }
            guard b.matches(payload + 3, [0x9D, 0x01, 0x2A]) else { throw .corrupt(f, "VP8 start code 9D 01 2A missing") }
            guard let w = b.le16(payload + 6), let h = b.le16(payload + 8) else { throw .truncated(f, "data ends inside the VP8 frame header") }
            let width = w & 0x3FFF
            let height = h & 0x3FFF
            guard width > 0, height > 0 else { throw .corrupt(f, "zero VP8 frame size (\(width)x\(height))") }
            return ImageInfo(format: f, width: width, height: height)
        }
        throw .corrupt(f, "first chunk is neither VP8, VP8L nor VP8X")
    }
}
