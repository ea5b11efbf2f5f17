/// How an icon entry stores its image.
public enum ICOPayload: String, Sendable, CaseIterable, Codable {
    /// A 32-bit DIB with an AND mask (height doubled in the DIB header).
    case bmp
    /// A complete PNG file (Vista icons).
    case png
}

/// One image of a forged icon.
public struct ICOEntry: Sendable, Equatable {
    /// Width in pixels, 1...256 (256 is stored as 0 in the directory).
    public var width: Int
    /// Height in pixels, 1...256.
    public var height: Int
    /// How the image is stored.
    public var payload: ICOPayload

    /// Creates an entry description.
    public init(width: Int, height: Int, payload: ICOPayload) {
        self.width = width
        self.height = height
        self.payload = payload
    }
}

enum ICOForge {
    static func dib(width: Int, height: Int) -> [UInt8] {
        let maskRow = ((width + 31) / 32) * 4
        var w = ByteWriter(capacity: 40 + width * height * 4 + maskRow * height)
        w.le32(40)
        w.le32(width)
        w.le32(height * 2)
        w.le16(1)
        w.le16(32)
        w.le32(0)
        w.le32(width * height * 4 + maskRow * height)
        w.zeros(16)
        for _ in 0..<(width * height) { w.append([0x99, 0x66, 0x33, 0xFF]) }
        w.zeros(maskRow * height)
        return w.bytes
    }

    static func image(_ entries: [ICOEntry], byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.ico
        guard !entries.isEmpty, entries.count <= 255 else {
            throw FixtureForgeError(kind: .invalidDimensions, format: f, message: "ICO: an icon needs 1...255 entries, got \(entries.count)")
        }
        var payloads: [[UInt8]] = []
        for e in entries {
            guard (1...256).contains(e.width), (1...256).contains(e.height) else {
                throw .dimensions(f, e.width, e.height, "icon entries are 1...256 pixels per side")
            }
            payloads.append(e.payload == .png ? try PNGForge.image(width: e.width, height: e.height, byteSize: nil) : dib(width: e.width, height: e.height))
        }
        let directory = 6 + 16 * entries.count
        let minimum = directory + payloads.reduce(0) { $0 + $1.count }
        var gap = 0
        if let target = byteSize {
            guard target >= minimum else {
                throw .tooSmall(f, entries[0].width, entries[0].height, requested: target, minimum: minimum)
            }
            gap = target - minimum
        }
        var w = ByteWriter(capacity: minimum + gap)
        w.le16(0)
        w.le16(1)
        w.le16(entries.count)
        var offset = directory + gap
        for (e, p) in zip(entries, payloads) {
            w.u8(e.width == 256 ? 0 : e.width)
            w.u8(e.height == 256 ? 0 : e.height)
            w.append([0, 0])
            w.le16(1)
            w.le16(32)
            w.le32(p.count)
            w.le32(offset)
            offset += p.count
        }
        w.zeros(gap)  // unreferenced bytes between the directory and the images
        for p in payloads { w.append(p) }
        return w.bytes
    }
}
