import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Media
import Testing

/// Throughput of the runner against the real `FeishuMock` in process (real specs), beside the same
/// number of plain uploads through the same transport. Off unless `RUNNER_BENCH` is set.
@Suite("Runner benchmark against FeishuMock", .enabled(if: ProcessInfo.processInfo.environment["RUNNER_BENCH"] != nil))
struct RunnerMockBenchmark {
    @Test("badge image uploads: runner cases/s vs plain requests/s")
    func uploads() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let specs = try SpecSet.load(directory: root.appendingPathComponent("Specs"))
        let n = RunnerBenchmark.count
        let endpoint = "admin.v1.badge_image.create"
        let recipe = ImageRecipe(format: "png", width: 320, height: 320)
        let cases = (0..<n).map { i in
            ConformanceCase(
                id: "bench/\(i)", endpointID: endpoint, title: "upload \(i)", kind: .field, rule: "response",
                provenance: .documented("d"),
                steps: [
                    .request(
                        RequestStep(
                            endpointID: endpoint, values: ["image_file": .image(recipe), "image_type": .json(1)],
                            expect: .success))
                ])
        }
        let mock = FeishuMock(specs: specs)
        let transport = InProcessTransport(handler: mock)
        let clock = ContinuousClock()
        var result: RunResult?
        let runTime = try await clock.measure {
            result = try await Runner().run(
                cases: cases, specs: specs,
                target: RunTarget(transport: transport, description: "embedded mock", isMock: true),
                options: RunOptions(runID: "bench"))
        }
        #expect(result?.cases.allSatisfy { $0.status == .passed } == true)

        // Plain: one app and token, then n uploads of the same bytes, 4 at a time. The mock's
        // 20/min limit per app is lifted by advancing that app's clock after every 20 requests.
        var capabilities: [String: JSONValue] = [:]
        for spec in specs.endpoints {
            for case .requiresCapability(let r) in spec.behaviours { capabilities[r.capability] = true }
        }
        let appRequest = HTTPRequest(
            method: "POST", target: "/__mock/apps", headers: ["Content-Type": "application/json"],
            body: JSONValue.object(["capabilities": .object(capabilities)]).jsonData())
        let app = try JSONValue.parse(try await transport.send(appRequest).body)
        let appID = try #require(app["app_id"]?.stringValue)
        let secret = try #require(app["app_secret"]?.stringValue)
        let tokenPath = specs.platform.tokenEndpoint.path
        let tokenReply = try await transport.send(
            HTTPRequest(
                method: "POST", target: tokenPath, headers: ["Content-Type": "application/json"],
                body: JSONValue.object(["app_id": .string(appID), "app_secret": .string(secret)]).jsonData()))
        let token = try #require(try JSONValue.parse(tokenReply.body)["tenant_access_token"]?.stringValue)
        var form = MultipartFormData()
        form.addFile("image_file", data: try FixtureForge.image(.png, width: 320, height: 320), filename: "image.png", contentType: "image/png")
        form.addField("image_type", "1")
        let upload = HTTPRequest(
            method: "POST", target: "/open-apis/admin/v1/badge_images",
            headers: ["Authorization": "Bearer \(token)", "Content-Type": form.contentType], body: form.encoded())
        let advance = HTTPRequest(
            method: "POST", target: "/__mock/clock", headers: ["Content-Type": "application/json"],
            body: JSONValue.object(["app_id": .string(appID), "advanceSeconds": 61]).jsonData())
        var plainOK = 0
        let plainTime = try await clock.measure {
            for batch in stride(from: 0, to: n, by: 20) {
                plainOK += try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in batch..<min(batch + 20, n) {
                        group.addTask { try await transport.send(upload).status == 200 ? 1 : 0 }
                    }
                    return try await group.reduce(0, +)
                }
                _ = try await transport.send(advance)
            }
        }
        #expect(plainOK == n)
        let caseRate = Double(n) / RunnerBenchmark.seconds(runTime)
        let plainRate = Double(n) / RunnerBenchmark.seconds(plainTime)
        print(
            "BENCH target=feishu-mock-in-process cases=\(n) run_s=\(String(format: "%.3f", RunnerBenchmark.seconds(runTime))) "
                + "cases_per_s=\(String(format: "%.0f", caseRate)) plain_s=\(String(format: "%.3f", RunnerBenchmark.seconds(plainTime))) "
                + "plain_req_per_s=\(String(format: "%.0f", plainRate)) overhead_ratio=\(String(format: "%.1f", plainRate / caseRate))")
    }
}
