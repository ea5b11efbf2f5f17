import ConformanceModel

/// Renders a diff as `diff-report.md`, sized for a CI job summary: the verdict under the chosen
/// `--fail-on`, a count per endpoint, then the changes by severity (each: endpoint, class, rule,
/// old, new, provenance, where in the spec file). The non-breaking list folds into `<details>`.
public enum DiffMarkdown {
    /// At most this many changes are listed per severity; the rest are counted and left to
    /// `diff-junit.xml` and `diff-results.json`.
    public static let maxListed = 200

    /// The whole document, ending with a newline.
    public static func render(_ diff: SpecDiff, failOn threshold: ChangeSeverity) -> String {
        var out: [String] = []
        out.append("# Spec diff: \(TextSanitizer.markdown(diff.oldLabel)) → \(TextSanitizer.markdown(diff.newLabel))")
        out.append("")
        let failing = diff.failing(at: threshold).count
        let verdict =
            failing > 0
            ? "❌ \(failing) change\(failing == 1 ? "" : "s") at or above \(threshold.rawValue)"
            : "✅ no change at or above \(threshold.rawValue)"
        out.append("**\(verdict)** (`--fail-on \(threshold.rawValue)`): \(diff.tally).")
        out.append("")
        guard !diff.changes.isEmpty else { return out.joined(separator: "\n") + "\n" }
        out.append("| Endpoint | Breaking | Potentially breaking | Non-breaking |")
        out.append("| --- | ---: | ---: | ---: |")
        var endpoints: [String] = []
        for change in diff.changes where !endpoints.contains(change.endpoint) { endpoints.append(change.endpoint) }
        for endpoint in endpoints {
            let own = diff.changes.filter { $0.endpoint == endpoint }
            let counts = ChangeSeverity.allCases.reversed().map { severity in own.filter { $0.severity == severity }.count }
            out.append("| \(TextSanitizer.markdownCode(endpoint, inTable: true)) | " + counts.map(String.init).joined(separator: " | ") + " |")
        }
        out.append("")
        for severity in ChangeSeverity.allCases.reversed() {
            let changes = diff.changes.filter { $0.severity == severity }
            guard !changes.isEmpty else { continue }
            let failingMark = severity >= threshold ? " (fail the diff)" : ""
            out.append("## \(severity.title): \(changes.count)\(failingMark)")
            out.append("")
            var table = [
                "| Endpoint | Class | Rule | Old | New | What changed | Provenance | Where |",
                "| --- | --- | --- | --- | --- | --- | --- | --- |",
            ]
            for change in changes.prefix(maxListed) { table.append(row(change)) }
            if changes.count > maxListed {
                table.append("")
                table.append("… and \(changes.count - maxListed) more, in diff-junit.xml and diff-results.json.")
            }
            if severity == .nonBreaking && changes.count > 10 {
                out.append("<details><summary>\(changes.count) non-breaking changes</summary>")
                out.append("")
                out += table
                out.append("")
                out.append("</details>")
            } else {
                out += table
            }
            out.append("")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func row(_ change: SpecChange) -> String {
        let cells = [
            TextSanitizer.markdownCode(change.endpoint, inTable: true),
            TextSanitizer.markdownCode(change.changeClass.rawValue, inTable: true),
            TextSanitizer.markdownCode(change.subject, inTable: true),
            change.old.map { TextSanitizer.markdown(TextSanitizer.truncated($0, to: 80)) } ?? "—",
            change.new.map { TextSanitizer.markdown(TextSanitizer.truncated($0, to: 80)) } ?? "—",
            TextSanitizer.markdown(change.message),
            provenance(change),
            TextSanitizer.markdownCode("\(change.file) \(change.path)", inTable: true),
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// The new fact's provenance (the old one's when the fact is gone), kind and a short quote.
    static func provenance(_ change: SpecChange) -> String {
        guard let provenance = change.newProvenance ?? change.oldProvenance else { return "—" }
        return "\(provenance.kind): " + TextSanitizer.markdown(TextSanitizer.truncated(provenance.text, to: 60))
    }
}
