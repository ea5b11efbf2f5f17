import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@testable import ConformanceProxy

@Suite("proxy: forwarding")
struct ProxyForwardingTests {
    @Test(
        "requests and replies pass unchanged: method, target, header names, casing and order, body bytes; hop-by-hop headers dropped, Host names the upstream")
    func unchanged() async throws {
        let received = Received()
        let replyBody = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let harness = try ProxyHarness(
            upstream: ClosureHandler { request in
                received.add(request)
                return HTTPResponse(
                    status: 207,
                    headers: HTTPHeaders([
                        ("X-Tt-Logid", "20260101000000ABCDEF"), ("x-lower-case", "kept"),
                        ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("Keep-Alive", "timeout=5"),
                        ("Content-Type", "application/octet-stream"),
                    ]),
                    body: replyBody)
            })
        let body = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0) })
        let sent = HTTPRequest(
            method: "PATCH", target: "/open-apis/x/v1/things/a%20b?page_size=3&page_token=p%2Bq",
            headers: HTTPHeaders([
                ("X-Custom-Case", "One"), ("accept", "*/*"), ("X-Custom-Case", "Two"),
                ("Keep-Alive", "timeout=5"), ("Proxy-Authorization", "Basic x"),
                ("Content-Type", "application/octet-stream"),
            ]),
            body: body)
        let reply = try await harness.send(sent)
        await harness.stop()
        let upstream = try #require(received.all.first)
        #expect(upstream.method == "PATCH")
        #expect(upstream.target == sent.target)
        #expect(upstream.body == body)
        let names = upstream.headers.fields.map(\.name)
        #expect(names.filter { !["Host", "Content-Length", "Connection"].contains($0) } == ["X-Custom-Case", "accept", "X-Custom-Case", "Content-Type"])
        #expect(upstream.headers.values(for: "X-Custom-Case") == ["One", "Two"])
        #expect(upstream.headers["Host"] == "127.0.0.1:\(harness.upstreamURL.port ?? 0)")
        #expect(upstream.headers["Keep-Alive"] == nil && upstream.headers["Proxy-Authorization"] == nil)
        #expect(reply.status == 207)
        #expect(reply.body == replyBody)
        #expect(reply.headers.fields.contains { $0.name == "X-Tt-Logid" && $0.value == "20260101000000ABCDEF" })
        #expect(reply.headers.fields.contains { $0.name == "x-lower-case" })
        #expect(reply.headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(reply.headers["Keep-Alive"] == nil)
    }

    @Test("hop-by-hop headers, and those the Connection header names, are dropped")
    func hopByHop() {
        let headers = HTTPHeaders([
            ("Connection", "keep-alive, X-Hop"), ("X-Hop", "1"), ("Keep-Alive", "timeout=5"), ("TE", "trailers"),
            ("Transfer-Encoding", "chunked"), ("Upgrade", "h2c"), ("X-Kept", "yes"), ("Host", "proxy"),
        ])
        #expect(HopByHop.strip(headers, also: ["Host"]).fields.map(\.name) == ["X-Kept"])
    }

    @Test("an https upstream's URLSession decodes gzip but keeps Content-Encoding: the proxy drops it then, and only then")
    func decodedContent() throws {
        let json = Data(#"{"code":0,"msg":"success","data":{}}"#.utf8)
        let decoding = ConformanceProxy(
            specs: Specs.set, upstream: InProcessTransport(handler: ClosureHandler { _ in HTTPResponse(status: 200) }),
            upstreamDescription: "https://open.feishu.cn", upstreamDecodesContent: true)
        let decoded = decoding.clean(HTTPResponse(status: 200, headers: ["Content-Encoding": "gzip", "Content-Length": "57"], body: json))
        #expect(decoded.headers["Content-Encoding"] == nil && decoded.headers["Content-Length"] == nil && decoded.body == json)
        let gzip = Data([0x1F, 0x8B, 0x08, 0x00])
        #expect(decoding.clean(HTTPResponse(status: 200, headers: ["Content-Encoding": "gzip"], body: gzip)).headers["Content-Encoding"] == "gzip")
        #expect(decoding.clean(HTTPResponse(status: 200, headers: ["Content-Encoding": "br"], body: json)).headers["Content-Encoding"] == nil)
        let plain = ConformanceProxy(
            specs: Specs.set, upstream: InProcessTransport(handler: ClosureHandler { _ in HTTPResponse(status: 200) }),
            upstreamDescription: "http://127.0.0.1:1")
        #expect(plain.clean(HTTPResponse(status: 200, headers: ["Content-Encoding": "gzip"], body: json)).headers["Content-Encoding"] == "gzip")
        #expect(ConformanceProxy.transport(for: URL(string: "https://open.feishu.cn")!).decodesContent)
        #expect(!ConformanceProxy.transport(for: URL(string: "http://127.0.0.1:8080")!).decodesContent)
    }

    @Test("a 12 MB multipart upload and a 12 MB download pass byte for byte")
    func largeBodies() async throws {
        let download = Data((0..<(12 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
        let harness = try ProxyHarness(
            upstream: ClosureHandler { request in
                if request.method == "GET" {
                    return HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: download)
                }
                // Echo the upload so the client can compare what arrived.
                return HTTPResponse(status: 200, headers: ["Content-Type": request.headers["Content-Type"] ?? ""], body: request.body)
            })
        var form = MultipartFormData()
        form.addField("file_type", "stream")
        form.addFile(
            "file", data: Data((0..<(12 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 13) }), filename: "big.bin",
            contentType: "application/octet-stream")
        let upload = form.encoded()
        let echoed = try await harness.send(
            HTTPRequest(
                method: "POST", target: "/open-apis/drive/v1/files/upload_all",
                headers: ["Content-Type": form.contentType], body: upload))
        let fetched = try await harness.send(HTTPRequest(method: "GET", target: "/open-apis/drive/v1/files/x/download"))
        await harness.stop()
        #expect(echoed.status == 200 && echoed.body.count == upload.count && echoed.body == upload)
        #expect(fetched.status == 200 && fetched.body.count == download.count && fetched.body == download)
        #expect(harness.proxy.entries.map(\.request) == [.unknown, .unknown])
    }

    @Test("upstream failures pass through: a 503 as it came; no upstream at all is 502, journaled as an upstream failure")
    func upstreamFailures() async throws {
        let harness = try ProxyHarness(
            upstream: ClosureHandler { _ in
                HTTPResponse(status: 503, headers: ["Content-Type": "text/html", "Retry-After": "7"], body: Data("<html>busy</html>".utf8))
            })
        let token = "t-0123456789abcdef0123456789"
        let busy = try await harness.json("admin.v1.badge.list", token: token)
        await harness.stop()
        #expect(busy.status == 503 && busy.headers["Retry-After"] == "7" && busy.body == Data("<html>busy</html>".utf8))
        let entry = try #require(harness.proxy.entries.first)
        #expect(entry.reply == .upstreamFailure && entry.request == .conforming)
        #expect(entry.failure?.contains("HTTP 503") == true)

        // A port nobody listens on.
        let closed = try ProxyHarness(upstreamURL: try #require(URL(string: "http://127.0.0.1:1")))
        let refused = try await closed.json("admin.v1.badge.list", token: token)
        await closed.stop()
        #expect(refused.status == 502)
        #expect(String(decoding: refused.body, as: UTF8.self).hasPrefix("feishu-conformance proxy: no reply from http://127.0.0.1:1: unreachable"))
        let failed = try #require(closed.proxy.entries.first)
        #expect(failed.reply == .upstreamFailure && failed.endpoint == "admin.v1.badge.list")
        let xml = closed.proxy.report().junitXML()
        #expect(xml.contains(#"<error message="no reply from http://127.0.0.1:1: unreachable"#))
        #expect(!xml.contains(token))
    }
}
