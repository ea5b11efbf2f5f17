import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import Synchronization

/// Spaces requests to one endpoint from one app so they stay under the endpoint's documented rate
/// limits: with `20/minute`, consecutive requests are at least 3 s apart; with several limits the
/// strictest spacing applies. Each key (endpoint + app) has its own schedule.
public final class RatePacer: Sendable {
    private let clock: any RunClock
    private let nextSlot = Mutex<[String: Double]>([:])
    private let lastSent = Mutex<[String: Double]>([:])

    /// Creates a pacer on `clock`.
    public init(clock: any RunClock) { self.clock = clock }

    /// Share of a window added to each limit's spacing: requests leave on schedule but arrive with
    /// jitter, and without slack the first of a window may arrive late and the last early, putting
    /// limit + 1 in one sliding window.
    public static let slack = 0.02

    /// Minimum spacing in seconds between requests under `limits` (0 when there are none): the
    /// window (plus ``slack``) over the count, for the strictest limit.
    public static func interval(for limits: [RateLimit]) -> Double {
        limits.filter { $0.count > 0 }.map { Double($0.window.seconds) * (1 + slack) / Double($0.count) }.max() ?? 0
    }

    /// Waits until a request for `key` may go, and books the next slot `interval` seconds later.
    /// Returns how long it waited.
    @discardableResult
    public func acquire(key: String, interval: Double) async -> Double {
        guard interval > 0 else { return 0 }
        let now = clock.now
        let start = nextSlot.withLock { slots -> Double in
            let start = max(now, slots[key] ?? now)
            slots[key] = start + interval
            return start
        }
        let wait = start - now
        if wait > 0 { await clock.sleep(seconds: wait) }
        note(key: key)
        return max(wait, 0)
    }

    /// Records a request for `key` sent now without pacing (a rate-limit probe's burst).
    public func note(key: String) {
        let now = clock.now
        lastSent.withLock { $0[key] = max($0[key] ?? now, now) }
    }

    /// Waits until no request for `key` has gone for `seconds` (a full rate window); returns how long it waited.
    @discardableResult
    public func waitQuiet(key: String, seconds: Double) async -> Double {
        guard let last = lastSent.withLock({ $0[key] }) else { return 0 }
        let wait = last + seconds - clock.now
        if wait > 0 { await clock.sleep(seconds: wait) }
        return max(wait, 0)
    }
}
