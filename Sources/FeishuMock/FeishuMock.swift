import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire
import Synchronization

/// A strict, stateful mock of the Feishu / Lark Open Platform, driven entirely by the specs.
///
/// Every endpoint of the spec set is served from its spec: routing, token checks, scopes, rate
/// limits, capabilities, request validation (`RequestValidator`), state behaviours (`creates`,
/// `unique`, `quota`, `references`, `lists`, `requiresCapability`) and the platform envelope. A new
/// spec file is served without new code.
///
/// Admin API (no platform path starts with `/__mock/`):
/// - `GET /__mock/health` -> `{"mock": "feishu-conformance", "version": "0.1.0"}`: a cheap "is this the mock?".
/// - `GET /__mock/journal` -> `{"entries": [JournalEntry...]}`: every platform request with its verdict.
/// - `POST /__mock/reset` -> clears state, tokens, clocks, journal and apps added at runtime.
/// - `POST /__mock/apps` `{"capabilities": {"bot": true, "badgePlan": true}, "scopes": [...]}` ->
///   `{"app_id", "app_secret", "tenant_key", "user_access_token"}`: a fresh app that is its own tenant.
/// - `POST /__mock/clock` `{"app_id": "...", "advanceSeconds": N}` or `{"app_id": "...", "freeze": true}`
///   -> `{"now": <epoch seconds as that tenant sees it>}`; without `app_id` it moves the base clock.
public final class FeishuMock: HTTPHandler {
    /// The specs served.
    public let specs: SpecSet
    /// The apps the mock starts with (and returns to on reset).
    public let configuration: MockConfiguration
    let clock: any MockClock
    let state: StateLock<MockState>
    let journalStore = StateLock(JournalStore())
    /// Sequence numbers of stored items (page tokens carry them): mock-wide, never reset, so a
    /// token from before a reset cannot point into items made after it.
    let itemSequence = Atomic<Int>(0)
    let routes: [Route]
    /// `routes` indexed by path shape, so a request is matched against a few candidates, not every spec.
    let routeIndex: RouteIndex
    let tokenRoute: Route
    let validators: [String: RequestValidator]
    let allScopes: [String]
    /// Writes success envelopes with the platform's member names.
    let envelopeWriter: MockJSON.EnvelopeWriter
    /// Reads `Authorization` headers by the platform's token rules.
    let authorizationRule: AuthorizationRule

    /// Every capability the served specs' `requiresCapability` behaviours name, sorted: what
    /// `MockCapabilities.all` grants today (worked out once: every `POST /__mock/apps` reads it).
    public let capabilities: [String]

    /// False when the admin API is off (`mock --no-admin`): `/__mock/` paths are then answered as
    /// any unknown platform path, so a runner sees a live tenant.
    public let servesAdmin: Bool

    /// How the specs' rate limits apply (`mock --rate-limits`): as documented unless lifted for a
    /// fuzzer or load tool.
    public let rateLimits: MockRateLimits

    /// The platform error roles, for convenience.
    var roles: PlatformErrorRoles { specs.platform.roles }

    /// Creates a mock serving `specs` for the apps of `configuration`, reading time from `clock`;
    /// `rateLimits` lifts or raises the documented limits (default: as documented).
    public init(
        specs: SpecSet, configuration: MockConfiguration = .default, clock: any MockClock = SystemMockClock(),
        servesAdmin: Bool = true, rateLimits: MockRateLimits = .documented
    ) {
        self.specs = specs
        self.servesAdmin = servesAdmin
        self.rateLimits = rateLimits
        self.configuration = configuration
        self.clock = clock
        self.state = StateLock(MockState(configuration: configuration))
        // Routing and validation plans are derived from the specs once, here, not per request.
        var validators: [String: RequestValidator] = [:]
        for e in specs.endpoints + [specs.platform.tokenEndpoint] {
            validators[e.id] = RequestValidator(endpoint: e, platform: specs.platform)
        }
        self.validators = validators
        let referenced = StatePlan.referencedResources(specs)
        let creators = StatePlan.creators(specs)
        let answered = StatePlan.answeredFields(specs)
        let keyLengths = StatePlan.keyLengths(specs)
        self.routes = specs.endpoints.map {
            Route(
                endpoint: $0, validator: validators[$0.id],
                statePlan: StatePlan(
                    endpoint: $0, platform: specs.platform, referenced: referenced, creators: creators, answered: answered, keyLengths: keyLengths))
        }
        self.routeIndex = RouteIndex(routes)
        self.tokenRoute = Route(endpoint: specs.platform.tokenEndpoint, validator: validators[specs.platform.tokenEndpoint.id])
        self.capabilities = specs.capabilities
        var scopes: [String] = []
        for e in specs.endpoints { for s in e.auth.scopes.value where !scopes.contains(s) { scopes.append(s) } }
        self.allScopes = scopes
        self.envelopeWriter = MockJSON.EnvelopeWriter(names: specs.platform.envelopeMembers)
        self.authorizationRule = AuthorizationRule(platform: specs.platform)
    }

    /// Every request served since start or the last reset, in arrival order.
    public var journal: [JournalEntry] { journalStore.withLock { $0.entries } }

    /// How many journal entries are kept; older ones are dropped (and counted) so a long load test
    /// cannot exhaust memory.
    public static let journalCapacity = 200_000

    /// How many of the oldest entries were dropped to respect `journalCapacity`.
    public var droppedJournalEntries: Int { journalStore.withLock { $0.dropped } }

    /// Answers one request. Never throws; every failure is a platform-shaped reply.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        respond(request)
    }

    /// The synchronous core of `handle(_:)`.
    public func respond(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        if servesAdmin, path == "/__mock" || path.hasPrefix("/__mock/") { return admin(request) }
        let logID = makeLogID()
        var outcome = serve(request, logID: logID)
        var response = outcome.response
        response.headers[specs.platform.envelope.logIdHeader.value] = logID
        outcome.entry.logID = logID
        record(outcome.entry, httpStatus: response.status)
        return response
    }

    // MARK: Serving

    /// A reply plus the journal entry describing it.
    struct Outcome {
        var response: HTTPResponse
        var entry: JournalEntry
        var isError: Bool
    }

    func serve(_ request: HTTPRequest, logID: String) -> Outcome {
        let path = request.path
        let method = Route.upperASCII(request.method)
        if let params = tokenRoute.match(path: path) {
            if method == tokenRoute.method { return serveToken(request, pathParameters: params, logID: logID) }
            var outcome = routingFailure(
                request, role: roles.methodMismatch, status: specs.platform.routing.methodMismatchStatus.value, rule: "routing.methodMismatch",
                expected: "\(tokenRoute.endpoint.method) \(tokenRoute.endpoint.path)", endpoint: tokenRoute.endpoint.id, logID: logID)
            outcome.response.headers["Allow"] = tokenRoute.method
            return outcome
        }
        var pathMatched: Route?
        let candidates = routeIndex.candidates(path: path)
        for route in candidates {
            guard let params = route.match(path: path) else { continue }
            if route.method == method { return serveEndpoint(route, request, pathParameters: params, logID: logID) }
            pathMatched = pathMatched ?? route
        }
        if let route = pathMatched {
            let methods = candidates.filter { $0.match(path: path) != nil }.map(\.method)
            var outcome = routingFailure(
                request, role: roles.methodMismatch, status: specs.platform.routing.methodMismatchStatus.value, rule: "routing.methodMismatch",
                expected: "\(methods.joined(separator: " or ")) \(route.endpoint.path)", endpoint: nil, logID: logID)
            // A 405 names the methods the path serves (RFC 9110, 15.5.6).
            outcome.response.headers["Allow"] = methods.joined(separator: ", ")
            return outcome
        }
        return routingFailure(
            request, role: roles.notFound, status: specs.platform.routing.notFoundStatus.value, rule: "routing.notFound",
            expected: "a path of a known endpoint", endpoint: nil, logID: logID)
    }

    func routingFailure(_ request: HTTPRequest, role: ErrorBinding, status: Int, rule: String, expected: String, endpoint: String?, logID: String) -> Outcome {
        let v = JournalViolation(
            rule: rule, field: nil, expected: expected, observed: "\(request.method) \(request.path)",
            code: role.code, stage: "routing", clientFault: true)
        let entry = makeEntry(request, endpoint: endpoint, appID: nil, code: role.code, violations: [v], tenant: nil)
        return Outcome(response: errorResponse(code: role.code, status: status, endpoint: nil, logID: logID), entry: entry, isError: true)
    }

    /// Serves a spec'd endpoint through the stages in the spec's order.
    func serveEndpoint(_ route: Route, _ request: HTTPRequest, pathParameters: [String: String], logID: String) -> Outcome {
        let endpoint = route.endpoint
        guard let validator = route.validator, let statePlan = route.statePlan else {
            return routingFailure(
                request, role: roles.notFound, status: specs.platform.routing.notFoundStatus.value, rule: "routing.notFound",
                expected: "a served endpoint", endpoint: endpoint.id, logID: logID)
        }
        // An endpoint that takes no access token (its page has no Authorization row) is served
        // without one, to no tenant: it keeps no state (decision import-no-authorization).
        let auth: Result<Identity, RequestViolation>? =
            endpoint.auth.tokenTypes.value.isEmpty ? nil : authenticate(request, endpoint: endpoint)
        let validation = validator.validate(request, pathParameters: pathParameters)
        var identity: Identity?
        if case .success(let id)? = auth { identity = id }
        var known: [RequestViolation] = validation.violations
        if case .failure(let v)? = auth { known.insert(v, at: 0) }

        func refuse(_ v: RequestViolation, extraHeaders: HTTPHeaders = [:], status: Int? = nil) -> Outcome {
            var all = validator.ordered(known.contains(v) ? known : known + [v])
            if let i = all.firstIndex(of: v), i != 0 {
                all.remove(at: i)
                all.insert(v, at: 0)
            }
            let entry = makeEntry(
                request, endpoint: endpoint.id, appID: identity?.app.appID, code: v.code,
                violations: all.map(journalViolation), tenant: identity?.app.tenantKey, now: identity?.now)
            var response = errorResponse(code: v.code, status: status, endpoint: endpoint, logID: logID)
            for (name, value) in extraHeaders { response.headers[name] = value }
            return Outcome(response: response, entry: entry, isError: true)
        }

        for stage in validator.stageOrder {
            switch stage {
            case .auth:
                if case .failure(let v)? = auth { return refuse(v) }
            case .scope:
                guard let identity else { continue }
                let granted = identity.app.scopes ?? allScopes
                let accepted = endpoint.auth.scopes.value
                if !accepted.isEmpty, !accepted.contains(where: granted.contains) {
                    return refuse(
                        RequestViolation(
                            stage: .scope, rule: "auth.missingScope", field: nil, expected: "one of the scopes " + accepted.joined(separator: ", "),
                            observed: "none granted", code: roles.missingScope.code, provenance: roles.missingScope.provenance))
                }
            case .rateLimit:
                guard let identity else { continue }
                if let (v, headers) = consumeRate(route, identity: identity) {
                    return refuse(v, extraHeaders: headers, status: specs.platform.rateLimiting.httpStatus.value)
                }
            case .capability:
                guard let identity else { continue }
                for case .requiresCapability(let b) in endpoint.behaviours where !identity.app.capabilities.contains(b.capability) {
                    return refuse(
                        RequestViolation(
                            stage: .capability, rule: "behaviours.requiresCapability.\(b.capability)", field: nil,
                            expected: "an app or tenant with \(b.capability)", observed: "\(b.capability) not enabled",
                            code: b.error.code, provenance: b.error.provenance))
                }
            case .body, .fields:
                if let v = validation.violations.first(where: { $0.stage == stage }) { return refuse(v) }
            case .state:
                guard let identity else { continue }
                switch applyState(statePlan, endpoint: endpoint, values: validation.values, identity: identity) {
                case .refused(let v): return refuse(v)
                case .data(let data, let splices):
                    let entry = makeEntry(
                        request, endpoint: endpoint.id, appID: identity.app.appID, code: 0,
                        violations: known.map(journalViolation), tenant: identity.app.tenantKey, now: identity.now)
                    let filled = JSONValue.object(statePlan.template.filled(data.objectValue ?? [:]))
                    return Outcome(response: successResponse(data: filled, splices: splices, endpoint: endpoint), entry: entry, isError: false)
                case .file(let file):
                    let entry = makeEntry(
                        request, endpoint: endpoint.id, appID: identity.app.appID, code: 0,
                        violations: known.map(journalViolation), tenant: identity.app.tenantKey, now: identity.now)
                    let response = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", file.contentType)]), body: file.data)
                    return Outcome(response: response, entry: entry, isError: false)
                }
            }
        }
        // A validation order without every stage: whatever was not refused succeeds without state.
        if let v = known.first { return refuse(v) }
        let entry = makeEntry(request, endpoint: endpoint.id, appID: identity?.app.appID, code: 0, violations: [], tenant: identity?.app.tenantKey)
        return Outcome(response: successResponse(data: .object(statePlan.template.filled([:])), endpoint: endpoint), entry: entry, isError: false)
    }

    // MARK: Replies

    /// The HTTP status for `code`: the endpoint's error table, else the platform's, else 400.
    func httpStatus(code: Int, endpoint: EndpointSpec?) -> Int {
        endpoint?.error(code: code)?.httpStatus.value ?? specs.platform.error(code: code)?.httpStatus.value ?? 400
    }

    func message(code: Int, endpoint: EndpointSpec?) -> String {
        endpoint?.error(code: code)?.message ?? specs.platform.error(code: code)?.message ?? "error"
    }

    func jsonResponse(status: Int, body: JSONValue, splices: MockJSON.Splices = [:]) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", specs.platform.envelope.contentType.value)]),
            body: MockJSON.data(body, splices: splices))
    }

    /// An error envelope: `code`, `msg`, and the log id at the platform's `errorLogIdPath` when it has one.
    func errorResponse(code: Int, status: Int?, endpoint: EndpointSpec?, logID: String) -> HTTPResponse {
        let names = specs.platform.envelopeMembers
        var object: [String: JSONValue] = [names.code: .int(code), names.message: .string(message(code: code, endpoint: endpoint))]
        if let logPath = specs.platform.envelope.errorLogIdPath?.value {
            JSONPath.set(.string(logID), at: logPath, in: &object)
        }
        return jsonResponse(status: status ?? httpStatus(code: code, endpoint: endpoint), body: .object(object))
    }

    /// A success envelope around `data`; `splices` (paths inside `data`) are written from their bytes.
    func successResponse(data: JSONValue, splices: MockJSON.Splices = [:], endpoint: EndpointSpec) -> HTTPResponse {
        let msg = endpoint.response.successMessage?.value ?? specs.platform.envelope.successMessage.value
        switch endpoint.response.shape {
        case .envelope:
            return HTTPResponse(
                status: 200, headers: HTTPHeaders([("Content-Type", specs.platform.envelope.contentType.value)]),
                body: envelopeWriter.envelope(code: 0, data: data, msg: msg, splices: splices))
        case .flat:
            let names = specs.platform.envelopeMembers
            var object = data.objectValue ?? [:]
            object[names.code] = .int(0)
            object[names.message] = .string(msg)
            // `code` and `msg` replace whatever `data` had there: those parts are written from the values.
            let kept = splices.filter { $0.key.first != names.code && $0.key.first != names.message }
            return jsonResponse(status: 200, body: .object(object), splices: kept)
        case .binary:
            // A download of nothing the mock stores (no `item` behaviour names the file): an empty file.
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: Data())
        }
    }

    // MARK: Journal

    func journalViolation(_ v: RequestViolation) -> JournalViolation {
        JournalViolation(
            rule: v.rule, field: v.field, expected: v.expected, observed: v.observed, code: v.code, stage: v.stage.rawValue,
            clientFault: [.auth, .body, .fields].contains(v.stage))
    }

    func makeEntry(
        _ request: HTTPRequest, endpoint: String?, appID: String?, code: Int, violations: [JournalViolation], tenant: String?,
        now known: Double? = nil
    ) -> JournalEntry {
        let now = known ?? state.withLock { $0.now(tenant: tenant, base: clock.now()) }
        let verdict: JournalVerdict = violations.contains { $0.clientFault } ? .nonconforming : .conforming
        return JournalEntry(
            seq: 0, time: UTC.iso8601(now), method: request.method, path: request.path, endpoint: endpoint, appID: appID,
            httpStatus: 0, code: code, verdict: verdict, violations: violations, logID: "")
    }

    func record(_ entry: JournalEntry, httpStatus: Int) {
        journalStore.withLock { store in
            var e = entry
            store.next += 1
            e.seq = store.next
            e.httpStatus = httpStatus
            if store.count >= Self.journalCapacity {
                store.dropOldest(max(1, Self.journalCapacity / 10))
            }
            store.append(e, capacity: Self.journalCapacity)
        }
    }

    func makeLogID() -> String {
        UTC.compact(clock.now()) + MockIDs.upperHex(20)
    }

    /// `t-…1234`: a token shown without its secret part.
    static func redact(_ token: String) -> String {
        guard token.count > 6 else { return "…" }
        let prefix = token.prefix(2)
        return "\(prefix)…\(token.suffix(4))"
    }
}

/// The journal's entries plus its counters: a ring, so dropping the oldest entries when full is
/// constant time under the journal lock (it was an `O(capacity)` `removeFirst` that held every
/// other request up).
struct JournalStore: Sendable {
    private var ring: [JournalEntry] = []
    private var head = 0
    private(set) var count = 0
    var next = 0
    var dropped = 0

    /// The live entries, oldest first.
    var entries: [JournalEntry] {
        guard head + count > ring.count else { return Array(ring[head..<(head + count)]) }
        return Array(ring[head...]) + Array(ring[..<(head + count - ring.count)])
    }

    /// Appends `entry`; the caller keeps `count` below `capacity` (see `dropOldest`).
    mutating func append(_ entry: JournalEntry, capacity: Int) {
        if ring.count < capacity && head == 0 {
            ring.append(entry)
        } else {
            ring[(head + count) % ring.count] = entry
        }
        count += 1
    }

    /// Forgets the `n` oldest entries (their slots are reused by later appends).
    mutating func dropOldest(_ n: Int) {
        let n = min(n, count)
        head = (head + n) % max(1, ring.count)
        count -= n
        dropped += n
    }
}

/// Routes grouped by path shape: the number of segments, then the position and text of the
/// template's last literal segment (`/open-apis/im/v1/messages/:message_id` files under 5, segment
/// 3, `messages`). A path's candidates are the routes of its segment count whose last literal is
/// the path's segment at that position, plus those with no literal. Over the whole imported corpus
/// (1,669 specs) no group holds more than 55 routes.
///
/// Candidates come most specific first, as routers order them: a literal segment before a
/// parameter at the first place two templates differ (`GET /im/v1/chats/search` is the search, not
/// `GET /im/v1/chats/:chat_id` with the id `search`); templates alike in that come in the order given.
struct RouteIndex: Sendable {
    private struct Shape: Sendable {
        /// Position of the last literal segment -> its text -> the routes.
        var byLastLiteral: [Int: [String: [Route]]] = [:]
        /// Routes with no literal segment.
        var open: [Route] = []
    }

    private let shapes: [Int: Shape]
    /// Each route's rank: which of its segments are parameters (earlier segments weigh more), then
    /// its position in the routes given.
    private let rank: [ObjectIdentifier: [Int]]

    init(_ routes: [Route]) {
        var shapes: [Int: Shape] = [:]
        var rank: [ObjectIdentifier: [Int]] = [:]
        for (position, route) in routes.enumerated() {
            rank[ObjectIdentifier(route)] = route.segments.map { if case .literal = $0 { 0 } else { 1 } } + [position]
            let last = route.segments.lastIndex { if case .literal = $0 { true } else { false } }
            if let last, case .literal(let text) = route.segments[last] {
                shapes[route.segments.count, default: Shape()].byLastLiteral[last, default: [:]][text, default: []].append(route)
            } else {
                shapes[route.segments.count, default: Shape()].open.append(route)
            }
        }
        self.rank = rank
        let byRank: ([Route]) -> [Route] = {
            $0.sorted { rank[ObjectIdentifier($0), default: []].lexicographicallyPrecedes(rank[ObjectIdentifier($1), default: []]) }
        }
        self.shapes = shapes.mapValues { shape in
            Shape(byLastLiteral: shape.byLastLiteral.mapValues { $0.mapValues(byRank) }, open: byRank(shape.open))
        }
    }

    /// The routes that may match `path`, most specific first.
    func candidates(path: String) -> [Route] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let shape = shapes[parts.count] else { return [] }
        var found: [Route] = []
        var groups = 0
        for (position, byText) in shape.byLastLiteral {
            guard let routes = byText[String(parts[position])] else { continue }
            found += routes
            groups += 1
        }
        if !shape.open.isEmpty {
            found += shape.open
            groups += 1
        }
        guard groups > 1 else { return found }
        return found.sorted { rank[ObjectIdentifier($0), default: []].lexicographicallyPrecedes(rank[ObjectIdentifier($1), default: []]) }
    }
}

/// A compiled path template plus the endpoint's upper-cased method and its request validator,
/// derived once at init. A class, so walking the routes retains one reference per route rather
/// than every field of its spec.
final class Route: Sendable {
    let endpoint: EndpointSpec
    let segments: [PathTemplate.Segment]
    /// The endpoint's method, upper-case.
    let method: String
    let validator: RequestValidator?
    /// The endpoint's state behaviours, compiled.
    let statePlan: StatePlan?
    /// "endpoint id|rule index" for each of the endpoint's rate limits: the keys of their windows.
    let rateKeys: [String]

    init(endpoint: EndpointSpec, validator: RequestValidator? = nil, statePlan: StatePlan? = nil) {
        self.endpoint = endpoint
        self.segments = PathTemplate(endpoint.path).segments
        self.method = endpoint.method.uppercased()
        self.validator = validator
        self.statePlan = statePlan
        self.rateKeys = endpoint.rateLimits.indices.map { "\(endpoint.id)|\($0)" }
    }

    /// The path parameters when `path` matches the template. Walks the path's bytes once, without
    /// splitting it into an array of strings.
    func match(path: String) -> [String: String]? {
        let u = path.utf8
        let slash = UInt8(ascii: "/")
        var params: [String: String] = [:]
        var index = u.startIndex
        var matched = 0
        while true {
            while index < u.endIndex && u[index] == slash { index = u.index(after: index) }
            if index == u.endIndex { break }
            var end = index
            while end < u.endIndex && u[end] != slash { end = u.index(after: end) }
            guard matched < segments.count else { return nil }
            let part = path[index..<end]
            switch segments[matched] {
            case .literal(let text): if part != text { return nil }
            case .parameter(let name): params[name] = String(part)
            }
            matched += 1
            index = end
        }
        return matched == segments.count ? params : nil
    }

    /// `method` upper-cased; already upper-case ASCII (what the wire parser gives) costs nothing.
    static func upperASCII(_ method: String) -> String {
        method.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A || $0 >= 0x80 }) ? method.uppercased() : method
    }
}
