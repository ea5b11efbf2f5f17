/// A problem found while generating, collected rather than thrown one at a time.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable {
        /// Worth knowing; output is still produced.
        case note
        /// Unsupported input, skipped; output is still produced.
        case warning
        /// The input cannot be used; nothing is written.
        case error
    }

    public var severity: Severity
    public var message: String
    /// The spec file, as named in headers (`Specs/platform.json`), when known.
    public var file: String?
    /// JSON path inside the file (`$.request[2].maxLength`), when known.
    public var path: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, file: String? = nil, path: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.path = path
    }

    /// `Specs/x.json $.request[0]: error: message`.
    public var description: String {
        let location = [file, path].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return (location.isEmpty ? "" : "\(location): ") + "\(severity.rawValue): \(message)"
    }
}

/// Generation failed; `diagnostics` say where and what to do.
public struct GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, errors first.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        "generation failed; fix the spec files and run `feishu-conformance lint` for a full diagnosis:\n"
            + diagnostics.map { "  \($0)" }.joined(separator: "\n")
    }
}
