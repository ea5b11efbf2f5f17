import ConformanceModel
import ConformanceRules
import Foundation
import Synchronization

/// The mock's base clock, in seconds since 1970. Tests inject `ManualMockClock` to move time
/// (token expiry, image-key age, rate windows) without sleeping; each tenant then sees this base
/// plus its own offset, optionally frozen (see `POST /__mock/clock`).
public protocol MockClock: Sendable {
    /// The current time in seconds since 1970.
    func now() -> Double
}

/// Wall-clock time.
public struct SystemMockClock: MockClock {
    /// Creates a system clock.
    public init() {}
    /// The wall-clock time in seconds since 1970.
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock that moves only when told to.
public final class ManualMockClock: MockClock {
    private let current: Mutex<Double>

    /// Starts at `start` seconds since 1970 (default 2024-01-01T00:00:00Z).
    public init(start: Double = 1_704_067_200) { current = Mutex(start) }

    /// The time set so far, in seconds since 1970.
    public func now() -> Double { current.withLock { $0 } }

    /// Moves time forward (or back, with a negative value).
    public func advance(by seconds: Double) { current.withLock { $0 += seconds } }

    /// Sets the time.
    public func set(_ seconds: Double) { current.withLock { $0 = seconds } }
}

extension AcceleratedClock: MockClock {
    /// Clock seconds since 1970 (the same reading a runner sharing this clock sees).
    public func now() -> Double { now }
}
