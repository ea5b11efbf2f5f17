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
        let violation = JournalViolation(rule: "request.name.maxLength", field: "name", expected: "at most 30 characters",
                                         observed: hostile, code: 1051104, stage: "fields", clientFault: true)
        let entry = JournalEntry(seq: 1, time: "2026-11-22T00:00:00Z", method: "POST", path: "/open-apis/admin/v1/badges?\(hostile)",
                                 endpoint: "admin.v1.badge.create", appID: "cli_x", httpStatus: 400, code: 1051104,
                                 verdict: .nonconforming, violations: [violation], logID: "log-1")
        let xml = MockReport(entries: [entry]).junitXML()
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "mock-junit.xml must parse: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(!xml.contains("\u{FFFE}") && !xml.contains("\u{1}"))
        #expect(xml.contains("request.name.maxLength"))
    }
}
