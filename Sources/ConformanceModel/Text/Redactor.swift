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
    /// Secrets indexed by their first four UTF-8 bytes, then by length: redaction costs one lookup
    /// per position of the text plus one per distinct length where a bucket's key occurs, however
    /// many secrets a long run has learnt (a mock run learns thousands sharing a prefix, `mock-secret-`).
    private struct Index {
        var buckets: [UInt32: Bucket] = [:]
        var count = 0
    }

    /// The secrets sharing a 4-byte key: their lengths, longest first, and the secrets of each length.
    private struct Bucket {
        var lengths: [Int] = []
        var byLength: [Int: Set<[UInt8]>] = [:]

        /// The longest secret in the bucket that `bytes` holds at `i`.
        func match(_ bytes: [UInt8], at i: Int) -> [UInt8]? {
            for length in lengths where i + length <= bytes.count {
                let candidate = Array(bytes[i..<(i + length)])
                if byLength[length]?.contains(candidate) == true { return candidate }
            }
            return nil
        }
    }

    private let index = Mutex(Index())

    /// Creates a redactor that already knows `secrets` (strings shorter than 4 characters are ignored).
    public init(secrets: [String] = []) {
        for secret in secrets { add(secret) }
    }

    /// Adds a secret learnt during the run (a token just fetched, an app made by the mock).
    /// Strings shorter than 4 bytes are ignored: masking them would shred ordinary text.
    public func add(_ secret: String) {
        let bytes = Array(secret.utf8)
        guard bytes.count >= 4 else { return }
        let key = Self.key(bytes, at: 0)
        index.withLock { index in
            guard index.buckets[key, default: Bucket()].byLength[bytes.count, default: []].insert(bytes).inserted else { return }
            if index.buckets[key]?.lengths.contains(bytes.count) == false {
                index.buckets[key]?.lengths.append(bytes.count)
                index.buckets[key]?.lengths.sort(by: >)
            }
            index.count += 1
        }
    }

    /// How many secrets are known (for tests and diagnostics; never the secrets themselves).
    public var count: Int { index.withLock { $0.count } }

    /// `text` with every known secret and every token-looking word masked.
    public func redact(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var changed = false
        index.withLock { index in
            guard !index.buckets.isEmpty, bytes.count >= 4 else {
                out = bytes
                return
            }
            var i = 0
            while i < bytes.count {
                if i + 4 <= bytes.count, let bucket = index.buckets[Self.key(bytes, at: i)], let hit = bucket.match(bytes, at: i) {
                    out.append(contentsOf: Self.mask(for: hit).utf8)
                    i += hit.count
                    changed = true
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
        }
        let masked = changed ? String(decoding: out, as: UTF8.self) : text
        return Self.maskTokenShapes(masked)
    }

    /// Redacts an optional string.
    public func redact(_ text: String?) -> String? { text.map { redact($0) } }

    private static func key(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }

    static func mask(for secret: [UInt8]) -> String {
        for prefix in tokenPrefixes where secret.starts(with: prefix.utf8) { return prefix + "****" }
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
            if s == "t" || s == "u" || s == "a", i + 1 < scalars.count, scalars[i + 1] == "-",
                i == 0 || !isWordChar(scalars[i - 1])
            {
                var j = i + 2
                while j < scalars.count, isTokenChar(scalars[j]) { j += 1 }
                let body = scalars[(i + 2)..<j]
                // Require a digit: real tokens are hex/base62; plain hyphenated words are not masked.
                if body.count >= 16, body.contains(where: { $0 >= "0" && $0 <= "9" }),
                    !(body.count == 4 && body.allSatisfy { $0 == "*" })
                {
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
