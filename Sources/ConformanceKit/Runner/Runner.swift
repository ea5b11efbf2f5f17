import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire
import Synchronization

/// Executes a case catalog against a target (the embedded mock, a mock on a port, or a live tenant)
/// and returns the ``RunResult`` every report is rendered from.
///
/// Against a mock, each case gets fresh apps (`POST /__mock/apps`), clock steps use
/// `POST /__mock/clock`, and cases run in parallel (``RunOptions/mockConcurrency``). Against a live
/// tenant, cases run one at a time, writes need ``RunOptions/allowWrites`` and stay within
/// ``RunOptions/maxWrites``, requests are paced under each endpoint's documented rate limits, and
/// what the target cannot offer (a clock, a fresh tenant, a second tenant…) is skipped with its reason.
/// Every string that reaches a result or a progress event passes through a ``Redactor``.
public final class Runner: Sendable {
    /// Creates a runner.
    public init() {}

    /// Runs `cases` and returns the result, in catalog order.
    ///
    /// Throws ``RunError`` only when the run cannot start: the target is unreachable, the token
    /// endpoint refuses the primary app, a live target has no credentials, or a mock's admin API
    /// does not answer. Failures inside a case become that case's findings or `error` status.
    public func run(
        cases: [ConformanceCase], specs: SpecSet, target: RunTarget, options: RunOptions = RunOptions(),
        progress: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws(RunError) -> RunResult {
        let session = RunSession(specs: specs, target: target, options: options, progress: progress)
        let startedAt = Date()
        try await session.preflight()
        // The plan on a session of its own, so working it out spends neither budget nor fixtures.
        let plan = Self.plan(cases: cases, session: RunSession(specs: specs, target: target, options: options, progress: { _ in }))
        if !target.isMock, options.allowWrites { _ = try await QuotaGuard(session: session).check(plan) }
        progress(.planned(plan))
        progress(.started(total: cases.count, target: session.redactor.redact(target.description)))

        var results = [CaseResult?](repeating: nil, count: cases.count)
        // A mock runs any cases side by side (each has its own apps). A live tenant runs one case
        // at a time per endpoint, and endpoints side by side: the pacer keeps each endpoint's
        // rate-limit bucket (shared by set-up requests of other endpoints' cases) under its limit.
        let lanes = target.isMock ? (normal: [], probes: []) : Self.liveLanes(cases, options: options)
        await withTaskGroup(of: [(Int, CaseResult)].self) { group in
            func execute(_ index: Int) async -> (Int, CaseResult) {
                let testCase = cases[index]
                progress(.caseStarted(id: testCase.id, title: session.redactor.redact(testCase.title)))
                let result = await CaseExecution(session: session, testCase: testCase).run()
                progress(.caseFinished(result))
                return (index, result)
            }
            if target.isMock {
                var next = 0
                while next < min(options.mockConcurrency, cases.count) {
                    let index = next
                    group.addTask { [await execute(index)] }
                    next += 1
                }
                for await finished in group {
                    for (index, result) in finished { results[index] = result }
                    if next < cases.count {
                        let index = next
                        group.addTask { [await execute(index)] }
                        next += 1
                    }
                }
            } else {
                for lane in lanes.normal {
                    group.addTask {
                        var done: [(Int, CaseResult)] = []
                        for index in lane { done.append(await execute(index)) }
                        return done
                    }
                }
                for await finished in group {
                    for (index, result) in finished { results[index] = result }
                }
            }
        }
        // Rate-limit probes last, one at a time, each after its bucket has been quiet for a window.
        for index in lanes.probes {
            let testCase = cases[index]
            if let endpoint = specs.endpoint(id: testCase.endpointID), let appID = session.liveAppID(.primary) {
                let window = Double(endpoint.rateLimits.map(\.value.window.seconds).max() ?? 0)
                let waited = await session.pacer.waitQuiet(key: "\(endpoint.id)|\(appID)", seconds: window)
                if waited > 0 { progress(.waiting(seconds: waited, reason: "a quiet \(Int(window)) s window before probing \(endpoint.signature)")) }
            }
            progress(.caseStarted(id: testCase.id, title: session.redactor.redact(testCase.title)))
            let result = await CaseExecution(session: session, testCase: testCase).run()
            progress(.caseFinished(result))
            results[index] = result
        }
        let finished = results.compactMap { $0 }
        return RunResult(
            target: session.redactor.redact(target.description), toolVersion: options.toolVersion,
            startedAt: startedAt, finishedAt: Date(),
            endpoints: EndpointSummary.make(specs: specs, cases: cases), cases: finished,
            createdObjects: CreatedObjects(namePrefix: session.factory.names.prefix, byEndpoint: session.createdObjects))
    }
}

extension Runner {
    /// The cases' indices by endpoint, in catalog order: the lanes of a live run.
    static func lanes(_ cases: [ConformanceCase]) -> [[Int]] {
        var order: [String] = []
        var lanes: [String: [Int]] = [:]
        for (index, testCase) in cases.enumerated() {
            if lanes[testCase.endpointID] == nil { order.append(testCase.endpointID) }
            lanes[testCase.endpointID, default: []].append(index)
        }
        return order.compactMap { lanes[$0] }
    }

    /// A live run's lanes: by endpoint, without the rate-limit probes that `--probe-rate-limits`
    /// runs after them (their indices, in catalog order).
    static func liveLanes(_ cases: [ConformanceCase], options: RunOptions) -> (normal: [[Int]], probes: [Int]) {
        guard options.probeRateLimits else { return (lanes(cases), []) }
        let probes = cases.indices.filter { cases[$0].kind == .rateLimit }
        let probeSet = Set(probes)
        let normal = lanes(cases).map { $0.filter { !probeSet.contains($0) } }.filter { !$0.isEmpty }
        return (normal, probes)
    }

    /// Why `testCase` would not be exercised against `target` with `options`, or nil: the reason a
    /// run would give (what the target cannot offer, the case's steps, write permission and a
    /// fresh run's budget), worked out without sending anything.
    public func skipReason(for testCase: ConformanceCase, specs: SpecSet, target: RunTarget, options: RunOptions = RunOptions()) -> String? {
        let session = RunSession(specs: specs, target: target, options: options, progress: { _ in })
        return CaseExecution(session: session, testCase: testCase).skipReason()
    }

    /// Runs one case (the generated Swift Testing suites call this once per catalog case).
    public func run(
        case testCase: ConformanceCase, specs: SpecSet, target: RunTarget,
        options: RunOptions = RunOptions()
    ) async throws(RunError) -> CaseResult {
        let result = try await run(cases: [testCase], specs: specs, target: target, options: options)
        guard let only = result.cases.first else {
            // `run(cases:)` answers one result per case; this is unreachable but never a crash.
            return CaseResult(
                caseID: testCase.id, endpointID: testCase.endpointID, title: testCase.title, kind: testCase.kind,
                rule: testCase.rule, provenance: testCase.provenance, covers: testCase.covers, status: .error,
                skipReason: nil)
        }
        return only
    }
}

/// An app a case calls with: credentials plus, on a mock, its user token.
struct AppCredentials: Sendable {
    var appID: String
    var appSecret: String
    var userAccessToken: String?
}

/// State shared by every case of one run.
final class RunSession: Sendable {
    let specs: SpecSet
    let target: RunTarget
    let options: RunOptions
    let progress: @Sendable (RunEvent) -> Void
    let redactor: Redactor
    let factory: RequestFactory
    let validator: ResponseValidator
    let pacer: RatePacer
    let capabilities: [String]
    /// Set-up fixtures shared between cases (live targets).
    let fixtures: FixtureReuse
    private let claimedNames = Mutex<Set<String>>([])
    private let created = Mutex<[String: Int]>([:])
    private let tokens = Mutex<[String: (token: String, expiresAt: Double)]>([:])
    private let writesLeft: Mutex<Int>

    static let adminApps = "/__mock/apps"
    static let adminClock = "/__mock/clock"

    init(specs: SpecSet, target: RunTarget, options: RunOptions, progress: @escaping @Sendable (RunEvent) -> Void) {
        self.specs = specs
        self.target = target
        self.options = options
        self.progress = progress
        self.redactor = Redactor(secrets: target.credentials.secrets)
        self.factory = RequestFactory(names: UniqueNames(runID: options.runID), fixtures: FixtureCache(source: options.fixtures))
        self.validator = ResponseValidator(platform: specs.platform)
        self.pacer = RatePacer(clock: options.clock)
        self.capabilities = specs.capabilities
        self.fixtures = FixtureReuse(specs: specs)
        self.writesLeft = Mutex(options.maxWrites)
    }

    var pacingEnabled: Bool {
        switch options.pacing {
        case .auto: !target.isMock
        case .always: true
        case .never: false
        }
    }

    // MARK: Preflight

    /// Checks that the run can start: a mock's admin API answers; the token endpoint accepts the
    /// primary app (required on a live target; on a mock, checked when given, so wrong credentials
    /// are reported rather than silently ignored in favour of the mock's fresh apps).
    func preflight() async throws(RunError) {
        if target.isMock {
            do {
                _ = try await makeMockApp(lacking: nil)
            } catch let failure {
                switch failure {
                case .transport(let e): throw .connection(redactor.redact(e.description))
                case .admin(let m), .protocolFailure(let m): throw .mockAdmin(redactor.redact(m))
                }
            }
            guard target.credentials.primary != nil else { return }
        }
        guard let primary = target.credentials.primary else { throw .missingCredentials }
        do {
            _ = try await tenantToken(for: AppCredentials(appID: primary.appID, appSecret: primary.appSecret, userAccessToken: nil))
        } catch let failure {
            switch failure {
            case .transport(let e): throw .connection(redactor.redact(e.description))
            case .admin(let m), .protocolFailure(let m): throw .badCredentials(platformMessage: redactor.redact(m))
            }
        }
    }

    /// The credentials a live run sends as caller `name`, when configured (never an app lacking a capability).
    func liveApp(_ name: CallerApp) -> Credentials.App? {
        switch name {
        case .primary: target.credentials.primary
        case .second: target.credentials.second
        case .lacking: nil
        }
    }

    /// The app id a live run sends as caller `name`, when configured.
    func liveAppID(_ name: CallerApp) -> String? { liveApp(name)?.appID }

    /// Objects created so far, by endpoint id.
    var createdObjects: [String: Int] { created.withLock { $0 } }

    /// Notes a successful request to an endpoint that creates.
    func noteCreated(_ endpointID: String) { created.withLock { $0[endpointID, default: 0] += 1 } }

    /// Claims `name` for this run: false when a case of the run already took it.
    func claimName(_ name: String) -> Bool { claimedNames.withLock { $0.insert(name).inserted } }

    // MARK: Write budget

    /// Reserves `count` writes; returns a skip reason when they may not happen.
    func reserveWrites(_ count: Int) -> String? {
        guard count > 0, !target.isMock else { return nil }
        guard options.allowWrites else {
            return "creates \(count) object(s) on the tenant: writes need --allow-writes"
        }
        return writesLeft.withLock { left -> String? in
            guard left >= count else {
                return "creates \(count) object(s) but only \(left) of the --max-writes \(options.maxWrites) budget remain"
            }
            left -= count
            return nil
        }
    }

    /// A request meant to be refused was accepted by an endpoint that creates: the object exists
    /// though no budget was reserved for it, so it is taken from what is left (later cases that
    /// would pass `--max-writes` are then skipped).
    func debitUnplannedWrite(_ endpoint: EndpointSpec) {
        guard !target.isMock, endpoint.createsResource != nil else { return }
        writesLeft.withLock { $0 = max(0, $0 - 1) }
    }

    // MARK: Sending

    /// Sends one request with the per-request timeout. Throws `TransportError` (timeouts included).
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let transport = target.transport
        let result = await withTimeout(options.requestTimeout) {
            do { return Result<HTTPResponse, TransportError>.success(try await transport.send(request)) } catch let e as TransportError {
                return .failure(e)
            } catch {
                return .failure(TransportError(.protocolError, "\(error)"))
            }
        }
        switch result {
        case .none: throw TransportError(.timeout, "no reply to \(request.method) \(request.path) within \(options.requestTimeout)")
        case .some(.success(let response)): return response
        case .some(.failure(let error)): throw error
        }
    }

    /// Calls the mock admin API with a JSON body; answers the reply's JSON object.
    func admin(_ path: String, _ body: JSONValue) async throws(SessionFailure) -> JSONValue {
        let request = HTTPRequest(method: "POST", target: path, headers: ["Content-Type": "application/json"], body: body.jsonData())
        let response: HTTPResponse
        do { response = try await send(request) } catch { throw .transport(error) }
        guard (200..<300).contains(response.status), let json = ResponseValidator.json(of: response), json.objectValue != nil else {
            throw .admin("POST \(path) answered HTTP \(response.status): \(ResponseValidator.describeBody(response.body))")
        }
        return json
    }

    /// Makes a fresh mock app with every known capability except `lacking`.
    func makeMockApp(lacking: String?) async throws(SessionFailure) -> AppCredentials {
        var caps: [String: JSONValue] = [:]
        for c in capabilities { caps[c] = .bool(true) }
        if let lacking { caps[lacking] = .bool(false) }
        let reply = try await admin(Self.adminApps, .object(["capabilities": .object(caps)]))
        guard let id = reply["app_id"]?.stringValue, let secret = reply["app_secret"]?.stringValue else {
            throw .admin("POST \(Self.adminApps) answered without app_id and app_secret")
        }
        redactor.add(secret)
        let user = reply["user_access_token"]?.stringValue
        if let user { redactor.add(user) }
        return AppCredentials(appID: id, appSecret: secret, userAccessToken: user)
    }

    /// Moves (or freezes) a mock app's clock.
    func moveClock(appID: String, advanceSeconds: Int?) async throws(SessionFailure) {
        var body: [String: JSONValue] = ["app_id": .string(appID)]
        if let advanceSeconds { body["advanceSeconds"] = .int(advanceSeconds) } else { body["freeze"] = .bool(true) }
        _ = try await admin(Self.adminClock, .object(body))
        if advanceSeconds != nil { forgetToken(appID: appID) }
    }

    // MARK: Tokens

    /// A tenant access token for `app`, cached until it enters the platform's refresh window.
    func tenantToken(for app: AppCredentials) async throws(SessionFailure) -> String {
        let now = options.clock.now
        let refresh = Double(specs.platform.tokens.refreshWindowSeconds.value)
        if let cached = tokens.withLock({ $0[app.appID] }), cached.expiresAt - now > refresh { return cached.token }
        let endpoint = specs.platform.tokenEndpoint
        let names = specs.platform.tokens.endpointFields.value
        let body = JSONValue.object([names.appID: .string(app.appID), names.appSecret: .string(app.appSecret)])
        let request = HTTPRequest(
            method: endpoint.method.uppercased(), target: endpoint.path,
            headers: ["Content-Type": "application/json; charset=utf-8"], body: body.jsonData())
        let response: HTTPResponse
        do { response = try await send(request) } catch { throw .transport(error) }
        let json = ResponseValidator.json(of: response)
        let platform = specs.platform
        guard platform.code(of: json) == 0, let token = json?[names.token]?.stringValue else {
            let msg = platform.message(of: json) ?? ResponseValidator.describeBody(response.body)
            let code = platform.code(of: json).map(String.init) ?? "none"
            throw .protocolFailure("code \(code) (HTTP \(response.status)): \(msg)")
        }
        redactor.add(token)
        let lifetime = Double(json?[names.expire]?.intValue ?? specs.platform.tokens.tenantTokenLifetimeSeconds.value)
        tokens.withLock { $0[app.appID] = (token, now + lifetime) }
        return token
    }

    /// Drops a cached token (its app's clock moved).
    func forgetToken(appID: String) {
        _ = tokens.withLock { $0.removeValue(forKey: appID) }
    }
}

/// Why a session-level operation failed.
enum SessionFailure: Error {
    case transport(TransportError)
    case admin(String)
    case protocolFailure(String)

    var message: String {
        switch self {
        case .transport(let e): "no reply: \(e.description)"
        case .admin(let m), .protocolFailure(let m): m
        }
    }
}

/// Runs `operation`, answering nil when it takes longer than `timeout`. The operation keeps running
/// (cancelled) if it ignores cancellation, but the caller never waits past the timeout.
func withTimeout<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
    let gate = TimeoutGate<T>()
    return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        gate.arm(continuation)
        let work = Task {
            let value = await operation()
            gate.resolve(value)
            gate.cancelTimer()
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            if gate.resolve(nil) { work.cancel() }
        }
        gate.setTimer(timer)
    }
}

/// The one-shot continuation and timer of ``withTimeout(_:_:)``.
final class TimeoutGate<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T?, Never>?>(nil)
    private let timer = Mutex<(task: Task<Void, Never>?, done: Bool)>((nil, false))

    func arm(_ c: CheckedContinuation<T?, Never>) { continuation.withLock { $0 = c } }

    /// Resumes the caller once; true when this call did it.
    @discardableResult
    func resolve(_ value: T?) -> Bool {
        let c = continuation.withLock { slot -> CheckedContinuation<T?, Never>? in
            defer { slot = nil }
            return slot
        }
        c?.resume(returning: value)
        return c != nil
    }

    func setTimer(_ task: Task<Void, Never>) {
        let done = timer.withLock { state -> Bool in
            state.task = task
            return state.done
        }
        if done { task.cancel() }
    }

    func cancelTimer() {
        let task = timer.withLock { state -> Task<Void, Never>? in
            state.done = true
            return state.task
        }
        task?.cancel()
    }
}
