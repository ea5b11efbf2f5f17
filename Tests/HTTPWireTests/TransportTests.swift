import Foundation
import Testing

@testable import HTTPWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Which transport a shared test body runs over.
enum TransportKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case inProcess, loopback
    var testDescription: String { rawValue }
}

/// A handler with a few routes for transport tests.
let routes = ClosureHandler { request in
    switch request.path {
    case "/redirect":
        return HTTPResponse(status: 302, headers: ["Location": "/target"], body: Data("moved".utf8))
    case "/slow":
        await pause(milliseconds: 700)
        return HTTPResponse(status: 200)
    case "/json":
        let name = request.queryItems.first { $0.name == "name" }?.value ?? ""
        return HTTPResponse(
            status: 201, headers: ["Content-Type": "application/json", "X-Tt-Logid": "log-1"],
            body: Data("{\"name\":\"\(name)\",\"len\":\(request.body.count)}".utf8))
    default:
        return HTTPResponse(status: 404, body: Data("no route".utf8))
    }
}

@Suite("Transports")
struct TransportTests {
    @Test("the same request gives the same reply in memory and over a socket", arguments: TransportKind.allCases)
    func sameTestTwoTransports(_ kind: TransportKind) async throws {
        var server: HTTPServer?
        let transport: any Transport
        switch kind {
        case .inProcess:
            transport = InProcessTransport(handler: routes)
        case .loopback:
            let s = try startServer(routes)
            server = s
            transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(s.port)")))
        }
        let response = try await transport.send(
            HTTPRequest(method: "POST", target: "/json?name=a%20b", headers: ["Content-Type": "application/json"], body: Data("{}".utf8)))
        #expect(response.status == 201)
        #expect(response.headers["x-tt-logid"] == "log-1")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"name\":\"a b\",\"len\":2}")
        let missing = try await transport.send(HTTPRequest(method: "GET", target: "/nope"))
        #expect(missing.status == 404)
        if let server { #expect(await stopped(server)) }
    }

    @Test("redirects are returned, not followed")
    func noRedirects() async throws {
        let server = try startServer(routes)
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)/")))
        let response = try await transport.send(HTTPRequest(method: "GET", target: "/redirect"))
        #expect(response.status == 302)
        #expect(response.headers["Location"] == "/target")
        #expect(server.requestsServed == 1)
        #expect(await stopped(server))
    }

    @Test("a closed port is .unreachable")
    func unreachable() async throws {
        let server = try startServer()
        let port = server.port
        #expect(await stopped(server))
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(5))
        await #expect(throws: TransportError.self) {
            do {
                _ = try await transport.send(HTTPRequest(method: "GET", target: "/"))
            } catch let error as TransportError {
                #expect(error.kind == .unreachable, "\(error)")
                throw error
            }
        }
    }

    @Test("a slow reply past the timeout is .timeout, sent once (no retry)")
    func timeout() async throws {
        let server = try startServer(routes)
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")), timeout: .milliseconds(300))
        await #expect(throws: TransportError.self) {
            do {
                _ = try await transport.send(HTTPRequest(method: "POST", target: "/slow", body: Data("x".utf8)))
            } catch let error as TransportError {
                #expect(error.kind == .timeout, "\(error)")
                throw error
            }
        }
        #expect(await stopped(server))  // waits for the slow handler, so every attempt has been counted
        // At most one attempt: a retry would make it 2. (0 is possible on a loaded machine when
        // the client gives up before its request is complete.)
        #expect(server.requestsServed <= 1)
    }

    @Test("URLs: base with and without trailing slash or path prefix, absolute targets")
    func urls() throws {
        let t = URLSessionTransport(baseURL: try #require(URL(string: "https://open.feishu.cn/")))
        #expect(try t.url(for: "/open-apis/x?y=1").absoluteString == "https://open.feishu.cn/open-apis/x?y=1")
        let p = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:9/prefix")))
        #expect(try p.url(for: "a").absoluteString == "http://127.0.0.1:9/prefix/a")
        #expect(try p.url(for: "http://other/z").absoluteString == "http://other/z")
    }
}
