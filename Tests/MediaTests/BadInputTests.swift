import Foundation
import Media
import Testing

/// Broken, truncated and hostile input: always an error value with a message, never a trap or a hang.
@Suite struct BadInputTests {
    @Test(arguments: FixtureForge.NearMiss.allCases)
    func nearMissGivesTheExpectedVerdict(_ kind: FixtureForge.NearMiss) {
        let data = FixtureForge.nearMiss(kind)
        do {
            let info = try ImageInspector.inspect(data)
            #expect(kind.expectedErrorKind == nil, "\(kind) inspected as \(info)")
            #expect(info == ImageInfo(format: .jpeg, width: 320, height: 320))
        } catch {
            #expect(error.kind == kind.expectedErrorKind, "\(kind): \(error.message)")
            #expect(!error.message.isEmpty)
            if let f = error.format {
                #expect(error.message.hasPrefix(f.displayName + ": "), "\(error.message)")
                #expect(ImageInspector.sniffFormat(data) == f)
            } else {
                #expect(error.message.hasPrefix("unknown image format"))
                #expect(ImageInspector.sniffFormat(data) == nil)
            }
        }
    }

    @Test func namedMessages() throws {
        func message(_ k: FixtureForge.NearMiss) -> String {
            do {
                _ = try ImageInspector.inspect(FixtureForge.nearMiss(k))
                return "no error"
            } catch { return error.message }
        }
        #expect(message(.empty) == "unknown image format: empty data")
        #expect(message(.pngBrokenIHDR) == "PNG: IHDR CRC mismatch")
        #expect(message(.pngZeroWidth) == "PNG: zero width or height in IHDR (0x320)")
        #expect(message(.jpegScanBeforeFrame) == "JPEG: SOS marker before any SOF marker")
        #expect(message(.bigTIFF) == "TIFF: BigTIFF is not supported")
        #expect(message(.bmpUnknownHeader) == "BMP: unknown DIB header size 99")
        #expect(message(.tiffMissingWidth) == "TIFF: ImageWidth tag (256) missing from the first IFD")
    }

    /// Every prefix of a valid file either inspects to the full answer or fails with a truncation-style error.
    @Test(arguments: ImageFormat.allCases)
    func everyPrefixIsSafe(_ format: ImageFormat) throws {
        let full = try FixtureForge.bytes(format, width: 200, height: 100)
        let expected = ImageInfo(format: format, width: 200, height: 100)
        var firstSuccess: Int?
        for n in 0...min(full.count, 600) {
            do {
                let info = try ImageInspector.inspect(Data(full.prefix(n)))
                #expect(info == expected, "prefix \(n)")
                if firstSuccess == nil { firstSuccess = n }
            } catch {
                #expect(firstSuccess == nil || format == .webp || format == .ico, "prefix \(n) failed after prefix \(firstSuccess ?? -1) succeeded")
                #expect(error.kind != .corrupt || format == .jpeg || format == .tiff, "prefix \(n): \(error.message)")
            }
        }
        #expect(firstSuccess != nil || full.count > 600)
    }

    /// Deterministic mutation fuzzing of the header region of every format.
    @Test(arguments: ImageFormat.allCases)
    func mutatedHeadersNeverTrap(_ format: ImageFormat) throws {
        let base = try FixtureForge.bytes(format, width: 40, height: 30)
        var rng = SplitMix(seed: UInt64(format.rawValue.hashValue & 0xFFFF) | 1)
        var errors = 0
        var successes = 0
        for _ in 0..<3000 {
            var b = base
            for _ in 0...(rng.next() % 4) {
                let i = Int(rng.next() % UInt64(min(b.count, 80)))
                b[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 4 == 0 { b = Array(b.prefix(Int(rng.next() % UInt64(b.count + 1)))) }
            do {
                let info = try ImageInspector.inspect(Data(b))
                #expect(info.width > 0 && info.height > 0)
                successes += 1
            } catch {
                #expect(!error.message.isEmpty)
                errors += 1
            }
        }
        #expect(errors > 0 && successes > 0)
    }

    @Test func strayBytesBeforeAMarkerAreSkippedLikeLibjpeg() throws {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xFE, 0, 2] + [UInt8](repeating: 0, count: 1000) + [0xFF, 0xC0, 0, 11, 8, 0, 2, 0, 3, 1, 1, 0x11, 0]
        #expect(try ImageInspector.inspect(Data(jpeg)) == ImageInfo(format: .jpeg, width: 3, height: 2))
    }

    @Test func hostileLayouts() {
        let cases: [(String, [UInt8], ImageInspectionError.Kind)] = [
            ("JPEG segment length past the end", [0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0, 0], .truncated),
            ("JPEG of fill bytes only", [0xFF, 0xD8] + [UInt8](repeating: 0xFF, count: 100_000), .truncated),
            ("JPEG of zero bytes", [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: 100_000), .truncated),
            (
                "JPEG with 100 KB of stray bytes before a marker",
                [0xFF, 0xD8, 0xFF, 0xFE, 0, 2] + [UInt8](repeating: 0, count: 100_000) + [0xFF, 0xC0, 0, 11, 8, 0, 1, 0, 1, 1, 1, 0x11, 0], .corrupt
            ),
            ("JPEG segment length 0", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 1, 2], .corrupt),
            ("JPEG SOF cut short", [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0], .truncated),
            ("TIFF IFD with 65535 entries", [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 0xFF, 0xFF, 0, 1, 3, 0], .truncated),
            ("TIFF IFD offset inside header", [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 4, 0, 0], .corrupt),
            ("TIFF IFD offset 2^32-1", [0x49, 0x49, 0x2A, 0, 0xFF, 0xFF, 0xFF, 0xFF], .truncated),
            ("ICO with 65535 entries", [0, 0, 1, 0, 0xFF, 0xFF] + [UInt8](repeating: 0, count: 64), .truncated),
            ("ICO payload offset 2^32-1", [0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 40, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], .truncated),
            ("WEBP RIFF size 2^32-1", Array("RIFF".utf8) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("WEBPVP8L".utf8) + [5, 0, 0, 0, 0x2F, 0, 0, 0, 0], .truncated),
            ("WEBP chunk larger than RIFF", Array("RIFF".utf8) + [18, 0, 0, 0] + Array("WEBPVP8L".utf8) + [0xFF, 0xFF, 0, 0, 0x2F, 0, 0, 0, 0, 0], .corrupt),
            (
                "PNG IHDR length 2^32-1",
                [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF] + Array("IHDR".utf8) + [UInt8](repeating: 0, count: 17), .corrupt
            ),
            ("BMP header size 2^32-1", Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [0xFF, 0xFF, 0xFF, 0xFF], .unsupported),
            ("BMP cut in DIB header", Array("BM".utf8) + [UInt8](repeating: 0, count: 12) + [40, 0, 0, 0, 1, 0], .truncated),
        ]
        for (name, bytes, kind) in cases {
            do {
                let info = try ImageInspector.inspect(Data(bytes))
                Issue.record("\(name): inspected as \(info)")
            } catch {
                #expect(error.kind == kind, "\(name): \(error.message)")
            }
        }
    }
}

/// A small deterministic PRNG for fuzzing.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
