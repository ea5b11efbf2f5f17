/// GIF89a with a two-colour table, filled with colour 0 by a constant-input LZW encoder.
enum GIFForge {
    static let minCodeSize = 2

    /// LZW codes for `pixels` copies of index 0, starting with `1 + extraClears` clear codes.
    static func lzw(pixels: Int, extraClears: Int) -> [UInt8] {
        let clear = UInt32(1 << minCodeSize)
        let eoi = clear + 1
        var w = BitWriter()
        var width = minCodeSize + 1
        for _ in 0...extraClears { w.write(clear, width) }
        var maxCode = Int(eoi)
        var maxLen = 1
        var remaining = pixels
        while remaining > 0 {
            let len = min(maxLen, remaining)
            w.write(len == 1 ? 0 : eoi + UInt32(len - 1), width)
            remaining -= len
            if remaining > 0 {
                maxCode += 1
                maxLen += 1
                if maxCode >= 1 << width, width < 12 { width += 1 }
                if maxCode == 4095 {
                    w.write(clear, width)
                    width = minCodeSize + 1
                    maxCode = Int(eoi)
                    maxLen = 1
                }
            }
        }
        w.write(eoi, width)
        w.align()
        return w.bytes
    }

    static func subBlocks(_ w: inout ByteWriter, _ data: [UInt8], count n: Int) {
        let q = data.count / n
        let r = data.count % n
        var at = 0
        for k in 0..<n {
            let size = q + (k < r ? 1 : 0)
            w.u8(size)
            w.bytes.append(contentsOf: data[at..<(at + size)])
            at += size
        }
        w.u8(0)
    }

    static func minimalBlocks(_ n: Int) -> Int { max(1, (n + 254) / 255) }

    static func image(width: Int, height: Int, byteSize: Int?) throws(FixtureForgeError) -> [UInt8] {
        let f = ImageFormat.gif
        guard (1...65535).contains(width), (1...65535).contains(height) else {
            throw .dimensions(f, width, height, "each side must be 1...65535")
        }
        let fixed = 6 + 7 + 6 + 10 + 1 + 1 + 1  // header, screen, colour table, descriptor, code size, terminator, trailer
        var data = lzw(pixels: width * height, extraClears: 0)
        let minimum = fixed + data.count + minimalBlocks(data.count)
        var blocks = minimalBlocks(data.count)
        var comment = 0
        if let target = byteSize {
            guard target >= minimum else { throw .tooSmall(f, width, height, requested: target, minimum: minimum) }
            var found = false
            search: for clears in 0...8 {
                let d = clears == 0 ? data : lzw(pixels: width * height, extraClears: clears)
                let base = fixed + d.count + minimalBlocks(d.count)
                guard target >= base else { continue }
                let maxSplits = d.count - minimalBlocks(d.count)
                for splits in 0...min(maxSplits, 8) {
                    let rest = target - base - splits
                    if rest == 0 || rest == 3 || rest >= 5 {
                        data = d
                        blocks = minimalBlocks(d.count) + splits
                        comment = rest
                        found = true
                        break search
                    }
                }
            }
            guard found else { throw .unreachable(f, width, height, requested: target, minimum: minimum, "no layout of that size") }
        }
        var w = ByteWriter(capacity: fixed + data.count + blocks + comment)
        w.ascii("GIF89a")
        w.le16(width)
        w.le16(height)
        w.append([0x80, 0, 0])
        w.append([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF])
        if comment >= 3 {
            w.append([0x21, 0xFE])
            let payload = comment - 3  // sum of (1 + n) over sub-blocks, each n in 1...255
            if payload > 0 {
                let m = (payload + 255) / 256
                let q = payload / m
                let r = payload % m
                for k in 0..<m {
                    let part = q + (k < r ? 1 : 0)
                    w.u8(part - 1)
                    w.append(PNGForge.text(part - 1))
                }
            }
            w.u8(0)
        }
        w.u8(0x2C)
        w.le16(0)
        w.le16(0)
        w.le16(width)
        w.le16(height)
        w.u8(0)
        w.u8(minCodeSize)
        subBlocks(&w, data, count: blocks)
        w.u8(0x3B)
        return w.bytes
    }
}
