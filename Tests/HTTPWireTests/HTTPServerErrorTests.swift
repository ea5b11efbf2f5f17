import Foundation
import Testing

@testable import HTTPWire

/// A malformed request sent over a real socket and the status the server must answer before closing.
struct WireErrorCase: Sendable, CustomTestStringConvertible {
    let label: String
    let raw: String
    let status: Int
    var testDescription: String { "\(label) -> \(status)" }

    static let all: [WireErrorCase] = [
        .init(label: "garbage", raw: "\u{16}\u{3}\u{1}binary-ish garbage\r\n\r\n", status: 400),
        .init(label: "HTTP/2 preface", raw: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", status: 505),
        .init(label: "long target", raw: "GET /" + String(repeating: "x", count: 300) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414),
        .init(label: "big header", raw: "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "y", count: 600) + "\r\n\r\n", status: 431),
        .init(label: "many headers", raw: "GET / HTTP/1.1\r\nHost: x\r\n" + (1...12).map { "H\($0): v\r\n" }.joined() + "\r\n", status: 431),
        .init(label: "body too large", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "z", count: 5000), status: 413),
        .init(label: "no length", raw: "POST / HTTP/1.1\r\nHost: x\r\n\r\n", status: 411),
        .init(label: "gzip transfer coding", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        .init(label: "bad Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", status: 400),
    ]
}

private func strictServer() throws -> HTTPServer {
    try startServer {
        $0.maxRequestLineBytes = 256
        $0.maxHeaderBytes = 512
        $0.maxHeaderCount = 10
        $0.maxBodyBytes = 1024
        $0.requireContentLength = true
        $0.readTimeout = .milliseconds(300)
        $0.idleTimeout = .milliseconds(300)
    }
}

@Suite("HTTPServer error handling over loopback sockets")
struct HTTPServerErrorTests {
    @Test("malformed input: right status, Connection: close, socket closed, server still serves", arguments: WireErrorCase.all)
    func wireErrors(_ c: WireErrorCase) async throws {
        let server = try strictServer()
        let port = server.port
        let (response, closed, next) = await offPool { () -> (RawResponse?, Bool, Int?) in
            guard let bad = RawClient(port: port) else { return (nil, false, nil) }
            bad.send(c.raw)
            let response = bad.readResponse()
            let closed = bad.isClosedByPeer()
            let good = RawClient(port: port)
            good?.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
            return (response, closed, good?.readResponse()?.status)
        }
        #expect(response?.status == c.status)
        #expect(response?.headers["Connection"] == "close")
        #expect(closed)
        #expect(next == 200)
        #expect(await stopped(server))
    }

    @Test("a client that sends half a request and stalls gets 408 and is closed")
    func stalledClient() async throws {
        let server = try strictServer()
        let port = server.port
        let (status, closed) = await offPool { () -> (Int?, Bool) in
            guard let c = RawClient(port: port) else { return (nil, false) }
            c.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a bit")
            return (c.readResponse()?.status, c.isClosedByPeer())
        }
        #expect(status == 408)
        #expect(closed)
        #expect(await eventually { server.openConnections == 0 })
        #expect(await stopped(server))
    }

    @Test("a client dripping header bytes cannot outlive the read timeout")
    func slowloris() async throws {
        let server = try strictServer()
        let port = server.port
        let status = await offPool { () -> Int? in
            guard let c = RawClient(port: port) else { return nil }
            c.send("GET / HTTP/1.1\r\n")
            for i in 0..<8 {  // 8 x 100 ms > the 300 ms read timeout, each gap shorter than it
                usleep(100_000)
                if !c.send("X-\(i): v\r\n") { break }
            }
            return c.readResponse()?.status
        }
        #expect(status == 408)
        #expect(await stopped(server))
    }

    @Test("an idle keep-alive connection is closed silently after the idle timeout")
    func idleTimeout() async throws {
        let server = try strictServer()
        let port = server.port
        let (first, closed) = await offPool { () -> (Int?, Bool) in
            guard let c = RawClient(port: port) else { return (nil, false) }
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = c.readResponse()?.status
            return (first, c.isClosedByPeer())
        }
        #expect(first == 200)
        #expect(closed)
        #expect(await stopped(server))
    }

    @Test("random garbage on many connections: no crash, every connection closed, others still served")
    func garbageFlood() async throws {
        let server = try strictServer()
        let port = server.port
        let served = await offPool { () -> Int in
            var rng = SplitMix64(seed: 7)
            var ok = 0
            for round in 0..<40 {
                if let c = RawClient(port: port, receiveTimeoutSeconds: 2) {
                    let n = Int(rng.next() % 2000) + 1
                    var bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                    if round % 3 == 0 { bytes = Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + bytes }
                    c.send(bytes)
                    if round % 2 == 0 { _ = c.readResponse() }
                }
                if let good = RawClient(port: port) {
                    good.send("GET /alive HTTP/1.1\r\nHost: x\r\n\r\n")
                    if good.readResponse()?.status == 200 { ok += 1 }
                }
            }
            return ok
        }
        #expect(served == 40)
        #expect(await eventually { server.openConnections == 0 })
        #expect(await stopped(server))
        #expect(server.openConnections == 0)
    }

    @Test("every accepted descriptor is closed, whichever way the client ends (the count drops only after close)")
    func noDescriptorLeak() async throws {
        // Other suites open sockets concurrently, so compare this server's own count, which
        // tracks every accepted descriptor until its close.
        let server = try strictServer()
        let port = server.port
        await offPool {
            for i in 0..<30 {
                guard let c = RawClient(port: port, receiveTimeoutSeconds: 2) else { continue }
                switch i % 3 {
                case 0:
                    c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                    _ = c.readResponse()
                case 1:
                    c.send("NONSENSE\r\n\r\n")
                    _ = c.readResponse()
                default: c.send("GET / HT")  // client closes mid-request
                }
            }
        }
        #expect(await eventually { server.openConnections == 0 })
        #expect(await stopped(server))
    }
}
