/// Why a fixture could not be forged, e.g. a byte size below the smallest possible file.
public struct FixtureForgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of problem.
    public enum Kind: String, Sendable {
        /// Width or height outside what the format (or its chosen variant) can express.
        case invalidDimensions
        /// The requested byte size is below the smallest file the forge can make; see `minimumByteSize`.
        case byteSizeTooSmall
        /// The requested byte size cannot be hit exactly (e.g. an odd size for RIFF/WEBP).
        case byteSizeUnreachable
        /// The file would exceed the forge's memory budget for this format.
        case tooLarge
    }

    /// The broad class of problem.
    public var kind: Kind
    /// The format being forged.
    public var format: ImageFormat
    /// The smallest byte size possible for the requested dimensions, when known.
    public var minimumByteSize: Int?
    /// A sentence naming the problem.
    public var message: String

    /// Creates an error value.
    public init(kind: Kind, format: ImageFormat, minimumByteSize: Int? = nil, message: String) {
        self.kind = kind
        self.format = format
        self.minimumByteSize = minimumByteSize
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Largest file the forge will build (and largest `byteSize` it accepts), to keep memory bounded.
    static let budget = 1 << 30

    static func checkBudget(_ f: ImageFormat, _ byteSize: Int?) throws(FixtureForgeError) {
        if let n = byteSize, n > budget {
            throw FixtureForgeError(kind: .tooLarge, format: f, message: "\(f.displayName): \(n) bytes exceeds the forge's limit of \(budget) bytes")
        }
    }

    static func dimensions(_ f: ImageFormat, _ w: Int, _ h: Int, _ limit: String) -> Self {
        Self(kind: .invalidDimensions, format: f, message: "\(f.displayName): cannot forge \(w)x\(h): \(limit)")
    }

    static func tooSmall(_ f: ImageFormat, _ w: Int, _ h: Int, requested: Int, minimum: Int) -> Self {
        Self(
            kind: .byteSizeTooSmall, format: f, minimumByteSize: minimum,
            message: "\(f.displayName) \(w)x\(h): requested \(requested) bytes but the minimum possible size is \(minimum) bytes")
    }

    static func unreachable(_ f: ImageFormat, _ w: Int, _ h: Int, requested: Int, minimum: Int, _ why: String) -> Self {
        Self(
            kind: .byteSizeUnreachable, format: f, minimumByteSize: minimum,
            message: "\(f.displayName) \(w)x\(h): cannot make exactly \(requested) bytes (\(why)); the minimum possible size is \(minimum) bytes")
    }
}
