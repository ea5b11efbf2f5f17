import FeishuMock
import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Mock report escaping")
struct MockReportEscapingTests {
    /// An observed value straight from a client's request can hold anything, including
    /// characters XML 1.0 forbids; the report must still parse.
    @Test("mock-junit.xml stays well-formed with hostile observed values")
    func hostileValues() throws {
        let hostile = "<name>&\"]]>\u{1}\u{FFFE}\u{FFFF}'"
        let violation = JournalViolation(
            rule: "request.name.maxLength", field: "name", expected: "at most 30 characters",
            observed: hostile, code: 1051104, stage: "fields", clientFault: true)
        let entry = JournalEntry(
            seq: 1, time: "2026-11-22T00:00:00Z", method: "POST", path: "/open-apis/admin/v1/badges?\(hostile)",
            endpoint: "admin.v1.badge.create", appID: "cli_x", httpStatus: 400, code: 1051104,
            verdict: .nonconforming, violations: [violation], logID: "log-1")
        let xml = MockReport(entries: [entry]).junitXML()
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "mock-junit.xml must parse: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(!xml.contains("\u{FFFE}") && !xml.contains("\u{1}"))
        #expect(xml.contains("request.name.maxLength"))
    }

    /// A request path or observed value may carry terminal escapes and table syntax (Schemathesis
    /// sends `\u{1B}` in paths); the Markdown report must show them, not pass them through.
    @Test("mock-report.md shows control characters and keeps each row one table row")
    func markdownControlCharacters() {
        let path = "/schemathesis-probe\\\u{1B}[31m\u{1}|x\r\ny"
        let violation = JournalViolation(
            rule: "routing.notFound", field: nil, expected: "a path of a known endpoint",
            observed: "GET " + path, code: 99991201, stage: "routing", clientFault: true)
        let entry = JournalEntry(
            seq: 1, time: "2026-11-22T00:00:00Z", method: "GET", path: path, endpoint: nil, appID: nil,
            httpStatus: 404, code: 99991201, verdict: .nonconforming, violations: [violation], logID: "log-1")
        let md = MockReport(entries: [entry]).markdown()
        #expect(!md.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "raw control characters in the report")
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| 1 |") }
        #expect(rows.count == 1)
        #expect(md.contains("\\u{1B}"))
    }
}
