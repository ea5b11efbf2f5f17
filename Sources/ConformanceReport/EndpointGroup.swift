import ConformanceModel

/// One endpoint's summary with its cases, in report order.
///
/// Cases whose endpoint is missing from `RunResult.endpoints` still get a group (with a summary
/// made from the id alone), so nothing a run recorded is left out of a report.
public struct EndpointGroup: Sendable, Hashable {
    /// The endpoint's spec facts.
    public var summary: EndpointSummary
    /// The endpoint's cases, in run order.
    public var cases: [CaseResult]

    /// Groups a run's cases by endpoint: the run's endpoints in their order, then endpoints seen
    /// only in cases, sorted by id.
    public static func groups(of result: RunResult) -> [EndpointGroup] {
        var byEndpoint: [String: [CaseResult]] = [:]
        for item in result.cases { byEndpoint[item.endpointID, default: []].append(item) }
        var seen = Set<String>()
        var groups: [EndpointGroup] = []
        for endpoint in result.endpoints where seen.insert(endpoint.id).inserted {
            groups.append(EndpointGroup(summary: endpoint, cases: byEndpoint[endpoint.id] ?? []))
        }
        for id in byEndpoint.keys.sorted() where !seen.contains(id) {
            let summary = EndpointSummary(id: id, signature: "", summary: "", coverage: [])
            groups.append(EndpointGroup(summary: summary, cases: byEndpoint[id] ?? []))
        }
        return groups
    }

    /// Case counts by status.
    public var counts: StatusCounts { StatusCounts(cases) }

    /// Every coverage key of the endpoint with its status: the spec's keys in spec order, then
    /// keys that only cases mention, in first-seen order.
    public var coverage: [(key: CoverageKey, status: CoverageStatus, caseCount: Int)] {
        var keys = summary.coverage
        var known = Set(keys)
        for item in cases {
            for key in item.covers where known.insert(key).inserted { keys.append(key) }
        }
        return keys.map { key in
            let covering = cases.filter { $0.covers.contains(key) }
            return (key, CoverageStatus(covering), covering.count)
        }
    }
}

/// How many cases ended in each status.
public struct StatusCounts: Sendable, Hashable {
    /// Every case.
    public var total = 0
    /// `.passed` cases.
    public var passed = 0
    /// `.failed` cases: documented expectations that did not hold.
    public var failed = 0
    /// `.warning` cases: inferred expectations or drift.
    public var warnings = 0
    /// `.skipped` cases: not exercised.
    public var skipped = 0
    /// `.error` cases: could not complete.
    public var errors = 0

    /// Counts the statuses of `cases`.
    public init(_ cases: [CaseResult]) {
        for item in cases {
            total += 1
            switch item.status {
            case .passed: passed += 1
            case .failed: failed += 1
            case .warning: warnings += 1
            case .skipped: skipped += 1
            case .error: errors += 1
            }
        }
    }

    /// `12 cases: 9 passed, 1 failed, 1 warning, 1 not exercised` (zero counts left out).
    public var sentence: String {
        var parts = ["\(passed) passed"]
        if failed > 0 { parts.append("\(failed) failed") }
        if warnings > 0 { parts.append("\(warnings) warning\(warnings == 1 ? "" : "s")") }
        if skipped > 0 { parts.append("\(skipped) not exercised") }
        if errors > 0 { parts.append("\(errors) could not complete") }
        return "\(total) case\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }
}

/// The verdict on one coverage key (a field, limit, error code or behaviour) from the cases that cover it.
public enum CoverageStatus: String, Sendable, Hashable, CaseIterable {
    /// Some covering case failed a documented expectation.
    case differ
    /// No failure, but some covering case differed from an inferred expectation.
    case inferredDifference
    /// At least one covering case passed and none failed or warned.
    case conform
    /// No covering case ran to a verdict (none, skipped, or could not complete).
    case notExercised

    /// Derives the status from the covering cases. A warning case whose only findings are
    /// response drift counts as passed here: drift is reported in its own section.
    public init(_ covering: [CaseResult]) {
        var passed = false
        var warned = false
        for item in covering {
            switch item.status {
            case .failed:
                self = .differ
                return
            case .passed: passed = true
            case .warning:
                if item.findings.allSatisfy(\.isResponseDrift) { passed = true } else { warned = true }
            case .skipped, .error: break
            }
        }
        self = warned ? .inferredDifference : passed ? .conform : .notExercised
    }

    /// The Markdown cell text.
    public var label: String {
        switch self {
        case .differ: "❌ differ"
        case .inferredDifference: "⚠️ differ (inferred)"
        case .conform: "✅ conform"
        case .notExercised: "➖ not exercised"
        }
    }
}

extension Finding {
    /// True for response-drift findings (rule `drift`: undocumented fields in a reply).
    var isResponseDrift: Bool { rule == "drift" }
}
