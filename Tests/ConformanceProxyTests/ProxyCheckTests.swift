import ConformanceProxy
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One documented fact a double answers differently, and the rule the report must name.
struct DriftCase: Sendable, CustomTestStringConvertible {
    var rule: String
    var testDescription: String
    var drift: @Sendable (HTTPRequest, HTTPResponse) -> HTTPResponse

    static func json(_ response: HTTPResponse, _ edit: (inout [String: JSONValue]) -> Void) -> HTTPResponse {
        guard case .object(var object)? = try? JSONValue.parse(response.body) else { return response }
        edit(&object)
        var out = response
        out.body = JSONValue.object(object).jsonData()
        return out
    }

    static let all: [DriftCase] = [
        DriftCase(rule: "response.image_key.type", testDescription: "image_key answered as a number") { request, response in
            guard request.path.hasSuffix("/badge_images") else { return response }
            return json(response) { object in
                if case .object(var data)? = object["data"] {
                    data["image_key"] = 42
                    object["data"] = .object(data)
                }
            }
        },
        DriftCase(rule: "errors.1051104.httpStatus", testDescription: "a too-long badge name refused with HTTP 500") { _, response in
            guard (try? JSONValue.parse(response.body))?["code"]?.intValue == 1051104 else { return response }
            var out = response
            out.status = 500
            return out
        },
        DriftCase(rule: "request.name.maxLength", testDescription: "a too-long badge name accepted") { request, response in
            guard (try? JSONValue.parse(response.body))?["code"]?.intValue == 1051104 else { return response }
            return HTTPResponse(
                status: 200, headers: response.headers,
                body: JSONValue.object([
                    "code": 0, "msg": "success",
                    "data": ["badge": ["id": "m_1", "name": "x", "detail_image": "k", "show_image": "k"]],
                ]).jsonData())
        },
        DriftCase(rule: "envelope.logIdHeader", testDescription: "no X-Tt-Logid header") { _, response in
            var out = response
            out.headers.remove("X-Tt-Logid")
            return out
        },
        DriftCase(rule: "response.has_more", testDescription: "has_more renamed hasMore") { request, response in
            guard request.method == "GET", request.path.hasSuffix("/badges") else { return response }
            return json(response) { object in
                if case .object(var data)? = object["data"] {
                    data["hasMore"] = data.removeValue(forKey: "has_more")
                    object["data"] = .object(data)
                }
            }
        },
    ]
}

@Suite("proxy: checking traffic against the specs")
struct ProxyCheckTests {
    /// The same session each time: token, badge image, badge, a too-long name, list, an endpoint
    /// without a spec, the mock's admin API.
    static func session(_ harness: ProxyHarness) async throws {
        let token = try await harness.token()
        let image = try await harness.badgeImage(token: token)
        let key = (try? JSONValue.parse(image.body))?["data"]?["image_key"]?.stringValue ?? "k"
        _ = try await harness.json(
            "admin.v1.badge.create", token: token, body: ["name": "proxy-badge", "detail_image": .string(key), "show_image": .string(key)])
        _ = try await harness.json(
            "admin.v1.badge.create", token: token,
            body: ["name": .string(String(repeating: "勋", count: 31)), "detail_image": .string(key), "show_image": .string(key)])
        _ = try await harness.json("admin.v1.badge.list", token: token, query: "?page_size=10")
        _ = try await harness.send(HTTPRequest(method: "GET", target: "/open-apis/contact/v3/users/me", headers: ["Authorization": "Bearer \(token)"]))
        _ = try await harness.send(HTTPRequest(method: "GET", target: "/__mock/health"))
    }

    @Test("behind the mock: conforming requests and documented replies; the request that breaks a rule names it; no spec is unknown; admin not journaled")
    func documented() async throws {
        let harness = try ProxyHarness(upstream: FeishuMock(specs: Specs.set))
        try await Self.session(harness)
        await harness.stop()
        let entries = harness.proxy.entries
        #expect(
            entries.map { $0.endpoint ?? "-" } == [
                "auth.v3.tenant_access_token.internal", "admin.v1.badge_image.create", "admin.v1.badge.create",
                "admin.v1.badge.create", "admin.v1.badge.list", "-",
            ])
        #expect(entries.map(\.request) == [.conforming, .conforming, .conforming, .nonconforming, .conforming, .unknown])
        #expect(entries.map(\.reply) == [.asDocumented, .asDocumented, .asDocumented, .asDocumented, .asDocumented, .unchecked])
        #expect(entries[3].findings.map(\.rule) == ["request.name.maxLength"])
        #expect(entries[3].code == 1051104 && entries[3].httpStatus == 400)
        #expect(entries.allSatisfy { entry in entry.findings.allSatisfy { $0.side == .request } })
        #expect(entries[0].logID?.isEmpty == false)
    }

    @Test("a double that answers one documented fact differently: the report names the rule", arguments: DriftCase.all)
    func drifted(_ item: DriftCase) async throws {
        let harness = try ProxyHarness(upstream: DriftedMock(mock: FeishuMock(specs: Specs.set), drift: item.drift))
        try await Self.session(harness)
        await harness.stop()
        let differing = harness.proxy.entries.filter { $0.reply == .differs }
        #expect(!differing.isEmpty)
        let rules = Set(differing.flatMap { $0.findings.filter { $0.side == .reply && $0.severity == .failure }.map(\.rule) })
        #expect(rules == [item.rule], "\(rules)")
        let report = harness.proxy.report()
        let markdown = report.markdown()
        let section = try #require(markdown.components(separatedBy: "## Replies that differ from the specs").dropFirst().first)
        #expect(section.contains("`\(item.rule)`"))
        let xml = report.junitXML()
        #expect(xml.contains("type=\"\(item.rule)\""))
        let document = try XMLDocument(data: Data(xml.utf8))
        #expect(
            document.rootElement()?.attribute(forName: "failures")?.stringValue
                == String(harness.proxy.entries.filter { $0.reply == .differs || $0.request == .nonconforming }.count))
    }

    @Test("no secret reaches the report: app secret, tenant and user tokens, Authorization values")
    func secrets() async throws {
        let harness = try ProxyHarness(upstream: FeishuMock(specs: Specs.set))
        try await Self.session(harness)
        let token = try await harness.token()
        // A token where the endpoint wants a tenant token, a malformed header, a secret in a bad token request.
        _ = try await harness.json("admin.v1.badge.list", token: "u-conformance-user-a")
        _ = try await harness.send(HTTPRequest(method: "GET", target: "/open-apis/admin/v1/badges", headers: ["Authorization": token]))
        _ = try await harness.send(
            HTTPRequest(
                method: "POST", target: Specs.set.platform.tokenEndpoint.path, headers: ["Content-Type": "text/plain"],
                body: Data(#"{"app_id": "cli_conformance_a", "app_secret": "conformance-secret-a"}"#.utf8)))
        await harness.stop()
        let report = harness.proxy.report()
        let text = report.markdown() + report.junitXML() + String(decoding: try JSONEncoder().encode(harness.proxy.entries), as: UTF8.self)
        for secret in [token, String(token.dropFirst(2)), "conformance-secret-a", "u-conformance-user-a"] {
            #expect(!text.contains(secret), "\(secret.prefix(4))… in the report")
        }
        #expect(text.contains("auth.wrongTokenType") && text.contains("auth.malformedAuthorization") && text.contains("request.Content-Type.fixedValue"))
    }
}
