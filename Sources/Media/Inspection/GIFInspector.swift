enum GIFInspector {
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.gif
        guard b.matches(0, "GIF87a") || b.matches(0, "GIF89a") else {
            throw .corrupt(f, "unknown GIF version")
        }
        guard let width = b.le16(6), let height = b.le16(8) else { throw .truncated(f, "data ends inside the logical screen descriptor") }
        guard b.has(10, 3) else { throw .truncated(f, "data ends inside the logical screen descriptor") }
        guard width > 0, height > 0 else { throw .corrupt(f, "zero logical screen size (\(width)x\(height))") }
        return ImageInfo(format: f, width: width, height: height)
    }
}
