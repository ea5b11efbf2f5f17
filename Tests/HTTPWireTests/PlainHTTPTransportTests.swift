import Foundation
import Glibc
import Synchronization
import Testing

@testable import HTTPWire

/// A one-connection server on a loopback port that reads one request (head and Content-Length
/// body), records its bytes, answers with canned bytes and closes: framings our server never sends.
final class CannedServer: Sendable {
    let port: Int
    private let listener: Int32
    private let received = Mutex<[UInt8]>([])

    init(reply: [UInt8], delayMilliseconds: Int = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 4)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: bound.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                if let end = Self.headEnd(bytes) {
                    let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
                    let length =
                        head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if bytes.count >= end + 4 + length { break }
                }
                let n = recv(client, &buffer, buffer.count, 0)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            received.withLock { $0 = bytes }
            if delayMilliseconds > 0 { usleep(useconds_t(delayMilliseconds * 1000)) }
            _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    deinit { close(listener) }

    var request: String { String(decoding: received.withLock { $0 }, as: UTF8.self) }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 { return i }
        return nil
    }
}

@Suite("PlainHTTPTransport: byte-faithful HTTP/1.1 client")
struct PlainHTTPTransportTests {
    @Test("the request goes out as given: target, header names and order; Host, Content-Length and Connection are the transport's")
    func requestBytes() async throws {
        let server = try CannedServer(reply: Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
        let transport = PlainHTTPTransport(baseURL: server.url.appendingPathComponent("prefix"), timeout: .seconds(5))
        let reply = try await transport.send(
            HTTPRequest(
                method: "POST", target: "/a%20b?x=1&y=%2B",
                headers: HTTPHeaders([("X-First", "1"), ("host", "wrong"), ("x-second", "2"), ("Content-Length", "99"), ("Connection", "keep-alive")]),
                body: Data("hello".utf8)))
        #expect(reply.status == 204)
        #expect(
            server.request == "POST /prefix/a%20b?x=1&y=%2B HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nX-First: 1\r\nx-second: 2\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello")
    }

    @Test("a chunked reply is de-chunked (trailers read, Transfer-Encoding dropped); header names keep their casing")
    func chunked() async throws {
        let wire =
            "HTTP/1.1 200 OK\r\nX-Tt-Logid: abc\r\nTransfer-Encoding: chunked\r\nx-lower: v\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let server = try CannedServer(reply: Array(wire.utf8))
        let reply = try await PlainHTTPTransport(baseURL: server.url, timeout: .seconds(5)).send(HTTPRequest(method: "GET", target: "/"))
        #expect(reply.body == Data("hello world".utf8))
        #expect(reply.headers.fields.map(\.name) == ["X-Tt-Logid", "x-lower"])
    }

    @Test("a reply without framing runs to the close; interim 100 replies are skipped")
    func readToClose() async throws {
        let server = try CannedServer(reply: Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it".utf8))
        let reply = try await PlainHTTPTransport(baseURL: server.url, timeout: .seconds(5)).send(HTTPRequest(method: "GET", target: "/"))
        #expect(reply.status == 200 && reply.body == Data("all of it".utf8))
    }

    @Test("failures are TransportErrors: refused, timeout, a truncated body, not HTTP")
    func failures() async throws {
        await #expect(throws: TransportError.self) {
            try await PlainHTTPTransport(baseURL: URL(string: "http://127.0.0.1:1")!, timeout: .seconds(5)).send(HTTPRequest(method: "GET", target: "/"))
        }
        let slow = try CannedServer(reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".utf8), delayMilliseconds: 1500)
        do {
            _ = try await PlainHTTPTransport(baseURL: slow.url, timeout: .milliseconds(300)).send(HTTPRequest(method: "GET", target: "/"))
            Issue.record("no timeout")
        } catch let error as TransportError {
            #expect(error.kind == .timeout)
        }
        let short = try CannedServer(reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8))
        do {
            _ = try await PlainHTTPTransport(baseURL: short.url, timeout: .seconds(5)).send(HTTPRequest(method: "GET", target: "/"))
            Issue.record("a truncated body was accepted")
        } catch let error as TransportError {
            #expect(error.kind == .protocolError && error.message.contains("3 of 10"))
        }
        let garbage = try CannedServer(reply: Array("SSH-2.0-OpenSSH\r\n\r\n".utf8))
        do {
            _ = try await PlainHTTPTransport(baseURL: garbage.url, timeout: .seconds(5)).send(HTTPRequest(method: "GET", target: "/"))
            Issue.record("garbage was accepted")
        } catch let error as TransportError {
            #expect(error.kind == .protocolError && error.message.contains("not an HTTP/1.x status line"))
        }
        await #expect(throws: TransportError(.invalidURL, "PlainHTTPTransport needs an http:// URL with a host, got 'https://example.com'")) {
            try await PlainHTTPTransport(baseURL: URL(string: "https://example.com")!).send(HTTPRequest(method: "GET", target: "/"))
        }
    }

    @Test("HEAD: the reply's Content-Length is kept and no body is read")
    func head() async throws {
        let server = try CannedServer(reply: Array("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n".utf8))
        let reply = try await PlainHTTPTransport(baseURL: server.url, timeout: .seconds(5)).send(HTTPRequest(method: "HEAD", target: "/"))
        #expect(reply.status == 200 && reply.body.isEmpty && reply.headers["Content-Length"] == "1234")
    }
}
