import Foundation
import Glibc
import Synchronization

@testable import HTTPWire

/// Runs blocking work on a fresh thread so it never ties up the (2-thread) concurrency pool.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// A response as read off the wire by `RawClient`.
struct RawResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
}

/// A blocking loopback client that writes exact bytes, for tests the URLSession client cannot express.
final class RawClient {
    let fd: Int32
    private var pending: [UInt8] = []

    /// Connects to 127.0.0.1:port with a receive timeout (so a test cannot hang).
    init?(port: Int, receiveTimeoutSeconds: Int = 5) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    /// Reads more bytes into the pending buffer; false on EOF, error or timeout.
    private func fill() -> Bool {
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return false }
        pending.append(contentsOf: buf[0..<n])
        return true
    }

    /// Reads one response (Content-Length framed, or to EOF without one). Nil on EOF or timeout first.
    func readResponse(isHead: Bool = false) -> RawResponse? {
        var headEnd: Int?
        while true {
            if let r = findHeadEnd() {
                headEnd = r
                break
            }
            if !fill() { return nil }
        }
        guard let headEnd else { return nil }
        let headText = String(decoding: pending[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard !lines.isEmpty else { return nil }
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        pending.removeFirst(headEnd)
        let length = isHead || status < 200 || status == 204 || status == 304 ? 0 : Int(headers["Content-Length"] ?? "") ?? -1
        if length < 0 {
            while fill() {}
            let body = Data(pending)
            pending = []
            return RawResponse(status: status, headers: headers, body: body)
        }
        while pending.count < length { if !fill() { return nil } }
        let body = Data(pending[0..<length])
        pending.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body)
    }

    private func findHeadEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for i in 0...(pending.count - 4) where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// Whether the server has closed the connection (EOF), waiting up to the receive timeout.
    func isClosedByPeer() -> Bool {
        if !pending.isEmpty { return false }
        var b: UInt8 = 0
        let n = recv(fd, &b, 1, 0)
        if n == 1 { pending.append(b) }
        return n == 0 || (n < 0 && errno == ECONNRESET)
    }
}

/// A handler that echoes method, target and body, for wire tests.
let echoHandler = ClosureHandler { request in
    var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-Method": request.method, "X-Target": request.target]
    headers.add("X-Body-Length", String(request.body.count))
    return HTTPResponse(status: 200, headers: headers, body: request.body)
}

/// Starts a server on a free loopback port with small timeouts suitable for tests.
func startServer(
    _ handler: any HTTPHandler = echoHandler,
    configure: (inout HTTPServerConfiguration) -> Void = { _ in }
) throws -> HTTPServer {
    var config = HTTPServerConfiguration(idleTimeout: .seconds(5), readTimeout: .seconds(5))
    configure(&config)
    let server = HTTPServer(configuration: config, handler: handler)
    try server.start()
    return server
}

/// Waits (bounded) for a condition that other threads will make true; false if it never did.
func eventually(_ condition: @Sendable () -> Bool) async -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Stops `server`, waiting at most `limit`; false when it did not stop in time (a hang becomes a
/// failed expectation instead of a stuck test run).
func stopped(_ server: HTTPServer, within limit: Duration = .seconds(20)) async -> Bool {
    let once = Once()
    return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        Task {
            await server.stop()
            if once.claim() { continuation.resume(returning: true) }
        }
        Task {
            try? await Task.sleep(for: limit)
            if once.claim() { continuation.resume(returning: false) }
        }
    }
}

/// True for the first caller of `claim()` only.
final class Once: Sendable {
    private let taken = Atomic<Bool>(false)
    func claim() -> Bool { !taken.exchange(true, ordering: .acquiringAndReleasing) }
}

/// A delay for handlers that resumes on the handler's own executor. (`Task.sleep` wakes through
/// the concurrency pool, which parallel tests may keep busy for seconds.)
func pause(milliseconds: Int) async {
    _ = await offPool { usleep(useconds_t(milliseconds * 1000)) }
}
