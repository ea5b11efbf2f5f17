import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

@Suite("Mock without its admin API (mock --no-admin)")
struct MockNoAdminTests {
    @Test("every /__mock/ path is answered as an unknown platform path, and the platform paths still work")
    func adminHidden() throws {
        let hidden = FeishuMock(specs: TestSpecs.set, servesAdmin: false)
        let shown = FeishuMock(specs: TestSpecs.set)
        for (method, path) in [("GET", "/__mock/health"), ("POST", "/__mock/apps"), ("POST", "/__mock/clock"), ("GET", "/__mock/journal")] {
            let request = HTTPRequest(method: method, target: path, headers: ["Content-Type": "application/json"], body: Data("{}".utf8))
            let reply = hidden.respond(request)
            let json = try JSONValue.parse(reply.body)
            #expect(reply.status == TestSpecs.set.platform.routing.notFoundStatus.value, "\(method) \(path)")
            #expect(json["code"]?.intValue == TestSpecs.set.platform.roles.notFound.code, "\(method) \(path)")
            #expect(json["mock"] == nil)
        }
        #expect(shown.respond(HTTPRequest(method: "GET", target: "/__mock/health")).status == 200, "the admin API is on by default")
        let app = try #require(MockConfiguration.default.apps.first)
        let token = hidden.respond(
            HTTPRequest(
                method: TestSpecs.set.platform.tokenEndpoint.method.uppercased(), target: TestSpecs.set.platform.tokenEndpoint.path,
                headers: ["Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object(["app_id": .string(app.appID), "app_secret": .string(app.appSecret)]).jsonData()))
        #expect(try JSONValue.parse(token.body)["code"]?.intValue == 0)
    }
}
