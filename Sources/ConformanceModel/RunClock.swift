import Foundation
import Synchronization

/// The runner's notion of time: a monotonic "now" and a way to wait. Injectable, so pacing and
/// rate-limit retries are testable without waiting.
public protocol RunClock: Sendable {
    /// Seconds since an arbitrary fixed point; never goes backwards.
    var now: Double { get }
    /// Waits `seconds` (returns at once for zero or less).
    func sleep(seconds: Double) async
}

/// The real clock: `ContinuousClock` and `Task.sleep`.
public struct SystemRunClock: RunClock {
    private let origin = ContinuousClock.now

    /// Creates a clock starting now.
    public init() {}

    /// Seconds since this clock was made.
    public var now: Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Sleeps with `Task.sleep` (returns early if the task is cancelled).
    public func sleep(seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded(.up))))
    }
}

/// A clock that runs `scale` times faster than real time: `now` advances `scale` seconds per real
/// second and `sleep(seconds:)` waits `seconds / scale` real seconds.
///
/// Shared by a runner and a server (the mock conforms through `FeishuMock`), it replays a paced live
/// run under the documented rate limits in a fraction of the wall time, with both sides agreeing
/// on every rate window: a simulation, used by tests and benchmarks, never by a real run.
public final class AcceleratedClock: RunClock {
    /// How many clock seconds pass per real second.
    public let scale: Double
    /// The clock's reading when it was made (seconds since 1970, so a mock can use it as its base).
    public let start: Double
    private let origin = ContinuousClock.now

    /// Creates a clock `scale` times faster than real time, reading `start` now.
    public init(scale: Double, start: Double = 1_704_067_200) {
        self.scale = max(scale, 1)
        self.start = start
    }

    /// Clock seconds since 1970.
    public var now: Double {
        let elapsed = ContinuousClock.now - origin
        return start + (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * scale
    }

    /// Clock seconds since the clock was made.
    public var elapsed: Double { now - start }

    /// Waits `seconds` of clock time.
    public func sleep(seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .microseconds(Int((seconds / scale * 1_000_000).rounded(.up))))
    }
}
