import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@Suite("Runner")
struct RunnerTests {
    let specs: SpecSet
    static let primary = Credentials.App(appID: "cli_primary", appSecret: "primary-secret-0001")
    static let second = Credentials.App(appID: "cli_second", appSecret: "second-secret-0002")

    init() throws { specs = try TestSpecs.specSet() }

    func live(_ fake: FakePlatform, _ credentials: Credentials = Credentials(primary: primary)) -> RunTarget {
        RunTarget(transport: InProcessTransport(handler: fake), description: "https://open.example.test", isMock: false, credentials: credentials)
    }

    func mock(_ fake: FakePlatform) -> RunTarget {
        RunTarget(transport: InProcessTransport(handler: fake), description: "embedded mock", isMock: true)
    }

    func options(
        allowWrites: Bool = true, maxWrites: Int = 10, clock: ManualClock = ManualClock(), pacing: RunOptions.Pacing = .never,
        probeRateLimits: Bool = false
    ) -> RunOptions {
        RunOptions(
            allowWrites: allowWrites, maxWrites: maxWrites, runID: "t1", requestTimeout: .seconds(5), pacing: pacing,
            clock: clock, fixtures: CountingFixtures().source, probeRateLimits: probeRateLimits)
    }

    static let documented = Provenance.documented("doc words")
    static let inferred = Provenance.inferred("our reason")

    func createCase(
        _ id: String, expect: ConformanceKit.Expectation = .success, provenance: Provenance = documented, ruleProvenance: Provenance? = nil,
        requirements: [Requirement] = [],
        name: ValueRecipe = .uniqueText(length: 10, filler: nil), caller: Caller = .primary, captures: [String: String] = [:],
        repeatCount: Int = 1, kind: CaseKind = .field, extraSteps: [CaseStep] = [], notExercisable: String? = nil
    ) -> ConformanceCase {
        ConformanceCase(
            id: "test.v1.widget.create/\(id)", endpointID: "test.v1.widget.create", title: "create: \(id)", kind: kind,
            rule: "request.name.\(id)", provenance: provenance, ruleProvenance: ruleProvenance, requirements: requirements, covers: [.field("name")],
            steps: extraSteps + [
                .request(
                    RequestStep(
                        caller: caller, endpointID: "test.v1.widget.create", values: ["name": name],
                        repeatCount: repeatCount, expect: expect, captures: captures))
            ],
            notExercisableReason: notExercisable)
    }

    func run(_ cases: [ConformanceCase], _ target: RunTarget, _ options: RunOptions) async throws -> RunResult {
        try await Runner().run(cases: cases, specs: specs, target: target, options: options)
    }

    @Test("pass, documented failure, inferred warning, and reply findings on success")
    func outcomes() async throws {
        let result = try await run(
            [
                createCase("ok"),
                createCase("tooLong", expect: .error(code: 1000001, httpStatus: 400), name: .text("eleven-char")),
                createCase("wrongDocumented", expect: .error(code: 1000001, httpStatus: 400)),
                createCase("wrongInferred", expect: .error(code: 1000001, httpStatus: 400), provenance: Self.inferred),
            ], live(FakePlatform()), options())
        #expect(result.cases.map(\.status) == [.passed, .passed, .failed, .warning])
        let failure = try #require(result.cases[2].findings.first)
        #expect(failure.rule == "request.name.wrongDocumented")
        #expect(failure.expected == "a refusal: code 1000001 (HTTP 400)")
        #expect(failure.observed.hasPrefix("accepted: code 0 (HTTP 200)"))
        #expect(result.cases[3].findings.first?.severity == .warning)
        #expect(result.hasFailures)
        #expect(result.cases[0].exchanges.count == 1)
        #expect(result.cases[0].exchanges.first?.path == "/open-apis/test/v1/widgets")
        #expect(result.endpoints.map(\.id) == ["test.v1.widget.create"])
        #expect(result.endpoints.first?.coverage.contains(.limit("name.maxLength")) == true)
    }

    @Test("a refusal case asks two questions: refused at all (the rule's provenance), with which code (the code's)")
    func refusalAndCode() async throws {
        let result = try await run(
            [
                // A documented rule with an inferred code: accepting the value fails the case ...
                createCase(
                    "acceptedDocumentedRule", expect: .error(code: 1000001, httpStatus: 400), provenance: Self.inferred,
                    ruleProvenance: Self.documented),
                // ... refusing it with another code than the inferred one is a warning ...
                createCase(
                    "otherCode", expect: .error(code: 1000009, httpStatus: 400), provenance: Self.inferred,
                    ruleProvenance: Self.documented, name: .text("eleven-char")),
                // ... and so is another HTTP status.
                createCase(
                    "otherStatus", expect: .error(code: 1000001, httpStatus: 422), provenance: Self.inferred,
                    ruleProvenance: Self.documented, name: .text("eleven-char")),
                // An inferred rule: accepting is only a warning.
                createCase("acceptedInferredRule", expect: .error(code: 1000001, httpStatus: 400), provenance: Self.inferred),
                // A documented code: another code fails.
                createCase("otherDocumentedCode", expect: .error(code: 1000009, httpStatus: 400), name: .text("eleven-char")),
            ], live(FakePlatform()), options())
        #expect(result.cases.map(\.status) == [.failed, .warning, .warning, .warning, .failed], "\(result.cases.map(\.findings))")
        let accepted = try #require(result.cases[0].findings.first)
        #expect(accepted.severity == .failure)
        #expect(accepted.rule == "request.name.acceptedDocumentedRule")
        #expect(accepted.expected == "a refusal: code 1000001 (HTTP 400)")
        #expect(accepted.observed.hasPrefix("accepted: code 0 (HTTP 200)"))
        #expect(accepted.provenance == Self.documented)
        let other = try #require(result.cases[1].findings.first)
        #expect(other.severity == .warning)
        #expect(other.observed.hasPrefix("refused with code 1000001 (HTTP 400)"))
        #expect(other.provenance == Self.inferred)
        #expect(result.cases[3].findings.first?.provenance == Self.inferred)
    }

    @Test("response drift and inferred fields make a success case a warning; documented type errors fail it")
    func replyFindings() async throws {
        var behaviour = FakePlatform.Behaviour()
        behaviour.extraField = true
        let drifted = try await run([createCase("drift")], live(FakePlatform(behaviour)), options())
        #expect(drifted.cases[0].status == .warning)
        #expect(drifted.cases[0].findings.map(\.rule) == ["drift"])
        behaviour.omitName = true
        let warned = try await run([createCase("drift")], live(FakePlatform(behaviour)), options())
        #expect(warned.cases[0].status == .warning)
        // A missing field beside an undocumented one: reported together as a probable rename.
        #expect(warned.cases[0].findings.map(\.rule) == ["response.widget.name"])
        #expect(warned.cases[0].findings.first?.observed.hasSuffix("probably renamed") == true)
        var broken = FakePlatform.Behaviour()
        broken.idAsInt = true
        let failed = try await run([createCase("type")], live(FakePlatform(broken)), options())
        #expect(failed.cases[0].status == .failed)
        #expect(failed.cases[0].findings.map(\.rule) == ["response.widget.id.type"])
    }

    @Test("requirements a live target cannot meet are skipped with a precise reason, never passed")
    func skips() async throws {
        let cases = [
            createCase("clock", requirements: [.controllableClock]),
            createCase("fresh", requirements: [.freshTenant]),
            createCase("lacking", requirements: [.appLacking("bot")]),
            createCase("second", requirements: [.secondTenant]),
            createCase("user", requirements: [.userToken]),
            createCase("server", notExercisable: "a server-side fault"),
            createCase("impliedClock", requirements: [], extraSteps: [.advanceClock(seconds: 10)]),
            createCase("impliedSecond", requirements: [], caller: Caller(app: .second)),
        ]
        let result = try await run(cases, live(FakePlatform()), options())
        #expect(result.cases.allSatisfy { $0.status == .skipped })
        let reasons = result.cases.compactMap(\.skipReason)
        #expect(reasons.count == cases.count)
        #expect(reasons[0].contains("controllable clock"))
        #expect(reasons[1].contains("fresh, empty tenant"))
        #expect(reasons[2].contains("lacking bot"))
        #expect(reasons[3].contains("FEISHU_SECOND_APP_ID"))
        #expect(reasons[4].contains("FEISHU_USER_ACCESS_TOKEN"))
        #expect(reasons[5] == "not exercisable: a server-side fault")
        #expect(reasons[6].contains("controllable clock"))
        #expect(reasons[7].contains("FEISHU_SECOND_APP_ID"))
        #expect(!result.hasFailures)
    }

    @Test("a value longer than the runner sends (imported pages document lengths up to 10^16) is not exercised, on a mock too")
    func hugeValues() async throws {
        let limit = 4 * 1024 * 1024
        let cases = [
            createCase("at", name: .uniqueText(length: limit, filler: "a")),
            createCase("above", name: .uniqueText(length: limit + 1, filler: "a")),
            createCase("nested", name: .object(["zh_cn": .uniqueText(length: 10_000_000_000_000_000, filler: nil)])),
        ]
        let result = try await run(cases, mock(FakePlatform()), options())
        #expect(result.cases[0].skipReason == nil)
        #expect(result.cases[1].status == .skipped)
        #expect(
            result.cases[1].skipReason
                == "sends a value of \(limit + 1) characters, past the \(limit) the runner sends in one value (a documented length this large is not exercised)"
        )
        #expect(result.cases[2].skipReason?.hasPrefix("sends a value of 10000000000000000 characters") == true)
    }

    @Test("second tenant and user token run on live when credentials are given")
    func liveCredentials() async throws {
        let credentials = Credentials(primary: Self.primary, second: Self.second, userAccessToken: "u-not-known-to-the-fake")
        let result = try await run(
            [
                createCase("second", requirements: [.secondTenant], caller: Caller(app: .second)),
                createCase(
                    "user", expect: .error(code: 99991663, httpStatus: 401), requirements: [.userToken],
                    caller: Caller(credential: .userToken)),
            ], live(FakePlatform(), credentials), options())
        #expect(result.cases.map(\.status) == [.passed, .passed])
    }

    @Test("writes need --allow-writes and stay within --max-writes, counted from the steps that create")
    func writeBudget() async throws {
        let fake = FakePlatform()
        let denied = try await run([createCase("a")], live(fake), options(allowWrites: false))
        #expect(denied.cases[0].status == .skipped)
        #expect(denied.cases[0].skipReason?.contains("--allow-writes") == true)
        // "b" creates twice (a set-up create, then the one under test): 2 writes, whatever it declares.
        let twice = createCase(
            "b", requirements: [],
            extraSteps: [
                .request(
                    RequestStep(
                        endpointID: "test.v1.widget.create",
                        values: ["name": .uniqueText(length: 10, filler: nil)],
                        expect: .success))
            ])
        let budget = try await run(
            [createCase("a"), twice, createCase("c"), createCase("d")],
            live(fake), options(maxWrites: 3))
        #expect(budget.cases.map(\.status) == [.passed, .passed, .skipped, .skipped])
        #expect(budget.cases[2].skipReason?.contains("only 0 of the --max-writes 3") == true)
        let created = fake.requests.filter { $0.method == "POST" && $0.path == "/open-apis/test/v1/widgets" }
        #expect(created.count == 3, "skipped cases must not send anything")
        // A create that should have been refused but was accepted made an object: it counts too.
        let drifting = FakePlatform()
        let accepted = try await run(
            [
                createCase("refusedButAccepted", expect: .error(code: 1000001, httpStatus: 400)), createCase("e"),
                createCase("f"),
            ], live(drifting), options(maxWrites: 2))
        #expect(accepted.cases.map(\.status) == [.failed, .passed, .skipped], "\(accepted.cases.map(\.findingsSummary))")
        #expect(
            drifting.requests.filter { $0.method == "POST" && $0.path == "/open-apis/test/v1/widgets" }.count == 2,
            "at most --max-writes objects, the unplanned one included")
        // On a mock, writes need no permission.
        let onMock = try await run([createCase("a")], mock(FakePlatform()), options(allowWrites: false))
        #expect(onMock.cases[0].status == .passed)
    }

    @Test("a rate-limit answer waits for the reset header on the injected clock and retries once")
    func rateLimitRetry() async throws {
        var behaviour = FakePlatform.Behaviour()
        behaviour.rateLimitFirst = 1
        let clock = ManualClock()
        let result = try await run([createCase("ok")], live(FakePlatform(behaviour)), options(clock: clock))
        #expect(result.cases[0].status == .passed)
        #expect(clock.sleeps == [7])
        #expect(result.cases[0].exchanges.map(\.httpStatus) == [429, 200])
        // Twice limited: retried only once, then judged.
        behaviour.rateLimitFirst = 2
        let twice = try await run([createCase("ok")], live(FakePlatform(behaviour)), options())
        #expect(twice.cases[0].status == .failed)
        #expect(twice.cases[0].exchanges.count == 2)
    }

    /// The test specs with widget names unique per tenant; `filter` keeps the list's exact-name filter.
    func uniqueNameSpecs(filter: Bool) throws -> SpecSet {
        var set = specs
        let unique = try JSONDecoder().decode(
            Behaviour.self,
            from: Data(
                #"""
                {"kind": "unique", "resource": "widget", "field": "name", "error": {"code": 1000002, "documented": "dup"},
                 "provenance": {"documented": "unique name"}}
                """#.utf8))
        for index in set.endpoints.indices {
            if set.endpoints[index].id == "test.v1.widget.create" { set.endpoints[index].behaviours.append(unique) }
            if set.endpoints[index].id == "test.v1.widget.list", !filter {
                set.endpoints[index].behaviours = set.endpoints[index].behaviours.map { b in
                    guard case .lists(var l) = b else { return b }
                    l.filters = nil
                    return .lists(l)
                }
            }
        }
        return set
    }

    @Test("a unique name too short for the run's prefix is checked free with the list's exact-name filter first, or not exercised without one")
    func shortUniqueNames() async throws {
        let fake = FakePlatform()
        let short = createCase("short", name: .uniqueText(length: 2, filler: "a"))
        let checked = try await Runner().run(cases: [short], specs: try uniqueNameSpecs(filter: true), target: live(fake), options: options())
        #expect(checked.cases[0].status == .passed, "\(checked.cases[0].findingsSummary)")
        let sent = fake.requests.map { "\($0.method) \($0.path)" }
        let probe = try #require(fake.requests.first { $0.method == "GET" }, "no list request before the create: \(sent)")
        let name = try #require(probe.queryItems.first { $0.name == "name" }?.value)
        #expect(name.count == 2)
        let created = try #require(fake.requests.last)
        let sentName = try JSONValue.parse(created.body)["name"]?.stringValue
        #expect(created.method == "POST" && sentName == name, "the name checked free is the one sent")

        let unfiltered = try await Runner().run(
            cases: [short], specs: try uniqueNameSpecs(filter: false), target: live(FakePlatform()),
            options: options())
        #expect(unfiltered.cases[0].status == .skipped)
        #expect(unfiltered.cases[0].skipReason?.contains("too short to carry the run's prefix fc-t1-") == true, "\(unfiltered.cases[0].skipReason ?? "")")
        // On a mock every case has a fresh tenant: nothing to check.
        let onMock = try await Runner().run(cases: [short], specs: try uniqueNameSpecs(filter: false), target: mock(FakePlatform()), options: options())
        #expect(onMock.cases[0].status == .passed)
    }

    @Test("rate-limit cases on a live target run only with --probe-rate-limits; then they expect the limit: no retry, both headers checked")
    func rateLimitCase() async throws {
        var behaviour = FakePlatform.Behaviour()
        behaviour.rateLimitFirst = 1
        let probe = createCase("limit", expect: .rateLimited(code: 99991400, httpStatus: 429), kind: .rateLimit)
        let unprobed = try await run([probe], live(FakePlatform(behaviour)), options())
        #expect(unprobed.cases[0].status == .skipped)
        #expect(unprobed.cases[0].skipReason?.contains("--probe-rate-limits") == true)
        let clock = ManualClock()
        let result = try await run([probe], live(FakePlatform(behaviour)), options(clock: clock, probeRateLimits: true))
        #expect(result.cases[0].status == .passed, "\(result.cases[0].findings)")
        #expect(clock.sleeps.isEmpty)
    }

    @Test("pacing spaces requests of one endpoint and app under its documented limit (20/min -> 3 s plus 2% slack)")
    func pacing() async throws {
        let clock = ManualClock()
        let result = try await run([createCase("p", repeatCount: 3)], live(FakePlatform()), options(clock: clock, pacing: .auto))
        #expect(result.cases[0].status == .passed)
        let spacing = 60 * (1 + RatePacer.slack) / 20
        #expect(clock.sleeps.map { ($0 * 1000).rounded() } == [spacing, spacing].map { ($0 * 1000).rounded() })
        let pacer = RatePacer(clock: ManualClock())
        #expect(
            RatePacer.interval(for: [RateLimit(count: 20, window: .minute), RateLimit(count: 5, window: .second)]) == spacing,
            "the strictest limit decides: 20/minute, not 5/second")
        #expect(await pacer.acquire(key: "a", interval: 3) == 0)
        #expect(await pacer.acquire(key: "b", interval: 3) == 0, "keys are independent")
    }

    @Test("no secret or token reaches the result, even when the platform echoes the Authorization header")
    func redaction() async throws {
        var behaviour = FakePlatform.Behaviour()
        behaviour.echoAuthorization = true
        let fake = FakePlatform(behaviour)
        let credentials = Credentials(primary: Self.primary, second: Self.second, userAccessToken: "u-live0123456789abcdefXYZ")
        let result = try await run(
            [
                createCase("echo"),
                createCase("bad", expect: .error(code: 1, httpStatus: 400), caller: Caller(credential: .raw("Bearer t-9999888877776666555544"))),
                createCase("user", expect: .success, requirements: [.userToken], caller: Caller(credential: .userToken)),
            ], live(fake, credentials), options())
        let encoder = JSONEncoder()
        let json = String(decoding: try encoder.encode(result), as: UTF8.self)
        let issued = fake.state.withLock { Array($0.tokens.keys) }
        #expect(!issued.isEmpty)
        for secret in issued + ["primary-secret-0001", "second-secret-0002", "u-live0123456789abcdefXYZ", "t-9999888877776666555544"] {
            let leaked = json.contains(secret)  // checked as a Bool so a failure never prints the secret
            #expect(!leaked, "a secret leaked into results.json")
        }
        #expect(json.contains("t-****"), "the echoed token must show as masked")
        #expect(result.cases[0].findings.contains { $0.rule == "drift" && $0.observed.contains("Bearer t-****") })
        let redactor = Redactor(secrets: ["sekrit-value"])
        #expect(redactor.redact("x sekrit-value y t-abcdef0123456789abcd") == "x **** y t-****")
        #expect(redactor.redact("fc-t1-1字字 and data-1234567890abcdefgh stay") == "fc-t1-1字字 and data-1234567890abcdefgh stay")
    }

    @Test("the redactor masks the longest known secret at each place, among thousands sharing a prefix")
    func redactorScale() {
        let redactor = Redactor()
        for i in 0..<5000 { redactor.add("mock-secret-\(i)") }
        redactor.add("mock-secret-1")
        redactor.add("mock")
        #expect(redactor.count == 5001)
        #expect(redactor.redact("a mock-secret-4999 b mock-secret-12x mock c mocks") == "a **** b ****x **** c ****s")
    }

    @Test("unreachable target, refused credentials and missing credentials are typed RunErrors")
    func runErrors() async throws {
        let unreachable = RunTarget(
            transport: UnreachableTransport(), description: "http://127.0.0.1:9", isMock: false,
            credentials: Credentials(primary: Self.primary))
        await #expect(throws: RunError.connection("unreachable: connection refused (127.0.0.1:9)")) {
            try await run([createCase("a")], unreachable, options())
        }
        let wrong = Credentials(primary: Credentials.App(appID: "cli_primary", appSecret: "wrong-secret"))
        await #expect(throws: RunError.badCredentials(platformMessage: "code 10003 (HTTP 400): invalid app_id or app_secret")) {
            try await run([createCase("a")], live(FakePlatform(), wrong), options())
        }
        await #expect(throws: RunError.missingCredentials) {
            try await run([createCase("a")], live(FakePlatform(), Credentials()), options())
        }
        let unreachableMock = RunTarget(transport: UnreachableTransport(), description: "mock", isMock: true)
        await #expect(throws: RunError.self) { try await run([createCase("a")], unreachableMock, options()) }
        #expect(Credentials.fromEnvironment(["FEISHU_APP_ID": "a", "FEISHU_APP_SECRET": "b", "FEISHU_SECOND_APP_ID": "c"]).second == nil)
        #expect(Credentials.fromEnvironment(["FEISHU_APP_ID": "a", "FEISHU_APP_SECRET": "b"]).primary?.appSecret == "b")
        #expect(!"\(Credentials(primary: Self.primary))".contains("primary-secret"))
    }

    @Test("a reply that never comes is a timeout: the case errors, the run goes on")
    func timeout() async throws {
        let fake = FakePlatform()
        let slow = ClosureHandler { request in
            if request.path == "/open-apis/test/v1/widgets" { try? await Task.sleep(for: .seconds(30)) }
            return await fake.handle(request)
        }
        var opts = options()
        opts.requestTimeout = .milliseconds(100)
        let target = RunTarget(
            transport: InProcessTransport(handler: slow), description: "slow", isMock: false,
            credentials: Credentials(primary: Self.primary))
        let result = try await run([createCase("slow")], target, opts)
        #expect(result.cases[0].status == .error)
        #expect(result.cases[0].findings.first?.observed.contains("timeout") == true)
        #expect(result.hasFailures)
    }

    @Test("captures feed later steps; a list walk checks order, page tokens and repeats")
    func listWalk() async throws {
        func walkCase(pageSize: Int, order: [String]) -> ConformanceCase {
            let creates = ["a", "b", "c"].map { name in
                CaseStep.request(
                    RequestStep(
                        endpointID: "test.v1.widget.create", values: ["name": .uniqueText(length: 10, filler: nil)],
                        expect: .success, captures: [name: "widget.id"]))
            }
            return ConformanceCase(
                id: "list/order", endpointID: "test.v1.widget.list", title: "list order", kind: .behaviour,
                rule: "behaviours.lists.order", provenance: Self.inferred, requirements: [.freshTenant],
                steps: creates + [
                    .request(
                        RequestStep(
                            endpointID: "test.v1.widget.list", values: [:],
                            expect: .listWalk(pageSize: pageSize, expectedOrder: order)))
                ])
        }
        let result = try await run(
            [walkCase(pageSize: 2, order: ["c", "b", "a"]), walkCase(pageSize: 1, order: ["a", "b", "c"])],
            mock(FakePlatform()), options())
        #expect(result.cases[0].status == .passed, "\(result.cases[0].findings)")
        #expect(result.cases[0].exchanges.count == 5, "3 creations + 2 pages")
        #expect(result.cases[1].status == .warning, "wrong order against an inferred rule is a warning")
        #expect(result.cases[1].findings.first?.observed.isEmpty == false)

        var behaviour = FakePlatform.Behaviour()
        behaviour.tokenOnLastPage = true
        let broken = try await run([walkCase(pageSize: 2, order: ["c", "b", "a"])], mock(FakePlatform(behaviour)), options())
        #expect(broken.cases[0].status == .failed)
        #expect(broken.cases[0].findings.map(\.rule) == ["behaviours.lists.pageTokenOnlyWhenMore"])
    }

    @Test("list filter: every item matches the captured value")
    func listFiltered() async throws {
        let steps: [CaseStep] = [
            .request(RequestStep(endpointID: "test.v1.widget.create", values: ["name": .text("same")], expect: .success, captures: ["n": "widget.name"])),
            .request(RequestStep(endpointID: "test.v1.widget.create", values: ["name": .text("other")], expect: .success)),
            .request(
                RequestStep(
                    endpointID: "test.v1.widget.list", values: ["name": .captured("n")],
                    expect: .listFiltered(field: "name", capture: "n", expectedCount: 1))),
        ]
        let filtered = ConformanceCase(
            id: "list/filter", endpointID: "test.v1.widget.list", title: "filter", kind: .behaviour,
            rule: "behaviours.lists.filters.name", provenance: Self.documented, steps: steps)
        let result = try await run([filtered], mock(FakePlatform()), options())
        #expect(result.cases[0].status == .passed, "\(result.cases[0].findings)")
    }

    @Test("list page: exact item count and has_more of one page; a wrong count or flag fails")
    func listPage() async throws {
        func pageCase(_ id: String, pageSize: Int?, expect: ConformanceKit.Expectation) -> ConformanceCase {
            var values: [String: ValueRecipe] = [:]
            if let pageSize { values["page_size"] = .json(.int(pageSize)) }
            return ConformanceCase(
                id: id, endpointID: "test.v1.widget.list", title: id, kind: .behaviour, rule: "request.page_size.default",
                provenance: Self.documented, requirements: [.freshTenant],
                steps: [
                    .request(
                        RequestStep(
                            endpointID: "test.v1.widget.create", values: ["name": .uniqueText(length: 10, filler: nil)],
                            repeatCount: 3, expect: .success)),
                    .request(RequestStep(endpointID: "test.v1.widget.list", values: values, expect: expect)),
                ])
        }
        let result = try await run(
            [
                pageCase("two", pageSize: 2, expect: .listPage(count: 2, hasMore: true)),
                pageCase("all", pageSize: nil, expect: .listPage(count: 3, hasMore: false)),
                pageCase("wrong-count", pageSize: 2, expect: .listPage(count: 1, hasMore: true)),
                pageCase("wrong-more", pageSize: 5, expect: .listPage(count: 3, hasMore: true)),
            ], mock(FakePlatform()), options())
        #expect(result.cases.map(\.status) == [.passed, .passed, .failed, .failed], "\(result.cases.map(\.findings))")
        #expect(result.cases[2].findings.first?.observed == "2 item(s)")
        #expect(result.cases[3].findings.first?.path == "$.data.has_more")
    }

    @Test("on a mock: fresh apps per case (lacking ones included), clock steps and expired tokens use the admin API")
    func mockAdmin() async throws {
        let fake = FakePlatform()
        let result = try await run(
            [
                createCase("clock", requirements: [.controllableClock], extraSteps: [.freezeClock, .advanceClock(seconds: 60)]),
                createCase("expired", expect: .error(code: 99991663, httpStatus: 401), caller: Caller(credential: .expiredTenantToken)),
                createCase("lacking", requirements: [.appLacking("bot")], caller: Caller(app: .lacking("bot"))),
                createCase("user", requirements: [.userToken], caller: Caller(credential: .userToken)),
            ], mock(fake), options())
        #expect(result.cases.map(\.status) == [.passed, .passed, .passed, .passed], "\(result.cases.map(\.findings))")
        let calls = fake.clockCalls
        #expect(calls.contains { $0.hasSuffix(" frozen") })
        #expect(calls.contains { $0.hasSuffix("+60") })
        #expect(calls.contains { $0.hasSuffix("+7201") })
        let apps = fake.requests.filter { $0.path == "/__mock/apps" }
        #expect(apps.count >= 5, "one preflight app plus a fresh app per case")
    }
}
