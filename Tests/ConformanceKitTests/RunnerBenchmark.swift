import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Testing

/// Throughput of the runner beside plain requests through the same transport. Off unless
/// `RUNNER_BENCH` is set (Benchmarks/runner_throughput.sh sets it); prints `BENCH` lines, asserts
/// only that every case passed (never a time).
@Suite("Runner benchmark", .enabled(if: ProcessInfo.processInfo.environment["RUNNER_BENCH"] != nil))
struct RunnerBenchmark {
    static var count: Int { Int(ProcessInfo.processInfo.environment["RUNNER_BENCH_CASES"] ?? "") ?? 400 }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test("fake platform in process: runner cases/s vs plain requests/s")
    func fakePlatform() async throws {
        let specs = try TestSpecs.specSet()
        let n = Self.count
        let cases = (0..<n).map { i in
            ConformanceCase(
                id: "bench/\(i)", endpointID: "test.v1.widget.create", title: "bench \(i)", kind: .field,
                rule: "request.name", provenance: .documented("d"),
                steps: [
                    .request(
                        RequestStep(
                            endpointID: "test.v1.widget.create",
                            values: ["name": .uniqueText(length: 10, filler: nil), "kind": .json(1)],
                            expect: .success))
                ])
        }
        let fake = FakePlatform()
        let transport = InProcessTransport(handler: fake)
        let target = RunTarget(transport: transport, description: "fake", isMock: true)
        let clock = ContinuousClock()
        var result: RunResult?
        let runTime = try await clock.measure {
            result = try await Runner().run(
                cases: cases, specs: specs, target: target,
                options: RunOptions(runID: "bench", fixtures: CountingFixtures().source))
        }
        let run = try #require(result)
        #expect(run.cases.allSatisfy { $0.status == .passed })
        let exchanges = run.cases.reduce(0) { $0 + $1.exchanges.count }

        // Plain: the same number of create requests, same transport, same concurrency (4), one token.
        let tokenReply = try await transport.send(
            HTTPRequest(
                method: "POST", target: "/open-apis/auth/v3/tenant_access_token/internal", headers: ["Content-Type": "application/json"],
                body: JSONValue.object(["app_id": "cli_primary", "app_secret": "primary-secret-0001"]).jsonData()))
        let token = try #require(try JSONValue.parse(tokenReply.body)["tenant_access_token"]?.stringValue)
        let plainTime = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        for i in stride(from: lane, to: n, by: 4) {
                            _ = try await transport.send(
                                HTTPRequest(
                                    method: "POST", target: "/open-apis/test/v1/widgets",
                                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json; charset=utf-8"],
                                    body: JSONValue.object(["name": .string("p\(i)"), "kind": 1]).jsonData()))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Live mode against the same platform: one exchange per case (cached token, no fresh apps), one case at a time.
        let liveTarget = RunTarget(
            transport: transport, description: "fake-live", isMock: false,
            credentials: Credentials(primary: .init(appID: "cli_primary", appSecret: "primary-secret-0001")))
        var liveResult: RunResult?
        let liveTime = try await clock.measure {
            liveResult = try await Runner().run(
                cases: cases, specs: specs, target: liveTarget,
                options: RunOptions(
                    allowWrites: true, maxWrites: n, runID: "bench", pacing: .never,
                    fixtures: CountingFixtures().source))
        }
        #expect(liveResult?.cases.allSatisfy { $0.status == .passed } == true)
        let liveRate = Double(n) / Self.seconds(liveTime)
        let caseRate = Double(n) / Self.seconds(runTime)
        let plainRate = Double(n) / Self.seconds(plainTime)
        print(
            "BENCH target=fake-in-process cases=\(n) exchanges=\(exchanges) run_s=\(String(format: "%.3f", Self.seconds(runTime))) "
                + "cases_per_s=\(String(format: "%.0f", caseRate)) plain_s=\(String(format: "%.3f", Self.seconds(plainTime))) "
                + "plain_req_per_s=\(String(format: "%.0f", plainRate)) overhead_ratio=\(String(format: "%.1f", plainRate / caseRate))")
        print(
            "BENCH target=fake-in-process-live-mode cases=\(n) run_s=\(String(format: "%.3f", Self.seconds(liveTime))) "
                + "cases_per_s=\(String(format: "%.0f", liveRate)) sequential=1")
    }
}
