import Foundation

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable, Equatable {
    /// The form field name from `Content-Disposition: form-data; name="..."`.
    public var name: String
    /// The file name, when the part is a file upload that carries one (`filename` or `filename*`).
    public var filename: String?
    /// The part's `Content-Type`, when it has one.
    public var contentType: String?
    /// Every header of the part as received (empty for parts built for encoding, which derive
    /// `Content-Disposition` and `Content-Type` from the fields above; extra headers here are sent too).
    public var headers: HTTPHeaders
    /// The part's content, indexed from 0.
    public var body: Data

    /// Creates a part.
    public init(name: String, filename: String? = nil, contentType: String? = nil, headers: HTTPHeaders = [:], body: Data) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text, or nil when it is not valid UTF-8.
    public var text: String? { String(data: body, encoding: .utf8) }
}

/// Limits applied while decoding a multipart body.
public struct MultipartLimits: Sendable, Equatable {
    /// The most parts accepted.
    public var maxParts: Int
    /// The largest header section of one part, in bytes.
    public var maxPartHeaderBytes: Int
    /// The largest content of one part, in bytes.
    public var maxPartBytes: Int

    /// Creates limits: 100 parts, 8 KiB of headers per part, 32 MiB per part by default.
    public init(maxParts: Int = 100, maxPartHeaderBytes: Int = 8192, maxPartBytes: Int = 32 * 1024 * 1024) {
        self.maxParts = maxParts
        self.maxPartHeaderBytes = maxPartHeaderBytes
        self.maxPartBytes = maxPartBytes
    }
}

/// Why a multipart body could not be decoded.
public struct MultipartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: String, Sendable, Equatable {
        /// The content type is not `multipart/*`.
        case notMultipart
        /// The content type has no usable `boundary` parameter.
        case invalidBoundary
        /// The body does not start (after an optional preamble) with the boundary.
        case missingOpeningBoundary
        /// The body ends before the closing boundary.
        case truncated
        /// A part's header section is malformed.
        case malformedPartHeaders
        /// A part has no `Content-Disposition: form-data` with a `name`.
        case missingName
        /// More parts than `MultipartLimits.maxParts`.
        case tooManyParts
        /// A part's headers are larger than `MultipartLimits.maxPartHeaderBytes`.
        case partHeadersTooLarge
        /// A part's content is larger than `MultipartLimits.maxPartBytes`.
        case partTooLarge
    }

    /// The kind of problem.
    public var kind: Kind
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `"multipart <kind>: <message>"`.
    public var description: String { "multipart \(kind.rawValue): \(message)" }
}

/// A `multipart/form-data` body: build one with `addField`/`addFile` and `encoded()`, or decode
/// one with `parse(body:contentType:limits:)`.
public struct MultipartFormData: Sendable, Equatable {
    /// The boundary between parts (without the leading `--`).
    public let boundary: String
    /// The parts, in order.
    public private(set) var parts: [MultipartPart] = []

    /// Creates an empty body. The default boundary is random, so it will not occur in the content.
    public init(boundary: String = MultipartFormData.randomBoundary()) {
        self.boundary = boundary
    }

    /// A fresh random boundary of the form `----HTTPWireBoundary` plus 24 alphanumerics.
    public static func randomBoundary() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rng = SystemRandomNumberGenerator()
        return "----HTTPWireBoundary" + String((0..<24).map { _ in alphabet[Int(rng.next(upperBound: UInt(alphabet.count)))] })
    }

    /// Adds a text field.
    public mutating func addField(_ name: String, _ value: String) {
        parts.append(MultipartPart(name: name, body: Data(value.utf8)))
    }

    /// Adds a file part; `filename` and `contentType` are left out of the part's headers when nil
    /// (as the official Python SDK's synchronous calls send them).
    public mutating func addFile(_ name: String, data: Data, filename: String? = nil, contentType: String? = nil) {
        parts.append(MultipartPart(name: name, filename: filename, contentType: contentType, body: data))
    }

    /// Adds a part as given, including any extra headers it carries.
    public mutating func addPart(_ part: MultipartPart) {
        parts.append(part)
    }

    /// The `Content-Type` header value for this body.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// The encoded body: each part's headers and content between boundaries, CRLF line breaks.
    public func encoded() -> Data {
        var out = Data()
        out.reserveCapacity(parts.reduce(64) { $0 + $1.body.count + 160 })
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.escape(part.name))\""
            if let filename = part.filename { head += "; filename=\"\(Self.escape(filename))\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(Self.stripLineBreaks(type))\r\n" }
            for field in part.headers {
                let lower = field.name.lowercased()
                if lower == "content-disposition" || (lower == "content-type" && part.contentType != nil) { continue }
                head += "\(Self.stripLineBreaks(field.name)): \(Self.stripLineBreaks(field.value))\r\n"
            }
            head += "\r\n"
            out.append(contentsOf: head.utf8)
            out.append(part.body)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "--\(boundary)--\r\n".utf8)
        return out
    }

    /// Percent-encodes `"`, CR and LF in a quoted parameter, as browsers do (WHATWG HTML).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func stripLineBreaks(_ s: String) -> String {
        s.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }
    }

    // MARK: Decoding

    /// The `boundary` parameter of a `multipart/*` content type, quoted or not.
    public static func boundary(fromContentType contentType: String) throws(MultipartError) -> String {
        let params = contentType.split(separator: ";", omittingEmptySubsequences: false)
        let mime = (params.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard mime.hasPrefix("multipart/") else {
            throw MultipartError(.notMultipart, "content type '\(mime.prefix(80))' is not multipart/*")
        }
        for param in params.dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = kv[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\"") else {
                    throw MultipartError(.invalidBoundary, "unterminated quoted boundary")
                }
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            guard (1...200).contains(value.utf8.count),
                value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F || $0 == 0x20 }), value.last != " "
            else {
                throw MultipartError(.invalidBoundary, "boundary must be 1 to 200 printable ASCII characters")
            }
            return value
        }
        throw MultipartError(.invalidBoundary, "content type has no boundary parameter")
    }

    /// Decodes a `multipart/form-data` body.
    ///
    /// Accepts a preamble and epilogue, quoted and unquoted boundaries, transport padding after a
    /// boundary, LF-only line breaks, and parts with or without filename and content type. Part
    /// bodies are copies indexed from 0.
    public static func parse(body: Data, contentType: String, limits: MultipartLimits = .init())
        throws(MultipartError) -> [MultipartPart]
    {
        let boundary = try boundary(fromContentType: contentType)
        let result: Result<[MultipartPart], MultipartError> = body.withUnsafeBytes { raw in
            do {
                return .success(try MultipartScanner(bytes: raw, boundary: Array(boundary.utf8), limits: limits).parse())
            } catch let e as MultipartError {
                return .failure(e)
            } catch {
                return .failure(MultipartError(.malformedPartHeaders, "\(error)"))
            }
        }
        return try result.get()
    }
}

/// The byte-level multipart decoder.
private struct MultipartScanner {
    let bytes: UnsafeRawBufferPointer
    let delimiter: [UInt8]  // "--" + boundary
    let limits: MultipartLimits

    init(bytes: UnsafeRawBufferPointer, boundary: [UInt8], limits: MultipartLimits) {
        self.bytes = bytes
        self.delimiter = Array("--".utf8) + boundary
        self.limits = limits
    }

    /// Whether the delimiter starts at `i` and is followed by `--`, or by optional padding and a
    /// line break (or the end of the body, reported later as truncation).
    func delimiterAt(_ i: Int) -> Bool {
        guard i + delimiter.count <= bytes.count else { return false }
        for k in 0..<delimiter.count where bytes[i + k] != delimiter[k] { return false }
        var after = i + delimiter.count
        guard after < bytes.count else { return true }
        if bytes[after] == 0x2D { return after + 1 >= bytes.count || bytes[after + 1] == 0x2D }
        while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
        guard after < bytes.count else { return true }
        return bytes[after] == 0x0A || bytes[after] == 0x0D
    }

    /// The next delimiter at or after `from` that starts a line: returns the content end (before
    /// the CRLF or LF) and the delimiter's start.
    func nextDelimiter(from: Int) -> (contentEnd: Int, delimiterStart: Int)? {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        // An empty part whose delimiter directly follows the blank line after its headers.
        if from > 0, from <= bytes.count, bytes[from - 1] == 0x0A, delimiterAt(from) { return (from, from) }
        var i = from
        while i < bytes.count {
            guard let p = memchr(base + i, 0x0A, bytes.count - i) else { return nil }
            let lf = base.distance(to: UnsafeRawPointer(p))
            if delimiterAt(lf + 1) {
                let end = lf > from && bytes[lf - 1] == 0x0D ? lf - 1 : lf
                return (max(end, from), lf + 1)
            }
            i = lf + 1
        }
        return nil
    }

    func parse() throws -> [MultipartPart] {
        // Opening delimiter: at the very start, or on a later line after a preamble.
        var pos: Int
        if delimiterAt(0) {
            pos = 0
        } else if let found = nextDelimiter(from: 0) {
            pos = found.delimiterStart
        } else {
            throw MultipartError(.missingOpeningBoundary, "the body does not contain the boundary from the content type")
        }
        var parts: [MultipartPart] = []
        while true {
            pos += delimiter.count
            // Closing delimiter: the rest is epilogue.
            if pos + 1 < bytes.count, bytes[pos] == 0x2D, bytes[pos + 1] == 0x2D { return parts }
            // Transport padding, then the line break.
            while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x09 { pos += 1 }
            if pos < bytes.count, bytes[pos] == 0x0D { pos += 1 }
            guard pos < bytes.count else { throw MultipartError(.truncated, "body ends after a boundary, before the closing '--'") }
            guard bytes[pos] == 0x0A else { throw MultipartError(.malformedPartHeaders, "boundary line not followed by a line break") }
            pos += 1
            if parts.count == limits.maxParts {
                throw MultipartError(.tooManyParts, "more than \(limits.maxParts) parts")
            }
            let (headers, contentStart) = try readHeaders(from: pos)
            guard let next = nextDelimiter(from: contentStart) else {
                throw MultipartError(.truncated, "part \(parts.count + 1) is not followed by a boundary")
            }
            let length = next.contentEnd - contentStart
            if length > limits.maxPartBytes {
                throw MultipartError(.partTooLarge, "part \(parts.count + 1) is \(length) bytes, over the limit of \(limits.maxPartBytes)")
            }
            var content = Data()
            if length > 0, let base = bytes.baseAddress { content = Data(bytes: base + contentStart, count: length) }
            parts.append(try makePart(headers: headers, body: content, index: parts.count + 1))
            pos = next.delimiterStart
        }
    }

    private func readHeaders(from start: Int) throws -> (HTTPHeaders, Int) {
        var headers = HTTPHeaders()
        var pos = start
        while true {
            if pos - start > limits.maxPartHeaderBytes {
                throw MultipartError(.partHeadersTooLarge, "part headers larger than \(limits.maxPartHeaderBytes) bytes")
            }
            var lf = pos
            while lf < bytes.count, bytes[lf] != 0x0A {
                lf += 1
                if lf - start > limits.maxPartHeaderBytes + 2 {
                    throw MultipartError(.partHeadersTooLarge, "part headers larger than \(limits.maxPartHeaderBytes) bytes")
                }
            }
            guard lf < bytes.count else { throw MultipartError(.truncated, "body ends inside a part's headers") }
            var end = lf
            if end > pos, bytes[end - 1] == 0x0D { end -= 1 }
            let line = Array(bytes[pos..<end])
            pos = lf + 1
            if line.isEmpty { return (headers, pos) }
            if line.first == 0x20 || line.first == 0x09, let last = headers.fields.last {
                // Folded continuation line: join with a space.
                let more = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                headers[last.name] = nil
                headers.add(last.name, last.value + " " + more)
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A), colon > 0 else {
                throw MultipartError(.malformedPartHeaders, "part header line without ':'")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw MultipartError(.malformedPartHeaders, "empty part header name") }
            headers.add(name, value)
        }
    }

    private func makePart(headers: HTTPHeaders, body: Data, index: Int) throws -> MultipartPart {
        guard let disposition = headers["Content-Disposition"] else {
            throw MultipartError(.missingName, "part \(index) has no Content-Disposition header")
        }
        let params = DispositionParameters.parse(disposition)
        guard params.type.lowercased() == "form-data" || params.type.lowercased() == "attachment" || params.type.lowercased() == "file" else {
            throw MultipartError(.missingName, "part \(index) disposition is '\(params.type.prefix(40))', not form-data")
        }
        guard let name = params.values["name"] else {
            throw MultipartError(.missingName, "part \(index) has no name parameter")
        }
        let filename = params.values["filename*"].flatMap(DispositionParameters.decodeExtended) ?? params.values["filename"]
        return MultipartPart(name: name, filename: filename, contentType: headers["Content-Type"], headers: headers, body: body)
    }
}

/// `Content-Disposition` parsing: type, then `;`-separated parameters, quoted or token values.
enum DispositionParameters {
    static func parse(_ header: String) -> (type: String, values: [String: String]) {
        var values: [String: String] = [:]
        let chars = Array(header.unicodeScalars)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        var type = ""
        while i < chars.count, chars[i] != ";" {
            type.unicodeScalars.append(chars[i])
            i += 1
        }
        type = type.trimmingCharacters(in: .whitespaces)
        while i < chars.count {
            i += 1  // past ';'
            skipSpace()
            var key = ""
            while i < chars.count, chars[i] != "=", chars[i] != ";" {
                key.unicodeScalars.append(chars[i])
                i += 1
            }
            key = key.trimmingCharacters(in: .whitespaces).lowercased()
            guard i < chars.count, chars[i] == "=" else { continue }
            i += 1
            skipSpace()
            var value = ""
            if i < chars.count, chars[i] == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    // Backslash escapes a quote or backslash; browsers percent-encode instead, and
                    // Windows paths keep their backslashes.
                    if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" { i += 1 }
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
                i += 1
                while i < chars.count, chars[i] != ";" { i += 1 }
            } else {
                while i < chars.count, chars[i] != ";" {
                    value.unicodeScalars.append(chars[i])
                    i += 1
                }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if !key.isEmpty, values[key] == nil {
                values[key] = key == "filename" || key == "name" ? decodeBrowserEscapes(value) : value
            }
        }
        return (type, values)
    }

    /// Browsers send `"` as `%22` and line breaks as `%0D`/`%0A` inside names and filenames.
    static func decodeBrowserEscapes(_ s: String) -> String {
        guard s.contains("%") else { return s }
        return s.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }

    /// RFC 5987 `charset'lang'percent-encoded` (UTF-8 only).
    static func decodeExtended(_ s: String) -> String? {
        let pieces = s.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
