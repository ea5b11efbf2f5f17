import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `Transport` over plain HTTP/1.1 (`http://` only), one TCP connection per request, that keeps
/// messages as they are: header names with their casing and order, target and body byte for byte.
/// What a proxy forwards is then what it was given, and what it answers is what the upstream sent
/// (Foundation's `URLSession` may merge or re-case headers and decode content codings).
///
/// The request's `Host`, `Content-Length`, `Transfer-Encoding` and `Connection` are the
/// transport's own (`Host` names the base URL's authority, `Connection: close`). The reply's body
/// is de-chunked (its `Transfer-Encoding` dropped); every other header comes back as received.
/// The blocking socket work runs on a thread of its own, never on the concurrency pool.
public struct PlainHTTPTransport: Transport {
    /// The upstream (`http://127.0.0.1:8080`, optionally with a path prefix).
    public let baseURL: URL
    /// The longest a whole exchange may take, connection to last byte.
    public let timeout: Duration
    /// The largest reply body accepted; a larger one is a `protocolError`.
    public let maxResponseBytes: Int

    /// Creates a transport; `baseURL` must be `http://` with a host.
    public init(baseURL: URL, timeout: Duration = .seconds(120), maxResponseBytes: Int = 256 * 1024 * 1024) {
        self.baseURL = baseURL
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// Sends the request once and returns the reply, whatever its status. Throws `TransportError`
    /// when there is no complete HTTP reply (unreachable, timeout, malformed or oversized reply).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard baseURL.scheme?.lowercased() == "http", let host = baseURL.host, !host.isEmpty else {
            throw TransportError(.invalidURL, "PlainHTTPTransport needs an http:// URL with a host, got '\(baseURL.absoluteString)'")
        }
        let port = baseURL.port ?? 80
        let bytes = wireBytes(request, host: host, port: port)
        let exchange = Exchange(
            host: host, port: port, timeout: timeout, maxBodyBytes: maxResponseBytes,
            isHead: request.method.uppercased() == "HEAD")
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            let thread = Thread {
                do {
                    continuation.resume(returning: try exchange.run(bytes))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 1 << 20
            thread.name = "PlainHTTPTransport"
            thread.start()
        }
    }

    /// The request as sent: request line with the base path prefixed, the caller's headers
    /// (framing and connection headers replaced), then the body.
    func wireBytes(_ request: HTTPRequest, host: String, port: Int) -> [UInt8] {
        var prefix = baseURL.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        let target = request.target.hasPrefix("/") ? request.target : "/" + request.target
        var out: [UInt8] = []
        out.reserveCapacity(512 + request.body.count)
        out.append(contentsOf: "\(request.method) \(prefix)\(target) HTTP/1.1\r\n".utf8)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        out.append(contentsOf: "Host: \(shownHost)\(port == 80 ? "" : ":\(port)")\r\n".utf8)
        for field in request.headers {
            if ["Host", "Content-Length", "Transfer-Encoding", "Connection"].contains(where: { HTTPHeaders.sameName($0, field.name) }) { continue }
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(HTTPRequestParser.isTokenByte),
                !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
            else { continue }
            out.append(contentsOf: "\(field.name): \(field.value)\r\n".utf8)
        }
        let method = request.method.uppercased()
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            out.append(contentsOf: "Content-Length: \(request.body.count)\r\n".utf8)
        }
        out.append(contentsOf: "Connection: close\r\n\r\n".utf8)
        out.append(contentsOf: request.body)
        return out
    }
}

/// One exchange on one blocking-free socket, bounded by a deadline.
private struct Exchange {
    let host: String
    let port: Int
    let timeout: Duration
    let maxBodyBytes: Int
    let isHead: Bool

    func run(_ bytes: [UInt8]) throws(TransportError) -> HTTPResponse {
        let deadline = ContinuousClock.now + timeout
        let fd = try connect(deadline: deadline)
        defer { close(fd) }
        try sendAll(fd, bytes, deadline: deadline)
        var reader = ResponseReader(maxBodyBytes: maxBodyBytes, isHead: isHead)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            if let response = try reader.response(atEnd: false) { return response }
            try wait(fd, events: Int16(POLLIN), deadline: deadline, doing: "waiting for the reply")
            let got = recv(fd, buffer.baseAddress, buffer.count, 0)
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw TransportError(.protocolError, "connection to \(host):\(port) failed while reading the reply: \(String(cString: strerror(errno)))")
            }
            if got == 0 {
                guard let response = try reader.response(atEnd: true) else {
                    throw TransportError(.protocolError, "\(host):\(port) closed the connection before a complete reply")
                }
                return response
            }
            reader.append(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
        }
    }

    /// A connected non-blocking socket to the first address that answers.
    func connect(deadline: ContinuousClock.Instant) throws(TransportError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let status = getaddrinfo(bare, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw TransportError(.unreachable, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(
                info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                close(fd)
                continue
            }
            do {
                try wait(fd, events: Int16(POLLOUT), deadline: deadline, doing: "connecting")
            } catch {
                close(fd)
                throw error
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            if code == 0 { return fd }
            lastError = String(cString: strerror(code))
            close(fd)
        }
        throw TransportError(.unreachable, "cannot connect to \(host):\(port): \(lastError)")
    }

    func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    try wait(fd, events: Int16(POLLOUT), deadline: deadline, doing: "sending the request")
                    continue
                }
                throw TransportError(.protocolError, "connection to \(host):\(port) failed while sending: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    func wait(_ fd: Int32, events: Int16, deadline: ContinuousClock.Instant, doing: String) throws(TransportError) {
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw TransportError(.timeout, "no complete reply from \(host):\(port) in time (\(doing))") }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&pfd, 1, max(1, left.pollMilliseconds))
            if n > 0 { return }
            if n < 0 && errno != EINTR {
                throw TransportError(.protocolError, "poll failed: \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Reads an HTTP/1.1 reply from bytes as they arrive: status line, headers (as received), body
/// framed by `Transfer-Encoding: chunked`, `Content-Length` or the end of the connection. The head
/// is parsed once and chunks are decoded as they complete, so a large reply costs one pass.
struct ResponseReader {
    let maxBodyBytes: Int
    let isHead: Bool
    private var buffer: [UInt8] = []
    /// Where the next reply head starts (after skipped interim replies).
    private var headStart = 0
    private var head: (status: Int, headers: HTTPHeaders, bodyStart: Int)?
    /// Chunked bodies: the next chunk-size line, and the chunks decoded so far.
    private var chunkIndex = 0
    private var chunked = Data()
    static let maxHeadBytes = 64 * 1024

    init(maxBodyBytes: Int, isHead: Bool) {
        self.maxBodyBytes = maxBodyBytes
        self.isHead = isHead
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) { buffer.append(contentsOf: bytes) }

    mutating func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// The reply, once complete (`atEnd`: the connection has closed); nil while more bytes are needed.
    mutating func response(atEnd: Bool) throws(TransportError) -> HTTPResponse? {
        while head == nil {
            guard let headEnd = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer, from: headStart) else {
                if buffer.count - headStart > Self.maxHeadBytes { throw TransportError(.protocolError, "reply header section over \(Self.maxHeadBytes) bytes") }
                if atEnd { throw TransportError(.protocolError, "the connection closed inside the reply's header section") }
                return nil
            }
            let (status, headers) = try Self.parseHead(buffer[headStart..<headEnd])
            // Interim replies (100 Continue, 103 Early Hints) are skipped.
            if (100...199).contains(status) && status != 101 {
                headStart = headEnd + 4
                continue
            }
            head = (status, headers, headEnd + 4)
            chunkIndex = headEnd + 4
        }
        guard let (status, headers, bodyStart) = head else { return nil }
        if isHead || status == 204 || status == 304 || (100...199).contains(status) {
            return HTTPResponse(status: status, headers: headers, body: Data())
        }
        let coding = headers.values(for: "Transfer-Encoding").joined(separator: ",").lowercased()
        if coding.contains("chunked") {
            guard try dechunk() else {
                if atEnd { throw TransportError(.protocolError, "the connection closed inside a chunked reply body") }
                return nil
            }
            var kept = headers
            kept.remove("Transfer-Encoding")
            return HTTPResponse(status: status, headers: kept, body: chunked)
        }
        if let text = headers["Content-Length"] {
            guard let length = Int(text.trimmingCharacters(in: .whitespaces)), length >= 0 else {
                throw TransportError(.protocolError, "reply Content-Length '\(text)' is not a number")
            }
            guard length <= maxBodyBytes else { throw TransportError(.protocolError, "reply body of \(length) bytes is over the \(maxBodyBytes)-byte limit") }
            guard buffer.count - bodyStart >= length else {
                if atEnd { throw TransportError(.protocolError, "the connection closed after \(buffer.count - bodyStart) of \(length) reply body bytes") }
                return nil
            }
            return HTTPResponse(status: status, headers: headers, body: Data(buffer[bodyStart..<(bodyStart + length)]))
        }
        guard buffer.count - bodyStart <= maxBodyBytes else { throw TransportError(.protocolError, "reply body over the \(maxBodyBytes)-byte limit") }
        guard atEnd else { return nil }
        return HTTPResponse(status: status, headers: headers, body: Data(buffer[bodyStart...]))
    }

    /// Decodes the chunks that are complete; true once the last chunk and the trailers are in.
    private mutating func dechunk() throws(TransportError) -> Bool {
        while true {
            guard let lineEnd = Self.find([0x0D, 0x0A], in: buffer, from: chunkIndex) else { return false }
            let line = String(decoding: buffer[chunkIndex..<lineEnd], as: UTF8.self)
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw TransportError(.protocolError, "bad chunk size line '\(line.prefix(40))'") }
            if size == 0 {
                // Trailers, then the blank line.
                var index = lineEnd + 2
                while true {
                    guard let end = Self.find([0x0D, 0x0A], in: buffer, from: index) else { return false }
                    if end == index { return true }
                    index = end + 2
                }
            }
            guard chunked.count + size <= maxBodyBytes else { throw TransportError(.protocolError, "chunked reply body over the \(maxBodyBytes)-byte limit") }
            let dataStart = lineEnd + 2
            guard buffer.count >= dataStart + size + 2 else { return false }
            chunked.append(contentsOf: buffer[dataStart..<(dataStart + size)])
            chunkIndex = dataStart + size + 2
        }
    }

    static func parseHead(_ head: ArraySlice<UInt8>) throws(TransportError) -> (Int, HTTPHeaders) {
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
            throw TransportError(.protocolError, "not an HTTP/1.x status line: '\(statusLine.prefix(80))'")
        }
        var headers = HTTPHeaders()
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw TransportError(.protocolError, "malformed reply header line '\(line.prefix(80))'") }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
        }
        return (status, headers)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == needle[0] {
                var matched = true
                for j in 1..<needle.count where haystack[i + j] != needle[j] {
                    matched = false
                    break
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }
}
