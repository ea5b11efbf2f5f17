import Foundation

/// Reads an image's format and pixel dimensions from its headers alone.
///
/// Never decodes pixels; the work done does not grow with the file size (apart from JPEG, which walks
/// its marker segments up to the frame header). Any byte sequence is safe to pass: bad input
/// becomes an ``ImageInspectionError``, never a trap, a loop or an out-of-bounds read.
public enum ImageInspector {
    /// Reads headers only; cost independent of file size.
    public static func inspect(_ data: Data) throws(ImageInspectionError) -> ImageInfo {
        let result: Result<ImageInfo, ImageInspectionError> = data.withUnsafeBytes { raw in
            Result { () throws(ImageInspectionError) -> ImageInfo in try inspect(ByteView(raw: raw)) }
        }
        return try result.get()
    }

    static func inspect(_ bytes: ByteView) throws(ImageInspectionError) -> ImageInfo {
        guard let format = sniff(bytes) else {
            let what = bytes.count == 0 ? "empty data" : "bytes do not start with the signature of PNG, JPEG, GIF, WEBP, BMP, TIFF or ICO"
            throw ImageInspectionError(kind: .unknownFormat, format: nil, message: "unknown image format: \(what)")
        }
        switch format {
        case .png: return try PNGInspector.inspect(bytes)
        case .jpeg: return try JPEGInspector.inspect(bytes)
        case .gif: return try GIFInspector.inspect(bytes)
        case .webp: return try WebPInspector.inspect(bytes)
        case .bmp: return try BMPInspector.inspect(bytes)
        case .tiff: return try TIFFInspector.inspect(bytes)
        case .ico: return try ICOInspector.inspect(bytes)
        }
    }

    /// The format announced by the magic bytes alone, or nil; says nothing about validity.
    public static func sniffFormat(_ data: Data) -> ImageFormat? {
        data.withUnsafeBytes { sniff(ByteView(raw: $0)) }
    }

    static func sniff(_ b: ByteView) -> ImageFormat? {
        if b.matches(0, PNGInspector.signature) { return .png }
        if b.u8(0) == 0xFF, b.u8(1) == 0xD8, b.u8(2) == 0xFF { return .jpeg }
        if b.matches(0, "GIF8"), b.u8(4) == 0x37 || b.u8(4) == 0x39, b.u8(5) == 0x61 { return .gif }
        if b.matches(0, "RIFF"), b.matches(8, "WEBP") { return .webp }
        if b.matches(0, "BM"), b.count >= 6 { return .bmp }
        if let tag = b.be32(0), [0x4949_2A00, 0x4D4D_002A, 0x4949_2B00, 0x4D4D_002B].contains(tag) { return .tiff }
        if b.be32(0) == 0x0000_0100, let n = b.le16(4), n > 0 { return .ico }
        return nil
    }
}
