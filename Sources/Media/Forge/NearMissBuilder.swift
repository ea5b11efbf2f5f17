enum NearMissBuilder {
    static func pngHeader(width: Int, height: Int, crcDelta: UInt32 = 0) -> [UInt8] {
        var w = ByteWriter()
        w.append(PNGInspector.signature)
        var ihdr = ByteWriter()
        ihdr.be32(width)
        ihdr.be32(height)
        ihdr.append([8, 0, 0, 0, 0])
        w.be32(13)
        let start = w.bytes.count
        w.ascii("IHDR")
        w.append(ihdr.bytes)
        let crc = CRC32.checksum(Array(w.bytes[start...])) &+ crcDelta
        w.be32(Int(crc))
        return w.bytes
    }

    static func forged(_ f: ImageFormat, _ w: Int, _ h: Int) -> [UInt8] {
        (try? FixtureForge.bytes(f, width: w, height: h)) ?? []
    }

    static func bytes(_ kind: FixtureForge.NearMiss) -> [UInt8] {
        switch kind {
        case .empty: return []
        case .plainText: return Array("This is plain text, not an image.\n".utf8)
        case .html: return Array("<!DOCTYPE html><html><body><img src=\"x.png\"></body></html>\n".utf8)
        case .pdf: return Array("%PDF-1.7\n%\u{e2}\u{e3}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
        case .svg: return Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320"><rect width="320" height="320"/></svg>"#.utf8)
        case .heic: return [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)
        case .randomBytes:
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            var out: [UInt8] = [0x42]  // not the first byte of any signature
            for _ in 1..<1024 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                out.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            return out
        case .pngBrokenIHDR: return pngHeader(width: 320, height: 320, crcDelta: 1) + forged(.png, 320, 320).dropFirst(33)
        case .pngZeroWidth: return pngHeader(width: 0, height: 320) + forged(.png, 1, 320).dropFirst(33)
        case .pngMissingIHDR: return PNGInspector.signature + Array(forged(.png, 8, 8).dropFirst(33))
        case .truncatedPNG: return Array(forged(.png, 320, 320).prefix(20))
        case .jpegRenamedPNG: return forged(.jpeg, 320, 320)
        case .jpegWithoutSOF:
            var w = ByteWriter()
            w.append([0xFF, 0xD8])
            JPEGForge.segment(&w, 0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
            JPEGForge.segment(&w, 0xDB, [0x00] + [UInt8](repeating: 1, count: 64))
            return w.bytes
        case .jpegTruncatedSOF:
            let full = forged(.jpeg, 320, 320)
            let sof = (0..<(full.count - 1)).first { full[$0] == 0xFF && full[$0 + 1] == 0xC0 } ?? 0
            return Array(full.prefix(sof + 5))
        case .jpegScanBeforeFrame:
            var w = ByteWriter()
            w.append([0xFF, 0xD8])
            JPEGForge.segment(&w, 0xDA, [1, 1, 0x00, 0, 63, 0])
            w.append([0x00, 0xFF, 0xD9])
            return w.bytes
        case .gifTruncatedHeader: return Array("GIF89a".utf8) + [0x40, 0x01, 0x40]
        case .gifZeroSize:
            var g = forged(.gif, 4, 4)
            for i in 6..<10 { g[i] = 0 }
            return g
        case .webpTruncatedRIFF: return Array(forged(.webp, 320, 320).prefix(30))
        case .webpUnknownChunk:
            var g = forged(.webp, 4, 4)
            g[15] = UInt8(ascii: "Z")
            return g
        case .bmpUnknownHeader:
            var g = forged(.bmp, 4, 4)
            g[14] = 99
            return g
        case .bmpZeroWidth:
            var g = forged(.bmp, 4, 4)
            for i in 18..<22 { g[i] = 0 }
            return g
        case .tiffBadIFDOffset: return [0x49, 0x49, 0x2A, 0x00, 0x00, 0x10, 0x00, 0x00] + [UInt8](repeating: 0, count: 16)
        case .tiffMissingWidth:
            var g = forged(.tiff, 4, 4)
            g[10] = 0x2D  // tag 256 becomes 301 (TransferFunction)
            g[11] = 0x01
            return g
        case .bigTIFF: return [0x49, 0x49, 0x2B, 0x00, 0x08, 0x00, 0x00, 0x00] + [UInt8](repeating: 0, count: 16)
        case .icoNoEntries: return [0, 0, 1, 0, 0, 0]
        case .icoPayloadOutOfBounds: return Array(forged(.ico, 16, 16).prefix(200))
        }
    }
}
