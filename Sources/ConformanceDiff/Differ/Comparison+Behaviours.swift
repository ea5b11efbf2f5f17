import ConformanceSpec

extension Comparison {
    /// Kinds of behaviour that refuse requests (adding one can break a client); the others describe
    /// what an endpoint creates or lists.
    static let constraintKinds: Set<String> = ["unique", "quota", "references", "requiresCapability"]

    /// Stateful behaviours, paired by kind and the field, capability or resource they are about.
    mutating func behaviours(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        let paired = ElementKeys.pair(Self.elements(old), Self.elements(new)) { ElementKeys.identity(ofJSON: $0) }
        for item in paired.removed {
            let kind = item.value["kind"]?.stringValue ?? "?"
            let constraint = Self.constraintKinds.contains(kind)
            add(
                constraint ? .behaviourConstraintRemoved : .behaviourRemoved, path.element(item.key), Self.behaviourSubject(item.value),
                old: Self.behaviourText(item.value), new: nil, oldProvenance: Self.provenance(item.value),
                "\(kind) behaviour \(Self.behaviourText(item.value)) is gone")
        }
        for item in paired.added {
            let kind = item.value["kind"]?.stringValue ?? "?"
            let constraint = Self.constraintKinds.contains(kind)
            add(
                constraint ? .behaviourConstraintAdded : .behaviourAdded, path.element(item.key), Self.behaviourSubject(item.value),
                old: nil, new: Self.behaviourText(item.value), newProvenance: Self.provenance(item.value),
                "new \(kind) behaviour \(Self.behaviourText(item.value))")
        }
        for item in paired.matched where item.old != item.new {
            behaviour(item.old, item.new, path.element(item.key))
        }
    }

    /// One behaviour on both sides: its bounds (quota, key lifetime), its error codes, its provenance,
    /// and any other member (list order, page-token rules, filters, key paths).
    mutating func behaviour(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath) {
        let subject = Self.behaviourSubject(new)
        guard case .object(let a) = old, case .object(let b) = new else { return }
        for key in Set(a.keys).union(b.keys).sorted() where a[key] != b[key] {
            let o = a[key]
            let n = b[key]
            let at = path.member(key)
            switch key {
            case "provenance":
                if let o, let n { provenance(o, n, at, subject) } else { words(o, n, at, subject, "the provenance of \(subject)") }
            case "limit":
                let x = Self.number(o) ?? 0
                let y = Self.number(n) ?? 0
                add(
                    y < x ? .behaviourLimitTightened : .behaviourLimitLoosened, at, "\(subject).limit", old: Self.show(o), new: Self.show(n),
                    oldProvenance: Self.provenance(old), newProvenance: Self.provenance(new),
                    "the quota of \(subject) is \(y < x ? "lowered" : "raised") from \(Self.show(o) ?? "?") to \(Self.show(n) ?? "?")")
            case "maxAgeSeconds":
                limit(o, n, at, "\(subject).maxAgeSeconds", .upper, .behaviour, "the key lifetime of \(subject)")
            case "error", "foreignTenantError", "unknownKeyError", "expiredError":
                binding(o, n, at, "\(subject).\(key)", defaults: false)
            default:
                if let o, let n, o["value"] != nil, o["value"] == n["value"] {
                    meta(o, n, at, "\(subject).\(key)")
                } else {
                    add(
                        .behaviourChanged, at, "\(subject).\(key)", old: Self.show(o?["value"] ?? o), new: Self.show(n?["value"] ?? n),
                        oldProvenance: o.flatMap(Self.provenance) ?? Self.provenance(old), newProvenance: n.flatMap(Self.provenance) ?? Self.provenance(new),
                        "\(key) of \(subject) changed")
                }
            }
        }
    }

    /// `behaviours.unique.name`, `behaviours.quota.badge`.
    static func behaviourSubject(_ behaviour: JSONValue) -> String {
        let kind = behaviour["kind"]?.stringValue ?? "?"
        let key =
            behaviour["field"]?.stringValue ?? behaviour["capability"]?.stringValue ?? behaviour["keyParam"]?.stringValue
            ?? behaviour["param"]?.stringValue ?? behaviour["resource"]?.stringValue ?? "?"
        return "behaviours.\(kind).\(key)"
    }

    /// `unique name of badge`, `quota 1000 badge`.
    static func behaviourText(_ behaviour: JSONValue) -> String {
        let kind = behaviour["kind"]?.stringValue ?? "?"
        let resource = behaviour["resource"]?.stringValue ?? ""
        switch kind {
        case "unique": return "\(behaviour["field"]?.stringValue ?? "?") unique per tenant among \(resource)"
        case "quota": return "at most \(show(behaviour["limit"]) ?? "?") \(resource) per tenant"
        case "references": return "\(behaviour["field"]?.stringValue ?? "?") references a \(resource)"
        case "requiresCapability": return "needs \(behaviour["capability"]?.stringValue ?? "?")"
        case "creates": return "creates a \(resource)"
        case "lists": return "lists \(resource)"
        case "item": return "\(behaviour["operation"]?.stringValue ?? "?")s a \(resource) named by \(behaviour["keyParam"]?.stringValue ?? "?")"
        case "nested": return "under a \(resource) named by \(behaviour["param"]?.stringValue ?? "?")"
        default: return kind
        }
    }
}
