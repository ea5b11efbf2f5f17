enum TIFFInspector {
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.tiff
        let little: Bool
        if b.matches(0, "II") {
            little = true
        } else if b.matches(0, "MM") {
            little = false
        } else {
            throw .corrupt(f, "byte order mark is neither II nor MM")
        }
        let u16: (Int) -> Int? = { little ? b.le16($0) : b.be16($0) }
        let u32: (Int) -> Int? = { little ? b.le32($0) : b.be32($0) }
        guard let magic = u16(2) else { throw .truncated(f, "data ends inside the header") }
        if magic == 43 { throw .unsupported(f, "BigTIFF is not supported") }
        guard magic == 42 else { throw .corrupt(f, "magic number \(magic), expected 42") }
        guard let ifd = u32(4) else { throw .truncated(f, "data ends inside the header") }
        guard ifd >= 8 else { throw .corrupt(f, "first IFD offset \(ifd) points into the header") }
        guard let count = u16(ifd) else { throw .truncated(f, "first IFD at offset \(ifd) lies beyond the end of data (\(b.count) bytes)") }
        guard count > 0 else { throw .corrupt(f, "first IFD has no entries") }
        var width: Int?
        var height: Int?
        for k in 0..<count {
            let e = ifd + 2 + 12 * k
            guard let tag = u16(e), let type = u16(e + 2), let n = u32(e + 4), b.has(e + 8, 4) else {
                throw .truncated(f, "data ends inside IFD entry \(k)")
            }
            guard tag == 256 || tag == 257 else { continue }
            guard n >= 1 else { throw .corrupt(f, "tag \(tag) has count 0") }
            let value: Int?
            switch type {
            case 3: value = u16(e + 8)
            case 4: value = u32(e + 8)
            default: throw .corrupt(f, "tag \(tag) has type \(type), expected SHORT or LONG")
            }
            if tag == 256 { width = value } else { height = value }
            if width != nil, height != nil { break }
        }
        guard let w = width else { throw .corrupt(f, "ImageWidth tag (256) missing from the first IFD") }
        guard let h = height else { throw .corrupt(f, "ImageLength tag (257) missing from the first IFD") }
        guard w > 0, h > 0 else { throw .corrupt(f, "zero width or height (\(w)x\(h))") }
        return ImageInfo(format: f, width: w, height: h)
    }
}
