import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

/// Runs one case: checks its requirements, makes its apps, runs its steps, and judges the replies.
final class CaseExecution {
    let session: RunSession
    let testCase: ConformanceCase
    private var apps: [CallerApp: AppCredentials] = [:]
    private var appOrder: [CallerApp] = []
    private var captures: [String: JSONValue] = [:]
    private var findings: [Finding] = []
    private var exchanges = ExchangeLog()
    private var errored = false

    /// Ends the steps early: a failed expectation (already recorded) or an error.
    private struct Stop: Error {}

    init(session: RunSession, testCase: ConformanceCase) {
        self.session = session
        self.testCase = testCase
    }

    private var specs: SpecSet { session.specs }
    private var platform: PlatformSpec { session.specs.platform }
    private var severity: Finding.Severity { testCase.provenance.isDocumented ? .failure : .warning }

    // MARK: Verdict

    func run() async -> CaseResult {
        let started = ContinuousClock.now
        if let reason = skipReason() {
            return finish(status: .skipped, skipReason: reason, started: started)
        }
        let underTest = testCase.steps.lastIndex { if case .request = $0 { true } else { false } }
        do {
            for (index, step) in testCase.steps.enumerated() {
                switch step {
                case .request(let request): try await runRequestStep(request, isUnderTest: index == underTest)
                case .advanceClock(let seconds): try await advanceClock(seconds)
                case .freezeClock:
                    // A live probe cannot stop the tenant's clock; it sends its burst within one window instead.
                    if isLiveProbe { continue }
                    try await freezeClock()
                }
            }
        } catch {
            // Already recorded as a finding (or an error).
        }
        let status: CaseStatus
        if errored {
            status = .error
        } else if findings.contains(where: { $0.severity == .failure }) {
            status = .failed
        } else if !findings.isEmpty {
            status = .warning
        } else {
            status = .passed
        }
        return finish(status: status, skipReason: nil, started: started)
    }

    private func finish(status: CaseStatus, skipReason: String?, started: ContinuousClock.Instant) -> CaseResult {
        let r = session.redactor
        var unique: [Finding] = []
        for f in findings where !unique.contains(f) { unique.append(f) }
        let cleaned = unique.map {
            Finding(
                severity: $0.severity, rule: r.redact($0.rule), path: r.redact($0.path), expected: r.redact($0.expected),
                observed: r.redact($0.observed), provenance: $0.provenance)
        }
        let records = exchanges.kept.map {
            ExchangeRecord(method: $0.method, path: r.redact($0.path), httpStatus: $0.httpStatus, code: $0.code, logID: r.redact($0.logID))
        }
        let elapsed = ContinuousClock.now - started
        return CaseResult(
            caseID: testCase.id, endpointID: testCase.endpointID, title: r.redact(testCase.title), kind: testCase.kind,
            rule: testCase.rule, provenance: testCase.provenance, covers: testCase.covers, status: status,
            findings: cleaned, skipReason: r.redact(skipReason), exchanges: records,
            omittedExchanges: exchanges.omitted,
            durationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    // MARK: Requirements

    /// Declared requirements plus those the steps imply (clock steps, second app, lacking apps, user tokens).
    var effectiveRequirements: [Requirement] {
        var all = testCase.requirements
        for r in Requirement.implied(by: testCase.steps) where !all.contains(r) { all.append(r) }
        return all
    }

    /// A rate-limit case run against a live target under `--probe-rate-limits`.
    var isLiveProbe: Bool { testCase.kind == .rateLimit && !session.target.isMock && session.options.probeRateLimits }

    /// Why the case cannot run against this target, or nil. Write budget is reserved last.
    func skipReason() -> String? {
        if let reason = testCase.notExercisableReason { return "not exercisable: \(reason)" }
        let target = session.target
        let live = !target.isMock
        let requirements = effectiveRequirements
        if live, testCase.kind == .rateLimit, !session.options.probeRateLimits {
            return "a rate-limit probe sends its limit + 1 requests within one window: on a live target only with --probe-rate-limits"
        }
        for requirement in requirements {
            // A live probe needs neither: it waits for a quiet window and counts its writes.
            if isLiveProbe, requirement == .controllableClock || requirement == .freshTenant { continue }
            switch requirement {
            case .controllableClock where live:
                return "needs a controllable clock (advancing or freezing time): only the mock has one"
            case .freshTenant where live:
                return "needs a fresh, empty tenant: only the mock can make one on demand"
            case .appLacking(let capability) where live:
                return "needs an app lacking \(capability): only the mock can make one on demand"
            case .secondTenant where live && target.credentials.second == nil:
                return "needs a second tenant: set FEISHU_SECOND_APP_ID and FEISHU_SECOND_APP_SECRET"
            case .userToken where live && target.credentials.userAccessToken == nil:
                return "needs a user access token: set FEISHU_USER_ACCESS_TOKEN"
            default:
                continue
            }
        }
        for step in testCase.steps {
            guard case .request(let r) = step else { continue }
            guard let endpoint = specs.endpoint(id: r.endpointID) else {
                return "names endpoint \(r.endpointID), which no compiled-in spec describes"
            }
            if live, let reason = FreshNames.uncheckable(r, endpoint: endpoint, session: session) { return reason }
            if live, endpoint.effectiveTier == .imported, r.expect.isSuccess || testCase.kind == .rateLimit {
                return "calls the imported spec \(endpoint.id) expecting success: its values and ids come from the doc's examples and "
                    + "conventions, not reviewed for a production tenant; runs against the mock (curate the spec to run it live)"
            }
            // A refusal of an imported spec does not justify objects made on a production tenant
            // (a badge can never be deleted): only curated specs' cases create objects there.
            if live, r.endpointID != testCase.endpointID, r.expect.isSuccess, specs.endpoint(id: testCase.endpointID)?.effectiveTier == .imported {
                return "sets up a \(endpoint.id) object for a case of the imported spec \(testCase.endpointID): on a live tenant only curated "
                    + "specs' cases create objects; runs against the mock (curate the spec to run it live)"
            }
            if let length = r.values.values.map(Self.textLength).max(), length > Self.maxTextLength {
                return
                    "sends a value of \(length) characters, past the \(Self.maxTextLength) the runner sends in one value (a documented length this large is not exercised)"
            }
        }
        return session.reserveWrites(plannedWrites())
    }

    /// The most characters the runner puts in one value: 4 Mi, up to 12 MiB of UTF-8, under the
    /// mock's 32 MiB body limit. Imported pages document lengths up to 10^16, which no request can carry.
    static let maxTextLength = 4 * 1024 * 1024

    /// The characters a `.uniqueText` recipe (or the longest one in an object) makes; 0 for other recipes.
    static func textLength(_ recipe: ValueRecipe) -> Int {
        switch recipe {
        case .uniqueText(let length, _): length
        case .object(let members): members.values.map(textLength).max() ?? 0
        default: 0
        }
    }

    /// The objects this case would create now: each request step's ``EndpointSpec/objectsCreated(by:)``,
    /// except set-up fixtures the run already holds fresh (live targets reuse them).
    func plannedWrites() -> Int {
        let underTest = testCase.steps.lastIndex { if case .request = $0 { true } else { false } }
        var total = 0
        for (index, step) in testCase.steps.enumerated() {
            guard case .request(let request) = step, let endpoint = specs.endpoint(id: request.endpointID) else { continue }
            if !session.target.isMock, let appID = session.liveAppID(request.caller.app),
                let key = session.fixtures.key(for: request, appID: appID, isUnderTest: index == underTest),
                session.fixtures.fresh(key, now: session.options.clock.now) != nil
            {
                continue
            }
            total += endpoint.objectsCreated(by: request)
        }
        return total
    }

    // MARK: Apps and credentials

    private func fail(_ rule: String, path: String? = nil, expected: String, observed: String) {
        findings.append(Finding(severity: severity, rule: rule, path: path, expected: expected, observed: observed, provenance: testCase.provenance))
    }

    private func error(_ what: String, _ failure: SessionFailure) -> Stop {
        errored = true
        findings.append(
            Finding(
                severity: .failure, rule: testCase.rule, expected: what, observed: failure.message,
                provenance: testCase.provenance))
        return Stop()
    }

    private func app(_ name: CallerApp) async throws -> AppCredentials {
        if let known = apps[name] { return known }
        let made: AppCredentials
        if session.target.isMock {
            var lacking: String?
            if case .lacking(let capability) = name { lacking = capability }
            do { made = try await session.makeMockApp(lacking: lacking) } catch { throw self.error("a fresh mock app \(name)", error) }
        } else {
            guard let chosen = session.liveApp(name) else {
                errored = true
                findings.append(
                    Finding(
                        severity: .failure, rule: testCase.rule, expected: "credentials for app \(name)",
                        observed: "none configured", provenance: testCase.provenance))
                throw Stop()
            }
            made = AppCredentials(appID: chosen.appID, appSecret: chosen.appSecret, userAccessToken: nil)
        }
        apps[name] = made
        appOrder.append(name)
        return made
    }

    private func authorization(for caller: Caller) async throws -> (header: String?, app: AppCredentials) {
        let app = try await app(caller.app)
        let scheme = platform.tokens.scheme.value
        switch caller.credential {
        case .none:
            return (nil, app)
        case .raw(let value):
            return (value, app)
        case .tenantToken:
            do { return ("\(scheme) \(try await session.tenantToken(for: app))", app) } catch {
                throw self.error("a tenant access token for app \(caller.app)", error)
            }
        case .userToken:
            let token = session.target.isMock ? app.userAccessToken : session.target.credentials.userAccessToken
            guard let token else {
                errored = true
                findings.append(
                    Finding(
                        severity: .failure, rule: testCase.rule, expected: "a user access token",
                        observed: "the target gave none", provenance: testCase.provenance))
                throw Stop()
            }
            return ("\(scheme) \(token)", app)
        case .expiredTenantToken:
            do {
                let token = try await session.tenantToken(for: app)
                try await session.moveClock(appID: app.appID, advanceSeconds: platform.tokens.tenantTokenLifetimeSeconds.value + 1)
                return ("\(scheme) \(token)", app)
            } catch {
                throw self.error("an expired tenant access token for app \(caller.app)", error)
            }
        }
    }

    // MARK: Clock steps

    private func advanceClock(_ seconds: Int) async throws {
        if appOrder.isEmpty { _ = try await app(.primary) }
        for name in appOrder {
            guard let app = apps[name] else { continue }
            do { try await session.moveClock(appID: app.appID, advanceSeconds: seconds) } catch {
                throw self.error("the mock clock of app \(name) advanced by \(seconds) s", error)
            }
        }
    }

    private func freezeClock() async throws {
        if appOrder.isEmpty { _ = try await app(.primary) }
        for name in appOrder {
            guard let app = apps[name] else { continue }
            do { try await session.moveClock(appID: app.appID, advanceSeconds: nil) } catch {
                throw self.error("the mock clock of app \(name) frozen", error)
            }
        }
    }

    // MARK: Requests

    private struct Reply {
        var response: HTTPResponse
        var json: JSONValue?
        var platform: PlatformSpec
        var code: Int? { platform.code(of: json) }
        var msg: String { platform.message(of: json) ?? "" }
        var summary: String { "code \(code.map(String.init) ?? "none") (HTTP \(response.status))\(msg.isEmpty ? "" : ": \(msg)")" }
    }

    private var isRateLimitCase: Bool { testCase.kind == .rateLimit }

    private func isRateLimited(_ reply: Reply) -> Bool {
        reply.code == platform.roles.rateLimited.code
            || (reply.response.status == 429 && reply.response.headers[platform.rateLimiting.resetHeader.value] != nil)
    }

    /// Builds, paces, sends and records one request; retries once after a rate-limit answer unless told not to.
    private func exchange(
        _ step: RequestStep, endpoint: EndpointSpec, authorization: String?, app: AppCredentials,
        pace: Bool, retryOnRateLimit: Bool
    ) async throws -> Reply {
        let request: HTTPRequest
        do {
            request = try session.factory.makeRequest(
                step, endpoint: endpoint,
                context: RequestContext(captures: captures, authorization: authorization))
        } catch {
            errored = true
            findings.append(
                Finding(
                    severity: .failure, rule: testCase.rule, expected: "a request built from the case",
                    observed: error.message, provenance: testCase.provenance))
            throw Stop()
        }
        var reply = try await sendRecorded(request, endpoint: endpoint, app: app, pace: pace)
        if retryOnRateLimit, isRateLimited(reply) {
            let header = reply.response.headers[platform.rateLimiting.resetHeader.value]
            let wait = min(max(header.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 60, 0), session.options.maxRateLimitWait)
            session.progress(.waiting(seconds: wait, reason: "rate limited on \(endpoint.signature); retrying once after the reset"))
            if session.target.isMock {
                do { try await session.moveClock(appID: app.appID, advanceSeconds: Int(wait.rounded(.up))) } catch {
                    throw self.error("the mock clock advanced past a rate-limit window", error)
                }
            } else {
                await session.options.clock.sleep(seconds: wait)
            }
            reply = try await sendRecorded(request, endpoint: endpoint, app: app, pace: pace)
        }
        return reply
    }

    private func sendRecorded(_ request: HTTPRequest, endpoint: EndpointSpec, app: AppCredentials, pace: Bool) async throws -> Reply {
        if pace {
            let interval = RatePacer.interval(for: endpoint.rateLimits.map(\.value))
            let waited = await session.pacer.acquire(key: "\(endpoint.id)|\(app.appID)", interval: interval)
            if waited > 0 { session.progress(.waiting(seconds: waited, reason: "pacing \(endpoint.signature) under its rate limit")) }
        } else if session.pacingEnabled {
            session.pacer.note(key: "\(endpoint.id)|\(app.appID)")
        }
        let response: HTTPResponse
        do { response = try await session.send(request) } catch {
            exchanges.append(ExchangeRecord(method: request.method, path: request.target, httpStatus: nil, code: nil, logID: nil))
            errored = true
            findings.append(
                Finding(
                    severity: .failure, rule: testCase.rule, path: nil, expected: "a reply to \(request.method) \(request.path)",
                    observed: "no reply: \(error.description)", provenance: testCase.provenance))
            throw Stop()
        }
        let json = ResponseValidator.json(of: response)
        if endpoint.createsResource != nil, response.status == 200, platform.code(of: json) == 0 { session.noteCreated(endpoint.id) }
        exchanges.append(
            ExchangeRecord(
                method: request.method, path: request.target, httpStatus: response.status,
                code: platform.code(of: json), logID: response.headers[platform.envelope.logIdHeader.value]))
        return Reply(response: response, json: json, platform: platform)
    }

    /// A success: HTTP 200 with code 0, or for a download (`binary` response) HTTP 200 with a body
    /// that is not a JSON envelope.
    private func isSuccess(_ reply: Reply, _ endpoint: EndpointSpec) -> Bool {
        guard reply.response.status == 200 else { return false }
        return reply.code == 0 || endpoint.response.shape == .binary && reply.json?.objectValue == nil
    }

    private func runRequestStep(_ given: RequestStep, isUnderTest: Bool) async throws {
        guard let endpoint = specs.endpoint(id: given.endpointID) else { throw Stop() }
        let (header, app) = try await authorization(for: given.caller)
        var step = given
        if !session.target.isMock {
            // A live tenant keeps every earlier run's objects: short unique names are checked free first.
            do { step = try await FreshNames(session: session).resolve(given, endpoint: endpoint, app: app) } catch {
                throw self.error("a \(endpoint.id) name the tenant does not hold yet", error)
            }
        }
        if !session.target.isMock, let key = session.fixtures.key(for: step, appID: app.appID, isUnderTest: isUnderTest) {
            try await reuseFixture(step, key: key, endpoint: endpoint, header: header, app: app)
            return
        }
        let expectsLimit: Bool
        if case .rateLimited = step.expect { expectsLimit = true } else { expectsLimit = false }
        let pace = session.pacingEnabled && !expectsLimit && !isRateLimitCase
        let retry = !expectsLimit && !isRateLimitCase
        let count = max(1, step.repeatCount)

        for repetition in 1..<count {
            let reply = try await exchange(step, endpoint: endpoint, authorization: header, app: app, pace: pace, retryOnRateLimit: retry)
            if expectsLimit {
                if isRateLimited(reply) {
                    fail(
                        testCase.rule, path: "$.code", expected: "no rate limit before request \(count) of \(count)",
                        observed: "rate limited at request \(repetition): \(reply.summary)")
                    throw Stop()
                }
            } else if !isSuccess(reply, endpoint) {
                fail(
                    testCase.rule, path: "$.code", expected: "request \(repetition) of \(count) to succeed (code 0, HTTP 200)",
                    observed: reply.summary)
                throw Stop()
            } else {
                try capture(step, from: reply, endpoint: endpoint)
            }
        }

        switch step.expect {
        case .success:
            let reply = try await succeed(step, endpoint: endpoint, header: header, app: app, pace: pace, retry: retry)
            try capture(step, from: reply, endpoint: endpoint)
        case .error(let code, let status):
            let reply = try await exchange(step, endpoint: endpoint, authorization: header, app: app, pace: pace, retryOnRateLimit: retry)
            if isSuccess(reply, endpoint) { session.debitUnplannedWrite(endpoint) }
            findings += session.validator.validateEnvelope(reply.response, json: reply.json)
            // Two questions, each with its own provenance: was the request refused at all (the
            // rule's), and with the expected code and status (the code's)?
            if reply.code == 0 || isSuccess(reply, endpoint) {
                let rule = testCase.ruleProvenance
                findings.append(
                    Finding(
                        severity: rule.isDocumented ? .failure : .warning, rule: testCase.rule, path: "$.code",
                        expected: "a refusal: code \(code) (HTTP \(status))", observed: "accepted: \(reply.summary)",
                        provenance: rule))
                throw Stop()
            }
            if reply.code != code || reply.response.status != status {
                fail(testCase.rule, path: "$.code", expected: "code \(code) (HTTP \(status))", observed: "refused with \(reply.summary)")
                throw Stop()
            }
        case .rateLimited(let code, let status):
            let reply = try await exchange(step, endpoint: endpoint, authorization: header, app: app, pace: pace, retryOnRateLimit: false)
            if isSuccess(reply, endpoint) { session.debitUnplannedWrite(endpoint) }
            findings += session.validator.validateEnvelope(reply.response, json: reply.json)
            if reply.code != code || reply.response.status != status {
                fail(testCase.rule, path: "$.code", expected: "code \(code) (HTTP \(status)) after \(count) request(s)", observed: reply.summary)
                throw Stop()
            }
            for rule in [platform.rateLimiting.limitHeader, platform.rateLimiting.resetHeader]
            where reply.response.headers[rule.value] == nil {
                findings.append(
                    Finding(
                        severity: rule.provenance.isDocumented ? .failure : .warning, rule: "rateLimiting.headers",
                        expected: "\(rule.value) header", observed: "absent", provenance: rule.provenance))
            }
        case .listWalk(let pageSize, let order):
            // The run's own items are the newest: once all are seen (and one page past them, to
            // catch an overlap), the rest of a live tenant's items need not be walked.
            let wanted = Set(order.compactMap { captures[$0].map(RequestFactory.text(of:)) })
            let items = try await walk(
                step, endpoint: endpoint, header: header, app: app, pace: pace, pageSize: pageSize,
                stopAfter: wanted.count == order.count ? wanted : nil)
            try checkOrder(items, order: order, endpoint: endpoint)
        case .listPage(let count, let hasMore):
            try await checkPage(step, endpoint: endpoint, header: header, app: app, pace: pace, count: count, hasMore: hasMore)
        case .successMatching(let path, let name):
            let reply = try await succeed(step, endpoint: endpoint, header: header, app: app, pace: pace, retry: retry)
            try capture(step, from: reply, endpoint: endpoint)
            guard let wanted = captures[name] else {
                fail(testCase.rule, expected: "a value captured as \(name)", observed: "nothing captured")
                throw Stop()
            }
            let found = captureRoot(reply.json, endpoint: endpoint)?.value(at: path)
            if found.map(RequestFactory.text(of:)) != RequestFactory.text(of: wanted) {
                fail(
                    testCase.rule, path: "$.data.\(path)", expected: "\(RequestFactory.text(of: wanted)) (as sent before)",
                    observed: found.map(RequestFactory.text(of:)) ?? "absent")
            }
        case .listFiltered(let field, let name, let expectedCount):
            let items = try await walk(step, endpoint: endpoint, header: header, app: app, pace: pace, pageSize: nil)
            guard let wanted = captures[name] else {
                fail(testCase.rule, expected: "a value captured as \(name)", observed: "nothing captured")
                throw Stop()
            }
            let wantedText = RequestFactory.text(of: wanted)
            let matching = items.filter { $0.value(at: field).map(RequestFactory.text(of:)) == wantedText }
            if matching.count != items.count {
                fail(
                    testCase.rule, path: "$.data", expected: "only items whose \(field) is \(wantedText)",
                    observed: "\(items.count - matching.count) of \(items.count) item(s) with another \(field)")
            }
            if items.count != expectedCount {
                fail(
                    testCase.rule, path: "$.data", expected: "\(expectedCount) item(s) with \(field) = \(wantedText)",
                    observed: "\(items.count) item(s)")
            }
        }
    }

    /// Sends a step that must succeed and checks the reply against the spec; a reply that is not
    /// a success ends the case with the finding.
    private func succeed(
        _ step: RequestStep, endpoint: EndpointSpec, header: String?, app: AppCredentials, pace: Bool,
        retry: Bool
    ) async throws -> Reply {
        let reply = try await exchange(step, endpoint: endpoint, authorization: header, app: app, pace: pace, retryOnRateLimit: retry)
        guard isSuccess(reply, endpoint) else {
            findings += session.validator.validateEnvelope(reply.response, json: reply.json)
            fail(testCase.rule, path: "$.code", expected: "code 0 (HTTP 200)", observed: reply.summary)
            throw Stop()
        }
        findings += session.validator.validateSuccess(reply.response, endpoint: endpoint, json: reply.json, sent: sentPaths(step))
        return reply
    }

    /// A set-up fixture: taken from the run's store while fresh, else made (once, however many
    /// cases wait for it) by sending the step and checking its reply like any success step.
    private func reuseFixture(
        _ step: RequestStep, key: FixtureReuse.Key, endpoint: EndpointSpec, header: String?,
        app: AppCredentials
    ) async throws {
        let clock = session.options.clock
        let now: @Sendable () -> Double = { clock.now }
        let pace = session.pacingEnabled
        let made = try await session.fixtures.reuse(key, now: now) { () async throws -> JSONValue? in
            let reply = try await succeed(step, endpoint: endpoint, header: header, app: app, pace: pace, retry: true)
            return captureRoot(reply.json, endpoint: endpoint)
        }
        guard let made else { throw Stop() }
        if made.reused {
            exchanges.append(
                ExchangeRecord(
                    method: endpoint.method.uppercased(), path: "(reused) \(endpoint.path)",
                    httpStatus: nil, code: nil, logID: nil))
        }
        try capture(step, root: made.entry.root, endpoint: endpoint)
    }

    /// Where captures of `endpoint`'s replies are read: `data` of an envelope reply, else the body.
    private func captureRoot(_ json: JSONValue?, endpoint: EndpointSpec) -> JSONValue? {
        platform.payload(of: json, shape: endpoint.response.shape)
    }

    /// The dotted paths of the request fields a step sends (`name`, `i18n_name.zh_cn`), for reply
    /// fields that echo them; nil for a raw body, whose fields are not known.
    private func sentPaths(_ step: RequestStep) -> Set<String>? {
        guard step.rawBody == nil else { return nil }
        var paths: Set<String> = []
        func add(_ path: String, json: JSONValue) {
            guard json != .null else { return }
            paths.insert(path)
            if case .object(let members) = json { for (key, member) in members { add("\(path).\(key)", json: member) } }
        }
        func add(_ path: String, recipe: ValueRecipe) {
            switch recipe {
            case .json(let json): add(path, json: json)
            case .captured(let name): add(path, json: captures[name] ?? .string(name))
            case .object(let members):
                paths.insert(path)
                for (key, member) in members { add("\(path).\(key)", recipe: member) }
            case .text, .uniqueText, .image, .nearMiss: paths.insert(path)
            }
        }
        for (name, recipe) in step.values { add(name, recipe: recipe) }
        return paths
    }

    /// Stores the step's captures from a successful reply.
    private func capture(_ step: RequestStep, from reply: Reply, endpoint: EndpointSpec) throws {
        try capture(step, root: captureRoot(reply.json, endpoint: endpoint), endpoint: endpoint)
    }

    /// Stores the step's captures from a reply's capture root.
    private func capture(_ step: RequestStep, root: JSONValue?, endpoint: EndpointSpec) throws {
        guard !step.captures.isEmpty else { return }
        for (name, path) in step.captures.sorted(by: { $0.key < $1.key }) {
            guard let value = root?.value(at: path), value != .null else {
                fail(
                    testCase.rule, path: endpoint.response.shape == .envelope ? "$.data.\(path)" : "$.\(path)",
                    expected: "a value to capture as \(name)", observed: "absent")
                throw Stop()
            }
            captures[name] = value
        }
    }

    // MARK: Lists

    private func listsBehaviour(_ endpoint: EndpointSpec) -> Behaviour.Lists? {
        for case .lists(let lists) in endpoint.behaviours { return lists }
        return nil
    }

    /// The dotted path of an item's key inside a list item: the `creates` behaviour of the same
    /// resource says (``Behaviour/Creates/itemKeyPath``); `id` when no endpoint creates it.
    private func itemKeyPath(resource: String) -> String {
        for endpoint in specs.endpoints {
            for case .creates(let creates) in endpoint.behaviours where creates.resource == resource { return creates.itemKeyPath }
        }
        return "id"
    }

    /// Sends one page request (once, however often `step` repeats) and answers its `data`; checks
    /// the reply against the spec. A page that does not succeed ends the case.
    private func fetchPage(
        _ step: RequestStep, endpoint: EndpointSpec, header: String?, app: AppCredentials, pace: Bool,
        expected: String
    ) async throws -> JSONValue? {
        var pageStep = step
        pageStep.repeatCount = 1
        let reply = try await exchange(pageStep, endpoint: endpoint, authorization: header, app: app, pace: pace, retryOnRateLimit: true)
        guard isSuccess(reply, endpoint) else {
            findings += session.validator.validateEnvelope(reply.response, json: reply.json)
            fail(testCase.rule, path: "$.code", expected: expected, observed: reply.summary)
            throw Stop()
        }
        findings += session.validator.validateSuccess(reply.response, endpoint: endpoint, json: reply.json, sent: sentPaths(pageStep))
        return platform.payload(of: reply.json, shape: endpoint.response.shape)
    }

    /// A page's next page token; empty counts as none.
    private func nextPageToken(_ data: JSONValue?, _ lists: Behaviour.Lists) -> String? {
        data?.value(at: lists.pageTokenPath)?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Where the spec says so, a page token is present exactly when more pages follow.
    /// `hasMore` is the observed `has_more` as text (`absent` when missing), `more` its value.
    private func checkPageToken(_ lists: Behaviour.Lists, hasMore: String, more: Bool, next: String?, onPage: String) {
        let rule = lists.pageTokenOnlyWhenMore
        guard rule.value, more != (next != nil) else { return }
        findings.append(
            Finding(
                severity: rule.provenance.isDocumented ? .failure : .warning,
                rule: "behaviours.lists.pageTokenOnlyWhenMore", path: "$.data.\(lists.pageTokenPath)",
                expected: "\(lists.pageTokenPath) present exactly when \(lists.hasMorePath) is true",
                observed: "\(lists.hasMorePath) \(hasMore), \(lists.pageTokenPath) \(next == nil ? "absent" : "present")\(onPage)",
                provenance: rule.provenance))
    }

    /// Walks the pages; checks page sizes, `page_token` iff `has_more`, no repeated item. Answers the
    /// items seen. With `stopAfter`, stops one page after the page where the last of those keys showed
    /// up (a tenant's other, older items need not be walked); otherwise walks every page.
    private func walk(
        _ step: RequestStep, endpoint: EndpointSpec, header: String?, app: AppCredentials, pace: Bool,
        pageSize: Int?, stopAfter: Set<String>? = nil
    ) async throws -> [JSONValue] {
        guard let lists = listsBehaviour(endpoint) else {
            fail(testCase.rule, expected: "a lists behaviour in spec \(endpoint.id)", observed: "none")
            throw Stop()
        }
        let keyPath = itemKeyPath(resource: lists.resource)
        var items: [JSONValue] = []
        var seen: Set<String> = []
        var token: String?
        var tokens: Set<String> = []
        var page = 0
        var allSeenOnPage: Int?
        while true {
            page += 1
            if let allSeenOnPage, page > allSeenOnPage + 1 { break }
            var pageStep = step
            if let pageSize { pageStep.values[lists.pageSizeParam] = .json(.int(pageSize)) }
            if let token { pageStep.values[lists.pageTokenParam] = .text(token) }
            let data = try await fetchPage(
                pageStep, endpoint: endpoint, header: header, app: app, pace: pace,
                expected: "page \(page) to succeed (code 0, HTTP 200)")
            let pageItems = data?.value(at: lists.itemsPath)?.arrayValue ?? []
            if let pageSize, pageItems.count > pageSize {
                findings.append(
                    Finding(
                        severity: lists.provenance.isDocumented ? .failure : .warning, rule: "behaviours.lists.pageSize",
                        path: "$.data.\(lists.itemsPath)", expected: "at most \(pageSize) item(s) per page",
                        observed: "\(pageItems.count) item(s) on page \(page)", provenance: lists.provenance))
            }
            for item in pageItems {
                let key = Self.key(of: item, at: keyPath) ?? item.jsonText
                if !seen.insert(key).inserted {
                    findings.append(
                        Finding(
                            severity: lists.provenance.isDocumented ? .failure : .warning, rule: "behaviours.lists.noRepeats",
                            path: "$.data.\(lists.itemsPath)", expected: "each item once across pages",
                            observed: "item \(key) again on page \(page)", provenance: lists.provenance))
                }
            }
            items += pageItems
            if allSeenOnPage == nil, let stopAfter, stopAfter.isSubset(of: seen) { allSeenOnPage = page }
            let hasMore = data?.value(at: lists.hasMorePath)?.boolValue ?? false
            let next = nextPageToken(data, lists)
            checkPageToken(lists, hasMore: String(hasMore), more: hasMore, next: next, onPage: " on page \(page)")
            guard hasMore else { break }
            guard let next, tokens.insert(next).inserted, page < 1000 else {
                fail(
                    "behaviours.lists", path: "$.data.\(lists.pageTokenPath)", expected: "a new page token while \(lists.hasMorePath) is true",
                    observed: next == nil ? "none on page \(page)" : "a token already used, or over 1000 pages")
                throw Stop()
            }
            token = next
        }
        return items
    }

    /// One page, as sent (no page token added): exactly `count` items, `has_more` as expected, and a
    /// page token exactly when more follow where the spec says so.
    private func checkPage(
        _ step: RequestStep, endpoint: EndpointSpec, header: String?, app: AppCredentials, pace: Bool,
        count: Int, hasMore: Bool
    ) async throws {
        guard let lists = listsBehaviour(endpoint) else {
            fail(testCase.rule, expected: "a lists behaviour in spec \(endpoint.id)", observed: "none")
            throw Stop()
        }
        let data = try await fetchPage(step, endpoint: endpoint, header: header, app: app, pace: pace, expected: "code 0 (HTTP 200)")
        let items = data?.value(at: lists.itemsPath)?.arrayValue ?? []
        if items.count != count {
            fail(testCase.rule, path: "$.data.\(lists.itemsPath)", expected: "exactly \(count) item(s) on the page", observed: "\(items.count) item(s)")
        }
        let more = data?.value(at: lists.hasMorePath)?.boolValue
        if more != hasMore {
            fail(
                testCase.rule, path: "$.data.\(lists.hasMorePath)", expected: "\(lists.hasMorePath) \(hasMore)",
                observed: more.map { "\(lists.hasMorePath) \($0)" } ?? "absent")
        }
        checkPageToken(lists, hasMore: more.map(String.init) ?? "absent", more: more ?? false, next: nextPageToken(data, lists), onPage: "")
    }

    /// An item's key: the member at `keyPath` of an object item; a list of keys (`custom_org_ids`) holds the keys themselves.
    static func key(of item: JSONValue, at keyPath: String) -> String? {
        if case .string(let key) = item { return key }
        return item.value(at: keyPath).map(RequestFactory.text(of:))
    }

    private func checkOrder(_ items: [JSONValue], order: [String], endpoint: EndpointSpec) throws {
        guard let lists = listsBehaviour(endpoint) else { return }
        let keyPath = itemKeyPath(resource: lists.resource)
        var expected: [String] = []
        for name in order {
            guard let value = captures[name] else {
                fail(testCase.rule, expected: "a value captured as \(name)", observed: "nothing captured")
                throw Stop()
            }
            expected.append(RequestFactory.text(of: value))
        }
        let wanted = Set(expected)
        let observed = items.compactMap { Self.key(of: $0, at: keyPath) }.filter { wanted.contains($0) }
        if observed != expected {
            fail(
                testCase.rule, path: "$.data.\(lists.itemsPath)", expected: "items \(expected.joined(separator: ", ")) in this order",
                observed: observed.isEmpty ? "none of them listed" : observed.joined(separator: ", "))
        }
    }
}
