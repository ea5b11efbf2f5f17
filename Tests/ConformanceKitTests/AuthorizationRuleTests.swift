import ConformanceKit
import ConformanceSpec
import Testing

@Suite("AuthorizationRule: the one reading of an Authorization header (mock and proxy)")
struct AuthorizationRuleTests {
    @Test("each refusal has its platform code and rule; a good header gives the token and its type; no refusal shows the token")
    func refusals() throws {
        let platform = try TestSpecs.specSet().platform
        let rule = AuthorizationRule(platform: platform)
        let roles = platform.roles
        func refused(_ header: String?, _ accepted: [TokenType] = [.tenant]) -> RequestViolation? {
            if case .failure(let v) = rule.check(header, accepted: accepted) { return v }
            return nil
        }
        #expect(refused(nil)?.code == roles.missingToken.code && refused(nil)?.rule == "auth.missingToken")
        #expect(refused("   ")?.rule == "auth.missingToken")
        #expect(refused("Basic abc")?.code == roles.malformedAuthorization.code)
        #expect(refused("Bearer t-a t-b")?.observed == "more than one token")
        #expect(refused("Bearer x-secretvalue")?.code == roles.badTokenPrefix.code)
        let wrong = try #require(refused("Bearer u-secretvalue"))
        #expect(wrong.code == roles.wrongTokenType.code && !wrong.observed.contains("secretvalue"))
        guard case .success(let ok) = rule.check("  Bearer t-secretvalue ", accepted: [.tenant, .user]) else {
            Issue.record("a tenant token with a tenant-token endpoint must pass")
            return
        }
        #expect(ok.token == "t-secretvalue" && ok.type == .tenant)
    }
}
