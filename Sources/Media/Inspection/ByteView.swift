/// A bounds-checked, read-only view of raw bytes: every read outside the buffer returns nil.
struct ByteView {
    let raw: UnsafeRawBufferPointer

    var count: Int { raw.count }

    func has(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= raw.count && length <= raw.count - offset
    }

    func u8(_ i: Int) -> UInt8? {
        guard i >= 0, i < raw.count else { return nil }
        return raw[i]
    }

    func be16(_ i: Int) -> Int? {
        guard has(i, 2) else { return nil }
        return Int(raw[i]) << 8 | Int(raw[i + 1])
    }

    func le16(_ i: Int) -> Int? {
        guard has(i, 2) else { return nil }
        return Int(raw[i + 1]) << 8 | Int(raw[i])
    }

    func be24(_ i: Int) -> Int? {
        guard has(i, 3) else { return nil }
        return Int(raw[i]) << 16 | Int(raw[i + 1]) << 8 | Int(raw[i + 2])
    }

    func le24(_ i: Int) -> Int? {
        guard has(i, 3) else { return nil }
        return Int(raw[i + 2]) << 16 | Int(raw[i + 1]) << 8 | Int(raw[i])
    }

    func be32(_ i: Int) -> Int? {
        guard has(i, 4) else { return nil }
        return Int(raw[i]) << 24 | Int(raw[i + 1]) << 16 | Int(raw[i + 2]) << 8 | Int(raw[i + 3])
    }

    func le32(_ i: Int) -> Int? {
        guard has(i, 4) else { return nil }
        return Int(raw[i + 3]) << 24 | Int(raw[i + 2]) << 16 | Int(raw[i + 1]) << 8 | Int(raw[i])
    }

    /// A signed little-endian 32-bit value.
    func le32s(_ i: Int) -> Int? {
        guard let v = le32(i) else { return nil }
        return Int(Int32(truncatingIfNeeded: UInt32(truncatingIfNeeded: v)))
    }

    /// True when the bytes at `offset` equal `bytes`.
    func matches(_ offset: Int, _ bytes: [UInt8]) -> Bool {
        guard has(offset, bytes.count) else { return false }
        for (k, b) in bytes.enumerated() where raw[offset + k] != b { return false }
        return true
    }

    /// True when the bytes at `offset` equal the ASCII text `s` (no allocation).
    func matches(_ offset: Int, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard has(offset, n) else { return false }
        let p = s.utf8Start
        for k in 0..<n where raw[offset + k] != p[k] { return false }
        return true
    }

    /// A sub-view from `offset` to the end (empty when out of range).
    func suffix(from offset: Int) -> ByteView {
        guard offset >= 0, offset <= raw.count else { return ByteView(raw: UnsafeRawBufferPointer(rebasing: raw[raw.count...])) }
        return ByteView(raw: UnsafeRawBufferPointer(rebasing: raw[offset...]))
    }

    /// A sub-view of `length` bytes at `offset`, clipped to the buffer.
    func slice(_ offset: Int, _ length: Int) -> ByteView {
        let start = min(max(offset, 0), raw.count)
        let end = min(start + max(0, min(length, raw.count - start)), raw.count)
        return ByteView(raw: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
    }
}
