import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReport

@Suite("baseline and results.json")
struct BaselineTests {
    @Test("new differences, fixed, new and removed cases")
    func comparison() {
        let before = Fixtures.run(cases: [
            Fixtures.simple("stays-passed", .passed), Fixtures.simple("breaks", .passed),
            Fixtures.simple("gets-fixed", .failed), Fixtures.simple("warn-fixed", .warning),
            Fixtures.simple("stays-failed", .failed), Fixtures.simple("was-skipped", .skipped),
            Fixtures.simple("removed", .passed),
        ])
        let after = Fixtures.run(cases: [
            Fixtures.simple("stays-passed", .passed), Fixtures.simple("breaks", .failed),
            Fixtures.simple("gets-fixed", .passed), Fixtures.simple("warn-fixed", .passed),
            Fixtures.simple("stays-failed", .failed), Fixtures.simple("was-skipped", .warning),
            Fixtures.simple("brand-new-failing", .failed), Fixtures.simple("brand-new", .passed),
        ])
        let diff = BaselineComparison(current: after, baseline: before)
        #expect(diff.newDifferences.map(\.caseID) == ["breaks", "was-skipped", "brand-new-failing"])
        #expect(diff.newDifferences.map(\.before) == [.passed, .skipped, nil])
        #expect(diff.fixed.map(\.caseID) == ["gets-fixed", "warn-fixed"])
        #expect(diff.newCases.map(\.caseID) == ["brand-new-failing", "brand-new"])
        #expect(diff.removedCases.map(\.caseID) == ["removed"])
        #expect(!diff.isEmpty)
        #expect(BaselineComparison(current: after, baseline: after).isEmpty)

        let text = MarkdownReport.render(after, baseline: diff)
        #expect(text.contains("## Changed since baseline"))
        #expect(text.contains("**New differences** (3)"))
        #expect(text.contains("- e: case breaks (passed → failed)"))
        #expect(text.contains("- e: case brand-new-failing (absent → failed)"))
        #expect(text.contains("**Fixed** (2)"))
        #expect(text.contains("**Removed cases** (1)"))
        #expect(text.contains("- e: case removed (passed → absent)"))
        #expect(MarkdownReport.render(after, baseline: BaselineComparison(current: after, baseline: after)).contains("No change."))
    }

    @Test("results.json round-trips, with sorted keys and ISO 8601 dates")
    func roundTrip() throws {
        let run = Fixtures.run()
        let data = try ResultsJSON.encode(run)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"startedAt\" : \"2026-09-21T14:13:20.000Z\""))
        let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == keys.sorted())
        #expect(try ResultsJSON.decode(data, path: "r.json") == run)
    }

    @Test(
        "a malformed baseline is a clear error",
        arguments: [
            ("not json at all", "invalid JSON"),
            ("{\"formatVersion\": 1, \"target\": \"x\"}", "missing key"),
            ("[1, 2]", "unexpected value"),
        ])
    func malformed(_ input: String, _ fragment: String) {
        #expect {
            _ = try ResultsJSON.decode(Data(input.utf8), path: "old/results.json")
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("baseline old/results.json is not a results.json written by feishu-conformance")
                && message.contains(fragment)
        }
    }

    @Test("a missing baseline file says it cannot be read")
    func missing() {
        let url = URL(fileURLWithPath: "/nonexistent/dir/results.json")
        #expect { _ = try ResultsJSON.load(from: url) } throws: { "\($0)".hasPrefix("cannot read baseline /nonexistent/dir/results.json") }
    }

    @Test("the writer creates the directory and writes all three reports")
    func writer() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("report-writer-\(UUID().uuidString)").appendingPathComponent("nested")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let before = Fixtures.run(cases: [Fixtures.simple("a", .passed)])
        let urls = try ReportWriter.write(Fixtures.run(), to: directory, baseline: before)
        #expect(urls.map(\.lastPathComponent) == ["conformance.md", "junit.xml", "results.json"])
        let markdown = try String(contentsOf: urls[0], encoding: .utf8)
        #expect(markdown.contains("## Changed since baseline"))
        let reloaded = try ResultsJSON.load(from: urls[2])
        #expect(reloaded == Fixtures.run())
    }

    @Test("an unwritable directory is a report error")
    func unwritable() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("report-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ReportError.self) { try ReportWriter.write(Fixtures.run(), to: file.appendingPathComponent("sub"), baseline: nil) }
    }
}
