import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Media

extension Derivation {
    // MARK: Auth

    mutating func authCases() {
        let roles = specs.platform.roles
        let tokens = specs.platform.tokens
        let (_, base) = baseline(of: endpoint, placeholderReferences: true)
        let accepted = endpoint.auth.tokenTypes.value
        // An endpoint that takes no access token has no token to get wrong.
        guard !accepted.isEmpty else { return }
        let tenantPrefix = tokens.tenantPrefix.value
        let scheme = tokens.scheme.value
        // What makes each request refusable: the Authorization header's row, its value format, the
        // accepted token types, the token lifetime.
        let header = endpoint.request.first { $0.location == .header && $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }
        let types = endpoint.auth.tokenTypes.provenance
        var rows: [(variant: String, what: String, caller: Caller, binding: ErrorBinding, rule: Provenance)] = [
            ("missing", "no Authorization header", Caller(credential: .none), roles.missingToken, header?.required.provenance ?? types),
            (
                "malformed", "Authorization without the \(scheme) scheme", Caller(credential: .raw("\(tenantPrefix)conformance-token")),
                roles.malformedAuthorization, header?.valueFormat?.provenance ?? types
            ),
            ("bad-prefix", "token with an unknown prefix", Caller(credential: .raw("\(scheme) x-conformance-token")), roles.badTokenPrefix, types),
        ]
        if accepted.contains(.tenant) {
            rows.append(
                (
                    "unknown-tenant-token", "unknown tenant token",
                    Caller(credential: .raw("\(scheme) \(tenantPrefix)conformance0unknown0token")), roles.invalidTenantToken, types
                ))
            rows.append(
                (
                    "expired-tenant-token", "expired tenant token", Caller(credential: .expiredTenantToken), roles.invalidTenantToken,
                    tokens.tenantTokenLifetimeSeconds.provenance
                ))
        }
        if !accepted.contains(.user) {
            rows.append(
                (
                    "user-token", "user token where only \(accepted.map(\.rawValue).joined(separator: "/")) tokens are accepted",
                    Caller(credential: .userToken), roles.wrongTokenType, types
                ))
        }
        if !accepted.contains(.tenant) {
            rows.append(
                (
                    "tenant-token", "tenant token where only \(accepted.map(\.rawValue).joined(separator: "/")) tokens are accepted",
                    Caller(credential: .tenantToken), roles.wrongTokenType, types
                ))
        }
        for row in rows {
            let (expect, provenance) = platformError(row.binding)
            // An inferred code for a refusal the docs require leaves the refusal itself documented.
            let rule = provenance.isDocumented || !row.rule.isDocumented ? provenance : row.rule
            add(
                variant: row.variant, what: row.what, kind: .auth, rule: "auth.\(row.variant)", provenance: provenance, ruleProvenance: rule,
                covers: [.field("Authorization")], steps: [request(base, caller: row.caller, expect: expect)])
        }
    }

    // MARK: Rate limits

    mutating func rateLimitCases() {
        let platform = specs.platform
        let quota = endpoint.behaviours.lazy.compactMap { if case .quota(let q) = $0 { q } else { nil } }.first
        for (i, r) in endpoint.rateLimits.enumerated() {
            let (setup, base) = baseline(of: endpoint)
            var provenance = r.provenance
            if !platform.roles.rateLimited.provenance.isDocumented { provenance = platform.roles.rateLimited.provenance }
            var reason: String?
            if let quota, createsBehaviour?.resource == quota.resource, quota.limit < r.value.count {
                reason = "The quota of \(quota.limit) \(quota.resource) items is reached before \(r.value.count) requests per \(r.value.window.rawValue)."
            }
            if endpoint.auth.tokenTypes.value.isEmpty {
                reason = "The endpoint takes no access token, so a request names no app or tenant to count its rate limit against."
            }
            for case .item(let a) in endpoint.behaviours where a.operation == .delete {
                reason =
                    "Each request deletes the \(a.resource) it names, so \(r.value.count + 1) successful requests need as many \(a.resource) items "
                    + "made first, which one repeated step cannot name."
            }
            let code = platform.roles.rateLimited.code
            let status = platform.rateLimiting.httpStatus.value
            // A tighter limit on a shorter window would answer first: send in bursts under it,
            // moving the clock one short window between bursts, all inside this window.
            var burst = r.value.count
            var pause = 0
            for other in endpoint.rateLimits where other.value.window.seconds < r.value.window.seconds && other.value.count < burst {
                burst = other.value.count
                pause = other.value.window.seconds
            }
            var steps = setup + [CaseStep.freezeClock]
            if pause == 0 {
                steps.append(request(base, expect: .rateLimited(code: code, httpStatus: status), repeatCount: r.value.count + 1))
            } else {
                // With sliding windows (platform decision), bursts one short window apart all stay
                // inside this window: the last burst is at (bursts - 1) short windows, under the long one.
                var sent = 0
                while sent < r.value.count {
                    let chunk = min(burst, r.value.count - sent)
                    steps.append(request(base, expect: .success, repeatCount: chunk))
                    steps.append(.advanceClock(seconds: pause))
                    sent += chunk
                }
                steps.append(request(base, expect: .rateLimited(code: code, httpStatus: status)))
                let bursts = (r.value.count + burst - 1) / burst
                if reason == nil, bursts * pause >= r.value.window.seconds {
                    reason =
                        "Reaching \(r.value.count) per \(r.value.window.rawValue) under the tighter \(burst) per \(pause) s limit takes "
                        + "\(bursts) bursts \(pause) s apart, longer than the \(r.value.window.seconds) s window itself."
                }
                if provenance.isDocumented {
                    provenance = .inferred(
                        "\(r.value.count) per \(r.value.window.rawValue) is documented; reaching it in bursts of \(burst) "
                            + "\(pause) s apart relies on sliding windows (platform decision platform-rate-limit-window).")
                }
            }
            add(
                variant: "\(r.value.count)-per-\(r.value.window.rawValue)",
                what: pause == 0
                    ? "\(r.value.count + 1) requests in one \(r.value.window.rawValue) (limit \(r.value.count))"
                    : "\(r.value.count) requests in bursts of \(burst) \(pause) s apart, then one more, within one \(r.value.window.rawValue) (limit \(r.value.count))",
                kind: .rateLimit,
                rule: "rateLimits.\(i)", provenance: provenance, covers: [.limit("rateLimit.\(r.value.count)/\(r.value.window.rawValue)")],
                steps: steps, extra: [.freshTenant], notExercisable: reason)
        }
    }

    // MARK: Error table

    mutating func errorTableCases() {
        let exercised = Set(cases.filter { $0.notExercisableReason == nil }.flatMap(\.covers))
        for entry in endpoint.errors where !exercised.contains(.errorCode(entry.code)) {
            let reason =
                entry.triggerable
                ? "No case can be derived from the spec for this code (trigger: \(entry.trigger ?? "not described"))."
                : (entry.whyNotTriggerable ?? "It cannot be provoked from outside.")
            add(
                variant: "not-exercisable", what: "\(entry.code) \(entry.message)", kind: .errorCode, rule: "errors.\(entry.code)",
                provenance: entry.provenance, covers: [.errorCode(entry.code)],
                steps: [
                    request(
                        baseline(of: endpoint, placeholderReferences: true).values,
                        expect: .error(code: entry.code, httpStatus: entry.httpStatus.value))
                ],
                notExercisable: reason)
        }
    }
}
