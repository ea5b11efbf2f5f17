import ConformanceCatalog
import ConformanceProxy
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Media
import Synchronization
import Testing

/// The compiled-in specs (what `proxy` checks against by default).
enum Specs {
    static let set: SpecSet = {
        do { return try EmbeddedSpecs.specSet() } catch { fatalError("the compiled-in specs do not load: \(error)") }
    }()

    static func endpoint(_ id: String) throws -> EndpointSpec { try #require(set.endpoint(id: id)) }
}

/// An upstream on a loopback port, a proxy in front of it, and a byte-faithful client of the proxy.
struct ProxyHarness {
    let upstream: HTTPServer
    let server: ProxyServer
    let proxy: ConformanceProxy
    let client: PlainHTTPTransport
    let upstreamURL: URL

    /// `handler` answers as the upstream; the proxy checks against the compiled-in specs.
    init(upstream handler: any HTTPHandler) throws {
        upstream = HTTPServer(configuration: HTTPServerConfiguration(maxBodyBytes: 64 * 1024 * 1024), handler: handler)
        let upstreamPort = try upstream.start()
        upstreamURL = try #require(URL(string: "http://127.0.0.1:\(upstreamPort)"))
        proxy = ConformanceProxy(
            specs: Specs.set, upstream: PlainHTTPTransport(baseURL: upstreamURL, timeout: .seconds(30)),
            upstreamDescription: upstreamURL.absoluteString)
        server = ProxyServer(proxy: proxy)
        let port = try server.start()
        client = PlainHTTPTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(60))
    }

    /// A proxy whose upstream is `upstream` as given (an unreachable one, say).
    init(upstreamURL: URL) throws {
        upstream = HTTPServer(handler: ClosureHandler { _ in HTTPResponse(status: 500) })
        self.upstreamURL = upstreamURL
        proxy = ConformanceProxy(
            specs: Specs.set, upstream: PlainHTTPTransport(baseURL: upstreamURL, timeout: .seconds(5)),
            upstreamDescription: upstreamURL.absoluteString)
        server = ProxyServer(proxy: proxy)
        let port = try server.start()
        client = PlainHTTPTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(30))
    }

    func stop() async {
        await server.stop()
        await upstream.stop()
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse { try await client.send(request) }

    /// A tenant token for the mock's default app A, fetched through the proxy.
    func token() async throws -> String {
        let token = Specs.set.platform.tokenEndpoint
        let reply = try await send(
            HTTPRequest(
                method: "POST", target: token.path, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object(["app_id": .string(Self.appA.appID), "app_secret": .string(Self.appA.appSecret)]).jsonData()))
        return try #require(try JSONValue.parse(reply.body)["tenant_access_token"]?.stringValue)
    }

    /// A JSON request to an endpoint with a bearer token.
    func json(_ id: String, token: String, body: JSONValue? = nil, query: String = "") async throws -> HTTPResponse {
        let endpoint = try Specs.endpoint(id)
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        if body != nil { headers.add("Content-Type", "application/json; charset=utf-8") }
        return try await send(HTTPRequest(method: endpoint.method, target: endpoint.path + query, headers: headers, body: body?.jsonData() ?? Data()))
    }

    /// A badge image upload (multipart, a 320x320 PNG).
    func badgeImage(token: String, imageType: String = "1") async throws -> HTTPResponse {
        var form = MultipartFormData()
        form.addFile("image_file", data: try FixtureForge.image(.png, width: 320, height: 320), filename: "badge.png", contentType: "image/png")
        form.addField("image_type", imageType)
        let endpoint = try Specs.endpoint("admin.v1.badge_image.create")
        return try await send(
            HTTPRequest(
                method: endpoint.method, target: endpoint.path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": form.contentType], body: form.encoded()))
    }

    static let appA = MockConfiguration.default.apps[0]
}

/// Records what an upstream received.
final class Received: Sendable {
    private let requests = Mutex<[HTTPRequest]>([])
    func add(_ request: HTTPRequest) { requests.withLock { $0.append(request) } }
    var all: [HTTPRequest] { requests.withLock { $0 } }
}

/// The mock, with each reply passed through `drift` first: a double that answers one documented
/// fact differently.
struct DriftedMock: HTTPHandler {
    let mock: FeishuMock
    let drift: @Sendable (HTTPRequest, HTTPResponse) -> HTTPResponse

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        drift(request, await mock.handle(request))
    }
}
