import ConformanceSpec

/// Every fact of a spec as ``SpecFact`` values keyed by meaning. Sets (token types, scopes,
/// formats, enum values) are sorted, so order alone is never a difference. Interpretive
/// behaviours (unique, quota, references, requiresCapability), resource names and key styles are
/// notes: they are our choices, not the page's.
public enum SpecFacts {
    /// The facts of `spec`, sorted by key.
    public static func facts(of spec: EndpointSpec) -> [SpecFact] {
        var c = Collector()
        c.add("method", spec.method, .structural)
        c.add("path", spec.path, .structural)
        c.add("bodyEncoding", spec.bodyEncoding.rawValue, .structural)
        c.add("title", spec.title, .structural)
        c.add("source.url", spec.source.url, .note)
        if let updated = spec.source.updated { c.add("source.updated", updated, .structural) }
        c.rule("domains", spec.domains) { sorted($0) }
        c.rule("auth.tokenTypes", spec.auth.tokenTypes) { sorted($0.map(\.rawValue)) }
        c.rule("auth.scopes", spec.auth.scopes) { sorted($0) }
        if let appTypes = spec.auth.appTypes { c.rule("auth.appTypes", appTypes) { sorted($0) } }
        if !spec.rateLimits.isEmpty {
            let kinds = spec.rateLimits.map { kind($0.provenance) }
            c.add(
                "rateLimits", sorted(spec.rateLimits.map { "\($0.value.count)/\($0.value.window.rawValue)" }),
                kinds.allSatisfy { $0 == .documented } ? .documented : .inferred)
        }
        if let tier = spec.rateLimitTier { c.rule("rateLimitTier", tier) { $0 } }
        for field in spec.request {
            c.field(field, prefix: "request.\(field.location?.rawValue ?? "-").\(field.name)")
        }
        c.add("response.shape", spec.response.shape.rawValue, .structural)
        for field in spec.response.fields { c.field(field, prefix: "response.\(field.name)") }
        if let example = spec.response.example { c.add("response.example", example.jsonText, .structural) }
        for entry in spec.errors {
            let p = "errors.\(entry.code)"
            c.add(p, entry.message, kind(entry.provenance))
            c.rule("\(p).httpStatus", entry.httpStatus) { String($0) }
            if let advice = entry.advice { c.add("\(p).advice", advice, .note) }
            if let trigger = entry.trigger { c.add("\(p).trigger", trigger, .note) }
            c.add("\(p).triggerable", entry.triggerable ? "true" : "false", .note)
        }
        c.binding("invalidParamError", spec.invalidParamError)
        for behaviour in spec.behaviours { c.behaviour(behaviour) }
        return c.facts.sorted()
    }

    static func kind(_ p: Provenance) -> SpecFact.Kind { p.isDocumented ? .documented : .inferred }

    static func sorted(_ values: [String]) -> String { "[" + values.sorted().joined(separator: ", ") + "]" }

    struct Collector {
        var facts: [SpecFact] = []

        mutating func add(_ key: String, _ value: String, _ kind: SpecFact.Kind) {
            facts.append(SpecFact(key: key, value: value, kind: kind))
        }

        mutating func rule<T>(_ key: String, _ r: Rule<T>?, _ text: (T) -> String) {
            guard let r else { return }
            add(key, text(r.value), SpecFacts.kind(r.provenance))
            binding("\(key).error", r.error)
        }

        mutating func binding(_ key: String, _ b: ErrorBinding?) {
            guard let b else { return }
            add(key, String(b.code), SpecFacts.kind(b.provenance))
        }

        mutating func field(_ f: FieldSpec, prefix p: String) {
            add("\(p).type", f.itemType.map { "\(f.type.rawValue)<\($0.rawValue)>" } ?? f.type.rawValue, .structural)
            if let d = f.description { add("\(p).description", d, .note) }
            rule("\(p).required", f.required) { String($0) }
            rule("\(p).default", f.default) { $0.jsonText }
            rule("\(p).enum", f.enum) { cases in
                "[" + cases.map { "\($0.value.jsonText)=\($0.description ?? "")" }.sorted().joined(separator: ", ") + "]"
            }
            rule("\(p).minLength", f.minLength) { String($0) }
            rule("\(p).maxLength", f.maxLength) { String($0) }
            rule("\(p).lengthUnit", f.lengthUnit) { $0.rawValue }
            rule("\(p).minimum", f.minimum) { String($0) }
            rule("\(p).maximum", f.maximum) { String($0) }
            rule("\(p).pattern", f.pattern) { $0 }
            rule("\(p).fixedValue", f.fixedValue) { $0 }
            rule("\(p).valueFormat", f.valueFormat) { $0 }
            binding("\(p).typeError", f.typeError)
            if let example = f.example { add("\(p).example", example.jsonText, .structural) }
            if let file = f.file {
                rule("\(p).file.formats", file.formats) { SpecFacts.sorted($0) }
                rule("\(p).file.minBytes", file.minBytes) { String($0) }
                rule("\(p).file.maxBytes", file.maxBytes) { String($0) }
                for limits in file.pixels ?? [] {
                    let scope = limits.formats.map { $0.sorted().joined(separator: ",") } ?? "all"
                    let q = "\(p).file.pixels[\(scope)]"
                    rule("\(q).minWidth", limits.minWidth) { String($0) }
                    rule("\(q).maxWidth", limits.maxWidth) { String($0) }
                    rule("\(q).minHeight", limits.minHeight) { String($0) }
                    rule("\(q).maxHeight", limits.maxHeight) { String($0) }
                    rule("\(q).minAspectRatio", limits.minAspectRatio) { String($0) }
                    rule("\(q).maxAspectRatio", limits.maxAspectRatio) { String($0) }
                }
            }
            for member in f.fields ?? [] { field(member, prefix: "\(p).\(member.name)") }
        }

        mutating func behaviour(_ b: Behaviour) {
            switch b {
            case .creates(let c):
                add("behaviours.creates.keyPath", c.keyPath, .behaviour)
                if let echo = c.echoPath { add("behaviours.creates.echoPath", echo, .behaviour) }
                add("behaviours.creates.resource", c.resource, .note)
                add("behaviours.creates.keyStyle", c.keyStyle, .note)
            case .lists(let l):
                let p = "behaviours.lists"
                add("\(p).itemsPath", l.itemsPath, .behaviour)
                add("\(p).pageSizeParam", l.pageSizeParam, .behaviour)
                add("\(p).pageTokenParam", l.pageTokenParam, .behaviour)
                add("\(p).pageTokenPath", l.pageTokenPath, .behaviour)
                add("\(p).hasMorePath", l.hasMorePath, .behaviour)
                add("\(p).resource", l.resource, .note)
                rule("\(p).pageTokenOnlyWhenMore", l.pageTokenOnlyWhenMore) { String($0) }
                rule("\(p).order", l.order) { "\($0.by) \($0.direction)" }
                for filter in l.filters ?? [] { add("\(p).filter.\(filter.param)", filter.field, SpecFacts.kind(filter.provenance)) }
            case .unique(let u):
                add("behaviours.unique.\(u.field)", "\(u.resource) -> \(u.error.code)", .note)
            case .quota(let q):
                add("behaviours.quota.\(q.resource)", "\(q.limit) -> \(q.error.code)", .note)
            case .references(let r):
                add("behaviours.references.\(r.field)", r.resource, .note)
            case .requiresCapability(let r):
                add("behaviours.requiresCapability.\(r.capability)", String(r.error.code), .note)
            case .item(let i):
                add("behaviours.item.\(i.keyParam)", "\(i.operation.rawValue) \(i.resource) -> \(i.notFoundError.code)", .note)
            case .nested(let n):
                add("behaviours.nested.\(n.param)", "\(n.resource) -> \(n.notFoundError.code)", .note)
            }
        }
    }
}
