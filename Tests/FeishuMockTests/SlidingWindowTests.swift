import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@testable import FeishuMock

/// The decision `platform-rate-limit-window`: "N 次/分钟" is at most N accepted requests in the last
/// 60 s at any instant (sliding, not fixed, windows), and the reset header counts the seconds until
/// the oldest counted request leaves the window.
@Suite("Sliding rate-limit windows")
struct SlidingWindowTests {
    @Test("a full window refuses until its oldest request is 60 s old; refused requests are not counted")
    func slides() {
        var log = SlidingWindowLog(window: 60, limit: 3)
        for t in [0.0, 10, 20] {
            log.expire(now: t)
            #expect(log.hasRoom())
            log.record(now: t)
        }
        log.expire(now: 59.5)
        #expect(!log.hasRoom())
        #expect(log.secondsUntilRoom(now: 59.5) == 1)
        log.expire(now: 30)
        #expect(log.secondsUntilRoom(now: 30) == 30)
        // At exactly 60 s the request from t=0 has left; the one from t=10 has not.
        log.expire(now: 60)
        #expect(log.count == 2)
        #expect(log.hasRoom())
        log.record(now: 60)
        log.expire(now: 69)
        #expect(!log.hasRoom())
        #expect(log.secondsUntilRoom(now: 69) == 1)
    }

    @Test("the platform spec's typed window is the one this limiter implements")
    func specNamesSliding() {
        #expect(TestSpecs.set.platform.rateLimiting.window?.value == RateLimitAnswer.slidingWindow)
    }

    @Test("memory stays bounded by the limit however many requests arrive")
    func bounded() {
        var log = SlidingWindowLog(window: 1, limit: 50)
        for i in 0..<100_000 {
            let now = Double(i) * 0.001
            log.expire(now: now)
            if log.hasRoom() { log.record(now: now) }
            #expect(log.count <= 50)
        }
        #expect(log.storageCount <= 2 * 50 + 64)
    }

    @Test("per-minute limit reached in bursts under the per-second one, one second apart", arguments: TestSpecs.set.endpoints.map(\.id))
    func bursts(endpointID: String) async throws {
        let e = try TestSpecs.endpoint(endpointID)
        let byWindow = e.rateLimits.sorted { $0.value.window.seconds < $1.value.window.seconds }
        guard byWindow.count >= 2, let short = byWindow.first, let long = byWindow.last,
            long.value.window.seconds > short.value.window.seconds, long.value.count > short.value.count
        else { return }
        let h = MockHarness()
        let app = h.mock.addApp()
        let token = try await h.token(app)
        let frozen = try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", body: Data(#"{"app_id":"\#(app.appID)","freeze":true}"#.utf8)))
        #expect(frozen.status == 200)
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        let limited = h.platform.roles.rateLimited.code
        var sent = 0
        var seconds = 0
        while sent < long.value.count {
            for _ in 0..<min(short.value.count, long.value.count - sent) {
                let r = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
                #expect(r.code != limited, "request \(sent + 1) limited early")
                sent += 1
            }
            try await h.advance(app, Double(short.value.window.seconds))
            seconds += short.value.window.seconds
        }
        let refused = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
        #expect(refused.code == limited)
        #expect(refused.response.headers[h.platform.rateLimiting.limitHeader.value] == String(long.value.count))
        // The oldest counted request leaves the long window `long - elapsed` seconds from now.
        let reset = try #require(refused.response.headers[h.platform.rateLimiting.resetHeader.value].flatMap(Int.init))
        #expect(reset == long.value.window.seconds - seconds)
        try await h.advance(app, Double(reset))
        let after = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
        #expect(after.code != limited)
    }
}
