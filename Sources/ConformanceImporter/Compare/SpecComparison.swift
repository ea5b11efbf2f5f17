import ConformanceSpec

/// Compares two specs of one endpoint fact by fact (``SpecFacts``).
public enum SpecComparison {
    /// The round trip: every fact the curated spec states as the page's (structural, documented,
    /// and the resource behaviours the importer derives) must come back from importing the page
    /// with the same value, and a documented rule must come back documented (behaviours excepted:
    /// the importer marks them inferred, as conventions). Notes (descriptions, advice, triggers,
    /// interpretive behaviours) and the import's extra facts are returned apart, never failures.
    public static func roundTrip(curated: EndpointSpec, imported: EndpointSpec) -> (failures: [FactDifference], notes: [FactDifference]) {
        let mine = index(SpecFacts.facts(of: imported))
        var failures: [FactDifference] = []
        var notes: [FactDifference] = []
        var seen: Set<String> = []
        for fact in SpecFacts.facts(of: curated) {
            seen.insert(fact.key)
            let other = mine[fact.key]
            switch fact.kind {
            case .note:
                if other?.value != fact.value {
                    notes.append(FactDifference(kind: other == nil ? .missing : .differs, key: fact.key, reference: fact.value, other: other?.value))
                }
            case .inferred:
                continue
            case .structural, .documented, .behaviour:
                guard let other else {
                    failures.append(FactDifference(kind: .missing, key: fact.key, reference: fact.value, other: nil))
                    continue
                }
                if other.value != fact.value {
                    failures.append(FactDifference(kind: .differs, key: fact.key, reference: fact.value, other: other.value))
                } else if fact.kind == .documented, other.kind == .inferred, !fact.key.hasPrefix("behaviours.") {
                    failures.append(FactDifference(kind: .provenance, key: fact.key, reference: fact.value, other: other.value))
                }
            }
        }
        for (key, fact) in mine where !seen.contains(key) && fact.kind != .inferred {
            notes.append(FactDifference(kind: .added, key: key, reference: nil, other: fact.value))
        }
        return (failures.sorted(), notes.sorted())
    }

    /// Doc drift: what today's page (imported as `fromDocs`) documents differently from `spec`:
    /// facts it states with another value, facts it states that the spec lacks, and documented
    /// facts of the spec it no longer states. Notes and inferred facts are not drift, and neither
    /// are examples or constraints of response fields the spec leaves out (a curated spec keeps
    /// its response fields light; a new response field is drift).
    public static func drift(spec: EndpointSpec, fromDocs: EndpointSpec) -> [FactDifference] {
        let ours = index(SpecFacts.facts(of: spec))
        let theirs = index(SpecFacts.facts(of: fromDocs))
        var out: [FactDifference] = []
        for (key, fact) in theirs where fact.kind == .structural || fact.kind == .documented {
            if let mine = ours[key] {
                if mine.value != fact.value { out.append(FactDifference(kind: .differs, key: key, reference: mine.value, other: fact.value)) }
            } else if !key.hasSuffix(".example"), !(key.hasPrefix("response.") && !key.hasSuffix(".type") && key != "response.shape") {
                out.append(FactDifference(kind: .added, key: key, reference: nil, other: fact.value))
            }
        }
        for (key, fact) in ours where (fact.kind == .structural || fact.kind == .documented) && theirs[key] == nil {
            out.append(FactDifference(kind: .missing, key: key, reference: fact.value, other: nil))
        }
        return out.sorted()
    }

    static func index(_ facts: [SpecFact]) -> [String: SpecFact] {
        Dictionary(facts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
