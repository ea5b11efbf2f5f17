import ConformanceModel
import ConformanceRules
import Foundation

/// The SDK maintainer's compatibility report: which of their requests conformed to the specs.
/// Renders `mock-report.md` (summary per endpoint, then every nonconforming request with rule,
/// field, expected and observed) and `mock-junit.xml` (one `<testsuite>` per endpoint, one
/// `<testcase>` per journal entry, a `<failure>` for each nonconforming one). Never holds secrets:
/// journal entries are redacted at the source.
public struct MockReport: Sendable {
    /// The journal reported on.
    public var entries: [JournalEntry]
    /// Older entries dropped from the journal before these (see `FeishuMock.journalCapacity`).
    public var dropped: Int

    /// Creates a report over journal entries.
    public init(entries: [JournalEntry], dropped: Int = 0) {
        self.entries = entries
        self.dropped = dropped
    }

    /// File name of the Markdown report.
    public static let markdownFileName = "mock-report.md"
    /// File name of the JUnit XML report.
    public static let junitFileName = "mock-junit.xml"

    /// Entries grouped by endpoint id (`(unrouted)` for requests that matched none), sorted by id.
    var groups: [(String, [JournalEntry])] {
        Dictionary(grouping: entries) { $0.endpoint ?? "(unrouted)" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The Markdown report.
    public func markdown() -> String {
        let bad = entries.filter { $0.verdict == .nonconforming }
        var md = "# Mock request-conformance report\n\n"
        md += "\(entries.count) requests, \(entries.count - bad.count) conforming, \(bad.count) nonconforming.\n\n"
        if dropped > 0 {
            md += "The \(dropped) oldest requests were dropped from the journal (capacity \(FeishuMock.journalCapacity)) and are not reported.\n\n"
        }
        md += "| Endpoint | Requests | Conforming | Nonconforming | Refused by platform rules |\n|---|---:|---:|---:|---:|\n"
        for (id, list) in groups {
            let n = list.filter { $0.verdict == .nonconforming }.count
            let refused = list.filter { $0.verdict == .conforming && $0.code != 0 }.count
            md += "| `\(id)` | \(list.count) | \(list.count - n) | \(n) | \(refused) |\n"
        }
        if !bad.isEmpty {
            md += "\n## Nonconforming requests\n\n| # | Request | Answer | Rule | Field | Expected | Observed |\n|---:|---|---|---|---|---|---|\n"
            for e in bad {
                for v in e.violations where v.clientFault {
                    md +=
                        "| \(e.seq) | \(cell(e.method + " " + e.path)) | \(e.httpStatus) / \(e.code) | `\(v.rule)` | \(cell(v.field ?? "")) | \(cell(v.expected)) | \(cell(v.observed)) |\n"
                }
            }
        }
        return md
    }

    /// The JUnit XML report: one `<testsuite>` per endpoint, one `<testcase>` per request, a
    /// `<failure>` for each nonconforming one (written by the shared `JUnitDocument`).
    public func junitXML() -> String {
        let suites = groups.map { id, list in
            JUnitDocument.Suite(
                name: id,
                cases: list.map { e in
                    let broken = e.violations.filter(\.clientFault)
                    var outcome = JUnitDocument.Outcome.passed
                    if e.verdict == .nonconforming, let first = broken.first {
                        let message = "\(first.rule)\(first.field.map { " (\($0))" } ?? ""): expected \(first.expected), observed \(first.observed)"
                        let detail = broken.map { "\($0.rule) field=\($0.field ?? "-") expected=\($0.expected) observed=\($0.observed) code=\($0.code)" }
                            .joined(separator: "\n")
                        outcome = .failed([JUnitDocument.Detail(message: message, type: first.rule, text: detail)])
                    }
                    return JUnitDocument.Case(name: "#\(e.seq) \(e.method) \(e.path) -> \(e.httpStatus)/\(e.code)", classname: id, outcome: outcome)
                })
        }
        return JUnitDocument(name: "feishu-mock", suites: suites).render()
    }

    /// Writes both files into `directory`, creating it when needed.
    public func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(markdown().utf8).write(to: directory.appendingPathComponent(Self.markdownFileName), options: .atomic)
        try Data(junitXML().utf8).write(to: directory.appendingPathComponent(Self.junitFileName), options: .atomic)
    }

    /// Text for one Markdown table cell, with the run reports' sanitizer: request paths and
    /// observed values come from clients and may hold control characters (terminal escapes),
    /// line breaks, `|` and markup.
    func cell(_ s: String) -> String { TextSanitizer.markdown(s) }

    /// XML-escapes journal text with the same sanitizer as the run reports (forbidden XML
    /// characters, including U+FFFE and U+FFFF, become visible escapes).
}

extension FeishuMock {
    /// Writes `mock-report.md` and `mock-junit.xml` over the journal into `directory`.
    public func writeReports(to directory: URL) throws {
        let (entries, dropped) = journalStore.withLock { ($0.entries, $0.dropped) }
        try MockReport(entries: entries, dropped: dropped).write(to: directory)
    }
}
