import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// What the removed whole-catalog-on-the-mock test also asserted: apps made at run time through
/// `POST /__mock/apps` never leak their secret or tokens into the journal, whatever they send.
@Suite("Journal redaction for runtime apps")
struct JournalRedactionTests {
    @Test("a runtime app's secret, tenant token and user token never reach the journal")
    func runtimeAppSecrets() async throws {
        let h = MockHarness()
        let made = try await h.send(
            HTTPRequest(
                method: "POST", target: "/__mock/apps",
                body: Data(#"{"capabilities": {"bot": true, "badgePlan": true}}"#.utf8)))
        #expect(made.status == 200)
        let appID = try #require(made.json["app_id"]?.stringValue)
        let secret = try #require(made.json["app_secret"]?.stringValue)
        let userToken = try #require(made.json["user_access_token"]?.stringValue)
        let app = MockApp(appID: appID, appSecret: secret, tenantKey: "", capabilities: [])
        let token = try await h.token(app)
        // Every endpoint, with either token, and a token request with a wrong secret as well.
        for e in h.specs.endpoints {
            for credential in [token, userToken] {
                let r = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: ["Authorization": "Bearer \(credential)"]))
                // A download's success is the file itself; everything else answers in the envelope.
                #expect(r.code != nil || e.response.shape == .binary, "\(e.id) answered without an envelope")
            }
        }
        let wrong = JSONValue.object(["app_id": .string(appID), "app_secret": .string(secret + "x")]).jsonData()
        _ = try await h.send(HTTPRequest(method: "POST", target: h.platform.tokenEndpoint.path, body: wrong))
        let text = try await h.journalJSON().jsonText
        #expect(text.contains(appID), "the journal names the app")
        for secretText in [secret, token, userToken] {
            #expect(!text.contains(secretText), "the journal holds a secret or token of the runtime app")
        }
    }
}
