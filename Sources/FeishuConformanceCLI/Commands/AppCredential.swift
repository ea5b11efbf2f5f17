/// An app id and its secret, from `--app ID:SECRET` or the environment. Its description never
/// shows the secret.
public struct AppCredential: Sendable, Hashable, CustomStringConvertible {
    /// The app id, e.g. `cli_a1b2c3`.
    public var id: String
    /// The app secret; never printed.
    public var secret: String

    /// A credential pair.
    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// `cli_a1b2c3:<redacted>`.
    public var description: String { "\(id):<redacted>" }

    /// Parses `ID:SECRET` (split at the first colon; neither part empty, no whitespace in the id).
    public static let parser = ValueParser<AppCredential>(
        expectation: "ID:SECRET (an app id, a colon, then the app secret)",
        describeRejected: { text in
            guard let colon = text.firstIndex(of: ":") else { return "a value with no ':' (not shown: it may hold a secret)" }
            if text[..<colon].isEmpty { return "an empty app id" }
            if text[text.index(after: colon)...].isEmpty { return "an empty secret" }
            return "an app id with spaces or control characters"
        },
        parse: { text in
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let id = String(text[..<colon])
            let secret = String(text[text.index(after: colon)...])
            guard !id.isEmpty, !secret.isEmpty,
                !id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
            else { return nil }
            return AppCredential(id: id, secret: secret)
        })
}
