import Foundation
import Media
import Testing

/// Header variants each inspector must read, built by hand or by patching forged files.
@Suite struct InspectionTests {
    func bytes(_ f: ImageFormat, _ w: Int, _ h: Int) throws -> [UInt8] { try FixtureForge.bytes(f, width: w, height: h) }

    func inspect(_ b: [UInt8]) throws -> ImageInfo { try ImageInspector.inspect(Data(b)) }

    func le32(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8((v >> 24) & 0xFF)] }

    /// Index of the SOF0 marker in a forged JPEG.
    func sofIndex(_ j: [UInt8]) throws -> Int {
        try #require((0..<(j.count - 1)).first { j[$0] == 0xFF && j[$0 + 1] == 0xC0 })
    }

    @Test(arguments: [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF] as [UInt8])
    func everySOFMarkerGivesTheSize(_ marker: UInt8) throws {
        var j = try bytes(.jpeg, 640, 480)
        j[try sofIndex(j) + 1] = marker
        #expect(try inspect(j) == ImageInfo(format: .jpeg, width: 640, height: 480))
    }

    @Test func jpegSkipsExifFillBytesAndStrayBytes() throws {
        let j = try bytes(.jpeg, 1234, 567)
        var exif: [UInt8] = [0xFF, 0xE1]
        let payload = Array("Exif\0\0".utf8) + [UInt8](repeating: 0xFF, count: 5000)  // 0xFF bytes inside a segment are skipped by length
        exif += [UInt8(((payload.count + 2) >> 8) & 0xFF), UInt8((payload.count + 2) & 0xFF)] + payload
        let patched = Array(j[0..<2]) + exif + [0xFF, 0xFF, 0xFF] + [0x00, 0x12] + Array(j[2...])
        #expect(try inspect(patched) == ImageInfo(format: .jpeg, width: 1234, height: 567))
    }

    @Test func jpegHeightFromDNLIsUnsupported() throws {
        var j = try bytes(.jpeg, 64, 64)
        let s = try sofIndex(j)
        j[s + 5] = 0
        j[s + 6] = 0
        #expect(throws: ImageInspectionError(kind: .unsupported, format: .jpeg, message: "JPEG: height defined by a DNL marker (SOF height 0)")) {
            try inspect(j)
        }
    }

    @Test func jpegWithoutFrameHeaderNamesTheProblem() {
        #expect(throws: ImageInspectionError(kind: .truncated, format: .jpeg, message: "JPEG: no SOF marker before end of data")) {
            try ImageInspector.inspect(FixtureForge.nearMiss(.jpegWithoutSOF))
        }
    }

    func riff(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        let padded = payload + (payload.count % 2 == 1 ? [0] : [])
        return Array("RIFF".utf8) + le32(4 + 8 + padded.count) + Array("WEBP".utf8) + Array(chunk.utf8) + le32(payload.count) + padded
    }

    @Test func webpLossyKeyFrameHeader() throws {
        // Frame tag (key frame, version 0, show frame), start code, 14-bit sizes with scale bits set.
        let w = 4000
        let h = 3000
        let frame: [UInt8] =
            [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, UInt8(w & 0xFF), UInt8(w >> 8) | 0x40, UInt8(h & 0xFF), UInt8(h >> 8) | 0x80]
            + [UInt8](repeating: 0, count: 20)
        #expect(try inspect(riff("VP8 ", frame)) == ImageInfo(format: .webp, width: 4000, height: 3000))
        var interframe = frame
        interframe[0] |= 1
        #expect(throws: ImageInspectionError.self) { try inspect(riff("VP8 ", interframe)) }
        var noStart = frame
        noStart[3] = 0
        do {
            _ = try inspect(riff("VP8 ", noStart))
            Issue.record("expected an error")
        } catch let e as ImageInspectionError {
            #expect(e.kind == .corrupt)
            #expect(e.message == "WEBP: VP8 start code 9D 01 2A missing")
        }
    }

    @Test func webpExtendedCanvas() throws {
        var x: [UInt8] = [0x10, 0, 0, 0]
        x += [UInt8((16383 - 1) & 0xFF), UInt8(((16383 - 1) >> 8) & 0xFF), 0]
        x += [0xFF, 0xFF, 0x00]  // height - 1 = 65535
        #expect(try inspect(riff("VP8X", x)) == ImageInfo(format: .webp, width: 16383, height: 65536))
        let padded = try FixtureForge.image(.webp, width: 500, height: 400, byteSize: 4000)
        #expect(Array(padded[12..<16]) == Array("VP8X".utf8))
        #expect(try ImageInspector.inspect(padded) == ImageInfo(format: .webp, width: 500, height: 400))
    }

    @Test func bmpHeaderVersionsAndNegativeHeight() throws {
        for header in BMPHeaderVersion.allCases {
            let bottomUp = try FixtureForge.bmp(width: 300, height: 200, header: header)
            #expect(try ImageInspector.inspect(bottomUp) == ImageInfo(format: .bmp, width: 300, height: 200), "\(header)")
            if header != .core {
                let topDown = try FixtureForge.bmp(width: 300, height: 200, header: header, topDown: true)
                #expect(topDown[22..<26] == Data(le32(-200 & 0xFFFF_FFFF)), "height stored negative")
                #expect(try ImageInspector.inspect(topDown) == ImageInfo(format: .bmp, width: 300, height: 200), "\(header)")
            }
        }
        var os2v2 = try bytes(.bmp, 7, 9)
        os2v2[14] = 64
        #expect(try inspect(os2v2) == ImageInfo(format: .bmp, width: 7, height: 9))
        var minHeight = try bytes(.bmp, 7, 9)
        minHeight.replaceSubrange(22..<26, with: [0, 0, 0, 0x80])
        #expect(throws: ImageInspectionError.self) { try inspect(minHeight) }
    }

    @Test(arguments: TIFFByteOrder.allCases, TIFFDimensionType.allCases)
    func tiffByteOrdersAndTagTypes(_ order: TIFFByteOrder, _ type: TIFFDimensionType) throws {
        let t = try FixtureForge.tiff(width: 65535, height: 3, byteOrder: order, dimensionType: type)
        #expect(t.prefix(2) == Data(order == .littleEndian ? "II".utf8 : "MM".utf8))
        #expect(try ImageInspector.inspect(t) == ImageInfo(format: .tiff, width: 65535, height: 3))
    }

    @Test func tiffRejectsOtherTagTypes() throws {
        var t = try bytes(.tiff, 5, 5)
        t[12] = 1  // ImageWidth type SHORT -> BYTE
        #expect(throws: ImageInspectionError(kind: .corrupt, format: .tiff, message: "TIFF: tag 256 has type 1, expected SHORT or LONG")) { try inspect(t) }
    }

    @Test func icoDirectoryRules() throws {
        let big = try FixtureForge.ico(entries: [ICOEntry(width: 256, height: 256, payload: .bmp)])
        #expect(big[6] == 0 && big[7] == 0, "256 is stored as 0")
        #expect(try ImageInspector.inspect(big) == ImageInfo(format: .ico, width: 256, height: 256))
        let png = try FixtureForge.ico(entries: [ICOEntry(width: 200, height: 100, payload: .png)])
        #expect(try ImageInspector.inspect(png) == ImageInfo(format: .ico, width: 200, height: 100))
        let multi = try FixtureForge.ico(entries: [
            ICOEntry(width: 16, height: 16, payload: .bmp), ICOEntry(width: 48, height: 48, payload: .png),
            ICOEntry(width: 32, height: 32, payload: .bmp),
        ])
        #expect(try ImageInspector.inspect(multi) == ImageInfo(format: .ico, width: 48, height: 48))
        // A PNG payload's own header wins over the directory bytes.
        var lying = [UInt8](png)
        lying[6] = 10
        #expect(try inspect(lying) == ImageInfo(format: .ico, width: 200, height: 100))
    }

    @Test func gif87aIsRead() throws {
        var g = try bytes(.gif, 3, 4)
        g[4] = UInt8(ascii: "7")
        #expect(try inspect(g) == ImageInfo(format: .gif, width: 3, height: 4))
    }

    @Test func inspectionWorksOnDataSlices() throws {
        let png = try FixtureForge.image(.png, width: 9, height: 8)
        let framed = Data([1, 2, 3]) + png + Data([4])
        let slice = framed[3..<(3 + png.count)]
        #expect(slice.startIndex == 3)
        #expect(try ImageInspector.inspect(slice) == ImageInfo(format: .png, width: 9, height: 8))
        #expect(ImageInspector.sniffFormat(slice) == .png)
    }

    @Test(arguments: ImageFormat.allCases)
    func sniffingUsesMagicBytesOnly(_ format: ImageFormat) throws {
        let data = try FixtureForge.image(format, width: 2, height: 2)
        #expect(ImageInspector.sniffFormat(data.prefix(12)) == format)
        #expect(ImageInspector.sniffFormat(Data("hello".utf8)) == nil)
    }
}
