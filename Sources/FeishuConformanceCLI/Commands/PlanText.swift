import ConformanceKit
import ConformanceReport

/// `run --plan` output: a Markdown page (readable in a terminal and in a CI job summary) with,
/// per endpoint, the cases that would run, the objects they would create and the least time under
/// the documented rate limits, then the busiest rate-limit buckets and why cases would not run.
enum PlanText {
    static func render(_ plan: RunPlan, configuration: RunConfiguration) -> String {
        let total = plan.endpoints.reduce(0) { $0 + $1.cases }
        let runnable = plan.endpoints.reduce(0) { $0 + $1.runnable }
        var lines: [String] = []
        lines.append("# Run plan: \(TextSanitizer.markdown(configuration.target.description))")
        lines.append("")
        lines.append(
            "\(total) case(s) in \(plan.endpoints.count) endpoint(s): \(runnable) would run, \(total - runnable) would not be exercised. "
                + "Nothing that writes was sent.")
        lines.append("")
        lines.append("| Endpoint | Cases | Would run | Objects created | Least time |")
        lines.append("| --- | ---: | ---: | --- | ---: |")
        for e in plan.endpoints {
            lines.append(
                "| \(TextSanitizer.markdown(e.id)) | \(e.cases) | \(e.runnable) | \(objects(e.objects)) | "
                    + "\(RunProgressPrinter.clockText(e.floorSeconds)) |")
        }
        lines.append("")
        lines.append(
            "**Objects created**: \(plan.objectsCreated)\(plan.objectsCreated > 0 ? " (\(objects(plan.objectsByResource)))" : "")"
                + (plan.live && !configuration.allowWrites ? "; writes need --allow-writes" : ""))
        lines.append("")
        lines.append(
            "**Least wall time** under the documented rate limits: \(RunProgressPrinter.clockText(plan.floorSeconds)) "
                + "(endpoints run side by side; the busiest rate-limit bucket decides)"
                + (plan.live ? "." : "; a mock is not paced, so it answers much sooner."))
        let busiest = plan.buckets.filter { $0.interval > 0 }.sorted { $0.floorSeconds > $1.floorSeconds }.prefix(3)
        if !busiest.isEmpty {
            lines.append("")
            for b in busiest {
                lines.append(
                    "- \(TextSanitizer.markdown(b.endpointID)) (\(b.app) app): \(b.requests) request(s), one every "
                        + "\(format(b.interval)) s: \(RunProgressPrinter.clockText(b.floorSeconds))")
            }
        }
        let skipped = plan.endpoints.filter { !$0.skipped.isEmpty }
        if !skipped.isEmpty {
            lines.append("")
            lines.append("## Would not be exercised")
            for e in skipped {
                lines.append("")
                lines.append("- \(TextSanitizer.markdown(e.id))")
                for s in e.skipped { lines.append("  - \(s.count) × \(TextSanitizer.markdown(s.reason))") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func objects(_ byResource: [String: Int]) -> String {
        byResource.isEmpty ? "0" : byResource.sorted { $0.key < $1.key }.map { "\($0.value) \(TextSanitizer.markdown($0.key))" }.joined(separator: ", ")
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}
