import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// The repository's specs (Specs/ via #filePath), completed by fallback copies while some have not reached this branch.
enum TestSpecs {
    static let set: SpecSet = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Specs")
        var files: [String: Data] = [:]
        for (name, text) in FallbackSpecs.files { files[name] = Data(text.utf8) }
        if let repo = try? SpecSet.readSpecFiles(directory: dir) { for (k, v) in repo { files[k] = v } }
        do { return try SpecSet.decode(files: files) } catch {
            Issue.record("specs do not load: \(error)")
            return try! SpecSet.decode(files: FallbackSpecs.files.mapValues { Data($0.utf8) })
        }
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

/// A mock with a manual clock behind a transport (in-process here; a socket transport works the same).
struct MockHarness {
    let mock: FeishuMock
    let clock: ManualMockClock
    let transport: any Transport
    var specs: SpecSet { mock.specs }
    var platform: PlatformSpec { mock.specs.platform }

    init(configuration: MockConfiguration = .default) {
        clock = ManualMockClock()
        mock = FeishuMock(specs: TestSpecs.set, configuration: configuration, clock: clock)
        transport = InProcessTransport(handler: mock)
    }

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
        let reply = try await send(HTTPRequest(method: "POST", target: platform.tokenEndpoint.path, body: body))
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

/// Minimal real image headers (PNG with a correct IHDR CRC; JPEG/GIF signatures).
enum TestImages {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    static func chunk(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let t = Array(type.utf8)
        return be(UInt32(payload.count)) + t + payload + be(crc32(t + payload))
    }

    /// A PNG of `width` x `height`, padded to `byteSize` with an ancillary chunk when given.
    static func png(_ width: Int, _ height: Int, byteSize: Int? = nil) -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += chunk("IHDR", be(UInt32(width)) + be(UInt32(height)) + [8, 6, 0, 0, 0])
        // One zero-compressed IDAT is not needed for header inspection; keep a tiny valid-looking one.
        bytes += chunk("IDAT", [0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01])
        let iend = chunk("IEND", [])
        if let byteSize, byteSize > bytes.count + iend.count + 12 {
            bytes += chunk("teXt", [UInt8](repeating: 0x61, count: byteSize - bytes.count - iend.count - 12))
        }
        return Data(bytes + iend)
    }

    static let jpegHeader = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])
}
