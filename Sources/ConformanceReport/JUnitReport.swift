import ConformanceModel
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
        let timestamp = timestampFormat(result.startedAt)
        let suites = EndpointGroup.groups(of: result).map { group in
            JUnitDocument.Suite(
                name: group.summary.id,
                properties: group.summary.signature.isEmpty ? [] : [(name: "signature", value: group.summary.signature)],
                timestamp: timestamp, cases: group.cases.map(testcase))
        }
        return JUnitDocument(
            name: "feishu-conformance: \(result.target)", seconds: result.finishedAt.timeIntervalSince(result.startedAt),
            suites: suites
        ).render()
    }

    static func testcase(_ item: CaseResult) -> JUnitDocument.Case {
        let failures = item.findings.filter { $0.severity == .failure }
        let warnings = item.findings.filter { $0.severity == .warning }
        let outcome: JUnitDocument.Outcome
        switch item.status {
        case .skipped:
            outcome = .skipped(item.skipReason ?? "not exercised")
        case .error:
            let message = item.skipReason ?? failures.first?.description ?? "the case could not complete"
            outcome = .error(JUnitDocument.Detail(message: message, type: "error", text: caseContext(item)))
        case .failed:
            let shown =
                failures.isEmpty
                ? [
                    Finding(
                        severity: .failure, rule: item.rule, expected: "the documented behaviour",
                        observed: "a difference the runner did not detail", provenance: item.provenance)
                ]
                : failures
            outcome = .failed(shown.map { JUnitDocument.Detail(message: $0.description, type: "rule", text: detail($0) + "\n" + caseContext(item)) })
        case .passed, .warning:
            outcome = .passed
        }
        return JUnitDocument.Case(
            name: item.title, classname: item.endpointID, seconds: item.durationSeconds, outcome: outcome,
            systemOut: warnings.isEmpty ? nil : warnings.map { "warning: " + detail($0) }.joined(separator: "\n\n"))
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

    static func timestampFormat(_ date: Date) -> String {
        // junit-10.xsd's timestamp is xs:dateTime without a zone designator.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
