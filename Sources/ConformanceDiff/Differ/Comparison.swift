import ConformanceSpec

/// Compares one pair of spec documents (normalised JSON, see ``JSONTreeDiff/normalised(raw:encoded:)``)
/// and collects classified changes. The documents have been decoded by the model first, so their
/// shapes are known; comparisons read them as JSON so every change's path is the path the generic
/// walk uses.
struct Comparison {
    /// The endpoint id (or `platform`) changes are reported under.
    var endpoint: String
    /// The file changes point into.
    var file: String
    /// The endpoint's catch-all error on each side, which a rule without its own `error` gets.
    var oldDefaultError: JSONValue?
    var newDefaultError: JSONValue?
    /// Collected changes.
    var changes: [SpecChange] = []

    init(endpoint: String, file: String) {
        self.endpoint = endpoint
        self.file = file
    }

    /// Which side of an exchange a field belongs to: limits tighten in opposite directions.
    enum Side {
        case request, response
    }

    /// The class for a bound that now refuses more (`tightened`) or less, per side.
    struct LimitClasses {
        var tightened: ChangeClass
        var loosened: ChangeClass

        static let request = LimitClasses(tightened: .requestLimitTightened, loosened: .requestLimitLoosened)
        static let response = LimitClasses(tightened: .responseLimitTightened, loosened: .responseLimitLoosened)
        static let behaviour = LimitClasses(tightened: .behaviourLimitTightened, loosened: .behaviourLimitLoosened)
        static let platform = LimitClasses(tightened: .platformLimitTightened, loosened: .platformLimitLoosened)

        static func side(_ side: Side) -> LimitClasses { side == .request ? .request : .response }
    }

    /// Whether a larger value of a bound refuses more (`lower`: a minimum) or less (`upper`: a maximum).
    enum Bound {
        case lower, upper
    }

    // MARK: Recording

    mutating func add(
        _ changeClass: ChangeClass, _ path: SpecPath, _ subject: String, old: String?, new: String?,
        oldProvenance: Provenance? = nil, newProvenance: Provenance? = nil, _ message: String,
        claims: [SpecPath]? = nil
    ) {
        changes.append(
            SpecChange(
                changeClass: changeClass, endpoint: endpoint, file: file, path: path.description, subject: subject,
                old: old, new: new, oldProvenance: oldProvenance, newProvenance: newProvenance, message: message,
                claims: (claims ?? [path]).map(\.description)))
    }

    // MARK: Rules

    /// A `{value, documented|inferred, error?}` rule (or its absence) on both sides: a value change
    /// (appearing and disappearing included) is `changeClass`; then provenance and error code.
    mutating func rule(
        _ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String,
        _ changeClass: ChangeClass, _ what: String
    ) {
        guard old != new else { return }
        switch (old, new) {
        case (nil, let n?):
            add(
                changeClass, path, subject, old: nil, new: Self.show(n["value"]), newProvenance: Self.provenance(n),
                "\(what) \(Self.show(n["value"]) ?? "") stated where the old specs said nothing")
        case (let o?, nil):
            add(
                changeClass, path, subject, old: Self.show(o["value"]), new: nil, oldProvenance: Self.provenance(o),
                "\(what) \(Self.show(o["value"]) ?? "") no longer stated")
        case (let o?, let n?):
            if o["value"] != n["value"] {
                add(
                    changeClass, path.member("value"), subject, old: Self.show(o["value"]), new: Self.show(n["value"]),
                    oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(what) changed from \(Self.show(o["value"]) ?? "") to \(Self.show(n["value"]) ?? "")")
            }
            meta(o, n, path, subject)
        case (nil, nil):
            break
        }
    }

    /// Provenance and error-code changes of a rule present on both sides.
    mutating func meta(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath, _ subject: String) {
        provenance(old, new, path, subject)
        binding(old["error"], new["error"], path.member("error"), subject)
    }

    /// A provenance held inline (`documented` / `inferred` members of `old` and `new`).
    mutating func provenance(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath, _ subject: String) {
        let o = Self.provenance(old)
        let n = Self.provenance(new)
        guard o != n else { return }
        add(
            .provenanceChanged, path, subject, old: o.map(Self.describe), new: n.map(Self.describe),
            oldProvenance: o, newProvenance: n, Self.provenanceMessage(o, n),
            claims: [path.member("documented"), path.member("inferred")])
    }

    /// An error binding (`{code, documented|inferred}`): which code a broken rule gets. An absent
    /// binding means the endpoint's catch-all (`invalidParamError`).
    mutating func binding(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, defaults: Bool = true) {
        guard old != new else { return }
        let o = old ?? (defaults ? oldDefaultError : nil)
        let n = new ?? (defaults ? newDefaultError : nil)
        let oldCode = o?["code"]?.intValue
        let newCode = n?["code"]?.intValue
        if oldCode != newCode {
            add(
                .ruleErrorChanged, path, subject, old: oldCode.map(String.init), new: newCode.map(String.init),
                oldProvenance: o.flatMap(Self.provenance), newProvenance: n.flatMap(Self.provenance),
                "a request breaking \(subject) is answered with \(newCode.map { "code \($0)" } ?? "no stated code") instead of \(oldCode.map { "code \($0)" } ?? "no stated code")"
            )
        } else if let o, let n, Self.provenance(o) != Self.provenance(n) || (old == nil) != (new == nil) {
            add(
                .provenanceChanged, path, subject, old: Self.provenance(o).map(Self.describe), new: Self.provenance(n).map(Self.describe),
                oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                old == nil || new == nil
                    ? "code \(newCode.map(String.init) ?? "?") for \(subject) is now \(new == nil ? "left to the endpoint's catch-all" : "stated with the rule")"
                    : Self.provenanceMessage(Self.provenance(o), Self.provenance(n)))
        }
    }

    /// A bound (`{value: number, ...}` rule, or absent) compared by direction.
    mutating func limit(
        _ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String,
        _ bound: Bound, _ classes: LimitClasses, _ what: String
    ) {
        guard old != new else { return }
        switch (old, new) {
        case (nil, let n?):
            add(
                classes.tightened, path, subject, old: nil, new: Self.show(n["value"]), newProvenance: Self.provenance(n),
                "\(what) \(Self.show(n["value"]) ?? "") where there was none")
        case (let o?, nil):
            add(
                classes.loosened, path, subject, old: Self.show(o["value"]), new: nil, oldProvenance: Self.provenance(o),
                "\(what) \(Self.show(o["value"]) ?? "") dropped")
        case (let o?, let n?):
            if let a = Self.number(o["value"]), let b = Self.number(n["value"]), a != b {
                let tighter = bound == .upper ? b < a : b > a
                add(
                    tighter ? classes.tightened : classes.loosened, path.member("value"), subject,
                    old: Self.show(o["value"]), new: Self.show(n["value"]), oldProvenance: Self.provenance(o), newProvenance: Self.provenance(n),
                    "\(what) \(tighter ? "tightened" : "loosened") from \(Self.show(o["value"]) ?? "") to \(Self.show(n["value"]) ?? "")")
            }
            meta(o, n, path, subject)
        case (nil, nil):
            break
        }
    }

    /// A set of strings in a rule's `value` (scopes, token types, formats, domains): one change per
    /// element removed or added.
    mutating func set(
        _ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String,
        removed: ChangeClass, added: ChangeClass, _ what: String
    ) {
        guard old != new else { return }
        let a = Self.strings(old?["value"])
        let b = Self.strings(new?["value"])
        let claim = old != nil && new != nil ? path.member("value") : path
        for item in a where !b.contains(item) {
            add(
                removed, claim, subject, old: item, new: nil, oldProvenance: old.flatMap(Self.provenance),
                newProvenance: new.flatMap(Self.provenance), "\(what) \(item) removed")
        }
        for item in b where !a.contains(item) {
            add(
                added, claim, subject, old: nil, new: item, oldProvenance: old.flatMap(Self.provenance),
                newProvenance: new.flatMap(Self.provenance), "\(what) \(item) added")
        }
        if a == b, old?["value"] != new?["value"] || (old == nil) != (new == nil) {
            add(
                .documentationChanged, claim, subject, old: Self.show(old?["value"]), new: Self.show(new?["value"]),
                "\(what) listed in another order or spelled out; the same set")
        }
        if let old, let new { meta(old, new, path, subject) }
    }

    /// Words only (titles, descriptions, examples, advice).
    mutating func words(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath, _ subject: String, _ what: String) {
        guard old != new else { return }
        add(
            .documentationChanged, path, subject, old: Self.show(old), new: Self.show(new),
            old == nil ? "\(what) added" : new == nil ? "\(what) removed" : "\(what) reworded")
    }

    // MARK: Reading JSON

    /// The provenance held inline by a rule, binding or error entry, or in its `provenance` member.
    static func provenance(_ value: JSONValue) -> Provenance? {
        if let text = value["documented"]?.stringValue { return .documented(text) }
        if let text = value["inferred"]?.stringValue { return .inferred(text) }
        if let nested = value["provenance"], nested.objectValue != nil { return provenance(nested) }
        return nil
    }

    /// `documented: "…"`, shortened.
    static func describe(_ provenance: Provenance) -> String {
        "\(provenance.kind): \(clip(provenance.text, 120))"
    }

    static func provenanceMessage(_ old: Provenance?, _ new: Provenance?) -> String {
        switch (old, new) {
        case (.inferred?, .documented?): "now documented (it was our inference)"
        case (.documented?, .inferred?): "no longer documented: it is our inference now"
        default: "the doc's words changed"
        }
    }

    /// Short text of a value: strings as they are, other JSON compact; long text clipped.
    static func show(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if let text = value.stringValue { return clip(text, 200) }
        return clip(value.jsonText, 200)
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func number(_ value: JSONValue?) -> Double? {
        switch value {
        case .int(let i)?: Double(i)
        case .double(let d)?: d
        default: nil
        }
    }

    static func strings(_ value: JSONValue?) -> [String] {
        (value?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Array elements of a member (empty when absent).
    static func elements(_ value: JSONValue?) -> [JSONValue] { value?.arrayValue ?? [] }
}
