/// The accepted requests of one rate limit (one app, tenant, endpoint and rule) inside a sliding
/// window: the platform decision `platform-rate-limit-window` (Specs/DECISIONS.md) counts "N 次/分钟"
/// as at most N requests in the last 60 s, "N 次/秒" as at most N in the last 1 s, at any instant.
///
/// The log keeps the time of each accepted request still in the window: at most `limit` of them
/// (a refused request is not counted and a full window refuses), in storage compacted to at most
/// `2 * limit + 64` slots, so memory per key is bounded by the rule's count whatever the traffic.
struct SlidingWindowLog: Sendable {
    /// Window length in seconds.
    let window: Double
    /// Requests allowed inside the window.
    let limit: Int
    private var times: [Double] = []
    private var head = 0

    /// A log for `limit` requests per `window` seconds.
    init(window: Double, limit: Int) {
        self.window = window
        self.limit = max(0, limit)
    }

    /// Number of accepted requests still inside the window (as of the last `expire(now:)`).
    var count: Int { times.count - head }

    /// Slots held in storage, counted or not yet compacted away (at most `2 * limit + 64`).
    var storageCount: Int { times.count }

    /// Drops requests that have left the window at `now`: those at or before `now - window`.
    mutating func expire(now: Double) {
        while head < times.count, times[head] <= now - window { head += 1 }
        if head > 0, head == times.count {
            times.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= times.count {
            times.removeFirst(head)
            head = 0
        }
    }

    /// True when one more request at `now` stays within the limit (after `expire(now:)`).
    func hasRoom() -> Bool { count < limit }

    /// Seconds until the oldest counted request leaves the window (at least 1), for the reset header.
    func secondsUntilRoom(now: Double) -> Int {
        guard head < times.count else { return 1 }
        let leaves = times[head] + window - now
        return max(1, Int(leaves.rounded(.up)))
    }

    /// Counts a request accepted at `now`. Call only when `hasRoom()`, so the log never exceeds `limit` entries.
    mutating func record(now: Double) {
        guard count < limit else { return }
        times.append(now)
    }
}
