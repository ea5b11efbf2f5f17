import ConformanceModel
import Foundation

/// What changed between an earlier run (the baseline, read from its `results.json`) and this one:
/// drift over time. Cases are matched by `caseID`.
public struct BaselineComparison: Sendable, Hashable {
    /// One case whose outcome changed.
    public struct Change: Sendable, Hashable {
        /// The stable case id.
        public var caseID: String
        /// The endpoint the case belongs to.
        public var endpointID: String
        /// The case title (from the current run when present, else the baseline's).
        public var title: String
        /// The status in the baseline, nil when the case did not exist then.
        public var before: CaseStatus?
        /// The status now, nil when the case no longer exists.
        public var after: CaseStatus?
    }

    /// Cases that now fail or warn but passed, were not exercised, or did not exist before.
    public var newDifferences: [Change] = []
    /// Cases that failed or warned before and pass now.
    public var fixed: [Change] = []
    /// Cases present now but not in the baseline.
    public var newCases: [Change] = []
    /// Cases in the baseline that this run no longer has.
    public var removedCases: [Change] = []
    /// The baseline run's target and start date, for the report heading.
    public var baselineTarget: String
    /// When the baseline run started.
    public var baselineStartedAt: Date

    /// Compares `current` with `baseline`, keeping the current run's case order (then the baseline's for removed cases).
    public init(current: RunResult, baseline: RunResult) {
        baselineTarget = baseline.target
        baselineStartedAt = baseline.startedAt
        var before: [String: CaseResult] = [:]
        for item in baseline.cases where before[item.caseID] == nil { before[item.caseID] = item }
        var currentIDs = Set<String>()
        for item in current.cases where currentIDs.insert(item.caseID).inserted {
            let old = before[item.caseID]
            let change = Change(
                caseID: item.caseID, endpointID: item.endpointID, title: item.title,
                before: old?.status, after: item.status)
            if old == nil { newCases.append(change) }
            let differsNow = item.status == .failed || item.status == .warning
            let differedBefore = old?.status == .failed || old?.status == .warning
            if differsNow && !differedBefore { newDifferences.append(change) }
            if item.status == .passed && differedBefore { fixed.append(change) }
        }
        var removedIDs = Set<String>()
        for item in baseline.cases where !currentIDs.contains(item.caseID) && removedIDs.insert(item.caseID).inserted {
            removedCases.append(
                Change(
                    caseID: item.caseID, endpointID: item.endpointID, title: item.title,
                    before: item.status, after: nil))
        }
    }

    /// True when nothing changed.
    public var isEmpty: Bool { newDifferences.isEmpty && fixed.isEmpty && newCases.isEmpty && removedCases.isEmpty }
}
