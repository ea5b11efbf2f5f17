import Foundation
import Testing

@testable import HTTPWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("HTTPServer over loopback sockets")
struct HTTPServerTests {
    @Test("port 0 binds a free port and serves a GET over URLSession")
    func basicGet() async throws {
        let server = try startServer()
        #expect(server.port > 0)
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")))
        let response = try await transport.send(HTTPRequest(method: "GET", target: "/a/b?c=d"))
        #expect(response.status == 200)
        #expect(response.headers["X-Target"] == "/a/b?c=d")
        #expect(response.headers["Date"] != nil)
        #expect(await stopped(server))
    }

    @Test("keep-alive: several requests on one connection")
    func keepAlive() async throws {
        let server = try startServer()
        let port = server.port
        let statuses = await offPool { () -> [String] in
            guard let c = RawClient(port: port) else { return [] }
            var targets: [String] = []
            for i in 0..<3 {
                c.send("GET /r\(i) HTTP/1.1\r\nHost: x\r\n\r\n")
                guard let r = c.readResponse() else { return targets }
                targets.append(r.headers["X-Target"] ?? "?")
                if r.headers["Connection"] != nil { targets.append("conn:" + (r.headers["Connection"] ?? "")) }
            }
            return targets
        }
        #expect(statuses == ["/r0", "/r1", "/r2"])
        #expect(server.requestsServed == 3)
        #expect(await stopped(server))
    }

    @Test("pipelined requests are answered in order even when the first is slowest")
    func pipelining() async throws {
        let handler = ClosureHandler { request in
            if request.target == "/slow" { await pause(milliseconds: 100) }
            return HTTPResponse(status: 200, headers: ["X-Target": request.target], body: Data(request.target.utf8))
        }
        let server = try startServer(handler)
        let port = server.port
        let order = await offPool { () -> [String] in
            guard let c = RawClient(port: port) else { return [] }
            c.send(
                "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            var out: [String] = []
            while let r = c.readResponse() { out.append(String(decoding: r.body, as: UTF8.self)) }
            return out
        }
        #expect(order == ["/slow", "/p", "/last"])
        #expect(await stopped(server))
    }

    @Test("chunked request body with extensions and trailers")
    func chunkedBody() async throws {
        let server = try startServer()
        let port = server.port
        let response = await offPool { () -> RawResponse? in
            guard let c = RawClient(port: port) else { return nil }
            c.send("POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n")
            usleep(20_000)
            c.send("6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            return c.readResponse()
        }
        #expect(response?.status == 200)
        #expect(response.map { String(decoding: $0.body, as: UTF8.self) } == "hello world")
        #expect(await stopped(server))
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() async throws {
        let server = try startServer()
        let port = server.port
        let (interim, final) = await offPool { () -> (Int?, RawResponse?) in
            guard let c = RawClient(port: port) else { return (nil, nil) }
            c.send("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let interim = c.readResponse()?.status
            c.send("data")
            return (interim, c.readResponse())
        }
        #expect(interim == 100)
        #expect(final?.status == 200)
        #expect(final?.body == Data("data".utf8))
        #expect(await stopped(server))
    }

    @Test("HEAD answers with the length but no body; handler headers cannot split the response")
    func headAndHeaderSanitising() async throws {
        let handler = ClosureHandler { _ in
            HTTPResponse(status: 200, headers: ["X-Ok": "1", "X-Bad": "a\r\nInjected: yes"], body: Data("12345".utf8))
        }
        let server = try startServer(handler)
        let port = server.port
        let (head, get) = await offPool { () -> (RawResponse?, RawResponse?) in
            guard let c = RawClient(port: port) else { return (nil, nil) }
            c.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return (c.readResponse(isHead: true), c.readResponse())
        }
        #expect(head?.headers["Content-Length"] == "5")
        #expect(head?.body.isEmpty == true)
        #expect(get?.body == Data("12345".utf8))
        #expect(get?.headers["Injected"] == nil)
        #expect(get?.headers["X-Bad"] == nil)
        #expect(get?.headers["X-Ok"] == "1")
        #expect(await stopped(server))
    }

    @Test("many concurrent clients are all served")
    func concurrentClients() async throws {
        let server = try startServer()
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")))
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<32 {
                group.addTask {
                    let body = Data("client \(i)".utf8)
                    let r = try await transport.send(HTTPRequest(method: "POST", target: "/c/\(i)", body: body))
                    return r.status == 200 && r.body == body && r.headers["X-Target"] == "/c/\(i)"
                }
            }
            var all: [Bool] = []
            for try await ok in group { all.append(ok) }
            return all
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 })
        #expect(await stopped(server))
    }

    @Test("a 10 MB multipart upload arrives intact")
    func largeMultipartUpload() async throws {
        let handler = ClosureHandler { request in
            do {
                let parts = try MultipartFormData.parse(body: request.body, contentType: request.headers["Content-Type"] ?? "")
                let file = parts.first { $0.name == "image" }
                var sum: UInt64 = 0
                file?.body.withUnsafeBytes { for b in $0 { sum = sum &* 31 &+ UInt64(b) } }
                return HTTPResponse(status: 200, body: Data("\(parts.count) \(file?.body.count ?? -1) \(sum)".utf8))
            } catch {
                return HTTPResponse(status: 400, body: Data("\(error)".utf8))
            }
        }
        let server = try startServer(handler)
        var payload = Data(count: 10 * 1024 * 1024)
        payload.withUnsafeMutableBytes { raw in
            var x: UInt32 = 12345
            for i in 0..<raw.count {
                x = x &* 1_103_515_245 &+ 12345
                raw[i] = UInt8(truncatingIfNeeded: x >> 16)
            }
        }
        var expected: UInt64 = 0
        payload.withUnsafeBytes { for b in $0 { expected = expected &* 31 &+ UInt64(b) } }
        var form = MultipartFormData()
        form.addField("image_type", "message")
        form.addFile("image", data: payload, filename: "big.bin", contentType: "application/octet-stream")
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")))
        let response = try await transport.send(
            HTTPRequest(method: "POST", target: "/upload", headers: ["Content-Type": form.contentType], body: form.encoded()))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "2 \(payload.count) \(expected)")
        #expect(await stopped(server))
    }

    @Test("graceful stop finishes the in-flight request, closes idle connections, then refuses new ones")
    func gracefulStop() async throws {
        let gate = Gate()
        let handler = ClosureHandler { _ in
            await gate.wait()
            return HTTPResponse(status: 200, body: Data("done".utf8))
        }
        let server = try startServer(handler)
        let port = server.port
        let idleClosed = Task {
            await offPool { () -> Bool in
                guard let c = RawClient(port: port) else { return false }
                return c.isClosedByPeer()
            }
        }
        let inFlight = Task {
            await offPool { () -> RawResponse? in
                guard let c = RawClient(port: port) else { return nil }
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                return c.readResponse()
            }
        }
        #expect(await eventually { server.openConnections == 2 })
        // The request must be in its handler before the stop begins (a fixed sleep lost that race on a loaded machine).
        var reached = false
        for _ in 0..<500 where !reached {
            reached = await gate.waiting == 1
            if !reached { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(reached, "the request never reached its handler")
        let stopping = Task { await stopped(server) }
        #expect(await idleClosed.value)
        await gate.open()
        let response = await inFlight.value
        #expect(response?.status == 200)
        #expect(response?.headers["Connection"] == "close")
        #expect(await stopping.value)
        #expect(server.openConnections == 0)
        let refused = await offPool { RawClient(port: port) == nil }
        #expect(refused)
    }

    @Test("over maxConnections a client gets 503; the others keep being served")
    func maxConnections() async throws {
        let server = try startServer { $0.maxConnections = 2 }
        let port = server.port
        let (third, firstStillServed) = await offPool { () -> (Int?, Int?) in
            guard let a = RawClient(port: port), let b = RawClient(port: port) else { return (nil, nil) }
            a.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = a.readResponse()
            b.send("GET /b HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = b.readResponse()
            guard let c = RawClient(port: port) else { return (nil, nil) }
            let third = c.readResponse()?.status
            a.send("GET /a2 HTTP/1.1\r\nHost: x\r\n\r\n")
            return (third, a.readResponse()?.status)
        }
        #expect(third == 503)
        #expect(firstStillServed == 200)
        #expect(await stopped(server))
    }

    @Test("start reports a clear error for a bad host and for a port in use")
    func startErrors() async throws {
        let bad = HTTPServer(configuration: .init(host: "not-an-ip"), handler: echoHandler)
        #expect(throws: HTTPServerError.self) { try bad.start() }
        let first = try startServer()
        let second = HTTPServer(configuration: .init(port: first.port), handler: echoHandler)
        let error = #expect(throws: HTTPServerError.self) { try second.start() }
        #expect(error?.code == EADDRINUSE)
        #expect(await stopped(first))
        #expect(await stopped(second))
    }
}

/// A one-shot latch handlers can wait on.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }
    /// How many callers are waiting now (a request that reached its handler).
    var waiting: Int { waiters.count }
}
