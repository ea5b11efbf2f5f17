import ConformanceSpec

/// The text `import` prints: counts, skipped pages grouped by reason, and every problem with the
/// lint findings that make it one.
public enum ImportReportText {
    /// The report; `examplesPerGroup` skipped pages are named per reason (all with `verbose`).
    public static func render(_ run: ImportRun, destination: String?, verbose: Bool = false, examplesPerGroup: Int = 5) -> String {
        var out = ""
        let imported = run.imported
        let endpointPages = run.endpointPages
        out += "pages read: \(run.results.count)\n"
        out += "endpoint pages: \(endpointPages)\n"
        out += "specs imported: \(imported.count)\(destination.map { " (into \($0))" } ?? "")\n"
        out += "specs lint clean (no error): \(run.valid) of \(imported.count) (\(percent(run.valid, imported.count)))\n"
        out += "specs lint clean, no warning either (page fully read): \(run.lintClean) of \(imported.count) (\(percent(run.lintClean, imported.count)))\n"
        out +=
            "endpoint pages imported lint clean (no error): \(run.pagesCoveredValid) of \(endpointPages) (\(percent(run.pagesCoveredValid, endpointPages)))\n"
        out +=
            "endpoint pages imported with no warning either: \(run.pagesCoveredClean) of \(endpointPages) (\(percent(run.pagesCoveredClean, endpointPages)))\n"
        let skipped = run.skipped
        if !skipped.isEmpty {
            out += "skipped pages: \(skipped.reduce(0) { $0 + $1.results.count })\n"
            for (reason, results) in skipped {
                out += "  \(results.count) \(reason.rawValue): \(reason.title)\n"
                let shown = verbose ? results : Array(results.prefix(examplesPerGroup))
                for r in shown {
                    if case .skipped(_, let detail) = r.outcome { out += "    \(r.input.name): \(detail)\n" }
                }
                if shown.count < results.count { out += "    ... and \(results.count - shown.count) more\n" }
            }
        }
        let problems = run.problems
        if !problems.isEmpty {
            out += "problems: \(problems.count) page(s)\n"
            for (page, message) in problems {
                out += "  \(page): \(message)\n"
                if let spec = run.results.first(where: { $0.input.name == page })?.imported {
                    for d in spec.diagnostics.prefix(verbose ? Int.max : 8) { out += "    \(d)\n" }
                    if !verbose, spec.diagnostics.count > 8 { out += "    ... and \(spec.diagnostics.count - 8) more\n" }
                }
            }
        }
        return out
    }

    /// `99.4%` (one decimal), `n/a` for an empty total.
    public static func percent(_ part: Int, _ total: Int) -> String {
        guard total > 0 else { return "n/a" }
        let tenths = part * 1000 / total  // rounded down: 99.96% is not 100%
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
