import ConformanceModel
import ConformanceSpec

/// What the platform's token rules say of an `Authorization` header for an endpoint: the one
/// place that reads the scheme, the token, its prefix and its type against the endpoint's token
/// types. The mock judges requests by it before looking the token up; the proxy, which cannot look
/// tokens up, judges by it alone. Refusals never show the token (`shown` may show a redacted form).
public struct AuthorizationRule: Sendable {
    /// The platform facts (token rules, error roles).
    public let platform: PlatformSpec

    /// Creates the rule for a platform.
    public init(platform: PlatformSpec) { self.platform = platform }

    /// The bearer token and its type, or the violation with the platform's code for it.
    /// `shown` describes the token in a wrong-type refusal (a redacted form; nothing by default).
    public func check(
        _ rawHeader: String?, accepted: [TokenType],
        shown: (String) -> String? = { _ in nil }
    ) -> Result<(token: String, type: TokenType), RequestViolation> {
        let tokens = platform.tokens
        let roles = platform.roles
        func fail(_ role: ErrorBinding, _ rule: String, _ observed: String) -> Result<(token: String, type: TokenType), RequestViolation> {
            .failure(violation(role, rule: rule, observed: observed, accepted: accepted))
        }
        guard let rawHeader, case let header = Self.trimSpaces(rawHeader), !header.isEmpty else {
            return fail(roles.missingToken, "missingToken", "absent")
        }
        let schemePrefix = tokens.scheme.value + " "
        guard header.hasPrefix(schemePrefix) else {
            return fail(roles.malformedAuthorization, "malformedAuthorization", "no \(tokens.scheme.value) scheme")
        }
        let token = Self.trimSpaces(String(header.dropFirst(schemePrefix.count)))
        guard !token.isEmpty, !token.utf8.contains(0x20) else {
            return fail(roles.malformedAuthorization, "malformedAuthorization", token.isEmpty ? "empty token" : "more than one token")
        }
        let type: TokenType
        if token.hasPrefix(tokens.tenantPrefix.value) {
            type = .tenant
        } else if token.hasPrefix(tokens.userPrefix.value) {
            type = .user
        } else {
            return fail(roles.badTokenPrefix, "badTokenPrefix", "a token starting with neither \(tokens.tenantPrefix.value) nor \(tokens.userPrefix.value)")
        }
        guard accepted.contains(type) else {
            return fail(
                roles.wrongTokenType, "wrongTokenType",
                "a \(type.rawValue) access token" + (shown(token).map { " (\(tokens.scheme.value) \($0))" } ?? ""))
        }
        return .success((token, type))
    }

    /// A refusal of the `Authorization` header under `role` (`auth.<rule>`), expecting the endpoint's
    /// token types; for later checks too (an unknown or expired token the mock looks up).
    public func violation(_ role: ErrorBinding, rule: String, observed: String, accepted: [TokenType]) -> RequestViolation {
        let expected = "\(platform.tokens.scheme.value) <" + accepted.map { "\($0.rawValue)_access_token" }.joined(separator: " | ") + ">"
        return RequestViolation(
            stage: .auth, rule: "auth.\(rule)", field: "Authorization", expected: expected,
            observed: observed, code: role.code, provenance: role.provenance)
    }

    /// `s` without leading and trailing spaces and tabs (the string itself when it has none).
    public static func trimSpaces(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        if first == u.startIndex && last == u.index(before: u.endIndex) { return s }
        return String(s[first...last])
    }
}
