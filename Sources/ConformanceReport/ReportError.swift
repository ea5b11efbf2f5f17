import Foundation

/// Why a report could not be read or written; the message says what to do.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case malformedBaseline(path: String, reason: String)
        case unreadableBaseline(path: String, reason: String)
        case cannotWrite(path: String, reason: String)
    }

    let kind: Kind

    /// The baseline file is not a `results.json` this tool wrote.
    public static func malformedBaseline(path: String, reason: String) -> ReportError {
        ReportError(kind: .malformedBaseline(path: path, reason: reason))
    }

    /// The baseline file could not be read at all.
    public static func unreadableBaseline(path: String, reason: String) -> ReportError {
        ReportError(kind: .unreadableBaseline(path: path, reason: reason))
    }

    /// A report file or its directory could not be written.
    public static func cannotWrite(path: String, reason: String) -> ReportError {
        ReportError(kind: .cannotWrite(path: path, reason: reason))
    }

    /// The message for the user.
    public var description: String {
        switch kind {
        case .malformedBaseline(let path, let reason):
            "baseline \(path) is not a results.json written by feishu-conformance (\(reason)); pass the results.json of an earlier run"
        case .unreadableBaseline(let path, let reason):
            "cannot read baseline \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write report \(path): \(reason)"
        }
    }
}
