import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@testable import FeishuMock

/// "Every capability" is what the served specs name: a spec introducing a new capability needs
/// no change in the mock, its default apps, config files or the admin API.
@Suite("Mock: capabilities come from the specs")
struct CapabilityTests {
    static let newCapability = "calendarPlan"

    /// The shipped specs plus a tiny extra one: the badge list under a new id and path whose
    /// `requiresCapability` names a capability no shipped spec names.
    static func extraSpec() throws -> (specs: SpecSet, endpoint: EndpointSpec, error: Int) {
        var e = try TestSpecs.endpoint("admin.v1.badge.list")
        e.id = "test.v1.calendar.list"
        e.path = "/open-apis/test/v1/calendars"
        var code: Int?
        e.behaviours = e.behaviours.map { behaviour in
            guard case .requiresCapability(var r) = behaviour else { return behaviour }
            r.capability = newCapability
            code = r.error.code
            return .requiresCapability(r)
        }
        let error = try #require(code, "the badge list spec has no requiresCapability behaviour to rename")
        return (SpecSet(platform: TestSpecs.set.platform, endpoints: TestSpecs.set.endpoints + [e]), e, error)
    }

    func code(_ h: MockHarness, _ app: MockApp, _ e: EndpointSpec) async throws -> Int? {
        try await h.json(e, token: try await h.token(app), body: nil).code
    }

    @Test("the mock's capabilities are those its specs name, the new one included")
    func derived() throws {
        let (specs, _, _) = try Self.extraSpec()
        #expect(FeishuMock(specs: specs).capabilities == (TestSpecs.set.capabilities + [Self.newCapability]).sorted())
        #expect(!TestSpecs.set.capabilities.contains(Self.newCapability))
    }

    @Test("default apps have the new capability; the ones without bot or plan still lack just that")
    func defaults() async throws {
        let (specs, e, error) = try Self.extraSpec()
        let h = MockHarness(specs: specs)
        for app in MockConfiguration.default.apps {
            #expect(try await code(h, app, e) == 0, "\(app.appID)")
        }
        let list = try TestSpecs.endpoint("admin.v1.badge.list")
        #expect(try await code(h, MockHarness.appNoPlan, list) == error, "the app without a badge plan is still refused")
        #expect(try await code(h, MockHarness.appNoBot, list) == 0)
    }

    @Test("admin apps: unnamed capabilities are on, a false one is off; the reply lists what the app has")
    func admin() async throws {
        let (specs, e, error) = try Self.extraSpec()
        let h = MockHarness(specs: specs)
        for (body, expected) in [(#"{"capabilities": {"bot": true}}"#, 0), (#"{"capabilities": {"\#(Self.newCapability)": false}}"#, error), ("", 0)] {
            let created = try await h.send(HTTPRequest(method: "POST", target: "/__mock/apps", body: Data(body.utf8)))
            #expect(created.status == 200)
            let appID = try #require(created.json["app_id"]?.stringValue)
            let secret = try #require(created.json["app_secret"]?.stringValue)
            let app = MockApp(appID: appID, appSecret: secret, tenantKey: "", capabilities: [])
            #expect(try await code(h, app, e) == expected, "\(body)")
            let listed = created.json["capabilities"]?.arrayValue?.compactMap(\.stringValue)
            #expect(listed?.contains(Self.newCapability) == (expected == 0), "\(body)")
        }
        let refused = try await h.send(HTTPRequest(method: "POST", target: "/__mock/apps", body: Data(#"{"capabilities": ["bot"]}"#.utf8)))
        #expect(refused.status == 400)
    }

    @Test("config files: an array is exactly those, an object switches some off, none means all")
    func configFile() async throws {
        let (specs, e, error) = try Self.extraSpec()
        let json = #"""
            {"apps": [{"app_id": "cli_list", "app_secret": "s", "capabilities": ["bot", "badgePlan"]},
                      {"app_id": "cli_off", "app_secret": "s", "capabilities": {"bot": false}},
                      {"app_id": "cli_all", "app_secret": "s"}]}
            """#
        let configuration = try JSONDecoder().decode(MockConfiguration.self, from: Data(json.utf8))
        #expect(configuration.apps.map(\.capabilities) == [.only(["bot", "badgePlan"]), .allExcept(["bot"]), .all])
        let h = MockHarness(configuration: configuration, specs: specs)
        #expect(try await code(h, configuration.apps[0], e) == error)
        #expect(try await code(h, configuration.apps[1], e) == 0)
        #expect(try await code(h, configuration.apps[2], e) == 0)
        // Round trip: what is encoded decodes to the same grant.
        let again = try JSONDecoder().decode(MockConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(again == configuration)
        let bad = #"{"apps": [{"app_id": "cli_x", "app_secret": "s", "capabilities": 3}]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(MockConfiguration.self, from: Data(bad.utf8)) }
    }
}
