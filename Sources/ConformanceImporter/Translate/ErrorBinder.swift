import ConformanceSpec

/// Ties rules to the error rows whose message names them: `cannot exceed the max length limit
/// of badge name` is `name`'s maxLength, `the image format is illegal` the file's formats,
/// `the image height is too small` its minimum height. A rule no row names keeps no `error`, so
/// the endpoint's catch-all code applies (decision `import-catch-all-code`).
struct ErrorBinder {
    /// The rule kinds a message can name.
    enum Kind: Equatable {
        case maxLength, minLength, formats, minBytes, maxBytes, minWidth, maxWidth, minHeight, maxHeight, minAspectRatio, maxAspectRatio
    }

    let rows: [ErrorRow]
    /// Lower-cased message and advice words, per row.
    private let words: [[String]]
    private let texts: [String]

    init(rows: [ErrorRow]) {
        self.rows = rows
        texts = rows.map { ($0.message + " " + ($0.advice ?? "")).lowercased() }
        words = rows.map { Self.words($0.message.lowercased()) }
    }

    static func words(_ s: String) -> [String] {
        s.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The binding for a rule of `kind` on `field` (a field name, or nil for the endpoint's only file).
    func binding(_ kind: Kind, field: String?) -> ErrorBinding? {
        for (i, row) in rows.enumerated() where matches(kind, i) {
            if let field, [.maxLength, .minLength].contains(kind) {
                let fieldWords = Self.words(field.lowercased())
                guard !fieldWords.isEmpty, fieldWords.allSatisfy(words[i].contains) else { continue }
            }
            return ErrorBinding(code: row.code, provenance: .documented(row.quote))
        }
        return nil
    }

    func matches(_ kind: Kind, _ i: Int) -> Bool {
        let m = rows[i].message.lowercased()
        func has(_ s: String) -> Bool { m.includes(s) }
        switch kind {
        case .maxLength: return has("max length") || has("too long") || (has("exceed") && has("length"))
        case .minLength: return has("min length") || has("too short")
        case .formats: return has("format") && !has("size")
        case .minBytes: return has("size") && (has(" 0") || has("zero") || has("empty"))
        case .maxBytes: return has("size") && (has("too large") || has("exceed") || has("too big")) && !has(" 0")
        case .minHeight: return has("height") && has("small")
        case .maxHeight: return has("height") && (has("large") || has("big"))
        case .minWidth: return has("width") && has("small")
        case .maxWidth: return has("width") && (has("large") || has("big"))
        case .minAspectRatio: return has("aspect ratio") && has("small")
        case .maxAspectRatio: return has("aspect ratio") && (has("large") || has("big"))
        }
    }

    /// The rows about resolution (`Image resolution exceeds limit.`): the code of every maximum pixel bound.
    func resolutionBinding() -> ErrorBinding? {
        for row in rows {
            let m = row.message.lowercased()
            if m.includes("resolution") && (m.includes("exceed") || m.includes("large") || m.includes("limit")) {
                return ErrorBinding(code: row.code, provenance: .documented(row.quote))
            }
        }
        return nil
    }

    static let invalidParamPhrases = [
        "invalid param", "invalid request param", "invalid parameter", "param is invalid", "params is invalid",
        "param error", "params error", "parameter error", "invalid argument", "bad request", "param invalid",
        "参数错误", "参数不合法", "参数无效", "非法参数", "参数有误", "参数校验失败",
    ]

    /// The page's catch-all row: the first (preferring HTTP 400) whose message says the parameters are invalid.
    func invalidParamRow() -> ErrorRow? {
        let candidates = rows.enumerated().filter { i, _ in Self.invalidParamPhrases.contains { texts[i].includes($0) } }.map(\.element)
        return candidates.first { $0.httpStatus == 400 } ?? candidates.first
    }
}
