import Foundation

/// How request targets are written: the one percent-encoder and path-template substitution that
/// every request builder uses (the runner's and the generated typed builders).
public enum RequestTarget {
    /// Percent-encodes everything but RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Replaces the path segment `:name` (or `{name}`) in a path template with `value` (already encoded).
    public static func substitute(_ path: String, parameter: String, with value: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            segment == ":\(parameter)" || segment == "{\(parameter)}" ? value : String(segment)
        }
        return segments.joined(separator: "/")
    }
}
