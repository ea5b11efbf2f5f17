/// Why one side of a diff could not be read; the message says what was expected.
public struct DiffInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, without the `error: ` prefix.
    public var message: String

    /// An error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
