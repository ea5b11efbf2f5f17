import Foundation

/// Deterministic builders of real, decodable image files at requested dimensions and byte sizes,
/// plus non-images and near-miss files for format-error cases.
///
/// Every builder is fast and memory-light even for huge dimensions: pixel data is a constant colour,
/// stored through each format's cheapest legal encoding. Byte-size padding goes where the format
/// allows it (PNG `tEXt`, JPEG `COM` and fill bytes, GIF comment extension, WEBP `XMP ` chunk,
/// unreferenced bytes in BMP, TIFF and ICO). The same arguments always give the same bytes.
public enum FixtureForge {
    /// A real, decodable image of the format at width x height; with byteSize, exactly that many bytes
    /// (padding via ancillary chunks/comments/metadata) or a thrown ``FixtureForgeError`` saying the
    /// minimum possible size when too small / impossible.
    ///
    /// Files and `byteSize` requests are capped at 1 GiB (a ``FixtureForgeError/Kind/tooLarge`` error).
    /// Limits per side: PNG 2^24, JPEG / GIF 65535, WEBP 16384, BMP 2^31-1, TIFF 65535 (SHORT tags;
    /// use ``tiff(width:height:byteOrder:dimensionType:byteSize:)`` for LONG), ICO 256.
    public static func image(_ format: ImageFormat, width: Int, height: Int, byteSize: Int? = nil) throws -> Data {
        try Data(bytes(format, width: width, height: height, byteSize: byteSize))
    }

    /// Same as ``image(_:width:height:byteSize:)`` with a typed error, as a byte array.
    public static func bytes(_ format: ImageFormat, width: Int, height: Int, byteSize: Int? = nil) throws(FixtureForgeError) -> [UInt8] {
        try FixtureForgeError.checkBudget(format, byteSize)
        switch format {
        case .png: return try PNGForge.image(width: width, height: height, byteSize: byteSize)
        case .jpeg: return try JPEGForge.image(width: width, height: height, byteSize: byteSize)
        case .gif: return try GIFForge.image(width: width, height: height, byteSize: byteSize)
        case .webp: return try WebPForge.image(width: width, height: height, byteSize: byteSize)
        case .bmp: return try BMPForge.image(width: width, height: height, header: .info, topDown: false, byteSize: byteSize)
        case .tiff: return try TIFFForge.image(width: width, height: height, byteOrder: .littleEndian, dimensionType: .short, byteSize: byteSize)
        case .ico: return try ICOForge.image([ICOEntry(width: width, height: height, payload: .bmp)], byteSize: byteSize)
        }
    }

    /// The smallest file the forge can make for these dimensions (what `byteSize` must at least be).
    public static func minimumByteSize(_ format: ImageFormat, width: Int, height: Int) throws(FixtureForgeError) -> Int {
        try bytes(format, width: width, height: height).count
    }

    /// A BMP with a chosen DIB header version, optionally top-down (negative height).
    public static func bmp(width: Int, height: Int, header: BMPHeaderVersion = .info, topDown: Bool = false, byteSize: Int? = nil) throws -> Data {
        try FixtureForgeError.checkBudget(.bmp, byteSize)
        return try Data(BMPForge.image(width: width, height: height, header: header, topDown: topDown, byteSize: byteSize))
    }

    /// A TIFF with a chosen byte order and SHORT or LONG dimension tags.
    public static func tiff(width: Int, height: Int, byteOrder: TIFFByteOrder = .littleEndian, dimensionType: TIFFDimensionType = .short, byteSize: Int? = nil)
        throws -> Data
    {
        try FixtureForgeError.checkBudget(.tiff, byteSize)
        return try Data(TIFFForge.image(width: width, height: height, byteOrder: byteOrder, dimensionType: dimensionType, byteSize: byteSize))
    }

    /// An icon with one or more entries, each stored as a DIB or a PNG.
    public static func ico(entries: [ICOEntry], byteSize: Int? = nil) throws -> Data {
        try FixtureForgeError.checkBudget(.ico, byteSize)
        return try Data(ICOForge.image(entries, byteSize: byteSize))
    }

    /// Non-images and near-miss files for format-error cases.
    public static func nearMiss(_ kind: NearMiss) -> Data { Data(kind.bytes) }

    /// Non-images and files that look like images but are broken in one named way.
    public enum NearMiss: String, Sendable, CaseIterable, Codable {
        /// Zero bytes.
        case empty
        /// A line of UTF-8 text.
        case plainText
        /// A small HTML document.
        case html
        /// The start of a PDF document.
        case pdf
        /// An SVG document (XML, not a raster format the platform accepts here).
        case svg
        /// An ISO-BMFF HEIC header (a real image format this inspector does not read).
        case heic
        /// 1 KiB of deterministic pseudo-random bytes.
        case randomBytes
        /// PNG signature and IHDR with a wrong CRC.
        case pngBrokenIHDR
        /// PNG whose IHDR says width 0 (CRC correct).
        case pngZeroWidth
        /// PNG whose first chunk is IDAT, not IHDR.
        case pngMissingIHDR
        /// PNG cut inside the IHDR chunk.
        case truncatedPNG
        /// A complete, valid JPEG (meant to be uploaded under a `.png` name).
        case jpegRenamedPNG
        /// JPEG with SOI, APP0, DQT and EOI but no frame header.
        case jpegWithoutSOF
        /// JPEG cut inside its SOF segment.
        case jpegTruncatedSOF
        /// JPEG whose SOS comes before any SOF.
        case jpegScanBeforeFrame
        /// GIF signature with half a logical screen descriptor.
        case gifTruncatedHeader
        /// GIF with a 0x0 logical screen.
        case gifZeroSize
        /// WEBP whose RIFF size claims more bytes than present.
        case webpTruncatedRIFF
        /// WEBP whose first chunk is not VP8/VP8L/VP8X.
        case webpUnknownChunk
        /// BMP with an unknown DIB header size.
        case bmpUnknownHeader
        /// BMP with width 0.
        case bmpZeroWidth
        /// TIFF whose first IFD offset lies beyond the data.
        case tiffBadIFDOffset
        /// TIFF whose IFD has no ImageWidth tag.
        case tiffMissingWidth
        /// A BigTIFF header.
        case bigTIFF
        /// ICO directory with no entries (not even sniffed as ICO).
        case icoNoEntries
        /// ICO whose image data lies past the end of the file.
        case icoPayloadOutOfBounds

        /// What ``ImageInspector/inspect(_:)`` reports for this file; nil when it is a valid image.
        public var expectedErrorKind: ImageInspectionError.Kind? {
            switch self {
            case .empty, .plainText, .html, .pdf, .svg, .heic, .randomBytes, .icoNoEntries: .unknownFormat
            case .truncatedPNG, .jpegWithoutSOF, .jpegTruncatedSOF, .gifTruncatedHeader, .webpTruncatedRIFF, .tiffBadIFDOffset, .icoPayloadOutOfBounds:
                .truncated
            case .pngBrokenIHDR, .pngZeroWidth, .pngMissingIHDR, .jpegScanBeforeFrame, .gifZeroSize, .webpUnknownChunk, .bmpZeroWidth, .tiffMissingWidth:
                .corrupt
            case .bmpUnknownHeader, .bigTIFF: .unsupported
            case .jpegRenamedPNG: nil
            }
        }

        /// The file's bytes.
        public var bytes: [UInt8] { NearMissBuilder.bytes(self) }
    }
}
