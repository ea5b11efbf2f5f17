import Foundation

// Adapters between the validator and the body/image decoders. Until HTTPWire's multipart codec and
// Media's ImageInspector are merged, small private stand-ins live here; after the merge these
// functions forward to them and the stand-ins go.

/// One decoded multipart part, as the validator needs it.
struct RequestPart: Sendable {
    var name: String
    var filename: String?
    var contentType: String?
    var body: Data
}

/// Format and pixel size of an image, as the validator needs them.
struct RequestImageFacts: Sendable {
    /// `Media` format name: `png`, `jpeg`, ...
    var format: String
    var width: Int
    var height: Int
}

/// Why a body could not be decoded.
struct RequestDecodingError: Error, Sendable {
    var message: String
}

enum RequestBodyDecoding {
    /// Decodes a `multipart/form-data` body.
    static func multipartParts(body: Data, contentType: String) throws(RequestDecodingError) -> [RequestPart] {
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw RequestDecodingError(message: "Content-Type has no multipart boundary")
        }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var i = 0
        while i + delimiter.count <= bytes.count {
            if bytes[i] == delimiter[0], Array(bytes[i..<(i + delimiter.count)]) == delimiter,
               i == 0 || (i >= 1 && bytes[i - 1] == 0x0A) {
                positions.append(i)
                i += delimiter.count
            } else {
                i += 1
            }
        }
        guard positions.count >= 2 else { throw RequestDecodingError(message: "multipart body has no closing boundary") }
        let closing = positions[positions.count - 1]
        guard closing + delimiter.count + 2 <= bytes.count,
              bytes[closing + delimiter.count] == 0x2D, bytes[closing + delimiter.count + 1] == 0x2D else {
            throw RequestDecodingError(message: "multipart body has no closing boundary")
        }
        var parts: [RequestPart] = []
        for k in 0..<(positions.count - 1) {
            var start = positions[k] + delimiter.count
            while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            if start < bytes.count, bytes[start] == 0x0D { start += 1 }
            if start < bytes.count, bytes[start] == 0x0A { start += 1 }
            var end = positions[k + 1]
            if end > start, bytes[end - 1] == 0x0A { end -= 1 }
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            guard start <= end else { throw RequestDecodingError(message: "malformed multipart part") }
            let chunk = Array(bytes[start..<end])
            var headerEnd = -1
            var bodyStart = -1
            var j = 0
            while j < chunk.count {
                if j + 3 < chunk.count, chunk[j] == 0x0D, chunk[j + 1] == 0x0A, chunk[j + 2] == 0x0D, chunk[j + 3] == 0x0A {
                    headerEnd = j; bodyStart = j + 4; break
                }
                if j + 1 < chunk.count, chunk[j] == 0x0A, chunk[j + 1] == 0x0A { headerEnd = j; bodyStart = j + 2; break }
                j += 1
            }
            guard headerEnd >= 0 else { throw RequestDecodingError(message: "multipart part without a header section") }
            let headerText = String(decoding: chunk[0..<headerEnd], as: UTF8.self)
            var name: String?
            var filename: String?
            var partType: String?
            for line in headerText.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                let pieces = line.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                let key = pieces[0].trimmingCharacters(in: .whitespaces).lowercased()
                let value = String(pieces[1]).trimmingCharacters(in: .whitespaces)
                if key == "content-disposition" {
                    name = parameter("name", in: value)
                    filename = parameter("filename", in: value)
                } else if key == "content-type" {
                    partType = value
                }
            }
            guard let name else { throw RequestDecodingError(message: "multipart part without a name") }
            parts.append(RequestPart(name: name, filename: filename, contentType: partType, body: Data(chunk[bodyStart...])))
        }
        return parts
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in headerValue: String) -> String? {
        for piece in headerValue.split(separator: ";").dropFirst() {
            let kv = piece.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var v = kv[1].trimmingCharacters(in: .whitespaces)
            if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }

    /// The format named by the magic bytes alone.
    static func sniffFormat(_ data: Data) -> String? {
        let b = [UInt8](data.prefix(16))
        func starts(_ sig: [UInt8]) -> Bool { b.count >= sig.count && Array(b[0..<sig.count]) == sig }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "gif" }
        if b.count >= 12, starts(Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return "webp" }
        if starts(Array("BM".utf8)) { return "bmp" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "tiff" }
        if starts([0x00, 0x00, 0x01, 0x00]) { return "ico" }
        return nil
    }

    /// Format and pixel size from the headers; throws when they cannot be read.
    static func inspectImage(_ data: Data) throws(RequestDecodingError) -> RequestImageFacts {
        guard let format = sniffFormat(data) else { throw RequestDecodingError(message: "unknown image format") }
        let b = [UInt8](data.prefix(64))
        func be32(_ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }
        switch format {
        case "png":
            guard b.count >= 24, Array(b[12..<16]) == Array("IHDR".utf8) else {
                throw RequestDecodingError(message: "truncated png: no IHDR chunk")
            }
            return RequestImageFacts(format: format, width: be32(16), height: be32(20))
        default:
            throw RequestDecodingError(message: "cannot read the dimensions of \(format)")
        }
    }
}
