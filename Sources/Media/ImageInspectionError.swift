/// Why an image could not be inspected; a value, never a trap.
public struct ImageInspectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of problem.
    public enum Kind: String, Sendable {
        /// The bytes do not start with the magic of any supported format.
        case unknownFormat
        /// The data ends before the headers that hold the dimensions.
        case truncated
        /// The headers are present but inconsistent or invalid.
        case corrupt
        /// A legal variant this inspector does not read (e.g. BigTIFF, JPEG height given by DNL).
        case unsupported
    }

    /// The broad class of problem.
    public var kind: Kind
    /// The format the magic bytes announced, when there was one.
    public var format: ImageFormat?
    /// A sentence naming the problem, prefixed by the format, e.g. `"JPEG: no SOF marker before end of data"`.
    public var message: String

    /// Creates an error value.
    public init(kind: Kind, format: ImageFormat?, message: String) {
        self.kind = kind
        self.format = format
        self.message = message
    }

    /// The message.
    public var description: String { message }

    static func truncated(_ format: ImageFormat, _ what: String) -> Self {
        Self(kind: .truncated, format: format, message: "\(format.displayName): \(what)")
    }

    static func corrupt(_ format: ImageFormat, _ what: String) -> Self {
        Self(kind: .corrupt, format: format, message: "\(format.displayName): \(what)")
    }

    static func unsupported(_ format: ImageFormat, _ what: String) -> Self {
        Self(kind: .unsupported, format: format, message: "\(format.displayName): \(what)")
    }
}
