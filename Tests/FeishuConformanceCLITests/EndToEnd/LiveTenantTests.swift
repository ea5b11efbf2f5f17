import ConformanceKit
import ConformanceSpec
@testable import FeishuConformanceCLI
import FeishuMock
import Foundation
import Testing

/// A stand-in for a production tenant: the real mock on a loopback port with its admin API hidden
/// (the runner sees a live platform: no fresh tenants, no clock control, state kept between cases
/// and between runs), enforcing the documented rate limits. Time runs `scale` times faster, on one
/// ``AcceleratedClock`` shared by the server and the runner, so a paced run of minutes takes seconds.
struct LiveTenant {
    static let primary = MockApp(appID: "cli_live_primary", appSecret: "live-secret-primary-0001", tenantKey: "tenant_live",
                                 capabilities: MockConfiguration.allCapabilities)
    static let second = MockApp(appID: "cli_live_second", appSecret: "live-secret-second-0002", tenantKey: "tenant_live_other",
                                capabilities: MockConfiguration.allCapabilities)

    let server: LoopbackMock
    let clock: AcceleratedClock

    init(specs: SpecSet, scale: Double = 50) throws {
        clock = AcceleratedClock(scale: scale)
        server = try LoopbackMock(specs: specs, configuration: MockConfiguration(apps: [Self.primary, Self.second]),
                                  hidesAdmin: true, clock: clock)
    }

    /// Both tenants' credentials, as a CI job would set them.
    var variables: [String: String] {
        ["FEISHU_APP_ID": Self.primary.appID, "FEISHU_APP_SECRET": Self.primary.appSecret,
         "FEISHU_SECOND_APP_ID": Self.second.appID, "FEISHU_SECOND_APP_SECRET": Self.second.appSecret]
    }

    /// `run --base-url` against the tenant with `arguments` added; answers the outcome, the reports
    /// and the clock seconds the run took.
    func run(_ arguments: [String], directory: URL, reports: String = "out") async throws -> (Invocation, RunReports?, Double) {
        let started = clock.elapsed
        let result = await invokeStandard(["run", "--base-url", server.baseURL, "--reports", reports] + arguments,
                                          variables: variables, directory: directory, runClock: clock)
        let took = clock.elapsed - started
        let folder = directory.appendingPathComponent(reports)
        let reports = FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path)
            ? try RunReports(directory: folder) : nil
        return (result, reports, took)
    }

    /// Objects the tenant's apps created so far, by endpoint: successful requests to endpoints that create.
    func created(specs: SpecSet) -> [String: Int] {
        let creating = Set(specs.endpoints.filter { $0.createsResource != nil }.map(\.id))
        var counts: [String: Int] = [:]
        for entry in server.mock.journal where entry.httpStatus == 200 && entry.code == 0 {
            if let endpoint = entry.endpoint, creating.contains(endpoint) { counts[endpoint, default: 0] += 1 }
        }
        return counts
    }

    /// Requests refused with the platform's rate-limit code.
    func rateLimited(specs: SpecSet) -> Int {
        server.mock.journal.filter { $0.code == specs.platform.roles.rateLimited.code }.count
    }
}

@Suite("end to end: a paced live run against a tenant that keeps its state", .serialized)
struct LiveTenantTests {
    @Test("two full runs with writes exit 0 with the same verdicts: no collision with the run's own or an earlier run's objects, at most 100 objects")
    func twoRuns() async throws {
        let specs = try shippedSpecs()
        let tenant = try LiveTenant(specs: specs)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let plan = await invokeStandard(["run", "--base-url", tenant.server.baseURL, "--plan", "--allow-writes", "--max-writes", "400"],
                                        variables: tenant.variables, directory: directory, runClock: tenant.clock)
        #expect(plan.code == .success, "stderr: \(plan.stderr)")
        #expect(tenant.created(specs: specs).isEmpty, "--plan must create nothing")
        if ProcessInfo.processInfo.environment["LIVE_TENANT_VERBOSE"] != nil { print(plan.stdout) }

        let (first, reports, took) = try await tenant.run(["--allow-writes", "--max-writes", "400"], directory: directory, reports: "first")
        #expect(first.code == .success, "stderr: \(first.stderr)")
        let created = tenant.created(specs: specs)
        let objects = created.values.reduce(0, +)
        print("live run 1: \(objects) objects \(created.sorted { $0.key < $1.key }), \(Int(took)) s on the tenant's clock, "
              + "rate limited \(tenant.rateLimited(specs: specs)) time(s)")
        #expect(objects <= 100, "objects created: \(created)")
        let failed = reports?.caseIDs(status: "failed") ?? ["no reports"]
        #expect(failed.isEmpty, "failed: \(failed)")
        #expect(reports?.caseIDs(status: "error").isEmpty == true)

        // The same tenant again, with everything the first run left behind.
        let (second, secondReports, _) = try await tenant.run(["--allow-writes", "--max-writes", "400"], directory: directory, reports: "second")
        #expect(second.code == .success, "stderr: \(second.stderr)")
        if ProcessInfo.processInfo.environment["LIVE_TENANT_VERBOSE"] != nil {
            for item in secondReports?.cases ?? [] where item["status"]?.stringValue != "passed" {
                print(item["status"]?.stringValue ?? "", item["caseID"]?.stringValue ?? "", item["skipReason"]?.stringValue ?? "")
            }
        }
        // Same verdicts as the first run, case by case: nothing the first run left behind changes one.
        let verdicts = { (r: RunReports?) in Dictionary((r?.cases ?? []).map { ($0["caseID"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") },
                                                        uniquingKeysWith: { a, _ in a }) }
        let before = verdicts(reports)
        let after = verdicts(secondReports)
        let changed = before.keys.filter { before[$0] != after[$0] }.sorted()
        #expect(changed.isEmpty, "verdicts changed on the second run: \(changed.map { "\($0): \(before[$0] ?? "-") -> \(after[$0] ?? "-")" })")
        #expect(reports?.caseIDs(status: "warning").isEmpty == true, "warnings: \(reports?.caseIDs(status: "warning") ?? [])")
        #expect(tenant.rateLimited(specs: specs) == 0, "a paced run never meets a rate limit")
        await tenant.server.stop()
    }
}
