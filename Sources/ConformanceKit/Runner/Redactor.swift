import Synchronization

/// Knows every secret of a run (app secrets, tenant and user tokens) and masks them in any string.
///
/// Known tokens keep their prefix (`t-…` becomes `t-****`, `u-…` becomes `u-****`); any other secret
/// becomes `****`. As a second line of defence, anything that looks like a platform token
/// (`t-`, `u-` or `a-` followed by 16 or more letters, digits, `_` or `-`) is masked too, even if the
/// run never saw it (a token the target issued on its own and echoed back).
/// The runner passes every string that reaches a finding, skip reason, exchange or progress event
/// through ``redact(_:)``.
public final class Redactor: Sendable {
    private let secrets: Mutex<[String]>

    /// Creates a redactor that already knows `secrets` (empty strings are ignored).
    public init(secrets: [String] = []) {
        self.secrets = Mutex(secrets.filter { !$0.isEmpty })
    }

    /// Adds a secret learnt during the run (a token just fetched, an app made by the mock).
    public func add(_ secret: String) {
        guard secret.count >= 4 else { return }  // masking 1-3 characters would shred ordinary text
        secrets.withLock { list in
            if !list.contains(secret) { list.append(secret) }
        }
    }

    /// How many secrets are known (for tests and diagnostics; never the secrets themselves).
    public var count: Int { secrets.withLock { $0.count } }

    /// `text` with every known secret and every token-looking word masked.
    public func redact(_ text: String) -> String {
        var out = text
        // Longest first, so a secret containing another is masked whole.
        let known = secrets.withLock { $0 }.sorted { $0.count > $1.count }
        for secret in known where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask(for: secret))
        }
        return Self.maskTokenShapes(out)
    }

    /// Redacts an optional string.
    public func redact(_ text: String?) -> String? { text.map { redact($0) } }

    /// The mask for one secret: its token prefix kept, the rest hidden.
    static func mask(for secret: String) -> String {
        for prefix in tokenPrefixes where secret.hasPrefix(prefix) { return prefix + "****" }
        return "****"
    }

    static let tokenPrefixes = ["t-", "u-", "a-"]

    /// Masks `t-XXXXXXXXXXXXXXXX…`-shaped words (at least 16 token characters after the prefix,
    /// not preceded by a letter or digit).
    static func maskTokenShapes(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 18 else { return text }
        func isTokenChar(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-"
        }
        func isWordChar(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
        }
        var result = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if (s == "t" || s == "u" || s == "a"), i + 1 < scalars.count, scalars[i + 1] == "-",
               i == 0 || !isWordChar(scalars[i - 1]) {
                var j = i + 2
                while j < scalars.count, isTokenChar(scalars[j]) { j += 1 }
                let body = scalars[(i + 2)..<j]
                // Require a digit: real tokens are hex/base62; plain hyphenated words are not masked.
                if body.count >= 16, body.contains(where: { $0 >= "0" && $0 <= "9" }),
                   !(body.count == 4 && body.allSatisfy { $0 == "*" }) {
                    result.append(s)
                    result.append(contentsOf: "-****".unicodeScalars)
                    i = j
                    continue
                }
            }
            result.append(s)
            i += 1
        }
        return String(result)
    }
}
