import Foundation
import Media
import Testing

@Suite struct RoundTripTests {
    @Test(arguments: ForgeCorpus.sized + ForgeCorpus.variants + ForgeCorpus.gapSweep)
    func forgedFileInspectsAsRequested(_ item: CorpusItem) throws {
        let data = try item.build()
        #expect(ImageInspector.sniffFormat(data) == item.format)
        let info = try ImageInspector.inspect(data)
        #expect(info == ImageInfo(format: item.format, width: item.width, height: item.height))
        if let size = item.byteSize { #expect(data.count == size) }
    }

    @Test(arguments: ImageFormat.allCases)
    func forgingIsDeterministic(_ format: ImageFormat) throws {
        let a = try FixtureForge.image(format, width: 37, height: 21, byteSize: 5000)
        let b = try FixtureForge.image(format, width: 37, height: 21, byteSize: 5000)
        #expect(a == b)
        #expect(a.count == 5000)
    }

    @Test func platformLimitFixtures() throws {
        let badge = try FixtureForge.image(.png, width: 320, height: 320, byteSize: 1024 * 1024 + 1)
        #expect(badge.count == 1024 * 1024 + 1)
        #expect(try ImageInspector.inspect(badge) == ImageInfo(format: .png, width: 320, height: 320))
        let gif = try FixtureForge.image(.gif, width: 2001, height: 2000)
        #expect(try ImageInspector.inspect(gif) == ImageInfo(format: .gif, width: 2001, height: 2000))
        let lingo = try FixtureForge.image(.jpeg, width: 4096, height: 4096, byteSize: 10 * 1024 * 1024 + 1)
        #expect(lingo.count == 10 * 1024 * 1024 + 1)
        #expect(try ImageInspector.inspect(lingo).width == 4096)
        let tiny = try FixtureForge.image(.webp, width: 320, height: 320, byteSize: 3 * 1024 - 2)
        #expect(tiny.count == 3070)
    }
}

@Suite struct ExactSizeTests {
    @Test(arguments: ImageFormat.allCases, [(1, 1), (17, 5), (256, 256)])
    func everySizeFromTheMinimumUpIsExact(_ format: ImageFormat, _ dims: (Int, Int)) throws {
        let minimum = try FixtureForge.minimumByteSize(format, width: dims.0, height: dims.1)
        let span = dims.0 * dims.1 > 1000 ? 40 : 300  // big pixel buffers: the small gaps are what matter
        for target in minimum...(minimum + span) {
            if format == .webp, target % 2 == 1 {
                #expect(throws: FixtureForgeError.self) { try FixtureForge.image(format, width: dims.0, height: dims.1, byteSize: target) }
                continue
            }
            let data = try FixtureForge.image(format, width: dims.0, height: dims.1, byteSize: target)
            #expect(data.count == target, "\(format) \(dims) target \(target)")
            #expect(try ImageInspector.inspect(data) == ImageInfo(format: format, width: dims.0, height: dims.1))
        }
    }

    @Test(arguments: ImageFormat.allCases)
    func largePaddingIsExact(_ format: ImageFormat) throws {
        for target in [1024 * 1024, 1024 * 1024 + 1, 1024 * 1024 + 2, 3 * 65537 + 7] where !(format == .webp && target % 2 == 1) {
            let data = try FixtureForge.image(format, width: 64, height: 64, byteSize: target)
            #expect(data.count == target, "\(format) target \(target)")
            #expect(try ImageInspector.inspect(data) == ImageInfo(format: format, width: 64, height: 64))
        }
    }

    @Test(arguments: ImageFormat.allCases)
    func tooSmallSaysTheMinimum(_ format: ImageFormat) throws {
        let minimum = try FixtureForge.minimumByteSize(format, width: 100, height: 100)
        do {
            _ = try FixtureForge.bytes(format, width: 100, height: 100, byteSize: minimum - 1)
            Issue.record("expected an error for \(minimum - 1) bytes")
        } catch {
            #expect(error.kind == .byteSizeTooSmall)
            #expect(error.minimumByteSize == minimum)
            #expect(error.message.contains("minimum possible size is \(minimum) bytes"), "\(error.message)")
        }
    }

    @Test func hugeRequestsAreRefusedNotAttempted() throws {
        for format in ImageFormat.allCases {
            #expect(throws: FixtureForgeError.self) { try FixtureForge.image(format, width: 8, height: 8, byteSize: Int.max) }
        }
        #expect(throws: FixtureForgeError.self) { try FixtureForge.tiff(width: 1 << 24, height: 1 << 24, dimensionType: .long) }
        #expect(throws: FixtureForgeError.self) { try FixtureForge.bmp(width: Int(Int32.max), height: Int(Int32.max)) }
        #expect(throws: FixtureForgeError.self) { try FixtureForge.image(.png, width: 1 << 24, height: 1 << 24) }
    }

    @Test func oddWebPSizeIsUnreachable() throws {
        let minimum = try FixtureForge.minimumByteSize(.webp, width: 10, height: 10)
        #expect(throws: FixtureForgeError.self) { try FixtureForge.bytes(.webp, width: 10, height: 10, byteSize: minimum + 101) }
        do {
            _ = try FixtureForge.bytes(.webp, width: 10, height: 10, byteSize: minimum + 101)
        } catch {
            #expect(error.kind == .byteSizeUnreachable)
            #expect(error.message.contains("even"))
        }
    }

    @Test(arguments: [
        (ImageFormat.png, 0, 1), (.jpeg, 65536, 1), (.gif, 1, 65536), (.webp, 16385, 1), (.bmp, -1, 5), (.tiff, 65536, 1), (.ico, 257, 1), (.ico, 0, 0),
    ])
    func impossibleDimensionsAreErrors(_ format: ImageFormat, _ w: Int, _ h: Int) {
        do {
            _ = try FixtureForge.bytes(format, width: w, height: h)
            Issue.record("expected an error for \(format) \(w)x\(h)")
        } catch {
            #expect(error.kind == .invalidDimensions)
            #expect(error.message.hasPrefix(format.displayName + ":"))
        }
    }
}
