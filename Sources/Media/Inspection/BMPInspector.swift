enum BMPInspector {
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.bmp
        guard let headerSize = b.le32(14) else { throw .truncated(f, "data ends before the DIB header size") }
        switch headerSize {
        case 12:
            guard let w = b.le16(18), let h = b.le16(20) else { throw .truncated(f, "data ends inside the OS/2 core header") }
            guard w > 0, h > 0 else { throw .corrupt(f, "zero width or height (\(w)x\(h))") }
            return ImageInfo(format: f, width: w, height: h)
        case 16, 40, 52, 56, 64, 108, 124:
            guard let w = b.le32s(18), let h = b.le32s(22) else { throw .truncated(f, "data ends inside the DIB header") }
            guard w > 0 else { throw .corrupt(f, "width \(w) is not positive") }
            guard h != 0, h != Int(Int32.min) else { throw .corrupt(f, "invalid height \(h)") }
            return ImageInfo(format: f, width: w, height: abs(h))
        default:
            throw .unsupported(f, "unknown DIB header size \(headerSize)")
        }
    }
}
