// libFuzzer harness for the mock's request path: FeishuMock.respond(_:) on the embedded specs.
// Build and run: Benchmarks/fuzz/mock_fuzz.sh (modules built as ASan + coverage static libraries).
//
// One input is up to 4 requests on one fresh mock (so state behaviours - creates, unique,
// references, quotas, rate limits, clocks - see sequences), separated by 0x1E. Each request is
// fields separated by 0x1F; its first byte picks how the fields are used:
//   kind 0  raw:       method, target, header lines ("name: value" split by \n), body
//   kind 1  JSON:      a spec'd endpoint (byte 2 picks it) with its method and path; fields are
//                      path-parameter text, JSON body, query string; Authorization from byte 3
//   kind 2  multipart: the same endpoint choice; fields are boundary, then parts "name\x1Dbody"
//                      (a part whose body starts with 0x01 carries a forged image instead:
//                      format, width, height from the next bytes)
//   kind 3  admin:     /__mock/{health,journal,reset,apps,clock} (byte 2), body field
// Invariants (a violation traps, so libFuzzer saves the input): every platform reply has a status
// in 200...599, an X-Tt-Logid header and a JSON object body with an integer `code`; every admin
// reply has a status in 200...599 and a JSON object body.
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Media

private let specs: SpecSet = {
    do { return try EmbeddedSpecs.specSet() } catch { fatalError("embedded specs do not decode: \(error)") }
}()
private let endpoints = specs.endpoints + [specs.platform.tokenEndpoint]
private let app = MockConfiguration.default.apps[0]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let mock = FeishuMock(specs: specs)
    var token: String?
    for record in bytes.split(separator: 0x1E, omittingEmptySubsequences: false).prefix(4) {
        guard let kind = record.first else { continue }
        let fields = record.dropFirst().split(separator: 0x1F, omittingEmptySubsequences: false).map { Array($0) }
        let request: HTTPRequest
        switch kind % 4 {
        case 0: request = raw(fields)
        case 1, 2:
            if token == nil { token = tenantToken(mock) }
            request = endpointRequest(fields, multipart: kind % 4 == 2, selector: kind / 4, token: token)
        default: request = adminRequest(fields, selector: kind / 4)
        }
        check(request, mock.respond(request))
    }
    return 0
}

private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
private func field(_ fields: [[UInt8]], _ i: Int) -> [UInt8] { i < fields.count ? fields[i] : [] }

private func raw(_ fields: [[UInt8]]) -> HTTPRequest {
    var headers = HTTPHeaders()
    for line in field(fields, 2).split(separator: 0x0A) {
        let parts = line.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false)
        headers.add(text(Array(parts[0])), parts.count > 1 ? text(Array(parts[1])).trimmingCharacters(in: .whitespaces) : "")
    }
    return HTTPRequest(method: text(field(fields, 0)), target: text(field(fields, 1)), headers: headers, body: Data(field(fields, 3)))
}

private func tenantToken(_ mock: FeishuMock) -> String? {
    let t = specs.platform.tokenEndpoint
    let body = MockJSONText.object(["app_id": app.appID, "app_secret": app.appSecret])
    let reply = mock.respond(HTTPRequest(method: t.method, target: t.path, headers: ["Content-Type": "application/json; charset=utf-8"], body: body))
    guard let json = try? JSONValue.parse(reply.body) else { fatalError("token reply is not JSON") }
    return json["tenant_access_token"]?.stringValue ?? json["data"]?["tenant_access_token"]?.stringValue
}

private func endpointRequest(_ fields: [[UInt8]], multipart: Bool, selector: UInt8, token: String?) -> HTTPRequest {
    let first = field(fields, 0)
    let pick = Int(first.first ?? 0)
    let endpoint = endpoints[pick % endpoints.count]
    let authByte = first.count > 1 ? first[1] : 0
    // Path parameters (`:name` segments) take the first field's remaining text.
    let param = text(Array(first.dropFirst(2)))
    var path = endpoint.path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? param : String($0) }.joined(separator: "/")
    let query = field(fields, multipart ? 99 : 2)
    if !query.isEmpty { path += "?" + text(query) }
    var headers = HTTPHeaders()
    switch authByte % 4 {
    case 0: if let token { headers.add("Authorization", "Bearer " + token) }
    case 1: headers.add("Authorization", "Bearer " + (app.userAccessTokens.first ?? ""))
    case 2: headers.add("Authorization", text(field(fields, 3)))
    default: break
    }
    if !multipart {
        headers.add("Content-Type", selector & 1 == 0 ? "application/json; charset=utf-8" : "application/json")
        return HTTPRequest(method: endpoint.method, target: path, headers: headers, body: Data(field(fields, 1)))
    }
    let boundaryBytes = field(fields, 1)
    let boundary = boundaryBytes.isEmpty ? "fuzzboundary" : text(boundaryBytes)
    headers.add("Content-Type", selector & 1 == 0 ? "multipart/form-data; boundary=\(boundary)" : "multipart/form-data; boundary=\"\(boundary)\"")
    let names = endpoint.request.filter { $0.location == nil || $0.location == .body }.map(\.name)
    var body = Data()
    for part in fields.dropFirst(2) {
        let split = part.split(separator: 0x1D, maxSplits: 1, omittingEmptySubsequences: false)
        var name = text(Array(split[0]))
        if split[0].count == 1, let b = split[0].first, b < 0x20, !names.isEmpty { name = names[Int(b) % names.count] }
        var content = split.count > 1 ? Data(split[1]) : Data()
        var isFile = false
        if content.first == 0x01, content.count >= 4 {
            let c = Array(content)
            let format = ImageFormat.allCases[Int(c[1]) % ImageFormat.allCases.count]
            var image = forged(format, sizes[Int(c[2]) % sizes.count], sizes[Int(c[3]) % sizes.count]) ?? []
            // The remaining bytes are XORed over the image's start: mutated headers (dimensions, chunk
            // lengths, markers) on otherwise valid files.
            for (i, b) in c.dropFirst(4).enumerated() where i < image.count { image[i] ^= b }
            content = Data(image)
            isFile = true
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"".utf8))
        if isFile { body.append(Data("; filename=\"f.img\"\r\nContent-Type: application/octet-stream".utf8)) }
        body.append(Data("\r\n\r\n".utf8))
        body.append(content)
        body.append(Data("\r\n".utf8))
    }
    body.append(Data("--\(boundary)--\r\n".utf8))
    return HTTPRequest(method: endpoint.method, target: path, headers: headers, body: body)
}

/// Pixel sizes around the specs' limits that are cheap to forge; larger dimensions come from mutated headers.
private let sizes = [1, 16, 64, 319, 320, 321]
nonisolated(unsafe) private var forgedCache: [String: [UInt8]] = [:]

/// Forging is slow under ASan (a 256x256 PNG per request made a 10 s timeout), so each image is made once.
private func forged(_ format: ImageFormat, _ width: Int, _ height: Int) -> [UInt8]? {
    let key = "\(format.rawValue) \(width) \(height)"
    if let image = forgedCache[key] { return image }
    guard let image = try? FixtureForge.image(format, width: width, height: height) else { return nil }
    forgedCache[key] = [UInt8](image)
    return forgedCache[key]
}

private func adminRequest(_ fields: [[UInt8]], selector: UInt8) -> HTTPRequest {
    let paths = [("GET", "/__mock/health"), ("GET", "/__mock/journal"), ("POST", "/__mock/reset"), ("POST", "/__mock/apps"), ("POST", "/__mock/clock"), ("PUT", "/__mock/x")]
    let (method, path) = paths[Int(selector) % paths.count]
    return HTTPRequest(method: method, target: path, headers: ["Content-Type": "application/json"], body: Data(field(fields, 0)))
}

private func check(_ request: HTTPRequest, _ reply: HTTPResponse) {
    guard (200...599).contains(reply.status) else { fatalError("status \(reply.status) out of range") }
    let json: JSONValue
    do { json = try JSONValue.parse(reply.body) } catch { fatalError("reply body is not JSON: \(error)") }
    guard json.objectValue != nil else { fatalError("reply body is not a JSON object") }
    let path = request.path
    if path == "/__mock" || path.hasPrefix("/__mock/") { return }
    guard json["code"]?.intValue != nil else { fatalError("platform reply without an integer code") }
    guard let logID = reply.headers[specs.platform.envelope.logIdHeader.value], !logID.isEmpty else { fatalError("platform reply without a log id") }
}

/// Tiny JSON object writer for string members (the harness's own token request).
private enum MockJSONText {
    static func object(_ members: [String: String]) -> Data {
        JSONValue.object(members.mapValues { .string($0) }).jsonData()
    }
}
