enum JPEGInspector {
    /// Stray plus fill bytes tolerated between two segments (libjpeg accepts any number, with a warning).
    static let maxGap = 65536

    static func isSOF(_ m: UInt8) -> Bool {
        (0xC0...0xCF).contains(m) && m != 0xC4 && m != 0xC8 && m != 0xCC
    }

    static func markerName(_ m: UInt8) -> String {
        let hex = String(m, radix: 16, uppercase: true)
        return "0xFF" + (hex.count < 2 ? "0" + hex : hex)
    }

    /// Walks the marker segments from SOI to the first SOFn; skips APPn/COM/DQT/DHT by their lengths,
    /// fill bytes (0xFF runs) and, like libjpeg, stray bytes between segments.
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.jpeg
        guard b.count >= 2, b.u8(0) == 0xFF, b.u8(1) == 0xD8 else { throw .corrupt(f, "missing SOI marker") }
        var i = 2
        while true {
            // Find 0xFF, skipping stray bytes, then skip fill bytes.
            let start = i
            while let c = b.u8(i), c != 0xFF { i += 1 }
            while let c = b.u8(i), c == 0xFF { i += 1 }
            if i - start > maxGap, i < b.count {
                throw .corrupt(f, "\(i - start) stray or fill bytes before marker at offset \(i); at most \(maxGap) are accepted")
            }
            guard let marker = b.u8(i) else { throw .truncated(f, "no SOF marker before end of data") }
            i += 1
            switch marker {
            case 0x00:
                continue  // stuffed byte outside entropy data: stray, skip
            case 0x01, 0xD0...0xD7:
                continue  // standalone markers without a length
            case 0xD8:
                throw .corrupt(f, "second SOI marker before SOF")
            case 0xD9:
                throw .corrupt(f, "EOI marker before any SOF marker")
            case 0xDA:
                throw .corrupt(f, "SOS marker before any SOF marker")
            default:
                guard let length = b.be16(i) else { throw .truncated(f, "no SOF marker before end of data") }
                guard length >= 2 else { throw .corrupt(f, "segment \(markerName(marker)) has invalid length \(length)") }
                if isSOF(marker) {
                    guard length >= 8 else { throw .corrupt(f, "SOF segment too short (\(length) bytes)") }
                    guard let height = b.be16(i + 3), let width = b.be16(i + 5), let components = b.u8(i + 7) else {
                        throw .truncated(f, "data ends inside the SOF segment")
                    }
                    guard width > 0 else { throw .corrupt(f, "zero width in SOF") }
                    guard height > 0 else { throw .unsupported(f, "height defined by a DNL marker (SOF height 0)") }
                    guard components > 0 else { throw .corrupt(f, "SOF declares zero components") }
                    return ImageInfo(format: f, width: width, height: height)
                }
                i += length
            }
        }
    }
}
