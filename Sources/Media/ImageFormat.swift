/// An image container format the platform accepts somewhere, identified by its magic bytes.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    /// Portable Network Graphics.
    case png
    /// JPEG (JFIF / EXIF), any SOF variant.
    case jpeg
    /// Graphics Interchange Format (87a or 89a).
    case gif
    /// WebP in a RIFF container (VP8, VP8L or VP8X).
    case webp
    /// Windows / OS/2 bitmap.
    case bmp
    /// Tagged Image File Format, either byte order.
    case tiff
    /// Windows icon (directory of BMP or PNG images).
    case ico

    /// The format a spec, a recipe or a file name calls `name`, case-insensitively: its raw value
    /// or a common alias (`jpg`, `jpe`, `tif`, `icon`); nil for anything else.
    public init?(name: String) {
        let lower = name.lowercased()
        if let exact = ImageFormat(rawValue: lower) {
            self = exact
            return
        }
        switch lower {
        case "jpg", "jpe": self = .jpeg
        case "tif": self = .tiff
        case "icon": self = .ico
        default: return nil
        }
    }

    /// The conventional upper-case name used in messages, e.g. `"JPEG"`.
    public var displayName: String {
        switch self {
        case .png: "PNG"
        case .jpeg: "JPEG"
        case .gif: "GIF"
        case .webp: "WEBP"
        case .bmp: "BMP"
        case .tiff: "TIFF"
        case .ico: "ICO"
        }
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .tiff: "tiff"
        default: rawValue
        }
    }

    /// The registered (or customary) media type.
    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .bmp: "image/bmp"
        case .tiff: "image/tiff"
        case .ico: "image/x-icon"
        }
    }
}

/// What inspection learns from an image's headers: its format and pixel dimensions.
public struct ImageInfo: Sendable, Equatable, CustomStringConvertible {
    /// The container format.
    public var format: ImageFormat
    /// Width in pixels (always at least 1).
    public var width: Int
    /// Height in pixels (always at least 1; bottom-up and top-down BMPs both report a positive height).
    public var height: Int

    /// Creates an image description.
    public init(format: ImageFormat, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// For example `"PNG 320x320"`.
    public var description: String { "\(format.displayName) \(width)x\(height)" }
}
