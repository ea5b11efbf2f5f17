enum ICOInspector {
    /// Reports the largest entry (by area, the first on ties), like common decoders;
    /// a PNG payload's own IHDR size wins over the directory bytes.
    static func inspect(_ b: ByteView) throws(ImageInspectionError) -> ImageInfo {
        let f = ImageFormat.ico
        guard let reserved = b.le16(0), let type = b.le16(2), let count = b.le16(4) else {
            throw .truncated(f, "data ends inside the icon directory header")
        }
        guard reserved == 0, type == 1 else { throw .corrupt(f, "not an icon directory (reserved \(reserved), type \(type))") }
        guard count > 0 else { throw .corrupt(f, "icon directory has no entries") }
        guard b.has(6, 16 * count) else { throw .truncated(f, "data ends inside the icon directory (\(count) entries)") }
        var best: (w: Int, h: Int, size: Int, offset: Int)?
        for k in 0..<count {
            let e = 6 + 16 * k
            guard let bw = b.u8(e), let bh = b.u8(e + 1), let size = b.le32(e + 8), let offset = b.le32(e + 12) else {
                throw .truncated(f, "data ends inside directory entry \(k)")
            }
            let w = bw == 0 ? 256 : Int(bw)
            let h = bh == 0 ? 256 : Int(bh)
            if best == nil || w * h > (best?.w ?? 0) * (best?.h ?? 0) { best = (w, h, size, offset) }
        }
        guard let chosen = best else { throw .corrupt(f, "icon directory has no entries") }
        guard chosen.offset >= 6 + 16 * count else { throw .corrupt(f, "image data offset \(chosen.offset) overlaps the directory") }
        guard chosen.size > 0 else { throw .corrupt(f, "image entry declares 0 bytes") }
        guard b.has(chosen.offset, chosen.size) else {
            throw .truncated(f, "image data (\(chosen.size) bytes at offset \(chosen.offset)) extends past the end of data (\(b.count) bytes)")
        }
        let payload = b.slice(chosen.offset, chosen.size)
        if payload.matches(0, PNGInspector.signature) {
            do {
                let png = try PNGInspector.inspect(payload)
                return ImageInfo(format: f, width: png.width, height: png.height)
            } catch {
                throw .corrupt(f, "embedded PNG: \(error.message)")
            }
        }
        guard let dib = payload.le32(0), [12, 40, 52, 56, 108, 124].contains(dib) else {
            throw .corrupt(f, "image entry is neither PNG nor a DIB")
        }
        return ImageInfo(format: f, width: chosen.w, height: chosen.h)
    }
}
