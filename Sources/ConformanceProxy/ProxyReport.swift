import ConformanceModel
import ConformanceRules
import Foundation

/// The proxy's report over its journal: `proxy-report.md` (counts per endpoint, then the replies
/// that differ from the specs, the requests that break a rule, warnings, endpoints without a spec
/// and upstream failures, each row with rule, where, expected, observed and provenance) and
/// `proxy-junit.xml` (one `<testsuite>` per endpoint, one `<testcase>` per exchange: a `<failure>`
/// for a reply that differs or a request that breaks a rule, `<skipped>` for an endpoint without a
/// spec, `<error>` for an upstream failure). Text comes from the journal, which holds no secrets.
public struct ProxyReport: Sendable {
    /// The upstream traffic went to.
    public var upstream: String
    /// The exchanges, in arrival order.
    public var entries: [ProxyEntry]
    /// Older exchanges dropped from the journal.
    public var dropped: Int

    /// A report.
    public init(upstream: String, entries: [ProxyEntry], dropped: Int = 0) {
        self.upstream = upstream
        self.entries = entries
        self.dropped = dropped
    }

    /// File name of the Markdown report.
    public static let markdownFileName = "proxy-report.md"
    /// File name of the JUnit XML report.
    public static let junitFileName = "proxy-junit.xml"
    /// The suite of exchanges whose endpoint no spec describes.
    public static let unknownSuite = "(no spec)"
    /// At most this many rows per section; the rest are counted and left to the JUnit file.
    public static let maxListed = 200

    /// Entries grouped by endpoint, sorted by id, the unknown ones last.
    var groups: [(String, [ProxyEntry])] {
        let grouped = Dictionary(grouping: entries) { $0.endpoint ?? Self.unknownSuite }
        return grouped.keys.sorted { ($0 == Self.unknownSuite ? 1 : 0, $0) < ($1 == Self.unknownSuite ? 1 : 0, $1) }.map { ($0, grouped[$0] ?? []) }
    }

    // MARK: Markdown

    /// The Markdown report.
    public func markdown() -> String {
        let differs = entries.filter { $0.reply == .differs }
        let nonconforming = entries.filter { $0.request == .nonconforming }
        let unknown = entries.filter { $0.request == .unknown }
        let failures = entries.filter { $0.reply == .upstreamFailure }
        let warned = entries.filter { entry in entry.findings.contains { $0.severity == .warning && $0.side == .reply } }
        var md = "# Proxy report: traffic to \(TextSanitizer.markdown(upstream))\n\n"
        let verdict = differs.isEmpty && nonconforming.isEmpty ? "✅" : "❌"
        let documented = entries.filter { $0.reply == .asDocumented }.count
        md +=
            "**\(verdict) \(entries.count) exchanges**: \(entries.count - nonconforming.count - unknown.count) requests conforming, "
            + "\(nonconforming.count) breaking a rule, \(unknown.count) to endpoints without a spec; \(documented) replies as documented, "
            + "\(differs.count) differing from the specs, \(warned.count) with warnings; \(failures.count) upstream failures.\n\n"
        if dropped > 0 { md += "The \(dropped) oldest exchanges were dropped from the journal and are not reported.\n\n" }
        guard !entries.isEmpty else { return md }
        md += "| Endpoint | Exchanges | Requests breaking a rule | Replies differing | Replies with warnings | Upstream failures |\n"
        md += "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        for (id, list) in groups {
            let counts = [
                list.count, list.filter { $0.request == .nonconforming }.count, list.filter { $0.reply == .differs }.count,
                list.filter { entry in entry.findings.contains { $0.severity == .warning && $0.side == .reply } }.count,
                list.filter { $0.reply == .upstreamFailure }.count,
            ]
            md += "| \(TextSanitizer.markdownCode(id, inTable: true)) | " + counts.map(String.init).joined(separator: " | ") + " |\n"
        }
        md += section("Replies that differ from the specs", entries: differs, side: .reply, severity: .failure)
        md += section("Requests that break a spec rule", entries: nonconforming, side: .request, severity: nil)
        md += section("Warnings on replies", entries: warned, side: .reply, severity: .warning)
        if !unknown.isEmpty {
            md += fold(
                "Endpoints without a spec (forwarded, not checked)", count: unknown.count,
                header: "| # | Request | Answer |\n| ---: | --- | --- |\n",
                rows: unknown.prefix(Self.maxListed).map { "| \($0.seq) | \(request($0)) | \(answer($0)) |\n" })
        }
        if !failures.isEmpty {
            md += fold(
                "Upstream failures (passed through)", count: failures.count,
                header: "| # | Request | Answer | What happened |\n| ---: | --- | --- | --- |\n",
                rows: failures.prefix(Self.maxListed).map {
                    "| \($0.seq) | \(request($0)) | \(answer($0)) | \(TextSanitizer.markdown($0.failure ?? "")) |\n"
                })
        }
        return md
    }

    func section(_ title: String, entries: [ProxyEntry], side: ExchangeSide, severity: ProxyFinding.Severity?) -> String {
        var rows: [String] = []
        for entry in entries {
            for finding in entry.findings where finding.side == side && (severity == nil || finding.severity == severity) {
                let cells = [
                    "\(entry.seq)", request(entry), answer(entry), TextSanitizer.markdownCode(finding.rule, inTable: true),
                    finding.location.map { TextSanitizer.markdownCode($0, inTable: true) } ?? "—",
                    TextSanitizer.markdown(finding.expected), TextSanitizer.markdown(finding.observed),
                    "\(finding.provenance.kind): " + TextSanitizer.markdown(TextSanitizer.truncated(finding.provenance.text, to: 60)),
                ]
                rows.append("| " + cells.joined(separator: " | ") + " |\n")
            }
        }
        guard !rows.isEmpty else { return "" }
        let header = "| # | Request | Answer | Rule | Where | Expected | Observed | Provenance |\n| ---: | --- | --- | --- | --- | --- | --- | --- |\n"
        return fold(title, count: rows.count, header: header, rows: Array(rows.prefix(Self.maxListed)))
    }

    func fold(_ title: String, count: Int, header: String, rows: [String]) -> String {
        var out = "\n## \(title): \(count)\n\n"
        let table = header + rows.joined() + (count > rows.count ? "\n… and \(count - rows.count) more in \(Self.junitFileName).\n" : "")
        if count > 10 {
            out += "<details><summary>\(count) rows</summary>\n\n" + table + "\n</details>\n"
        } else {
            out += table
        }
        return out
    }

    func request(_ entry: ProxyEntry) -> String { TextSanitizer.markdownCode("\(entry.method) \(entry.path)", inTable: true) }

    func answer(_ entry: ProxyEntry) -> String {
        "HTTP \(entry.httpStatus)" + (entry.code.map { " / \($0)" } ?? "")
    }

    // MARK: JUnit

    /// The JUnit XML report.
    public func junitXML() -> String {
        func failed(_ e: ProxyEntry) -> Bool { e.request == .nonconforming || e.reply == .differs }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml +=
            "<testsuites"
            + attributes([
                ("name", "feishu-conformance proxy: \(upstream)"), ("tests", String(entries.count)),
                ("failures", String(entries.filter(failed).count)),
                ("errors", String(entries.filter { $0.reply == .upstreamFailure && !failed($0) }.count)),
            ]) + ">\n"
        for (id, list) in groups {
            let failures = list.filter(failed).count
            let errors = list.filter { $0.reply == .upstreamFailure && !failed($0) }.count
            let skipped = list.filter { $0.request == .unknown && $0.reply != .upstreamFailure }.count
            xml +=
                "  <testsuite"
                + attributes([
                    ("name", id), ("tests", String(list.count)), ("failures", String(failures)),
                    ("errors", String(errors)), ("skipped", String(skipped)),
                ]) + ">\n"
            for entry in list {
                let name = "#\(entry.seq) \(entry.method) \(entry.path) -> HTTP \(entry.httpStatus)" + (entry.code.map { "/\($0)" } ?? "")
                var body = ""
                if failed(entry) {
                    let failing = entry.findings.filter { $0.severity == .failure || $0.side == .request }
                    let first = failing.first { $0.side == .reply && $0.severity == .failure } ?? failing.first
                    let message =
                        first.map { "\($0.side == .reply ? "reply differs" : "request breaks") \($0.rule): expected \($0.expected), observed \($0.observed)" }
                        ?? "differs"
                    body += "      <failure" + attributes([("message", message), ("type", first?.rule ?? "rule")]) + ">"
                    body += TextSanitizer.xml(failing.map(detail).joined(separator: "\n\n")) + "</failure>\n"
                } else if entry.reply == .upstreamFailure {
                    body += "      <error" + attributes([("message", entry.failure ?? "upstream failure"), ("type", "upstream")]) + "/>\n"
                } else if entry.request == .unknown {
                    body += "      <skipped" + attributes([("message", "no spec describes this endpoint: forwarded, not checked")]) + "/>\n"
                }
                let warnings = entry.findings.filter { $0.severity == .warning && $0.side == .reply }
                if !warnings.isEmpty {
                    body += "      <system-out>" + TextSanitizer.xml(warnings.map { "warning: " + detail($0) }.joined(separator: "\n\n")) + "</system-out>\n"
                }
                let open = "    <testcase" + attributes([("name", name), ("classname", id), ("time", "0")])
                xml += body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    func detail(_ finding: ProxyFinding) -> String {
        var lines = ["\(finding.side.rawValue) rule: \(finding.rule)"]
        if let location = finding.location { lines.append("where: \(location)") }
        lines.append("expected: \(finding.expected)")
        lines.append("observed: \(finding.observed)")
        lines.append("provenance: \(finding.provenance.kind): \(finding.provenance.text)")
        return lines.joined(separator: "\n")
    }

    func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(TextSanitizer.xml($0.1, attribute: true))\"" }.joined()
    }

    /// Writes both files into `directory`, creating it when needed.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(markdown().utf8).write(to: directory.appendingPathComponent(Self.markdownFileName), options: .atomic)
        try Data(junitXML().utf8).write(to: directory.appendingPathComponent(Self.junitFileName), options: .atomic)
    }
}
