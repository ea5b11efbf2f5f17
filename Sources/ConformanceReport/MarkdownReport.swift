import ConformanceModel
import Foundation

/// Renders a run as `conformance.md`, sized for a CI job summary: a verdict line, then per
/// endpoint the coverage table, the failures (documented rules broken), the warnings (inferred
/// expectations missed) in a section of their own, what was not exercised and why, and response
/// drift. Long lists fold into `<details>`.
public enum MarkdownReport {
    /// Lists longer than this fold into a `<details>` block.
    public static let foldThreshold = 10
    /// At most this many entries per list (differences, cases per skip reason, drift); the rest are
    /// counted and left to junit.xml and results.json, so the page stays within CI summary limits.
    public static let maxListed = 100

    /// The verdict on a run.
    public static func verdict(_ result: RunResult) -> String {
        let counts = StatusCounts(result.cases)
        if counts.failed > 0 { return "❌ does not conform" }
        if counts.errors > 0 { return "⛔ incomplete: some cases could not complete" }
        if counts.passed + counts.warnings == 0 { return "➖ nothing exercised" }
        return counts.warnings > 0 ? "✅ conforms (with warnings)" : "✅ conforms"
    }

    /// The whole document, ending with a newline.
    public static func render(_ result: RunResult, baseline: BaselineComparison? = nil) -> String {
        var out: [String] = []
        let counts = StatusCounts(result.cases)
        out.append("# Feishu conformance: \(TextSanitizer.markdown(result.target))")
        out.append("")
        out.append("**\(verdict(result))**: \(day(result.startedAt)), \(counts.sentence) (feishu-conformance \(TextSanitizer.markdown(result.toolVersion)))")
        out.append("")
        let groups = EndpointGroup.groups(of: result)
        let curated = groups.filter { !$0.summary.isImported }
        let imported = groups.filter(\.summary.isImported)
        if !imported.isEmpty { out += tierSection(curated: curated, imported: imported) }
        if let created = result.createdObjects, created.total > 0 { out += createdSection(created) }
        if let baseline { out += baselineSection(baseline) }
        for group in curated { out += endpointSection(group) }
        if !imported.isEmpty {
            out.append("---")
            out.append("")
            out.append(
                "**Imported specs** below: made by `feishu-conformance import` from the doc pages, not yet curated. Their cases "
                    + "run where a request is refused before any state is looked at (auth, field rules); the others are not "
                    + "exercised, with the reason.")
            out.append("")
            for group in imported { out += endpointSection(group) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Curated and imported specs counted apart.
    static func tierSection(curated: [EndpointGroup], imported: [EndpointGroup]) -> [String] {
        func line(_ name: String, _ groups: [EndpointGroup]) -> String {
            "- \(name): \(groups.count) endpoint\(groups.count == 1 ? "" : "s"), \(StatusCounts(groups.flatMap(\.cases)).sentence)"
        }
        return [line("Curated specs", curated), line("Imported specs", imported), ""]
    }

    /// What the run left on the target and how to find it: the count per endpoint and the name prefix.
    static func createdSection(_ created: CreatedObjects) -> [String] {
        let parts = created.byEndpoint.sorted { $0.key < $1.key }.map { "\(TextSanitizer.markdown($0.key)) \($0.value)" }
        return [
            "**Objects created** on the target: \(created.total) (\(parts.joined(separator: ", "))); names the run gave start with "
                + "\(TextSanitizer.markdownCode(created.namePrefix)).", "",
        ]
    }

    static func endpointSection(_ group: EndpointGroup) -> [String] {
        var out: [String] = []
        let summary = group.summary
        out.append("## \(TextSanitizer.markdown(summary.id))")
        out.append("")
        var intro: [String] = []
        if !summary.signature.isEmpty { intro.append(TextSanitizer.markdownCode(summary.signature)) }
        if !summary.summary.isEmpty { intro.append(TextSanitizer.markdown(summary.summary)) }
        intro.append(group.counts.sentence)
        out.append(intro.joined(separator: ": "))
        out.append("")

        let coverage = group.coverage
        if !coverage.isEmpty {
            var table = ["| Spec item | Result | Cases |", "| --- | --- | ---: |"]
            for row in coverage {
                table.append("| \(TextSanitizer.markdown(row.key.description)) | \(row.status.label) | \(row.caseCount) |")
            }
            let tally = CoverageStatus.allCases.compactMap { status -> String? in
                let n = coverage.filter { $0.status == status }.count
                return n == 0 ? nil : "\(n) \(status.label)"
            }.joined(separator: ", ")
            out += fold(table, count: coverage.count, summary: "\(coverage.count) spec items: \(tally)")
        }

        // Failures and warnings apart: a failed case's warnings are listed with the warnings.
        let failed = group.cases.filter { $0.status == .failed || $0.status == .error }
        let warned = group.cases.filter { item in
            item.status != .skipped && item.findings.contains { $0.severity == .warning && !$0.isResponseDrift }
        }
        if !failed.isEmpty {
            out.append("### Failures: documented behaviour the target does not follow")
            out.append("")
            var items: [String] = []
            for item in failed.prefix(maxListed) { items += differenceLines(item, severity: .failure) }
            if failed.count > maxListed { items.append(more(failed.count - maxListed, "failure")) }
            out += fold(items, count: failed.count, summary: "\(failed.count) case(s) failing a documented rule")
        }
        if !warned.isEmpty {
            out.append("### Warnings: differences from our inferred expectations (not failures)")
            out.append("")
            var items: [String] = []
            for item in warned.prefix(maxListed) { items += differenceLines(item, severity: .warning) }
            if warned.count > maxListed { items.append(more(warned.count - maxListed, "warning")) }
            out += fold(items, count: warned.count, summary: "\(warned.count) case(s) differing from an inferred expectation")
        }

        let skipped = group.cases.filter { $0.status == .skipped }
        if !skipped.isEmpty {
            out.append("### Not exercised")
            out.append("")
            var reasons: [(reason: String, cases: [CaseResult])] = []
            for item in skipped {
                let reason = item.skipReason ?? "no reason given"
                if let index = reasons.firstIndex(where: { $0.reason == reason }) {
                    reasons[index].cases.append(item)
                } else {
                    reasons.append((reason, [item]))
                }
            }
            for group in reasons {
                out.append("- \(TextSanitizer.markdown(group.reason)) (\(group.cases.count) case\(group.cases.count == 1 ? "" : "s"))")
                if group.cases.count > 1 {
                    out.append("  <details><summary>cases</summary>")
                    out.append("")
                    for item in group.cases.prefix(maxListed) { out.append("  - \(TextSanitizer.markdown(item.title))") }
                    if group.cases.count > maxListed { out.append("  " + more(group.cases.count - maxListed, "case")) }
                    out.append("")
                    out.append("  </details>")
                } else if let only = group.cases.first {
                    out.append("  - \(TextSanitizer.markdown(only.title))")
                }
            }
            out.append("")
        }

        var drift: [(path: String, observed: String, cases: Int)] = []
        for item in group.cases {
            for finding in item.findings where finding.isResponseDrift {
                let path = finding.path ?? "(no path)"
                if let index = drift.firstIndex(where: { $0.path == path && $0.observed == finding.observed }) {
                    drift[index].cases += 1
                } else {
                    drift.append((path, finding.observed, 1))
                }
            }
        }
        if !drift.isEmpty {
            out.append("### Response drift")
            out.append("")
            var lines = drift.prefix(maxListed).map {
                "- ⚠️ \(TextSanitizer.markdownCode($0.path)): \(TextSanitizer.markdown($0.observed)) (\($0.cases) case\($0.cases == 1 ? "" : "s"))"
            }
            if drift.count > maxListed { lines.append(more(drift.count - maxListed, "field")) }
            out += fold(lines, count: drift.count, summary: "\(drift.count) undocumented reply field(s)")
        }
        return out
    }

    static func more(_ count: Int, _ noun: String) -> String {
        "- … and \(count) more \(noun)\(count == 1 ? "" : "s"): see junit.xml or results.json"
    }

    static func differenceLines(_ item: CaseResult, severity: Finding.Severity) -> [String] {
        let mark = severity == .warning ? "⚠️" : item.status == .error ? "⛔" : "❌"
        var out = ["- \(mark) **\(TextSanitizer.markdown(item.title))**"]
        if item.status == .error && severity == .failure {
            out.append("  - could not complete: \(TextSanitizer.markdown(item.skipReason ?? "no detail"))")
        }
        let findings = item.findings.filter { $0.severity == severity && !$0.isResponseDrift }
        for finding in findings {
            let rule = TextSanitizer.markdownCode(finding.rule) + (finding.path.map { " at " + TextSanitizer.markdownCode($0) } ?? "")
            out.append("  - \(rule): expected \(TextSanitizer.markdown(finding.expected)), observed \(TextSanitizer.markdown(finding.observed))")
            out.append("  - \(finding.provenance.kind): \(TextSanitizer.markdown(finding.provenance.text))")
        }
        if findings.isEmpty && item.status != .error && severity == .failure {
            out.append("  - \(TextSanitizer.markdownCode(item.rule)) (\(item.provenance.kind): \(TextSanitizer.markdown(item.provenance.text)))")
        }
        return out
    }

    static func baselineSection(_ comparison: BaselineComparison) -> [String] {
        var out = ["## Changed since baseline", ""]
        out.append("Baseline: \(TextSanitizer.markdown(comparison.baselineTarget)), \(day(comparison.baselineStartedAt)).")
        out.append("")
        if comparison.isEmpty {
            out.append("No change.")
            out.append("")
            return out
        }
        func status(_ value: CaseStatus?) -> String { value?.rawValue ?? "absent" }
        let sections: [(String, [BaselineComparison.Change])] = [
            ("New differences", comparison.newDifferences),
            ("Fixed", comparison.fixed),
            ("New cases", comparison.newCases),
            ("Removed cases", comparison.removedCases),
        ]
        for (title, changes) in sections where !changes.isEmpty {
            out.append("**\(title)** (\(changes.count))")
            out.append("")
            let lines = changes.map {
                "- \(TextSanitizer.markdown($0.endpointID)): \(TextSanitizer.markdown($0.title)) (\(status($0.before)) → \(status($0.after)))"
            }
            out += fold(lines, count: lines.count, summary: "\(changes.count) case(s)")
        }
        return out
    }

    /// `lines` as is when short, else inside `<details>` with `summary`; always followed by a blank line.
    static func fold(_ lines: [String], count: Int, summary: String) -> [String] {
        if count <= foldThreshold { return lines + [""] }
        return ["<details><summary>\(TextSanitizer.markdown(summary))</summary>", ""] + lines + ["", "</details>", ""]
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
