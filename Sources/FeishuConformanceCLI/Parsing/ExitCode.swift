/// A process exit status as a value: `0` success, `1` conformance failure or lint errors,
/// `2` usage, configuration or connection error.
public struct ExitCode: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    /// The status passed to `exit`.
    public var rawValue: Int32

    /// Wraps any status.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `0`: everything documented conforms, the specs lint clean, the command did its job.
    public static let success = ExitCode(rawValue: 0)
    /// `1`: some documented behaviour does not conform, lint found errors, generated code is stale.
    public static let failure = ExitCode(rawValue: 1)
    /// `2`: usage, configuration or connection error: the command could not do its job.
    public static let usageError = ExitCode(rawValue: 2)

    /// `0 (success)`, `1 (failure)`, `2 (usage, configuration or connection error)`.
    public var description: String {
        switch rawValue {
        case 0: "0 (success)"
        case 1: "1 (failure)"
        case 2: "2 (usage, configuration or connection error)"
        default: "\(rawValue)"
        }
    }
}
