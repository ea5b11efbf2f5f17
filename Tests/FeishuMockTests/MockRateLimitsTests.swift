import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// `mock --rate-limits documented|off|xN`: the documented limits by default; lifted or raised only
/// when asked (fuzzers, load tools).
@Suite("Mock rate-limit policy")
struct MockRateLimitsTests {
    @Test(
        "the command-line spellings",
        arguments: [
            ("documented", MockRateLimits.documented), ("off", .off), ("x1", .documented), ("x10", .scaled(10)),
        ])
    func parsing(_ text: String, _ expected: MockRateLimits) {
        #expect(MockRateLimits(argument: text) == expected)
    }

    @Test("rejected spellings", arguments: ["", "x", "x0", "x-2", "x+2", "10", "X10", "on", "x1.5", "x١٠"])
    func rejected(_ text: String) {
        #expect(MockRateLimits(argument: text) == nil)
    }

    /// The endpoint with the smallest documented limit, and that limit.
    func tightest() throws -> (EndpointSpec, RateLimit) {
        let candidates = TestSpecs.set.endpoints.compactMap { e in e.rateLimits.map(\.value).min { $0.count < $1.count }.map { (e, $0) } }
        return try #require(candidates.min { $0.1.count < $1.1.count }, "no spec has a rate limit")
    }

    /// Sends `count` requests with a frozen clock (one window) and returns how many were refused for rate.
    func refusals(_ h: MockHarness, _ endpoint: EndpointSpec, count: Int) async throws -> (Int, Reply?) {
        let app = h.mock.addApp()
        let token = try await h.token(app)
        let frozen = try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", body: Data(#"{"app_id":"\#(app.appID)","freeze":true}"#.utf8)))
        #expect(frozen.status == 200)
        var refused = 0
        var first: Reply?
        for _ in 0..<count {
            let r = try await h.send(HTTPRequest(method: endpoint.method, target: endpoint.path, headers: ["Authorization": "Bearer \(token)"]))
            if r.code == h.platform.roles.rateLimited.code {
                refused += 1
                first = first ?? r
            }
        }
        return (refused, first)
    }

    @Test("documented (the default): the limit + 1st request in a window is refused")
    func documented() async throws {
        let (endpoint, limit) = try tightest()
        let h = MockHarness()
        #expect(h.mock.rateLimits == .documented)
        let (refused, _) = try await refusals(h, endpoint, count: limit.count + 1)
        #expect(refused == 1)
    }

    @Test("off: three times the limit in one window, none refused for rate")
    func off() async throws {
        let (endpoint, limit) = try tightest()
        let (refused, _) = try await refusals(MockHarness(rateLimits: .off), endpoint, count: limit.count * 3)
        #expect(refused == 0)
    }

    @Test("xN: N times the limit pass, the next is refused with the raised limit in its header")
    func scaled() async throws {
        let (endpoint, limit) = try tightest()
        let h = MockHarness(rateLimits: .scaled(2))
        let (refused, reply) = try await refusals(h, endpoint, count: limit.count * 2 + 1)
        #expect(refused == 1)
        #expect(reply?.status == h.platform.rateLimiting.httpStatus.value)
        #expect(reply?.response.headers[h.platform.rateLimiting.limitHeader.value] == String(limit.count * 2))
    }
}
