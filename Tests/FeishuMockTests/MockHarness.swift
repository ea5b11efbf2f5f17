import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Media
import Testing

/// The repository's specs (Specs/ via #filePath).
enum TestSpecs {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Specs")

    static let set: SpecSet = {
        // Tests only: without loadable specs there is nothing to test (`lint` explains why).
        do { return try SpecSet.load(directory: directory) } catch { fatalError("Specs/ does not load: \(error)") }
    }()

    static func endpoint(_ id: String) throws -> EndpointSpec {
        try #require(set.endpoint(id: id), "spec \(id) missing")
    }
}

/// A decoded reply.
struct Reply {
    var response: HTTPResponse
    var json: JSONValue
    var status: Int { response.status }
    var code: Int? { json["code"]?.intValue }
    var data: JSONValue? { json["data"] }
}

/// How a test reaches the mock: in memory, or over a loopback socket (MockServer + URLSessionTransport).
enum Wire: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess, socket
    var testDescription: String { rawValue }
}

/// A mock with a manual clock behind a transport; the same test body runs over either wire.
struct MockHarness {
    let mock: FeishuMock
    let clock: ManualMockClock
    let transport: any Transport
    let server: MockServer?
    let wire: Wire
    var specs: SpecSet { mock.specs }
    var platform: PlatformSpec { mock.specs.platform }

    init(configuration: MockConfiguration = .default, specs: SpecSet = TestSpecs.set, rateLimits: MockRateLimits = .documented) {
        clock = ManualMockClock()
        mock = FeishuMock(specs: specs, configuration: configuration, clock: clock, rateLimits: rateLimits)
        transport = InProcessTransport(handler: mock)
        server = nil
        wire = .inProcess
    }

    init(wire: Wire) throws {
        self.wire = wire
        clock = ManualMockClock()
        mock = FeishuMock(specs: TestSpecs.set, clock: clock)
        switch wire {
        case .inProcess:
            transport = InProcessTransport(handler: mock)
            server = nil
        case .socket:
            let server = MockServer(mock: mock)
            let port = try server.start(host: "127.0.0.1", port: 0)
            transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")))
            self.server = server
        }
    }

    /// Headers of an SDK-style token request: none in memory, as the Python SDK sends (checked for
    /// real by Benchmarks/interop); over URLSession a JSON Content-Type, because URLSession adds
    /// `application/x-www-form-urlencoded` to any POST body that has none.
    var tokenHeaders: HTTPHeaders { wire == .socket ? ["Content-Type": "application/json"] : [:] }

    /// Stops the socket server, if any.
    func stop() async { await server?.stop() }

    static let appA = MockConfiguration.default.apps[0]
    static let appB = MockConfiguration.default.apps[1]
    static let appNoBot = MockConfiguration.default.apps[2]
    static let appNoPlan = MockConfiguration.default.apps[3]

    func send(_ request: HTTPRequest) async throws -> Reply {
        let response = try await transport.send(request)
        let json = (try? JSONValue.parse(response.body)) ?? .null
        return Reply(response: response, json: json)
    }

    /// Gets a tenant token the way the Python SDK does: JSON body, no Content-Type.
    func token(_ app: MockApp) async throws -> String {
        let body = JSONValue.object(["app_id": .string(app.appID), "app_secret": .string(app.appSecret)]).jsonData()
        let reply = try await send(HTTPRequest(method: "POST", target: platform.tokenEndpoint.path, headers: tokenHeaders, body: body))
        return try #require(reply.json["tenant_access_token"]?.stringValue, "no token: \(reply.json)")
    }

    func json(_ endpoint: EndpointSpec, token: String?, body: JSONValue?, query: String = "") async throws -> Reply {
        var headers = HTTPHeaders()
        if let token { headers["Authorization"] = "Bearer \(token)" }
        if body != nil { headers["Content-Type"] = "application/json; charset=utf-8" }
        return try await send(HTTPRequest(method: endpoint.method, target: endpoint.path + query, headers: headers, body: body?.jsonData() ?? Data()))
    }

    func multipart(_ endpoint: EndpointSpec, token: String?, fields: [(String, String)], files: [TestFile]) async throws -> Reply {
        let boundary = "conformance-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for f in files {
            var disposition = "form-data; name=\"\(f.name)\""
            if let filename = f.filename { disposition += "; filename=\"\(filename)\"" }
            body.append(Data("--\(boundary)\r\nContent-Disposition: \(disposition)\r\n".utf8))
            if let ct = f.contentType { body.append(Data("Content-Type: \(ct)\r\n".utf8)) }
            body.append(Data("\r\n".utf8))
            body.append(f.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders([("Content-Type", "multipart/form-data; boundary=\(boundary)")])
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await send(HTTPRequest(method: endpoint.method, target: endpoint.path, headers: headers, body: body))
    }

    /// Uploads a valid badge image and returns its key.
    func badgeImage(token: String) async throws -> String {
        let e = try TestSpecs.endpoint("admin.v1.badge_image.create")
        let r = try await multipart(e, token: token, fields: [("image_type", "1")], files: [TestFile(name: "image_file", data: TestImages.png(320, 320))])
        return try #require(r.data?["image_key"]?.stringValue, "upload failed: \(r.json)")
    }

    func journalJSON() async throws -> JSONValue {
        try await send(HTTPRequest(method: "GET", target: "/__mock/journal")).json
    }

    func advance(_ app: MockApp?, _ seconds: Double) async throws {
        var body: [String: JSONValue] = ["advanceSeconds": .double(seconds)]
        if let app { body["app_id"] = .string(app.appID) }
        let r = try await send(HTTPRequest(method: "POST", target: "/__mock/clock", body: JSONValue.object(body).jsonData()))
        #expect(r.status == 200)
    }

    /// The HTTP status the specs give a code.
    func status(_ code: Int, _ endpoint: EndpointSpec? = nil) -> Int? {
        endpoint?.error(code: code)?.httpStatus.value ?? platform.error(code: code)?.httpStatus.value
    }
}

/// A file part.
struct TestFile {
    var name: String
    var data: Data
    var filename: String? = "image.png"
    var contentType: String? = "image/png"
}

/// Real image bytes from Media's FixtureForge.
enum TestImages {
    /// A PNG of `width` x `height`, exactly `byteSize` bytes when given (empty when the forge refuses, which the test then sees).
    static func png(_ width: Int, _ height: Int, byteSize: Int? = nil) -> Data {
        image(.png, width, height, byteSize: byteSize)
    }

    static func image(_ format: ImageFormat, _ width: Int, _ height: Int, byteSize: Int? = nil) -> Data {
        (try? FixtureForge.image(format, width: width, height: height, byteSize: byteSize)) ?? Data()
    }

    static var jpegHeader: Data { image(.jpeg, 320, 320) }
}
