import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Synchronization

/// A tiny hand-written platform for the test specs: token endpoint, widgets (JSON create, paginated
/// list, get by path parameter), uploads (multipart), and a minimal mock admin API. Switches make it
/// misbehave in the ways the runner must notice.
final class FakePlatform: HTTPHandler, Sendable {
    struct Behaviour: Sendable {
        /// Leave out `widget.name` (an inferred required field): a warning.
        var omitName = false
        /// Answer `widget.id` as an int (a documented type): a failure.
        var idAsInt = false
        /// Add an undocumented `widget.colour`: drift.
        var extraField = false
        /// Echo the `Authorization` header into `msg` and into an undocumented field.
        var echoAuthorization = false
        /// Answer the first N widget creations with a rate-limit reply.
        var rateLimitFirst = 0
        /// Send a `page_token` on the last page too.
        var tokenOnLastPage = false
        /// Leave out `X-Tt-Logid`.
        var omitLogID = false
    }

    struct State {
        var apps: [String: String] = ["cli_primary": "primary-secret-0001", "cli_second": "second-secret-0002"]
        var userTokens: [String: String] = [:]
        var tokens: [String: String] = [:]  // token -> app id
        var widgets: [String: [(id: String, name: String)]] = [:]
        var issued = 0
        var rateLimitLeft = 0
        var clockCalls: [String] = []
        var requests: [HTTPRequest] = []
    }

    let behaviour: Behaviour
    let state: Mutex<State>

    init(_ behaviour: Behaviour = Behaviour()) {
        self.behaviour = behaviour
        var s = State()
        s.rateLimitLeft = behaviour.rateLimitFirst
        self.state = Mutex(s)
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }
    var clockCalls: [String] { state.withLock { $0.clockCalls } }

    func reply(_ status: Int, _ code: Int, _ msg: String, data: JSONValue? = nil, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        var object: [String: JSONValue] = ["code": .int(code), "msg": .string(msg)]
        if let data { object["data"] = data }
        var headers = HTTPHeaders([("Content-Type", "application/json; charset=utf-8")])
        if !behaviour.omitLogID { headers.add("X-Tt-Logid", "log\(Int.random(in: 1000...9999))") }
        for (n, v) in extraHeaders { headers.add(n, v) }
        return HTTPResponse(status: status, headers: headers, body: JSONValue.object(object).jsonData())
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        state.withLock { $0.requests.append(request) }
        let body = (try? JSONValue.parse(request.body)) ?? .null
        switch (request.method, request.path) {
        case ("POST", "/__mock/apps"):
            let (id, secret, user) = state.withLock { s -> (String, String, String) in
                s.issued += 1
                let id = "cli_mock\(s.issued)"
                let secret = "mock-secret-\(s.issued)-abcdef"
                let user = "u-user\(s.issued)0123456789abcdef"
                s.apps[id] = secret
                s.userTokens[user] = id
                return (id, secret, user)
            }
            return HTTPResponse(
                status: 200, headers: ["Content-Type": "application/json"],
                body: JSONValue.object([
                    "app_id": .string(id), "app_secret": .string(secret), "tenant_key": .string("tk\(id)"),
                    "user_access_token": .string(user),
                ]).jsonData())
        case ("POST", "/__mock/clock"):
            let app = body["app_id"]?.stringValue ?? "-"
            let advance = body["advanceSeconds"]?.intValue
            state.withLock { s in
                s.clockCalls.append(advance.map { "\(app)+\($0)" } ?? "\(app) frozen")
                if let advance, advance >= 7200 { s.tokens = s.tokens.filter { $0.value != app } }
                if advance != nil { s.rateLimitLeft = 0 }
            }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"now": 0}"#.utf8))
        case ("POST", "/open-apis/auth/v3/tenant_access_token/internal"):
            let id = body["app_id"]?.stringValue ?? ""
            let secret = body["app_secret"]?.stringValue ?? ""
            let token = state.withLock { s -> String? in
                guard s.apps[id] == secret, !secret.isEmpty else { return nil }
                if let existing = s.tokens.first(where: { $0.value == id })?.key { return existing }
                s.issued += 1
                let token = "t-\(s.issued)a1b2c3d4e5f60718293a4b5c6d7e8f9"
                s.tokens[token] = id
                return token
            }
            guard let token else { return reply(400, 10003, "invalid app_id or app_secret") }
            var r = reply(200, 0, "ok")
            r.body = JSONValue.object(["code": 0, "msg": "ok", "tenant_access_token": .string(token), "expire": 7200]).jsonData()
            return r
        default:
            break
        }
        let auth = request.headers["Authorization"] ?? ""
        let token = auth.hasPrefix("Bearer ") ? String(auth.dropFirst(7)) : ""
        guard let app = state.withLock({ $0.tokens[token] ?? $0.userTokens[token] }) else {
            return reply(401, 99991663, behaviour.echoAuthorization ? "invalid access token: \(auth)" : "invalid access token")
        }
        switch (request.method, request.path) {
        case ("POST", "/open-apis/test/v1/widgets"):
            let limited = state.withLock { s -> Bool in
                guard s.rateLimitLeft > 0 else { return false }
                s.rateLimitLeft -= 1
                return true
            }
            if limited {
                return reply(
                    429, 99991400, "request trigger frequency limit",
                    extraHeaders: [("x-ogw-ratelimit-limit", "20"), ("x-ogw-ratelimit-reset", "7")])
            }
            guard let name = body["name"]?.stringValue, name.unicodeScalars.count <= 10 else {
                return reply(400, 1000001, "invalid param")
            }
            let id = state.withLock { s -> String in
                s.issued += 1
                let id = "w\(s.issued)"
                s.widgets[app, default: []].append((id, name))
                return id
            }
            var widget: [String: JSONValue] = ["id": behaviour.idAsInt ? .int(42) : .string(id)]
            if !behaviour.omitName { widget["name"] = .string(name) }
            if let kind = body["kind"] { widget["kind"] = kind }
            if let i18n = body["i18n_name"] { widget["i18n_name"] = i18n }
            if behaviour.extraField { widget["colour"] = "blue" }
            if behaviour.echoAuthorization { widget["seen_authorization"] = .string(auth) }
            return reply(200, 0, behaviour.echoAuthorization ? "success" : "success", data: ["widget": .object(widget)])
        case ("GET", "/open-apis/test/v1/widgets"):
            let query = Dictionary(request.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            var all = Array(state.withLock { $0.widgets[app] ?? [] }.reversed())
            if let name = query["name"] { all = all.filter { $0.name == name } }
            let size = Int(query["page_size"] ?? "") ?? 20
            let offset = Int(query["page_token"] ?? "") ?? 0
            let page = Array(all.dropFirst(offset).prefix(size))
            let more = offset + size < all.count
            var data: [String: JSONValue] = [
                "items": .array(page.map { .object(["id": .string($0.id), "name": .string($0.name)]) }),
                "has_more": .bool(more),
            ]
            if more || behaviour.tokenOnLastPage { data["page_token"] = .string(String(offset + size)) }
            return reply(200, 0, "success", data: .object(data))
        case ("POST", "/open-apis/test/v1/uploads"):
            return reply(200, 0, "success", data: ["image_key": "img_1"])
        case ("GET", let path) where path.hasPrefix("/open-apis/test/v1/widgets/"):
            return reply(200, 0, "success", data: [:])
        default:
            return reply(404, 404, "not found")
        }
    }
}

/// A clock whose sleeps return at once and move `now` forward; records every sleep.
final class ManualClock: RunClock {
    private let state = Mutex<(now: Double, sleeps: [Double])>((0, []))
    var now: Double { state.withLock { $0.now } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    func sleep(seconds: Double) async {
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now += max(0, seconds)
        }
    }
}

/// A transport that never reaches anything.
struct UnreachableTransport: Transport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        throw TransportError(.unreachable, "connection refused (127.0.0.1:9)")
    }
}

/// Deterministic stand-in fixtures: bytes that name the recipe; counts how often it forges.
final class CountingFixtures: Sendable {
    let forged = Mutex(0)
    var source: FixtureSource {
        FixtureSource(
            image: { format, width, height, size in
                self.forged.withLock { $0 += 1 }
                var data = Data("\(format):\(width)x\(height)|".utf8)
                if let size { data = size <= data.count ? data.prefix(size) : data + Data(repeating: 0x2E, count: size - data.count) }
                return data
            },
            nearMiss: { name in Data("near-miss:\(name)".utf8) })
    }
}

/// Parses request bytes back with HTTPWire's multipart parser (an empty list when they do not parse).
func readMultipart(_ body: Data, contentType: String) -> [(name: String, filename: String?, type: String?, body: Data)] {
    guard let parts = try? MultipartFormData.parse(body: body, contentType: contentType) else { return [] }
    return parts.map { (name: $0.name, filename: $0.filename, type: $0.contentType, body: $0.body) }
}
