import ConformanceSpec
import Foundation
import Synchronization

/// Spaces requests to one endpoint from one app so they stay under the endpoint's documented rate
/// limits: with `20/minute`, consecutive requests are at least 3 s apart; with several limits the
/// strictest spacing applies. Each key (endpoint + app) has its own schedule.
public final class RatePacer: Sendable {
    private let clock: any RunClock
    private let nextSlot = Mutex<[String: Double]>([:])

    /// Creates a pacer on `clock`.
    public init(clock: any RunClock) { self.clock = clock }

    /// Minimum spacing in seconds between requests under `limits` (0 when there are none).
    public static func interval(for limits: [RateLimit]) -> Double {
        limits.filter { $0.count > 0 }.map { Double($0.window.seconds) / Double($0.count) }.max() ?? 0
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
        return max(wait, 0)
    }
}
