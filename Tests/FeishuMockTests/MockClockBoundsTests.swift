import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// Found by Benchmarks/fuzz/mock_fuzz.sh: `POST /__mock/clock {"advanceSeconds":1e300}` was
/// accepted, and the next platform request trapped converting the clock to whole seconds for its
/// journal entry (and would have for token expiry and rate-limit reset headers).
@Suite("Mock: clock moves stay representable")
struct MockClockBoundsTests {
    func moveClock(_ h: MockHarness, _ body: String) async throws -> Reply {
        try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", headers: ["Content-Type": "application/json"], body: Data(body.utf8)))
    }

    @Test(
        "a move past year 9999 or before 1970 is refused with 400 and changes nothing",
        arguments: [
            #"{"advanceSeconds":1e300}"#, #"{"advanceSeconds":-1e300}"#, #"{"advanceSeconds":-1e12}"#,
            #"{"app_id":"cli_conformance_a","advanceSeconds":1e300}"#, #"{"app_id":"cli_conformance_a","advanceSeconds":-9223372036854775807}"#,
            #"{"app_id":"cli_conformance_a","freeze":true,"advanceSeconds":3e11}"#,
        ])
    func refused(body: String) async throws {
        let h = MockHarness()
        let before = h.clock.now()
        let reply = try await moveClock(h, body)
        #expect(reply.status == 400)
        #expect(reply.json["error"]?.stringValue?.contains("9999") == true)
        // Nothing moved: the tenant still sees the base clock, and platform requests are answered.
        let now = try await moveClock(h, #"{"app_id":"cli_conformance_a"}"#)
        #expect(now.json["now"] == .double(before) || now.json["now"] == .int(Int(before)))
        _ = try await h.token(MockHarness.appA)
        let list = try await h.send(HTTPRequest(method: "GET", target: "/__mock/journal"))
        #expect(list.status == 200)
    }

    @Test("many large moves in a row stop at the bound instead of overflowing")
    func accumulated() async throws {
        let h = MockHarness()
        var refusedAt: Int?
        for i in 0..<100 {
            let reply = try await moveClock(h, #"{"app_id":"cli_conformance_a","advanceSeconds":1e10}"#)
            if reply.status == 400 {
                refusedAt = i
                break
            }
            #expect(reply.status == 200)
        }
        // 1e10 s is ~317 years: from 2024 the 26th move would pass 9999-12-31.
        #expect(refusedAt == 25)
        let token = try await h.token(MockHarness.appA)
        #expect(token.isEmpty == false)
        // A base-clock move that would push that tenant's (unfrozen) clock out of range is refused too.
        #expect(try await moveClock(h, #"{"advanceSeconds":1e10}"#).status == 400)
        #expect(try await moveClock(h, #"{"advanceSeconds":60}"#).status == 200)
    }
}
