/// One problem found in a spec file: where it is and how to fix it.
///
/// Diagnostics are collected, not thrown one at a time, so `lint` reports every problem of
/// every file in one pass.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The spec is wrong or unusable: `lint` fails.
        case error
        /// Suspicious but usable: reported, `lint` still passes.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The spec file's name inside the specs directory (`admin.v1.badge.create.json`).
    public var file: String
    /// JSON path of the problem inside the file (`$.request[2].maxLength`); `$` for the whole file.
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

    /// `error: admin.v1.badge.create.json $.request[2].maxLength: message`.
    public var description: String { "\(severity.rawValue): \(file) \(jsonPath): \(message)" }
}

extension Array where Element == Diagnostic {
    /// True when any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
