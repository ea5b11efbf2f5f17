import ConformanceCatalog
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `feishu-conformance proxy` as a subprocess in front of a mock served by the test.
@Suite("end to end: proxy")
struct ProxyExecutableTests {
    @Test("proxy --upstream: announces its port, forwards to the mock, exits 0 on SIGTERM with its report naming the broken rule; no secret in any output")
    func proxyServes() async throws {
        let executable = try BuiltExecutable.require()
        let specs = try EmbeddedSpecs.specSet()
        let mock = MockServer(mock: FeishuMock(specs: specs))
        let mockPort = try mock.start()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try ChildProcess(
            executable, ["proxy", "--upstream", "http://127.0.0.1:\(mockPort)", "--port", "0", "--reports", "proxy-out"],
            directory: directory)
        let line = await child.firstLine(within: 30)
        guard let line, let match = line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), let port = Int(match.1) else {
            child.send(SIGKILL)
            await mock.stop()
            Issue.record("first stdout line \(String(describing: line)); stderr: \(child.stderr)")
            return
        }
        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(10))
        let app = MockConfiguration.default.apps[0]
        let token = specs.platform.tokenEndpoint
        let tokenReply = try await transport.send(
            HTTPRequest(
                method: token.method, target: token.path, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object(["app_id": .string(app.appID), "app_secret": .string(app.appSecret)]).jsonData()))
        let issued = try #require(try JSONValue.parse(tokenReply.body)["tenant_access_token"]?.stringValue)
        let create = try #require(specs.endpoint(id: "admin.v1.badge.create"))
        let refused = try await transport.send(
            HTTPRequest(
                method: create.method, target: create.path,
                headers: ["Authorization": "Bearer \(issued)", "Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object(["name": .string(String(repeating: "x", count: 31)), "detail_image": "k", "show_image": "k"]).jsonData()))
        #expect(refused.status == 400)
        #expect(refused.headers[specs.platform.envelope.logIdHeader.value]?.isEmpty == false)
        child.send(SIGTERM)
        let exit = await child.exit(within: 30)
        await mock.stop()
        #expect(exit?.status == 0 && exit?.bySignal == false)
        #expect(child.stderr.contains("proxy: SIGTERM received"))
        let report = try String(contentsOf: directory.appendingPathComponent("proxy-out/proxy-report.md"), encoding: .utf8)
        let junit = try String(contentsOf: directory.appendingPathComponent("proxy-out/proxy-junit.xml"), encoding: .utf8)
        #expect(report.contains("`request.name.maxLength`"))
        #expect(junit.contains(#"type="request.name.maxLength""#))
        for text in [report, junit, child.stdout, child.stderr] {
            #expect(!text.contains(issued) && !text.contains(app.appSecret))
        }
    }
}
