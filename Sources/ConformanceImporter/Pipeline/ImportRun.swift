/// Every page of one import and what became of it, with the counts reports give.
public struct ImportRun: Sendable {
    /// One result per page, in the order the pages were given.
    public var results: [PageResult]

    /// Creates a run.
    public init(results: [PageResult]) { self.results = results }

    /// The specs made, in page order.
    public var imported: [ImportedSpec] { results.compactMap(\.imported) }

    /// Pages that describe an endpoint: imported, or skipped as incomplete, repeated or curated.
    public var endpointPages: Int {
        results.filter { result in
            switch result.outcome {
            case .imported: true
            case .skipped(let reason, _): reason.isEndpointPage
            }
        }.count
    }

    /// Specs on which lint reports nothing, not even a warning (the page fully read).
    public var lintClean: Int { imported.filter(\.isLintClean).count }

    /// Specs on which lint reports no error (`lint` exits 0).
    public var valid: Int { imported.filter(\.isValid).count }

    /// Endpoint pages whose endpoint has a lint-clean spec: pages imported clean, pages skipped
    /// because another page of the same endpoint was imported clean, and pages of endpoints that
    /// keep their curated spec.
    public var pagesCoveredClean: Int { pagesCovered(by: \.isLintClean) }

    /// Endpoint pages whose endpoint has a valid spec (no lint error) from this import.
    public var pagesCoveredValid: Int { pagesCovered(by: \.isValid) }

    func pagesCovered(by good: (ImportedSpec) -> Bool) -> Int {
        var signatures: Set<String> = []
        for spec in imported where good(spec) { signatures.insert(spec.spec.signature) }
        var n = imported.filter(good).count
        for result in results {
            switch result.outcome {
            case .skipped(.duplicateEndpoint, let detail):
                if let signature = detail.components(separatedBy: " is also described by ").first, signatures.contains(signature) { n += 1 }
            case .skipped(.curatedKept, _):
                n += 1  // the endpoint keeps its curated spec, which lint checks on its own
            default:
                continue
            }
        }
        return n
    }

    /// Skipped pages by reason, each group in page order.
    public var skipped: [(reason: SkipReason, results: [PageResult])] {
        var groups: [SkipReason: [PageResult]] = [:]
        for result in results {
            if case .skipped(let reason, _) = result.outcome { groups[reason, default: []].append(result) }
        }
        return groups.keys.sorted().map { ($0, groups[$0] ?? []) }
    }

    /// Pages with a problem, each with its message.
    public var problems: [(page: String, message: String)] {
        results.compactMap { r in r.problem.map { (r.input.name, $0) } }
    }
}
