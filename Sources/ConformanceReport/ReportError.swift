import Foundation

/// Why a report could not be read or written; the message says what to do.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case malformedBaseline(path: String, reason: String)
        case unreadableBaseline(path: String, reason: String)
        case unsupportedBaselineVersion(path: String, found: Int?, supported: Int)
        case cannotWrite(path: String, reason: String)
    }

    let kind: Kind

    /// The baseline file is not a `results.json` this tool wrote.
    public static func malformedBaseline(path: String, reason: String) -> ReportError {
        ReportError(kind: .malformedBaseline(path: path, reason: reason))
    }

    /// The baseline file is a `results.json` of another format version (`found`), or has no
    /// `formatVersion` at all (nil: written before the format was versioned).
    public static func unsupportedBaselineVersion(path: String, found: Int?, supported: Int) -> ReportError {
        ReportError(kind: .unsupportedBaselineVersion(path: path, found: found, supported: supported))
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
        case .unsupportedBaselineVersion(let path, let found, let supported):
            unsupportedVersionMessage(path: path, found: found, supported: supported)
        case .unreadableBaseline(let path, let reason):
            "cannot read baseline \(path): \(reason)"
        case .cannotWrite(let path, let reason):
            "cannot write report \(path): \(reason)"
        }
    }

    private func unsupportedVersionMessage(path: String, found: Int?, supported: Int) -> String {
        let rerun = "re-run feishu-conformance against the same target without --baseline and pass that run's results.json"
        guard let found else {
            return "baseline \(path) has no formatVersion: it was written before results.json was versioned "
                + "(or is not a results.json); this feishu-conformance reads format version \(supported) only; \(rerun)"
        }
        if found > supported {
            return "baseline \(path) is results.json format version \(found), newer than this feishu-conformance reads "
                + "(version \(supported)); use the feishu-conformance that wrote it, or \(rerun)"
        }
        return "baseline \(path) is results.json format version \(found), which this feishu-conformance no longer reads "
            + "(it reads version \(supported)); \(rerun)"
    }
}
