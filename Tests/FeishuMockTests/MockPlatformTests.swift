import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

@Suite("Mock: tokens, auth, routing, envelope")
struct MockPlatformTests {
    @Test("token endpoint: SDK-style request without Content-Type, flat reply, reuse and refresh window", arguments: Wire.allCases)
    func tokenLifecycle(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let body = JSONValue.object(["app_id": .string(MockHarness.appA.appID), "app_secret": .string(MockHarness.appA.appSecret)]).jsonData()
        let first = try await h.send(HTTPRequest(method: "POST", target: h.platform.tokenEndpoint.path, headers: h.tokenHeaders, body: body))
        #expect(first.status == 200)
        #expect(first.code == 0)
        #expect(first.json["msg"] == h.platform.tokenEndpoint.response.example?["msg"])
        let token = try #require(first.json["tenant_access_token"]?.stringValue)
        #expect(token.hasPrefix(h.platform.tokens.tenantPrefix.value))
        let lifetime = h.platform.tokens.tenantTokenLifetimeSeconds.value
        #expect(first.json["expire"]?.intValue == lifetime)
        #expect(first.response.headers[h.platform.envelope.logIdHeader.value] != nil)
        let window = h.platform.tokens.refreshWindowSeconds.value
        // Outside the refresh window: same token, remaining lifetime.
        h.clock.advance(by: Double(lifetime - window - 10))
        let again = try await h.send(HTTPRequest(method: "POST", target: h.platform.tokenEndpoint.path, headers: h.tokenHeaders, body: body))
        #expect(again.json["tenant_access_token"]?.stringValue == token)
        #expect(again.json["expire"]?.intValue == window + 10)
        // Inside the window: a new token; the old one stays valid until it expires.
        h.clock.advance(by: 20)
        let fresh = try await h.send(HTTPRequest(method: "POST", target: h.platform.tokenEndpoint.path, headers: h.tokenHeaders, body: body))
        let newToken = try #require(fresh.json["tenant_access_token"]?.stringValue)
        #expect(newToken != token)
        #expect(fresh.json["expire"]?.intValue == lifetime)
        let list = try TestSpecs.endpoint("admin.v1.badge.list")
        #expect(try await h.json(list, token: token, body: nil).code == 0)
        h.clock.advance(by: Double(window))
        let expired = try await h.json(list, token: token, body: nil)
        #expect(expired.code == h.platform.roles.invalidTenantToken.code)
        #expect(expired.status == h.status(h.platform.roles.invalidTenantToken.code))
        #expect(try await h.json(list, token: newToken, body: nil).code == 0)
        await h.stop()
    }

    @Test("token endpoint refusals: wrong secret, unknown app, missing field, not JSON, wrong Content-Type", arguments: Wire.allCases)
    func tokenRefusals(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let path = h.platform.tokenEndpoint.path
        let roles = h.platform.roles
        let none = h.tokenHeaders
        let cases: [(HTTPHeaders, Data, Int)] = [
            (none, JSONValue.object(["app_id": .string(MockHarness.appA.appID), "app_secret": .string("wrong")]).jsonData(), roles.badCredentials.code),
            (none, JSONValue.object(["app_id": .string("cli_nobody"), "app_secret": .string("x")]).jsonData(), roles.badCredentials.code),
            (none, JSONValue.object(["app_id": .string(MockHarness.appA.appID)]).jsonData(), roles.tokenBadRequest.code),
            (none, Data("{not json".utf8), roles.tokenBadRequest.code),
            (none, JSONValue.object(["app_id": .int(5), "app_secret": .string("x")]).jsonData(), roles.tokenBadRequest.code),
            (
                ["Content-Type": "text/plain"],
                JSONValue.object(["app_id": .string(MockHarness.appA.appID), "app_secret": .string(MockHarness.appA.appSecret)]).jsonData(),
                roles.tokenBadRequest.code
            ),
        ]
        for (headers, body, code) in cases {
            let r = try await h.send(HTTPRequest(method: "POST", target: path, headers: headers, body: body))
            #expect(r.code == code, "\(String(decoding: body, as: UTF8.self)) -> \(r.json)")
            #expect(r.status == h.status(code))
            #expect(r.json["tenant_access_token"] == nil)
        }
        await h.stop()
    }

    @Test("auth roles on every endpoint", arguments: TestSpecs.set.endpoints.map(\.id))
    func authRoles(endpointID: String) async throws {
        let h = MockHarness()
        let e = try TestSpecs.endpoint(endpointID)
        let roles = h.platform.roles
        let scheme = h.platform.tokens.scheme.value
        let accepts = e.auth.tokenTypes.value
        var cases: [(String?, ErrorBinding)] = [
            (nil, roles.missingToken),
            ("t-abc", roles.malformedAuthorization),
            ("Basic dXNlcjpwYXNz", roles.malformedAuthorization),
            ("\(scheme) x-not-a-token", roles.badTokenPrefix),
        ]
        if accepts.contains(.tenant) { cases.append(("\(scheme) \(h.platform.tokens.tenantPrefix.value)unknown0000000", roles.invalidTenantToken)) }
        if accepts.contains(.user) {
            cases.append(("\(scheme) \(h.platform.tokens.userPrefix.value)unknown0000000", roles.invalidUserToken))
        } else {
            cases.append(("\(scheme) \(MockHarness.appA.userAccessTokens[0])", roles.wrongTokenType))
        }
        for (authorization, role) in cases {
            var headers = HTTPHeaders()
            if let authorization { headers["Authorization"] = authorization }
            let r = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
            #expect(r.code == role.code, "\(authorization ?? "none") -> \(r.json)")
            #expect(r.status == h.status(role.code))
        }
        // A user token works where the spec accepts user tokens.
        if accepts.contains(.user) {
            let r = try await h.send(
                HTTPRequest(method: e.method, target: e.path, headers: ["Authorization": "\(scheme) \(MockHarness.appA.userAccessTokens[0])"]))
            #expect(r.code != roles.invalidUserToken.code && r.code != roles.wrongTokenType.code)
        }
        // Nothing in the journal reveals a token or a secret.
        let text = try await h.journalJSON().jsonText
        #expect(!text.contains("unknown0000000") && !text.contains(MockHarness.appA.userAccessTokens[0]) && !text.contains("dXNlcjpwYXNz"))
    }

    @Test("scope: an app without the endpoint's scopes gets missingScope")
    func scopes() async throws {
        let h = MockHarness()
        let app = h.mock.addApp(scopes: ["nothing:useful"])
        let token = try await h.token(app)
        for e in h.specs.endpoints where !e.auth.scopes.value.isEmpty && e.auth.tokenTypes.value.contains(.tenant) {
            let r = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: ["Authorization": "Bearer \(token)"]))
            #expect(r.code == h.platform.roles.missingScope.code, "\(e.id)")
        }
    }

    @Test("a wrong method's 405 names the path's methods in Allow (RFC 9110), the token endpoint's too")
    func allowHeader() async throws {
        let h = MockHarness()
        var byPath: [String: Set<String>] = [h.platform.tokenEndpoint.path: [h.platform.tokenEndpoint.method.uppercased()]]
        for e in h.specs.endpoints { byPath[e.path, default: []].insert(e.method.uppercased()) }
        // A concrete path can match several templates (`entities/search` and `entities/:entity_id`):
        // the wrong method is one that none of them serves.
        func matches(_ template: String, _ path: String) -> Bool {
            let t = template.split(separator: "/", omittingEmptySubsequences: false)
            let p = path.split(separator: "/", omittingEmptySubsequences: false)
            return t.count == p.count && zip(t, p).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
        for (path, methods) in byPath where !path.contains(":") {
            let served = byPath.filter { matches($0.key, path) }.values.reduce(into: Set<String>()) { $0.formUnion($1) }
            guard served == methods, let wrong = ["DELETE", "PATCH", "PUT", "POST", "GET"].first(where: { !served.contains($0) }) else { continue }
            let r = try await h.send(HTTPRequest(method: wrong, target: path))
            #expect(r.status == h.platform.routing.methodMismatchStatus.value, "\(wrong) \(path): \(r.json.jsonText)")
            let allow = try #require(r.response.headers["Allow"], "no Allow on \(path)")
            #expect(Set(allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) == methods, "\(path): \(allow)")
        }
        let unknown = try await h.send(HTTPRequest(method: "GET", target: "/open-apis/nothing/here"))
        #expect(unknown.response.headers["Allow"] == nil)
    }

    @Test("routing: unknown path and wrong method per platform.json; envelope headers and error.log_id", arguments: Wire.allCases)
    func routingAndEnvelope(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let missing = try await h.send(HTTPRequest(method: "GET", target: "/open-apis/nothing/here"))
        #expect(missing.code == h.platform.roles.notFound.code)
        #expect(missing.status == h.platform.routing.notFoundStatus.value)
        let e = try TestSpecs.endpoint("admin.v1.badge_image.create")
        let wrong = try await h.send(HTTPRequest(method: "DELETE", target: e.path))
        #expect(wrong.code == h.platform.roles.methodMismatch.code)
        #expect(wrong.status == h.platform.routing.methodMismatchStatus.value)
        for r in [missing, wrong] {
            let logID = try #require(r.response.headers.fields.first { $0.name == h.platform.envelope.logIdHeader.value }?.value, "canonical X-Tt-Logid")
            #expect(r.response.headers["Content-Type"] == h.platform.envelope.contentType.value)
            if let path = h.platform.envelope.errorLogIdPath?.value { #expect(r.json.value(at: path)?.stringValue == logID) }
            #expect(r.json["msg"]?.stringValue?.isEmpty == false)
        }
        let token = try await h.token(MockHarness.appA)
        let ok = try await h.json(try TestSpecs.endpoint("admin.v1.badge.list"), token: token, body: nil)
        #expect(ok.json["msg"]?.stringValue == h.platform.envelope.successMessage.value)
        #expect(ok.json["error"] == nil)
        await h.stop()
    }

    @Test("configuration decodes from JSON with defaults; duplicates are refused")
    func configuration() throws {
        let json = #"{"apps":[{"app_id":"cli_x","app_secret":"s","capabilities":["bot"]}]}"#
        let c = try JSONDecoder().decode(MockConfiguration.self, from: Data(json.utf8))
        #expect(c.apps[0].tenantKey == "tenant_cli_x")
        #expect(c.apps[0].capabilities == ["bot"])
        let dup = MockConfiguration(apps: [c.apps[0], c.apps[0]])
        #expect(throws: MockConfigurationError.self) { try dup.validate() }
        let defaults = MockConfiguration.default.apps
        #expect(defaults.filter { $0.capabilities == MockConfiguration.allCapabilities }.count >= 2)
        #expect(defaults.contains { !$0.capabilities.contains("bot") })
        #expect(defaults.contains { !$0.capabilities.contains("badgePlan") })
    }
}
