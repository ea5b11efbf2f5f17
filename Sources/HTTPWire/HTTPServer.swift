import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Why an `HTTPServer` could not start.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the server was doing.
    public var operation: String
    /// The `errno` value, 0 when not from a system call.
    public var code: Int32
    /// A readable explanation.
    public var message: String

    /// Creates an error.
    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    static func system(_ operation: String) -> HTTPServerError {
        let code = errno
        return HTTPServerError(operation: operation, code: code, message: String(cString: strerror(code)))
    }

    /// `"<operation> failed: <message>"`.
    public var description: String { "\(operation) failed: \(message)" }
}

/// A small HTTP/1.1 server over POSIX sockets that passes each request to an `HTTPHandler`.
///
/// Each connection gets its own thread for blocking socket IO, and that thread also runs the
/// async handler (as a task preferring a per-connection task executor), so the Swift
/// concurrency pool is never blocked on a socket and a busy pool does not stall answers (only a
/// handler's `Task.sleep` still wakes through the pool). Keep-alive, pipelining (answered in
/// order), `Content-Length` and chunked bodies and `Expect: 100-continue` are supported. Malformed input gets a 4xx/5xx from
/// `HTTPRequestParser`, then that connection closes; others are unaffected.
public final class HTTPServer: Sendable {
    /// The configuration the server was created with.
    public let configuration: HTTPServerConfiguration
    private let handler: any HTTPHandler
    private let state = Mutex(State())
    private let stoppingFlag = Atomic<Bool>(false)
    private let servedCount = Atomic<Int>(0)

    private struct State: Sendable {
        var phase = Phase.idle
        var listenFD: Int32 = -1
        var wakeRead: Int32 = -1
        var wakeWrite: Int32 = -1
        var port = 0
        var acceptorRunning = false
        var connections = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private enum Phase: Sendable { case idle, running, stopping, stopped }

    /// Creates a server; call `start()` to bind and accept.
    public init(configuration: HTTPServerConfiguration = .init(), handler: any HTTPHandler) {
        self.configuration = configuration
        self.handler = handler
    }

    /// The bound port (0 before `start()`).
    public var port: Int { state.withLock { $0.port } }

    /// How many connections are open right now.
    public var openConnections: Int { state.withLock { $0.connections } }

    /// How many requests have been answered by the handler since start.
    public var requestsServed: Int { servedCount.load(ordering: .relaxed) }

    /// Binds, listens and starts accepting connections; returns the bound port (port 0 picks a free one).
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        let ok = state.withLock { s -> Bool in
            guard s.phase == .idle else { return false }
            s.phase = .running
            return true
        }
        guard ok else { throw HTTPServerError(operation: "start", code: 0, message: "server already started or stopped") }
        signal(SIGPIPE, SIG_IGN)
        do throws(HTTPServerError) {
            let (fd, port) = try Self.bindAndListen(configuration)
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else {
                let e = HTTPServerError.system("pipe")
                close(fd)
                throw e
            }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            let wakeRead = fds[0]
            state.withLock {
                $0.listenFD = fd
                $0.port = port
                $0.wakeRead = wakeRead
                $0.wakeWrite = fds[1]
                $0.acceptorRunning = true
            }
            let thread = Thread { [self] in self.acceptLoop(listenFD: fd, wakeFD: wakeRead) }
            thread.name = "HTTPServer.accept"
            thread.start()
            return port
        } catch {
            state.withLock { $0.phase = .stopped }
            throw error
        }
    }

    /// Stops gracefully: stops accepting, closes idle connections, lets requests already being
    /// received or handled finish (their responses say `Connection: close`), then returns.
    public func stop() async {
        let started = state.withLock { s -> Bool in
            switch s.phase {
            case .idle:
                s.phase = .stopped
                return false
            case .running:
                s.phase = .stopping
                stoppingFlag.store(true, ordering: .releasing)
                // Written under the lock: `finished` closes the pipe under it too, so this byte
                // cannot land in a descriptor some other thread has since been given that number.
                var byte: UInt8 = 1
                _ = write(s.wakeWrite, &byte, 1)
                return true
            case .stopping, .stopped:
                return true
            }
        }
        guard started else { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = state.withLock { s -> Bool in
                if s.phase == .stopped { return true }
                s.waiters.append(c)
                return false
            }
            if done { c.resume() }
        }
    }

    private var isStopping: Bool { stoppingFlag.load(ordering: .acquiring) }

    /// Called when the acceptor or a connection ends; the last one out finishes the stop.
    private func finished(connection: Bool) {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if connection { s.connections -= 1 } else { s.acceptorRunning = false }
            guard s.phase == .stopping, !s.acceptorRunning, s.connections == 0 else { return [] }
            s.phase = .stopped
            close(s.wakeRead)
            close(s.wakeWrite)
            s.wakeRead = -1
            s.wakeWrite = -1
            let w = s.waiters
            s.waiters = []
            return w
        }
        for w in waiters { w.resume() }
    }

    // MARK: Listening

    private static func bindAndListen(_ config: HTTPServerConfiguration) throws(HTTPServerError) -> (Int32, Int) {
        guard (0...65535).contains(config.port) else {
            throw HTTPServerError(operation: "bind", code: EINVAL, message: "port \(config.port) is out of range 0...65535")
        }
        let host = config.host == "localhost" ? "127.0.0.1" : config.host
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(config.port).bigEndian)
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(config.port).bigEndian)
        } else {
            throw HTTPServerError(operation: "bind", code: EINVAL, message: "host '\(config.host)' is not an IP address")
        }
        // Non-blocking, so `accept` after `poll` cannot block when the pending connection is gone.
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .system("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound: Int32
        if family == AF_INET {
            bound = withUnsafePointer(to: &v4) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else {
            bound = withUnsafePointer(to: &v6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard bound == 0 else {
            let e = HTTPServerError.system("bind \(config.host):\(config.port)")
            close(fd)
            throw e
        }
        guard listen(fd, Int32(clamping: max(1, config.backlog))) == 0 else {
            let e = HTTPServerError.system("listen")
            close(fd)
            throw e
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard got == 0 else {
            let e = HTTPServerError.system("getsockname")
            close(fd)
            throw e
        }
        let port: UInt16 = withUnsafePointer(to: &storage) { p in
            if family == AF_INET {
                return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
            return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
        }
        return (fd, Int(port))
    }

    private func acceptLoop(listenFD: Int32, wakeFD: Int32) {
        var fds = [
            pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        while !isStopping {
            fds[0].revents = 0
            fds[1].revents = 0
            let n = poll(&fds, 2, 1000)
            if n < 0 && errno != EINTR { break }
            if fds[1].revents != 0 || isStopping { break }
            guard n > 0, fds[0].revents & Int16(POLLIN) != 0 else { continue }
            // The accepted socket is blocking (Linux does not pass O_NONBLOCK on); an empty queue is EAGAIN.
            let fd = accept(listenFD, nil, nil)
            if fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    usleep(10_000)  // out of descriptors: back off instead of spinning
                }
                continue
            }
            let admitted = state.withLock { s -> Bool in
                guard s.phase == .running, s.connections < configuration.maxConnections else { return false }
                s.connections += 1
                return true
            }
            guard admitted else {
                rejectBusy(fd)
                continue
            }
            let thread = Thread { [self] in
                let connection = Connection(fd: fd, server: self)
                connection.run()
                finished(connection: true)
            }
            thread.stackSize = 2 * 1024 * 1024  // the handler runs here too (address space, not memory)
            thread.name = "HTTPServer.connection"
            thread.start()
        }
        state.withLock { $0.listenFD = -1 }
        close(listenFD)
        finished(connection: false)
    }

    private func rejectBusy(_ fd: Int32) {
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let response = HTTPResponse(
            status: 503, headers: ["Content-Type": "text/plain; charset=utf-8", "Retry-After": "1"],
            body: Data("too many connections\n".utf8))
        let bytes = HTTPResponseSerializer.head(for: response, keepAlive: false) + Array(response.body)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    // MARK: Connections

    /// Runs the handler for one request on the connection's thread (see `ConnectionExecutor`).
    fileprivate func respond(to request: HTTPRequest, on executor: ConnectionExecutor) -> HTTPResponse {
        let response = executor.run(handler, request)
        servedCount.add(1, ordering: .relaxed)
        return response
    }

    fileprivate var wakeFD: Int32 { state.withLock { $0.wakeRead } }
}

/// One client connection: reads, parses, answers, until close, error, timeout or stop.
private struct Connection {
    let fd: Int32
    let server: HTTPServer
    let dates = DateCache()
    let executor = ConnectionExecutor()
    var config: HTTPServerConfiguration { server.configuration }

    func run() {
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let writeTimeout = config.readTimeout.components
        var tv = timeval(tv_sec: Int(max(1, writeTimeout.seconds)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))

        var parser = HTTPRequestParser(limits: config.parserLimits)
        let capacity = 64 * 1024
        let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { readBuffer.deallocate() }
        let wakeFD = server.wakeFD
        let clock = ContinuousClock()
        var requestStart: ContinuousClock.Instant?

        while true {
            // Answer everything already buffered, in order.
            var closeAfter = false
            parsing: while true {
                switch parser.next() {
                case .needMoreData:
                    break parsing
                case .continueExpected:
                    if !sendAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) { return }
                case .error(let error):
                    let response = HTTPResponseSerializer.errorResponse(error)
                    _ = write(response, keepAlive: false, minorVersion: 1, isHead: false)
                    lingeringClose()
                    return
                case .request(let parsed):
                    let response = server.respond(to: parsed.request, on: executor)
                    let handlerCloses = response.headers.anyValue(for: "Connection", containsCaseInsensitive: "close")
                    let stopping = wakeFD < 0 || server.isStoppingForConnection
                    let keepAlive = parsed.keepAlive && !handlerCloses && !stopping
                    let isHead = parsed.request.method == "HEAD"
                    guard write(response, keepAlive: keepAlive, minorVersion: parsed.minorVersion, isHead: isHead)
                    else { return }
                    requestStart = nil
                    if !keepAlive {
                        closeAfter = true
                        break parsing
                    }
                }
            }
            if closeAfter {
                lingeringClose()
                return
            }
            if parser.hasPartialRequest {
                if requestStart == nil { requestStart = clock.now }
            } else {
                requestStart = nil
            }

            // Wait for more bytes, the deadline, or stop.
            let stopping = server.isStoppingForConnection
            if stopping && !parser.hasPartialRequest { return }
            let waitFor: Duration
            if let requestStart {
                waitFor = config.readTimeout - (clock.now - requestStart)
            } else {
                waitFor = config.idleTimeout
            }
            if waitFor <= .zero {
                timedOut(partial: parser.hasPartialRequest)
                return
            }
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stopping ? -1 : wakeFD, events: Int16(POLLIN), revents: 0),
            ]
            let n = poll(&fds, 2, waitFor.pollMilliseconds)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            if n == 0 {
                // The loop re-checks the deadline; idle connections simply close.
                if requestStart == nil {
                    return
                }
                continue
            }
            if fds[0].revents == 0 {
                continue  // woken for stop; the top of the loop decides
            }
            let got = recv(fd, readBuffer.baseAddress, capacity, 0)
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            if got == 0 { return }  // client closed; a partial request is dropped
            parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<got]))
        }
    }

    private func timedOut(partial: Bool) {
        guard partial else { return }
        let error = HTTPParseError(status: 408, message: "request not received within the read timeout")
        _ = write(HTTPResponseSerializer.errorResponse(error), keepAlive: false, minorVersion: 1, isHead: false)
        lingeringClose()
    }

    private func write(_ response: HTTPResponse, keepAlive: Bool, minorVersion: Int, isHead: Bool) -> Bool {
        var response = response
        if response.status < 200 || response.status > 999 {
            response = HTTPResponse(
                status: 500, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: Data("handler returned invalid status \(response.status)\n".utf8))
        }
        var head = HTTPResponseSerializer.head(
            for: response, keepAlive: keepAlive, minorVersion: minorVersion, date: dates.now())
        guard HTTPResponseSerializer.sendsBody(status: response.status, isHead: isHead), !response.body.isEmpty else {
            return sendAll(head)
        }
        if response.body.count <= 16 * 1024 {
            head.append(contentsOf: response.body)
            return sendAll(head)
        }
        guard sendAll(head) else { return false }
        return response.body.withUnsafeBytes { sendAll($0) }
    }

    private func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { sendAll($0) }
    }

    private func sendAll(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard var p = raw.baseAddress else { return true }
        var left = raw.count
        while left > 0 {
            let n = send(fd, p, left, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                return false  // includes the send timeout (EAGAIN) and a closed peer
            }
            p += n
            left -= n
        }
        return true
    }

    /// Half-closes and discards what the client is still sending for a short while, so it
    /// reads our response instead of a reset.
    private func lingeringClose() {
        shutdown(fd, Int32(SHUT_WR))
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
        defer { scratch.deallocate() }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(2)
        var drained = 0
        while clock.now < deadline && drained < 64 * 1024 * 1024 {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let n = poll(&pfd, 1, 500)
            if n <= 0 { return }
            let got = recv(fd, scratch.baseAddress, scratch.count, 0)
            if got <= 0 { return }
            drained += got
        }
    }
}

extension HTTPServer {
    fileprivate var isStoppingForConnection: Bool { isStopping }
}
