import Foundation
import Media
import Testing

/// One forged file of the shared corpus: what to build and what inspection and Pillow must report.
struct CorpusItem: Sendable, CustomTestStringConvertible {
    let name: String
    let format: ImageFormat
    let width: Int
    let height: Int
    let byteSize: Int?
    let build: @Sendable () throws -> Data

    var testDescription: String { name }

    /// Whether the interop check should decode every pixel (small images only).
    var fullDecode: Bool { width * height <= 4096 * 4096 }
}

enum ForgeCorpus {
    static let standardSizes = [(1, 1), (320, 320), (4096, 4096), (12000, 12000), (65535, 65535)]

    static func sizes(_ f: ImageFormat) -> [(Int, Int)] {
        switch f {
        case .webp: [(1, 1), (320, 320), (4096, 4096), (12000, 12000), (16384, 16384)]
        case .ico: [(1, 1), (16, 16), (48, 32), (256, 256)]
        default: standardSizes
        }
    }

    static func item(_ f: ImageFormat, _ w: Int, _ h: Int, bytes: Int? = nil, tag: String = "", build: (@Sendable () throws -> Data)? = nil) -> CorpusItem {
        let name = "\(f.rawValue)_\(w)x\(h)\(tag.isEmpty ? "" : "_" + tag)\(bytes.map { "_\($0)b" } ?? "").\(f.fileExtension)"
        return CorpusItem(
            name: name, format: f, width: w, height: h, byteSize: bytes,
            build: build ?? { try FixtureForge.image(f, width: w, height: h, byteSize: bytes) })
    }

    /// Every format at every size the format allows.
    static let sized: [CorpusItem] = ImageFormat.allCases.flatMap { f in sizes(f).map { item(f, $0.0, $0.1) } }

    /// Exact byte-size requests, at platform limits and just past them.
    static let exact: [CorpusItem] = [
        item(.png, 320, 320, bytes: 1024 * 1024),
        item(.png, 320, 320, bytes: 1024 * 1024 + 1),
        item(.png, 1, 1, bytes: 70), item(.png, 1, 1, bytes: 73), item(.png, 1, 1, bytes: 78), item(.png, 1, 1, bytes: 81),
        item(.jpeg, 320, 320, bytes: 3 * 1024), item(.jpeg, 320, 320, bytes: 10 * 1024 * 1024 + 1),
        item(.jpeg, 1, 1, bytes: 178), item(.jpeg, 1, 1, bytes: 179),
        item(.gif, 2000, 2000), item(.gif, 2001, 2000), item(.gif, 2000, 2001),
        item(.gif, 1, 1, bytes: 36), item(.gif, 1, 1, bytes: 37), item(.gif, 1, 1, bytes: 39), item(.gif, 320, 320, bytes: 3 * 1024),
        item(.webp, 320, 320, bytes: 3 * 1024), item(.webp, 320, 320, bytes: 44), item(.webp, 320, 320, bytes: 60),
        item(.webp, 4096, 4096, bytes: 10 * 1024 * 1024 + 2),
        item(.bmp, 320, 320, bytes: 1024 * 1024 + 1), item(.tiff, 320, 320, bytes: 1024 * 1024 + 1),
        item(.ico, 256, 256, bytes: 1024 * 1024 + 1),
        item(.png, 12000, 12000, bytes: 10 * 1024 * 1024), item(.png, 12001, 12000),
    ]

    /// Header variants: BMP versions and orientation, TIFF byte orders and tag types, ICO payloads.
    static let variants: [CorpusItem] = {
        var items: [CorpusItem] = []
        for header in BMPHeaderVersion.allCases {
            items.append(item(.bmp, 33, 17, tag: header.rawValue) { try FixtureForge.bmp(width: 33, height: 17, header: header) })
            if header != .core {
                items.append(
                    item(.bmp, 33, 17, tag: header.rawValue + "-topdown") { try FixtureForge.bmp(width: 33, height: 17, header: header, topDown: true) })
            }
        }
        for order in TIFFByteOrder.allCases {
            for type in TIFFDimensionType.allCases {
                items.append(
                    item(.tiff, 321, 123, tag: "\(order.rawValue)-\(type.rawValue)") {
                        try FixtureForge.tiff(width: 321, height: 123, byteOrder: order, dimensionType: type)
                    })
            }
        }
        items.append(item(.tiff, 70000, 3, tag: "long") { try FixtureForge.tiff(width: 70000, height: 3, byteOrder: .bigEndian, dimensionType: .long) })
        items.append(item(.ico, 256, 256, tag: "png") { try FixtureForge.ico(entries: [ICOEntry(width: 256, height: 256, payload: .png)]) })
        items.append(item(.ico, 64, 48, tag: "png") { try FixtureForge.ico(entries: [ICOEntry(width: 64, height: 48, payload: .png)]) })
        items.append(
            item(.ico, 128, 128, tag: "multi") {
                try FixtureForge.ico(entries: [
                    ICOEntry(width: 16, height: 16, payload: .bmp), ICOEntry(width: 128, height: 128, payload: .png),
                    ICOEntry(width: 32, height: 32, payload: .bmp),
                ])
            })
        return items
    }()

    /// Small byte-size increments that need the encoders' finer tricks (deflate block layout, GIF sub-block
    /// splits and extra clear codes, JPEG fill bytes, WEBP trailing bitstream bytes): Pillow must open them all.
    static let gapSweep: [CorpusItem] = {
        var items: [CorpusItem] = []
        let plan: [(ImageFormat, Int, Int, [Int])] = [
            (.png, 1, 1, Array(1...13)), (.png, 320, 320, Array(1...13)), (.gif, 1, 1, Array(1...6)), (.gif, 320, 320, Array(1...6)),
            (.jpeg, 1, 1, Array(1...5)), (.webp, 1, 1, Array(stride(from: 2, through: 28, by: 2))),
        ]
        for (f, w, h, gaps) in plan {
            guard let minimum = try? FixtureForge.minimumByteSize(f, width: w, height: h) else { continue }
            items += gaps.map { item(f, w, h, bytes: minimum + $0) }
        }
        return items
    }()

    static let all: [CorpusItem] = sized + exact + variants + gapSweep
}
