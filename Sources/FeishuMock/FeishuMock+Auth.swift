import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

extension FeishuMock {
    /// Checks the `Authorization` header against the platform's token rules and the endpoint's token types.
    func authenticate(_ request: HTTPRequest, endpoint: EndpointSpec) -> Result<Identity, RequestViolation> {
        let token: String
        let type: TokenType
        switch authorizationRule.check(request.headers["Authorization"], accepted: endpoint.auth.tokenTypes.value, shown: { Self.redact($0) }) {
        case .failure(let violation): return .failure(violation)
        case .success(let found): (token, type) = found
        }
        let tokens = specs.platform.tokens
        let accepted = endpoint.auth.tokenTypes.value
        // Texts for a refusal are built only when refusing.
        var shown: String { "\(tokens.scheme.value) \(Self.redact(token))" }
        func fail(_ role: ErrorBinding, _ rule: String, _ observed: String) -> Result<Identity, RequestViolation> {
            .failure(authorizationRule.violation(role, rule: rule, observed: observed, accepted: accepted))
        }
        let base = clock.now()
        switch type {
        // The tenant's store and clock come along (read under the same lock), so later stages need
        // the mock-wide lock only for what is really mock-wide.
        case .user:
            let found: Identity? = state.withLock { s in
                guard let app = s.apps.values.first(where: { $0.userAccessTokens.contains(token) }) else { return nil }
                let view = s.clockView(tenant: app.tenantKey)
                return Identity(app: app, tokenType: .user, now: view.now(base: base), store: s.store(tenant: app.tenantKey), clock: view)
            }
            guard let found else { return fail(roles.invalidUserToken, "invalidUserToken", "an unknown user access token (\(shown))") }
            return .success(found)
        default:
            let found: (Identity, Bool)? = state.withLock { s in
                guard let issued = s.tokens[token], let app = s.apps[issued.appID] else { return nil }
                let view = s.clockView(tenant: app.tenantKey)
                let now = view.now(base: base)
                return (Identity(app: app, tokenType: .tenant, now: now, store: s.store(tenant: app.tenantKey), clock: view), now < issued.expiresAt)
            }
            guard let (identity, fresh) = found else {
                return fail(roles.invalidTenantToken, "invalidTenantToken", "an unknown tenant access token (\(shown))")
            }
            guard fresh else { return fail(roles.invalidTenantToken, "invalidTenantToken", "an expired tenant access token (\(shown))") }
            return .success(identity)
        }
    }

    /// The token endpoint: validates the body from the platform spec, checks the credentials, and
    /// issues a tenant access token (a fresh one once the current one is inside the refresh window).
    func serveToken(_ request: HTTPRequest, pathParameters: [String: String], logID: String) -> Outcome {
        let endpoint = specs.platform.tokenEndpoint
        let validation =
            validators[endpoint.id]?.validate(request, pathParameters: pathParameters)
            ?? RequestValidation(violations: [], values: RequestValues())
        let names = specs.platform.tokens.endpointFields.value
        let appID = validation.values.body[names.appID]?.stringValue
        let knownApp = appID.flatMap { id in state.withLock { $0.apps[id] } }
        func refuse(_ v: RequestViolation, role: ErrorBinding) -> Outcome {
            let all = [v] + validation.violations.filter { $0 != v }
            let entry = makeEntry(
                request, endpoint: endpoint.id, appID: knownApp?.appID, code: role.code,
                violations: all.map(journalViolation), tenant: knownApp?.tenantKey)
            return Outcome(response: errorResponse(code: role.code, status: nil, endpoint: endpoint, logID: logID), entry: entry, isError: true)
        }
        if let first = validation.first {
            var v = first
            v.code = roles.tokenBadRequest.code
            return refuse(v, role: roles.tokenBadRequest)
        }
        let secret = validation.values.body[names.appSecret]?.stringValue
        guard let app = knownApp, let secret, app.appSecret == secret else {
            let v = RequestViolation(
                stage: .auth, rule: "auth.badCredentials", field: names.appID,
                expected: "a registered \(names.appID) with its \(names.appSecret)",
                observed: knownApp == nil ? "an unknown \(names.appID)" : "a wrong \(names.appSecret)",
                code: roles.badCredentials.code, provenance: roles.badCredentials.provenance)
            let entry = makeEntry(
                request, endpoint: endpoint.id, appID: knownApp?.appID, code: v.code,
                violations: [journalViolation(v)].map {
                    var j = $0
                    j.clientFault = false
                    return j
                }, tenant: knownApp?.tenantKey)
            return Outcome(response: errorResponse(code: v.code, status: nil, endpoint: endpoint, logID: logID), entry: entry, isError: true)
        }
        let lifetime = Double(specs.platform.tokens.tenantTokenLifetimeSeconds.value)
        let window = Double(specs.platform.tokens.refreshWindowSeconds.value)
        let base = clock.now()
        let (token, remaining): (String, Int) = state.withLock { s in
            let now = s.now(tenant: app.tenantKey, base: base)
            if let current = s.latestToken[app.appID], let issued = s.tokens[current], issued.expiresAt - now >= window {
                return (current, Int((issued.expiresAt - now).rounded(.down)))
            }
            let fresh = specs.platform.tokens.tenantPrefix.value + MockIDs.random(30)
            s.tokens[fresh] = IssuedToken(appID: app.appID, expiresAt: now + lifetime)
            s.latestToken[app.appID] = fresh
            return (fresh, Int(lifetime))
        }
        let data: JSONValue = .object([names.token: .string(token), names.expire: .int(remaining)])
        let entry = makeEntry(request, endpoint: endpoint.id, appID: app.appID, code: 0, violations: [], tenant: app.tenantKey)
        return Outcome(response: successResponse(data: data, endpoint: endpoint), entry: entry, isError: false)
    }

    /// Counts a request against the endpoint's rate limits for the app and tenant (sliding windows,
    /// see `SlidingWindowLog`, kept in the tenant's store under its lock); returns the refusal and
    /// its headers when a window is full.
    func consumeRate(_ route: Route, identity: Identity) -> (RequestViolation, HTTPHeaders)? {
        let endpoint = route.endpoint
        // `mock --rate-limits off`: nothing is counted, nothing refused.
        guard !endpoint.rateLimits.isEmpty, rateLimits != .off else { return nil }
        let answer = specs.platform.rateLimiting
        let appID = identity.app.appID
        return identity.store.resources.withLock { t -> (RequestViolation, HTTPHeaders)? in
            // Read under the lock, so each window records times in order.
            let now = identity.clock.now(base: clock.now())
            for (i, rule) in endpoint.rateLimits.enumerated() {
                let key = route.rateKeys[i]
                let limit = rateLimits.limit(documented: rule.value.count) ?? Int.max
                t.rate[appID, default: [:]][key, default: SlidingWindowLog(window: Double(rule.value.window.seconds), limit: limit)]
                    .expire(now: now)
                if let log = t.rate[appID]?[key], !log.hasRoom() {
                    let role = roles.rateLimited
                    let v = RequestViolation(
                        stage: .rateLimit, rule: "rateLimits.\(i)", field: nil,
                        expected: "at most \(limit) requests per \(rule.value.window.rawValue)",
                        observed: "request \(log.count + 1) in the last \(rule.value.window.seconds) s",
                        code: role.code, provenance: rule.provenance)
                    let headers = HTTPHeaders([
                        (answer.limitHeader.value, String(limit)),
                        (answer.resetHeader.value, String(log.secondsUntilRoom(now: now))),
                    ])
                    return (v, headers)
                }
            }
            for key in route.rateKeys { t.rate[appID]?[key]?.record(now: now) }
            return nil
        }
    }
}
