import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Synchronization
import Testing

@testable import FeishuConformanceCLI

/// A stand-in for a production tenant: the real mock on a loopback port with its admin API hidden
/// (the runner sees a live platform: no fresh tenants, no clock control, state kept between cases
/// and between runs), enforcing the documented rate limits. Time runs `scale` times faster, on one
/// ``AcceleratedClock`` shared by the server and the runner, so a paced run of minutes takes seconds.
struct LiveTenant {
    static let primary = MockApp(
        appID: "cli_live_primary", appSecret: "live-secret-primary-0001", tenantKey: "tenant_live",
        capabilities: MockConfiguration.allCapabilities)
    static let second = MockApp(
        appID: "cli_live_second", appSecret: "live-secret-second-0002", tenantKey: "tenant_live_other",
        capabilities: MockConfiguration.allCapabilities)

    let server: LoopbackMock
    let clock: AcceleratedClock

    init(specs: SpecSet, scale: Double = 50, rewrite: ReplyRewrite? = nil) throws {
        clock = AcceleratedClock(scale: scale)
        server = try LoopbackMock(
            specs: specs, configuration: MockConfiguration(apps: [Self.primary, Self.second]),
            hidesAdmin: true, clock: clock, rewrite: rewrite)
    }

    /// Both tenants' credentials, as a CI job would set them.
    var variables: [String: String] {
        [
            "FEISHU_APP_ID": Self.primary.appID, "FEISHU_APP_SECRET": Self.primary.appSecret,
            "FEISHU_SECOND_APP_ID": Self.second.appID, "FEISHU_SECOND_APP_SECRET": Self.second.appSecret,
        ]
    }

    /// `run --base-url` against the tenant with `arguments` added; answers the outcome, the reports
    /// and the clock seconds the run took.
    func run(_ arguments: [String], directory: URL, reports: String = "out") async throws -> (Invocation, RunReports?, Double) {
        let started = clock.elapsed
        let result = await invokeStandard(
            ["run", "--base-url", server.baseURL, "--reports", reports] + arguments,
            variables: variables, directory: directory, runClock: clock)
        let took = clock.elapsed - started
        let folder = directory.appendingPathComponent(reports)
        let reports =
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("results.json").path)
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

        let plan = await invokeStandard(
            ["run", "--base-url", tenant.server.baseURL, "--plan", "--allow-writes", "--max-writes", "400"],
            variables: tenant.variables, directory: directory, runClock: tenant.clock)
        #expect(plan.code == .success, "stderr: \(plan.stderr)")
        #expect(tenant.created(specs: specs).isEmpty, "--plan must create nothing")
        if ProcessInfo.processInfo.environment["LIVE_TENANT_VERBOSE"] != nil { print(plan.stdout) }

        let (first, reports, took) = try await tenant.run(["--allow-writes", "--max-writes", "400"], directory: directory, reports: "first")
        #expect(first.code == .success, "stderr: \(first.stderr)")
        let created = tenant.created(specs: specs)
        let objects = created.values.reduce(0, +)
        print(
            "live run 1: \(objects) objects \(created.sorted { $0.key < $1.key }), \(Int(took)) s on the tenant's clock, "
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
        let verdicts = { (r: RunReports?) in
            Dictionary(
                (r?.cases ?? []).map { ($0["caseID"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") },
                uniquingKeysWith: { a, _ in a })
        }
        let before = verdicts(reports)
        let after = verdicts(secondReports)
        let changed = before.keys.filter { before[$0] != after[$0] }.sorted()
        #expect(changed.isEmpty, "verdicts changed on the second run: \(changed.map { "\($0): \(before[$0] ?? "-") -> \(after[$0] ?? "-")" })")
        #expect(reports?.caseIDs(status: "warning").isEmpty == true, "warnings: \(reports?.caseIDs(status: "warning") ?? [])")
        #expect(tenant.rateLimited(specs: specs) == 0, "a paced run never meets a rate limit")
        // The walks (pages of 1, then of 2) stop a page after the run's own 3 badges instead of
        // walking the 40-odd that the tenant now holds: 3 + 1 pages, then 2 + 1, plus a few for
        // badges the badge-create cases make meanwhile (newer, so listed first); a full walk would be 60+.
        let walk = try #require(secondReports?.resultCase("admin.v1.badge.list/behaviours.lists.badge/walk"))
        let pages = (walk["exchanges"]?.arrayValue ?? []).filter { $0["method"]?.stringValue == "GET" }.count
        #expect(walk["status"]?.stringValue == "passed")
        #expect(pages >= 7 && pages < 20, "list pages requested by the walks: \(pages)")
        await tenant.server.stop()
    }
}

@Suite("end to end: live-run safety (plan, quota, names, fixtures)", .serialized)
struct LiveSafetyTests {
    static let writes = ["--allow-writes", "--max-writes", "400"]

    @Test("--plan lists cases, objects and the time floor per endpoint, and sends nothing that writes; the run then creates what it planned")
    func planMatchesRun() async throws {
        let specs = try shippedSpecs()
        let tenant = try LiveTenant(specs: specs)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let badges = ["--endpoint", "admin.v1.badge.create", "--endpoint", "admin.v1.badge.list"]
        let plan = await invokeStandard(
            ["run", "--base-url", tenant.server.baseURL, "--plan"] + badges + Self.writes,
            variables: tenant.variables, directory: directory, runClock: tenant.clock)
        #expect(plan.code == .success, "stderr: \(plan.stderr)")
        #expect(tenant.created(specs: specs).isEmpty, "--plan created objects")
        #expect(plan.stdout.contains("| admin.v1.badge.create | 67 |"), "plan:\n\(plan.stdout)")
        #expect(plan.stdout.contains("**Least wall time** under the documented rate limits:"), "plan:\n\(plan.stdout)")
        #expect(plan.stdout.contains("needs a controllable clock"), "plan:\n\(plan.stdout)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Reports").path), "--plan writes no reports")

        let (run, _, _) = try await tenant.run(badges + Self.writes, directory: directory)
        #expect(run.code == .success, "stderr: \(run.stderr)")
        let created = tenant.created(specs: specs)
        // Fixture reuse: every badge case needs badge images, yet the run uploads each recipe once.
        let images = created["admin.v1.badge_image.create"] ?? 0
        let badgesMade = created["admin.v1.badge.create"] ?? 0
        #expect(images > 0 && images <= 3, "badge images uploaded: \(images)")
        #expect(plan.stdout.contains("**Objects created**: \(images + badgesMade) ("), "created \(created); plan:\n\(plan.stdout)")
        await tenant.server.stop()
    }

    @Test("a run that would pass --quota-share of the badge quota, counting the tenant's existing badges, is refused with exit 2 before any write")
    func quotaRefusal() async throws {
        let specs = try shippedSpecs()
        let tenant = try LiveTenant(specs: specs)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let badge = ["--endpoint", "admin.v1.badge.create"]
        // 3% of 1000 is 30: an empty tenant takes the run's badges (17 today)...
        let (first, _, _) = try await tenant.run(badge + Self.writes + ["--quota-share", "0.03"], directory: directory, reports: "a")
        #expect(first.code == .success, "stderr: \(first.stderr)")
        let made = tenant.created(specs: specs)["admin.v1.badge.create"] ?? 0
        #expect(made > 15 && made <= 30, "the badge cases now create \(made) badges: adjust --quota-share so one run fits and two do not")
        // ...but not twice: what the first run left counts.
        let (second, reports, _) = try await tenant.run(badge + Self.writes + ["--quota-share", "0.03"], directory: directory, reports: "b")
        #expect(second.code == .usageError, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("refusing to create objects: the tenant holds \(made) badge item(s) of its quota of 1000"), "stderr: \(second.stderr)")
        #expect(second.stderr.contains("fc-"), "the message names the prefix of created objects: \(second.stderr)")
        let wroteReports = reports != nil
        #expect(!wroteReports, "a refused run writes no reports")
        #expect(tenant.created(specs: specs)["admin.v1.badge.create"] == made, "a refused run created badges")
        await tenant.server.stop()
    }

    @Test("a tenant that stops enforcing unique badge names still fails the run, names and all")
    func uniqueNamesStillChecked() async throws {
        let specs = try shippedSpecs()
        let drifted = try driftedSpecs(endpoint: "admin.v1.badge.create") { endpoint in
            endpoint.behaviours.removeAll { if case .unique = $0 { true } else { false } }
        }
        let tenant = try LiveTenant(specs: drifted)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (run, reports, _) = try await tenant.run(["--endpoint", "admin.v1.badge.create"] + Self.writes, directory: directory)
        #expect(run.code == .failure, "stderr: \(run.stderr)")
        let failed = reports?.caseIDs(status: "failed") ?? []
        #expect(failed.contains { $0.contains("behaviours.unique") }, "failed: \(failed)")
        _ = specs
        await tenant.server.stop()
    }

    @Test(
        "imported specs on a live tenant: refusals run, every case that needs one of their calls to succeed is skipped with the reason, and none such is sent")
    func importedSuccessStaysOnTheMock() async throws {
        let specs = try shippedSpecs()
        let tenant = try LiveTenant(specs: specs)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let imported = ["admin.v1.badge.get", "lingo.v1.entity.get", "im.v1.message.create"]
        let (run, written, _) = try await tenant.run(imported.flatMap { ["--endpoint", $0] } + Self.writes, directory: directory)
        #expect(run.code == .success, "stderr: \(run.stderr)")
        let reports = try #require(written)
        let skipped = reports.cases.filter { $0["status"]?.stringValue == "skipped" }
        let stayed = skipped.filter { $0["skipReason"]?.stringValue?.contains("calls the imported spec") == true }
        let passed: [String] = reports.caseIDs(status: "passed")
        #expect(!stayed.isEmpty && !passed.isEmpty, "skipped: \(skipped.count), passed: \(passed.count)")
        #expect(passed.allSatisfy { !$0.hasSuffix("/baseline") }, "a baseline of an imported spec ran live")
        // The tenant never answered an imported endpoint with a success: none was asked for one.
        let served = tenant.server.mock.journal.filter { entry in entry.code == 0 && imported.contains(entry.endpoint ?? "") }
        #expect(served.isEmpty, "successful imported calls: \(served.map(\.path))")
        await tenant.server.stop()
    }

    static let probeCase = "admin.v1.badge_image.create/rateLimits.0/20-per-minute"

    @Test("--probe-rate-limits: the badge-image probe passes against a tenant that enforces 20/minute, after the other cases, its writes in the plan")
    func probeEnforced() async throws {
        let specs = try shippedSpecs()
        let tenant = try LiveTenant(specs: specs)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = ["--endpoint", "admin.v1.badge_image.create"]
        let without = await invokeStandard(
            ["run", "--base-url", tenant.server.baseURL, "--plan"] + images + Self.writes,
            variables: tenant.variables, directory: directory, runClock: tenant.clock)
        let with = await invokeStandard(
            ["run", "--base-url", tenant.server.baseURL, "--plan", "--probe-rate-limits"] + images + Self.writes,
            variables: tenant.variables, directory: directory, runClock: tenant.clock)
        #expect(without.stdout.contains("only with --probe-rate-limits"), "\(without.stdout)")
        #expect(with.stdout.contains("| admin.v1.badge\\_image.create | 37 | 32 | 31 badge\\_image |"), "the probe's 20 uploads are planned:\n\(with.stdout)")
        let (run, reports, _) = try await tenant.run(images + Self.writes + ["--probe-rate-limits"], directory: directory)
        #expect(run.code == .success, "stderr: \(run.stderr)")
        let probe = try #require(reports?.resultCase(Self.probeCase))
        #expect(probe["status"]?.stringValue == "passed", "\(probe)")
        #expect(reports?.caseIDs(status: "failed").isEmpty == true)
        // Only the probe met the limit: the paced cases before it never did.
        #expect(
            tenant.rateLimited(specs: specs) == 1,
            "\(tenant.server.mock.journal.filter { $0.code == specs.platform.roles.rateLimited.code }.map { "\($0.seq) \($0.time) \($0.method) \($0.path)" })")
        await tenant.server.stop()
    }

    @Test("--probe-rate-limits: a tenant that no longer limits badge-image uploads fails the run on rateLimits.0")
    func probeUnenforced() async throws {
        let drifted = try driftedSpecs(endpoint: "admin.v1.badge_image.create") { $0.rateLimits = [] }
        let tenant = try LiveTenant(specs: drifted)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (run, reports, _) = try await tenant.run(
            ["--endpoint", "admin.v1.badge_image.create", "--probe-rate-limits"] + Self.writes,
            directory: directory)
        #expect(run.code == .failure, "stderr: \(run.stderr)")
        #expect(reports?.caseIDs(status: "failed") == [Self.probeCase])
        #expect(run.stderr.contains("rateLimits.0"), "stderr: \(run.stderr)")
        await tenant.server.stop()
    }

    static let walk = "admin.v1.badge.list/behaviours.lists.badge/walk"

    /// Runs badge create (so the tenant holds other badges), then badge list; answers the list run.
    static func listAfterOthers(_ tenant: LiveTenant, directory: URL) async throws -> (Invocation, RunReports?) {
        let (create, _, _) = try await tenant.run(["--endpoint", "admin.v1.badge.create"] + writes, directory: directory, reports: "create")
        #expect(create.code == .success, "stderr: \(create.stderr)")
        let (list, reports, _) = try await tenant.run(["--endpoint", "admin.v1.badge.list"] + writes, directory: directory, reports: "list")
        return (list, reports)
    }

    @Test("a tenant that lists oldest first fails the walk, among badges it already held")
    func reversedOrderAmongOthers() async throws {
        let tenant = try LiveTenant(specs: try listOrderDrift())
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (list, reports) = try await Self.listAfterOthers(tenant, directory: directory)
        #expect(list.code == .failure, "stderr: \(list.stderr)")
        #expect(reports?.caseIDs(status: "failed").contains(Self.walk) == true, "failed: \(reports?.caseIDs(status: "failed") ?? [])")
        let rules = (reports?.resultCase(Self.walk)?["findings"]?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue }
        #expect(rules.contains("behaviours.lists.badge"), "\(rules)")
        await tenant.server.stop()
    }

    @Test("a tenant whose list pages overlap by one item fails the walk on behaviours.lists.noRepeats, among badges it already held")
    func overlappingPagesAmongOthers() async throws {
        // Each page after the first starts with the last item of the page before it.
        let lastItems = Mutex<[String: JSONValue]>([:])
        let overlap: ReplyRewrite = { request, reply in
            guard request.method == "GET", request.path == "/open-apis/admin/v1/badges", var data = reply["data"]?.objectValue,
                var items = data["badges"]?.arrayValue
            else { return reply }
            let token = request.queryItems.first { $0.name == "page_token" }?.value
            if let token, let previous = lastItems.withLock({ $0[token] }) { items.insert(previous, at: 0) }
            if let next = data["page_token"]?.stringValue, let last = data["badges"]?.arrayValue?.last { lastItems.withLock { $0[next] = last } }
            data["badges"] = .array(items)
            var out = reply.objectValue ?? [:]
            out["data"] = .object(data)
            return .object(out)
        }
        let tenant = try LiveTenant(specs: try shippedSpecs(), rewrite: overlap)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (list, reports) = try await Self.listAfterOthers(tenant, directory: directory)
        #expect(list.code == .failure, "stderr: \(list.stderr)")
        let rules = (reports?.resultCase(Self.walk)?["findings"]?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue }
        #expect(rules.contains("behaviours.lists.noRepeats"), "\(rules)")
        await tenant.server.stop()
    }
}
