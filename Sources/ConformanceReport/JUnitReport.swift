import ConformanceKit
import Foundation

/// Renders a run as JUnit XML in the common (Jenkins `junit-10.xsd`) shape.
///
/// One `<testsuite>` per endpoint (name and `<testcase classname>` = endpoint id), one `<testcase>`
/// per case (name = the case title). Documented failures are `<failure type="rule">`; inferred
/// differences and drift are not failures and go to the case's `<system-out>` as warnings;
/// skipped cases carry `<skipped message="reason"/>`; cases that could not complete are `<error>`.
public enum JUnitReport {
    /// The XML document, UTF-8, ending with a newline.
    public static func render(_ result: RunResult) -> String {
        let groups = EndpointGroup.groups(of: result)
        let all = StatusCounts(result.cases)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += "<testsuites" + attributes([
            ("name", "feishu-conformance: \(result.target)"),
            ("tests", String(all.total)),
            ("failures", String(all.failed)),
            ("errors", String(all.errors)),
            ("time", seconds(result.finishedAt.timeIntervalSince(result.startedAt))),
        ]) + ">\n"
        let timestamp = timestampFormat(result.startedAt)
        for group in groups {
            let counts = group.counts
            let time = group.cases.reduce(0) { $0 + max(0, $1.durationSeconds) }
            xml += "  <testsuite" + attributes([
                ("name", group.summary.id),
                ("tests", String(counts.total)),
                ("failures", String(counts.failed)),
                ("errors", String(counts.errors)),
                ("skipped", String(counts.skipped)),
                ("time", seconds(time)),
                ("timestamp", timestamp),
            ]) + ">\n"
            if !group.summary.signature.isEmpty {
                xml += "    <properties>\n"
                xml += "      <property" + attributes([("name", "signature"), ("value", group.summary.signature)]) + "/>\n"
                xml += "    </properties>\n"
            }
            for item in group.cases { xml += testcase(item) }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    static func testcase(_ item: CaseResult) -> String {
        let open = "    <testcase" + attributes([
            ("name", item.title),
            ("classname", item.endpointID),
            ("time", seconds(item.durationSeconds)),
        ])
        var body = ""
        let failures = item.findings.filter { $0.severity == .failure }
        let warnings = item.findings.filter { $0.severity == .warning }
        switch item.status {
        case .skipped:
            body += "      <skipped" + attributes([("message", item.skipReason ?? "not exercised")]) + "/>\n"
        case .error:
            let message = item.skipReason ?? failures.first?.description ?? "the case could not complete"
            body += "      <error" + attributes([("message", message), ("type", "error")]) + ">"
            body += TextSanitizer.xml(caseContext(item)) + "</error>\n"
        case .failed:
            let shown = failures.isEmpty
                ? [Finding(severity: .failure, rule: item.rule, expected: "the documented behaviour",
                           observed: "a difference the runner did not detail", provenance: item.provenance)]
                : failures
            for finding in shown {
                body += "      <failure" + attributes([("message", finding.description), ("type", "rule")]) + ">"
                body += TextSanitizer.xml(detail(finding) + "\n" + caseContext(item)) + "</failure>\n"
            }
        case .passed, .warning:
            break
        }
        if !warnings.isEmpty {
            let text = warnings.map { "warning: " + detail($0) }.joined(separator: "\n\n")
            body += "      <system-out>" + TextSanitizer.xml(text) + "</system-out>\n"
        }
        return body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n"
    }

    /// Expected vs observed with the rule and its provenance, one fact per line.
    static func detail(_ finding: Finding) -> String {
        var lines = ["rule: \(finding.rule)"]
        if let path = finding.path { lines.append("path: \(path)") }
        lines.append("expected: \(finding.expected)")
        lines.append("observed: \(finding.observed)")
        lines.append("provenance: \(finding.provenance.kind): \(finding.provenance.text)")
        return lines.joined(separator: "\n")
    }

    /// The case id, its rule and the exchanges (method, path, status, code, log id).
    static func caseContext(_ item: CaseResult) -> String {
        // The case's provenance is that of the answer it expects (for a refusal, its code and
        // status); each finding above carries the provenance that judged it.
        var lines = ["case: \(item.caseID)", "case rule: \(item.rule) (expected answer \(item.provenance.kind))"]
        for (index, exchange) in item.exchanges.enumerated() {
            if index == ExchangeLog.edge, let omitted = item.omittedExchanges {
                lines.append("... \(omitted) more exchange(s) of the same case not recorded ...")
            }
            var line = "\(exchange.method) \(exchange.path)"
            if let status = exchange.httpStatus { line += " -> HTTP \(status)" }
            if let code = exchange.code { line += ", code \(code)" }
            if let log = exchange.logID { line += ", log id \(log)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(TextSanitizer.xml($0.1, attribute: true))\"" }.joined()
    }

    static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        return String(format: "%.3f", value)
    }

    static func timestampFormat(_ date: Date) -> String {
        // junit-10.xsd's timestamp is xs:dateTime without a zone designator.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
