import ConformanceSpec

/// The conventions `import` applies where a page only implies a fact. Each one that shapes a spec
/// is listed in that spec's `decisions` under its id, and written up in `Specs/DECISIONS.md`.
enum ImportDecision: String, CaseIterable, Sendable {
    case catchAllCode = "import-catch-all-code"
    case catchAllPlatform = "import-catch-all-platform"
    case pathParameterRequired = "import-path-parameter-required"
    case requiredWithDefault = "import-required-with-default"
    case responsePresence = "import-response-presence"
    case pagination = "import-pagination"
    case listOrder = "import-list-order"
    case creates = "import-creates"
    case domains = "import-domains"
    case errorStatusAbsent = "import-error-status-absent"
    case sizeUnits = "import-size-units"
    case exactSizeAspectRatio = "import-exact-size-aspect-ratio"
    case contentTypeMediaType = "import-content-type-media-type"
    case unboundErrors = "import-unbound-errors"
    case noScopes = "import-no-scopes"
    case requiredAbsent = "import-required-absent"
    case tokenTypeAbsent = "import-token-type-absent"
    case noAuthorization = "import-no-authorization"
    case exampleTables = "import-example-tables"
    case exampleContradiction = "import-example-contradiction"
    case explanationTables = "import-explanation-tables"
    case untypedRow = "import-untyped-row"

    /// The decision as the spec records it.
    var decision: Decision { decision(details: []) }

    /// The decision as the spec records it, naming what it was applied to on this page.
    func decision(details: [String]) -> Decision {
        let (question, answer) = text
        guard !details.isEmpty else { return Decision(id: rawValue, question: question, decision: answer) }
        return Decision(id: rawValue, question: "\(question)\(Self.detailsLead)\(details.joined(separator: "; ")).", decision: answer)
    }

    static let detailsLead = " On this page: "

    /// A detail as the decision lists it: one line, no `; ` (which separates details).
    static func detailText(_ detail: String) -> String {
        detail.replacing("\n", with: " ").replacing("; ", with: ", ")
    }

    /// Adds `details` to this decision in `decisions` (adding the decision when absent).
    func record(_ details: [String], in decisions: inout [Decision]) {
        guard !details.isEmpty else { return }
        var known: [String] = []
        if let i = decisions.firstIndex(where: { $0.id == rawValue }) {
            let question = decisions[i].question
            if let r = question.range(of: Self.detailsLead) {
                known = question[r.upperBound...].dropLast().components(separatedBy: "; ")
            }
            decisions.remove(at: i)
            let all = known + details.map(Self.detailText).filter { !known.contains($0) }
            decisions.insert(decision(details: all), at: i)
        } else {
            decisions.append(decision(details: details.map(Self.detailText)))
        }
    }

    var text: (String, String) {
        switch self {
        case .catchAllCode:
            (
                "Which code does a rule get when the page ties no error code to it?",
                "The endpoint's invalidParamError: the error row whose message says the parameters are invalid (invalid param, 参数错误). Rules bound to no code leave `error` out, so that code applies."
            )
        case .catchAllPlatform:
            (
                "The page's error table has no invalid-parameter row.",
                "The platform's 10003 (invalid parameter, platform.json) is the catch-all code."
            )
        case .pathParameterRequired:
            ("路径参数 tables have no 必填 column.", "A path parameter is required: it is part of the path.")
        case .requiredWithDefault:
            ("A parameter is marked 是 (required) yet has a 默认值.", "Optional: a default only makes sense for an absent parameter.")
        case .responsePresence:
            (
                "The response table does not say which fields are always present.",
                "Every row is a field of the reply (required, documented by the row) that may be left out when the platform has no value for it (conditional, inferred): a missing field is not held against the reply, a retyped one is; a field the page says is returned only in some cases is conditional as documented."
            )
        case .pagination:
            (
                "A list takes page_size and page_token and answers has_more and page_token.",
                "Feishu's pagination convention: a lists behaviour over the page's array field; page_token is answered only while has_more is true."
            )
        case .listOrder:
            ("The page does not say in which order a list answers.", "Creation order, oldest first.")
        case .creates:
            ("A POST answers the key of something new.", "It creates a resource of the tenant, found under that key.")
        case .domains:
            (
                "The page shows one domain (open.feishu.cn or open.larksuite.com).",
                "Feishu and Lark serve the same open-apis paths on open.feishu.cn and open.larksuite.com."
            )
        case .errorStatusAbsent:
            ("The error table gives no HTTP status for a code.", "400, as the platform's other client errors.")
        case .sizeUnits:
            ("Are KB and MB (or M) decimal or binary?", "Binary: 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes.")
        case .exactSizeAspectRatio:
            (
                "The page fixes width and height, but its codes speak of aspect ratio.",
                "The ratio of the fixed size is the only accepted aspect ratio, bound to the aspect-ratio codes; without width codes, the width is checked as height and ratio."
            )
        case .contentTypeMediaType:
            (
                "The Content-Type header has an example (multipart/form-data; boundary=...) but no 固定值.",
                "The example's media type is required; the boundary is the client's."
            )
        case .unboundErrors:
            (
                "The page gives no trigger that ties an error code to a rule.",
                "The code stays in the error table, triggerable but unbound; its case is reported as not exercised until the spec is curated."
            )
        case .noScopes:
            ("The page has no 权限要求 row.", "No scope is required.")
        case .requiredAbsent:
            ("The table has no 必填 column, or the cell says neither 是 nor 否.", "Optional.")
        case .tokenTypeAbsent:
            ("The Authorization row names no token type.", "A tenant_access_token, the platform's usual token.")
        case .exampleTables:
            (
                "The page has tables in its example sections (请求体示例, 示例).",
                "Not imported: they explain an example (the content a card or a message carries), not the endpoint's parameters."
            )
        case .exampleContradiction:
            (
                "A row's 示例值 or 默认值 contradicts the row itself: it is not a value of the row's type (an id for an array of objects, text for a number), or it breaks the row's own 可选值, range, length or pattern; or a 可选值 list names values that are not of the row's type (`fasle` for a boolean, a map's values).",
                "The row's type and rules win, as the page states them: the value is not kept as the field's example or default (a list that is not of the row's type is kept in the description, not as an enum). The page contradicts itself; the spec names each value left out here, and the page's full JSON example is kept as written."
            )
        case .explanationTables:
            (
                "The page has tables that explain values rather than list parameters: under a heading of 附录, 说明, 提示 or a 类型表, without name-and-type or 必填 columns (what a metric, a widget's value, a status or an obj_type means).",
                "Not imported as parameters or rules: they explain values of fields the parameter tables give. The spec names each such table here; curate the spec to turn one into an enum."
            )
        case .untypedRow:
            (
                "A table has no type column and the page's example does not show the row (or shows it under another name no letter-close key matches).",
                "A boolean when the description asks 是否 (whether), else a string, the type of such rows on these pages (ids, tokens, names, texts). The spec names each row typed this way here."
            )
        case .noAuthorization:
            ("The page's 请求头 table has no Authorization row.", "The endpoint takes no access token (as the token endpoints, which take app_id and app_secret).")
        }
    }
}
