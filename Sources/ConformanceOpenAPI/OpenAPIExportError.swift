/// Why an export could not be made: an endpoint id no spec has, or a spec value that cannot be
/// written as JSON. The message says what to do.
public struct OpenAPIExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var message: String

    /// An error with its message.
    public init(_ message: String) { self.message = message }

    /// `--endpoint` named an id that is neither an endpoint spec nor the token endpoint.
    static func unknownEndpoint(_ id: String, known: [String]) -> OpenAPIExportError {
        OpenAPIExportError("no endpoint \"\(id)\" in the specs; known: \(known.joined(separator: ", "))")
    }

    /// The message.
    public var description: String { message }
}
