import Foundation

/// Why a request could not be parsed, with the HTTP status the server answers before closing.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status to answer with: 400, 408, 411, 413, 414, 417, 431, 501 or 505.
    public var status: Int
    /// What was wrong, for the response body and for logs. Never echoes large client input.
    public var message: String

    /// Creates an error with its status and message.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// `"<status>: <message>"`.
    public var description: String { "\(status): \(message)" }

    static func badRequest(_ message: String) -> HTTPParseError { .init(status: 400, message: message) }
}

/// The size limits the request parser enforces.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The longest request line (method, target, version), in bytes; longer gets 414.
    public var maxRequestLineBytes: Int
    /// The most bytes in the header section (after the request line); more gets 431.
    public var maxHeaderBytes: Int
    /// The most header fields; more gets 431.
    public var maxHeaderCount: Int
    /// The largest body; larger gets 413.
    public var maxBodyBytes: Int
    /// When true, `POST`, `PUT` and `PATCH` without `Content-Length` or `Transfer-Encoding` get 411.
    public var requireLengthForBodyMethods: Bool

    /// Creates limits; the defaults match `HTTPServerConfiguration`'s.
    public init(
        maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 65536, maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 32 * 1024 * 1024, requireLengthForBodyMethods: Bool = false
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.requireLengthForBodyMethods = requireLengthForBodyMethods
    }
}

/// A complete request as parsed from the wire, with what the connection needs to know about it.
public struct ParsedRequest: Sendable, Equatable {
    /// The request (method, target, headers, de-chunked body).
    public var request: HTTPRequest
    /// The minor HTTP version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var minorVersion: Int
    /// Whether the connection stays open after the response (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`).
    public var keepAlive: Bool
}

/// An incremental, socket-free HTTP/1.1 request parser: bytes in, then requests, "need more" or an error out.
///
/// Feed bytes with `append(_:)` as they arrive and call `next()` until it returns `.needMoreData`.
/// Pipelined requests come out one at a time, in order. After `.error` the parser is spent: the
/// caller answers with the error's status and closes the connection.
///
/// Body bytes are moved into the request's `Data` as they arrive, so a large upload is held once.
public struct HTTPRequestParser: Sendable {
    /// What `next()` found.
    public enum Event: Sendable, Equatable {
        /// A complete request.
        case request(ParsedRequest)
        /// The head asked for `Expect: 100-continue` and the body has not all arrived: send
        /// `HTTP/1.1 100 Continue` and keep reading. Returned at most once per request.
        case continueExpected
        /// The buffered bytes do not hold a complete request yet.
        case needMoreData
        /// The input is malformed or over a limit; answer `status` and close.
        case error(HTTPParseError)
    }

    private enum BodyFraming: Sendable {
        case length(Int)
        case chunked
    }

    private enum ChunkState: Sendable {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers(bytes: Int)
    }

    private enum Phase: Sendable {
        case head
        case body(ParsedRequest, remaining: Int)
        case chunked(ParsedRequest, ChunkState)
        case failed(HTTPParseError)
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits

    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for the end of the head resumes (an offset from `start`).
    private var scanned = 0
    private var phase: Phase = .head
    private var body = Data()
    private var continuePending = false

    /// Creates a parser with the given limits.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// Buffers bytes received from the client.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfNeeded()
        buffer.append(contentsOf: bytes)
    }

    /// Buffers bytes received from the client.
    public mutating func append<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        compactIfNeeded()
        buffer.append(contentsOf: bytes)
    }

    /// Whether part of a request has been received (so a timeout now is a 408, not an idle close).
    public var hasPartialRequest: Bool {
        switch phase {
        case .head: return buffered > 0
        case .body, .chunked: return true
        case .failed: return false
        }
    }

    /// Whether a request head has been parsed and its body is still arriving.
    public var isReadingBody: Bool {
        switch phase {
        case .body, .chunked: return true
        default: return false
        }
    }

    /// How many bytes are buffered and not yet consumed.
    public var buffered: Int { buffer.count - start }

    private mutating func compactIfNeeded() {
        if start > 0 && (start >= buffer.count || start > 65536) {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// Parses as far as the buffered bytes allow and reports what it found.
    public mutating func next() -> Event {
        while true {
            switch phase {
            case .failed(let error):
                return .error(error)
            case .head:
                switch parseHead() {
                case .needMore: return .needMoreData
                case .error(let e):
                    phase = .failed(e)
                    return .error(e)
                case .done: continue
                }
            case .body(let parsed, let remaining):
                let take = min(remaining, buffered)
                if take > 0 {
                    buffer.withUnsafeBytes { raw in
                        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<(start + take)]))
                    }
                    start += take
                }
                if take == remaining {
                    return finish(parsed)
                }
                phase = .body(parsed, remaining: remaining - take)
                if continuePending {
                    continuePending = false
                    return .continueExpected
                }
                return .needMoreData
            case .chunked(let parsed, let state):
                switch parseChunked(parsed, state) {
                case .needMore:
                    if continuePending {
                        continuePending = false
                        return .continueExpected
                    }
                    return .needMoreData
                case .error(let e):
                    phase = .failed(e)
                    return .error(e)
                case .done:
                    return finish(parsed)
                }
            }
        }
    }

    private enum Step {
        case needMore, done
        case error(HTTPParseError)
    }

    private mutating func finish(_ parsed: ParsedRequest) -> Event {
        var parsed = parsed
        parsed.request.body = body
        body = Data()
        phase = .head
        scanned = 0
        continuePending = false
        return .request(parsed)
    }

    // MARK: Head

    private mutating func parseHead() -> Step {
        // Ignore empty lines before a request line (RFC 9112 section 2.2), a bounded number of them.
        var skipped = 0
        while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A {
            start += 1
            skipped += 1
            scanned = 0
            if skipped > 64 { return .error(.badRequest("too many empty lines before the request line")) }
        }
        let avail = buffered
        // Find the request line's end first, so an overlong line gets 414.
        guard let lineEnd = findByte(0x0A, from: start, limit: min(avail, limits.maxRequestLineBytes + 2)) else {
            if avail > limits.maxRequestLineBytes + 1 {
                return .error(.init(status: 414, message: "request line longer than \(limits.maxRequestLineBytes) bytes"))
            }
            return .needMore
        }
        // Find the blank line ending the header section.
        let headerStart = lineEnd + 1
        let headLimit = limits.maxHeaderBytes
        var headEnd: Int?  // index just past the final LF
        var i = max(headerStart, start + scanned)
        let searchEnd = min(buffer.count, headerStart + headLimit + 2)
        // Empty header section: the request line is directly followed by the blank line.
        while i < searchEnd {
            if buffer[i] == 0x0A {
                // A blank line is LF preceded by LF, or by CR LF.
                if i == headerStart || (i == headerStart + 1 && buffer[headerStart] == 0x0D) {
                    headEnd = i + 1
                    break
                }
                if buffer[i - 1] == 0x0A || (buffer[i - 1] == 0x0D && i >= 2 && buffer[i - 2] == 0x0A) {
                    headEnd = i + 1
                    break
                }
            }
            i += 1
        }
        guard let headEnd else {
            if buffer.count - headerStart > headLimit + 1 {
                return .error(.init(status: 431, message: "header section larger than \(headLimit) bytes"))
            }
            scanned = max(0, buffer.count - start - 2)
            return .needMore
        }
        let result = buildRequest(requestLine: start..<lineEnd, headers: headerStart..<headEnd)
        switch result {
        case .failure(let e): return .error(e)
        case .success(let (parsed, framing, expectContinue)):
            start = headEnd
            scanned = 0
            body = Data()
            switch framing {
            case .length(let n):
                if n == 0 {
                    phase = .body(parsed, remaining: 0)
                    return .done
                }
                body.reserveCapacity(n)
                continuePending = expectContinue && buffered < n
                phase = .body(parsed, remaining: n)
            case .chunked:
                continuePending = expectContinue && buffered == 0
                phase = .chunked(parsed, .size)
            }
            return .done
        }
    }

    private func findByte(_ byte: UInt8, from: Int, limit: Int) -> Int? {
        let end = min(buffer.count, from + limit)
        var i = from
        while i < end {
            if buffer[i] == byte { return i }
            i += 1
        }
        return nil
    }

    /// The line at `range` without its trailing CR; a CR anywhere else is an error.
    private func line(_ range: Range<Int>) -> ArraySlice<UInt8>? {
        var slice = buffer[range]
        if slice.last == 0x0D { slice = slice.dropLast() }
        if slice.contains(0x0D) { return nil }
        return slice
    }

    /// `s` without leading and trailing whitespace, as `trimmingCharacters(in: .whitespaces)`
    /// gives; ASCII text (every header this server sees in practice) is trimmed of spaces and tabs
    /// without Foundation.
    static func trimWhitespace(_ s: Substring) -> String {
        let u = s.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return s.trimmingCharacters(in: .whitespaces) }
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
            let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })
        else { return "" }
        return String(s[first...last])
    }

    private func buildRequest(requestLine: Range<Int>, headers headerRange: Range<Int>)
        -> Result<(ParsedRequest, BodyFraming, Bool), HTTPParseError>
    {
        guard let rl = line(requestLine) else { return .failure(.badRequest("bare CR in request line")) }
        let parts = rl.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            return .failure(.badRequest("request line is not 'METHOD target HTTP/1.1'"))
        }
        guard parts[0].allSatisfy(Self.isTokenByte) else { return .failure(.badRequest("invalid method")) }
        let method = String(decoding: parts[0], as: UTF8.self)
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.badRequest("invalid characters in request target"))
        }
        let version = parts[2]
        let v = version.startIndex
        guard version.count == 8, version[v] == 0x48, version[v + 1] == 0x54, version[v + 2] == 0x54, version[v + 3] == 0x50,
            version[v + 4] == 0x2F, version[v + 6] == 0x2E,
            (0x30...0x39).contains(version[v + 5]), (0x30...0x39).contains(version[v + 7])
        else {
            return .failure(.badRequest("malformed HTTP version"))
        }
        let major = Int(version[v + 5] - 0x30)
        let minor = Int(version[v + 7] - 0x30)
        guard major == 1, minor <= 1 else {
            return .failure(.init(status: 505, message: "HTTP version \(major).\(minor) not supported; use HTTP/1.1"))
        }

        var target = String(decoding: parts[1], as: UTF8.self)
        if target.hasPrefix("/") {
            // origin-form
        } else if target == "*" {
            guard method == "OPTIONS" else { return .failure(.badRequest("'*' target is only valid for OPTIONS")) }
        } else if let schemeEnd = target.range(of: "://"),
            ["http", "https"].contains(target[..<schemeEnd.lowerBound].lowercased())
        {
            // absolute-form: keep path and query only.
            let rest = target[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                target = rest[slash] == "/" ? String(rest[slash...]) : "/" + rest[slash...]
            } else {
                target = "/"
            }
        } else {
            return .failure(.badRequest("request target must start with '/'"))
        }
        // Header fields.
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        var lineStart = headerRange.lowerBound
        var count = 0
        while lineStart < headerRange.upperBound {
            guard let lf = findByte(0x0A, from: lineStart, limit: headerRange.upperBound - lineStart) else { break }
            guard let l = line(lineStart..<lf) else { return .failure(.badRequest("bare CR in header section")) }
            lineStart = lf + 1
            if l.isEmpty { break }
            count += 1
            if count > limits.maxHeaderCount {
                return .failure(.init(status: 431, message: "more than \(limits.maxHeaderCount) header fields"))
            }
            if l.first == 0x20 || l.first == 0x09 {
                return .failure(.badRequest("obsolete header line folding is not accepted"))
            }
            guard let colon = l.firstIndex(of: 0x3A) else {
                return .failure(.badRequest("header line without ':'"))
            }
            let name = l[l.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(Self.isTokenByte) else {
                return .failure(.badRequest("invalid header field name"))
            }
            var value = l[(colon + 1)...]
            while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
            while let b = value.last, b == 0x20 || b == 0x09 { value = value.dropLast() }
            guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else {
                return .failure(.badRequest("control character in header field value"))
            }
            headers.add(String(decoding: name, as: UTF8.self), Self.decodeValue(value))
        }

        // Host (RFC 9112 section 3.2).
        let hosts = headers.values(for: "Host")
        if minor == 1 && hosts.isEmpty { return .failure(.badRequest("missing Host header")) }
        if hosts.count > 1 { return .failure(.badRequest("more than one Host header")) }

        // Connection persistence.
        let connectionTokens = headers.values(for: "Connection")
            .flatMap { $0.split(separator: ",") }
            .map { Self.trimWhitespace($0).lowercased() }
        let keepAlive =
            minor == 1 ? !connectionTokens.contains("close") : connectionTokens.contains("keep-alive")

        // Body framing (RFC 9112 section 6).
        let te = headers.values(for: "Transfer-Encoding")
        let cl = headers.values(for: "Content-Length")
        var framing = BodyFraming.length(0)
        if !te.isEmpty {
            if !cl.isEmpty { return .failure(.badRequest("both Transfer-Encoding and Content-Length")) }
            if minor == 0 { return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request")) }
            let codings = te.flatMap { $0.split(separator: ",") }
                .map { Self.trimWhitespace($0).lowercased() }
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                let shown = unknown.count > 40 ? String(unknown.prefix(40)) + "..." : unknown
                return .failure(.init(status: 501, message: "transfer coding '\(shown)' not implemented; only chunked"))
            }
            guard codings.count == 1 else { return .failure(.badRequest("chunked applied more than once")) }
            framing = .chunked
        } else if !cl.isEmpty {
            var length: Int?
            for raw in cl.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
                let v = Self.trimWhitespace(raw)
                guard !v.isEmpty, v.utf8.count <= 18, v.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let n = Int(v)
                else { return .failure(.badRequest("invalid Content-Length")) }
                if let length, length != n { return .failure(.badRequest("conflicting Content-Length values")) }
                length = n
            }
            let n = length ?? 0
            if n > limits.maxBodyBytes {
                return .failure(.init(status: 413, message: "body of \(n) bytes exceeds the limit of \(limits.maxBodyBytes)"))
            }
            framing = .length(n)
        } else if limits.requireLengthForBodyMethods && ["POST", "PUT", "PATCH"].contains(method) {
            return .failure(.init(status: 411, message: "\(method) needs Content-Length or chunked Transfer-Encoding"))
        }

        var expectContinue = false
        if let expect = headers["Expect"] {
            guard expect.lowercased() == "100-continue" else {
                return .failure(.init(status: 417, message: "only 'Expect: 100-continue' is supported"))
            }
            expectContinue = minor == 1
        }

        let request = HTTPRequest(method: method, target: target, headers: headers)
        return .success((ParsedRequest(request: request, minorVersion: minor, keepAlive: keepAlive), framing, expectContinue))
    }

    // MARK: Chunked body

    private mutating func parseChunked(_ parsed: ParsedRequest, _ initial: ChunkState) -> Step {
        var state = initial
        defer {
            if case .chunked = phase { phase = .chunked(parsed, state) }
        }
        while true {
            switch state {
            case .size:
                // chunk-size [ chunk-ext ] CRLF; extensions are ignored but bounded.
                guard let lf = findByte(0x0A, from: start, limit: min(buffered, 1026)) else {
                    if buffered > 1024 { return .error(.badRequest("chunk size line too long")) }
                    return .needMore
                }
                guard let l = line(start..<lf) else { return .error(.badRequest("bare CR in chunk size line")) }
                let sizeEnd = l.firstIndex(where: { $0 == 0x3B || $0 == 0x20 || $0 == 0x09 }) ?? l.endIndex
                let digits = l[l.startIndex..<sizeEnd]
                guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy(Self.isHexByte),
                    let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
                else {
                    return .error(.badRequest("invalid chunk size"))
                }
                start = lf + 1
                if size == 0 {
                    state = .trailers(bytes: 0)
                } else {
                    if body.count + size > limits.maxBodyBytes {
                        return .error(.init(status: 413, message: "chunked body exceeds the limit of \(limits.maxBodyBytes) bytes"))
                    }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffered)
                if take == 0 { return .needMore }
                buffer.withUnsafeBytes { raw in
                    body.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<(start + take)]))
                }
                start += take
                state = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffered >= 1 else { return .needMore }
                if buffer[start] == 0x0A {
                    start += 1
                } else if buffer[start] == 0x0D {
                    guard buffered >= 2 else { return .needMore }
                    guard buffer[start + 1] == 0x0A else { return .error(.badRequest("chunk data not followed by CRLF")) }
                    start += 2
                } else {
                    return .error(.badRequest("chunk data longer than its size"))
                }
                state = .size
            case .trailers(let bytes):
                // Trailer fields are read and dropped, bounded by the header limit.
                let room = limits.maxHeaderBytes - bytes
                guard let lf = findByte(0x0A, from: start, limit: min(buffered, room + 2)) else {
                    if buffered > room + 1 {
                        return .error(.init(status: 431, message: "trailer section larger than \(limits.maxHeaderBytes) bytes"))
                    }
                    return .needMore
                }
                guard let l = line(start..<lf) else { return .error(.badRequest("bare CR in trailer section")) }
                let used = lf + 1 - start
                start = lf + 1
                if l.isEmpty {
                    phase = .head
                    return .done
                }
                guard l.contains(0x3A) else { return .error(.badRequest("malformed trailer field")) }
                state = .trailers(bytes: bytes + used)
            }
        }
    }

    // MARK: Bytes

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    static func isHexByte(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }

    /// UTF-8 when valid, otherwise ISO-8859-1 (each byte one scalar), so no value is lost.
    static func decodeValue(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil {
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
