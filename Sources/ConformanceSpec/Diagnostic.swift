/// One problem found in a spec file: where it is and how to fix it.
///
/// `lint` and `generate` both report problems as `Diagnostic` values, so a user sees one format
/// (`severity: file JSON-path: message`) from either command. Diagnostics are collected, not
/// thrown one at a time, so one pass reports every problem of every file.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The spec is wrong or unusable: `lint` fails, `generate` writes nothing.
        case error
        /// Suspicious or unsupported but usable: reported, output is still produced.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The file: a spec file's name as the command was given it (`admin.v1.badge.create.json`,
    /// `Specs/admin.v1.badge.create.json`), or a folder or generated file the problem is about.
    public var file: String
    /// JSON path of the problem inside the file (`$.request[2].maxLength`); `$` for the whole
    /// file; empty when the file is not a JSON document (a generated Swift file that cannot be written).
    public var jsonPath: String
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates a diagnostic.
    public init(severity: Severity, file: String, jsonPath: String, message: String) {
        self.severity = severity
        self.file = file
        self.jsonPath = jsonPath
        self.message = message
    }

    /// An error diagnostic from a file that could not be read or decoded; `file` overrides the
    /// error's file name (to add the folder, say).
    public init(_ error: SpecLoadError, file: String? = nil) {
        self.init(severity: .error, file: file ?? error.file, jsonPath: error.path.isEmpty ? "$" : error.path, message: error.message)
    }

    /// `error: admin.v1.badge.create.json $.request[2].maxLength: message`.
    public var description: String {
        "\(severity.rawValue): \(file)\(jsonPath.isEmpty ? "" : " \(jsonPath)"): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Errors first, then warnings; within a severity, by file, JSON path and message.
    public func sortedBySeverity() -> [Diagnostic] {
        sorted { ($0.severity == .error ? 0 : 1, $0.description) < ($1.severity == .error ? 0 : 1, $1.description) }
    }
}
