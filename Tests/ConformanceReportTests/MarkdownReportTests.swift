import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReport

@Suite("conformance.md")
struct MarkdownReportTests {
    let markdown = MarkdownReport.render(Fixtures.run())

    func section(_ heading: String, in text: String) -> String {
        guard let start = text.range(of: heading) else { return "" }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("title line has target, date, totals and verdict")
    func titleLine() {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# Feishu conformance: embedded mock")
        #expect(
            lines[2]
                == "**❌ does not conform**: 2026-09-21T14:13:20Z, 7 cases: 1 passed, 1 failed, 2 warnings, 2 not exercised, 1 could not complete (feishu-conformance 0.1.0-test)"
        )
    }

    @Test("objects the run created: count per endpoint and the name prefix to find them by, under the title line")
    func createdObjects() {
        var run = Fixtures.run()
        #expect(!MarkdownReport.render(run).contains("Objects created"), "no record, no line")
        run.createdObjects = CreatedObjects(namePrefix: "fc-abc123-", byEndpoint: ["admin.v1.badge.create": 17, "admin.v1.badge_image.create": 2])
        let lines = MarkdownReport.render(run).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[4] == "**Objects created** on the target: 19 (admin.v1.badge.create 17, admin.v1.badge\\_image.create 2); "
                + "names the run gave start with `fc-abc123-`.")
    }

    @Test("coverage rows: conform, differ, inferred difference, not exercised")
    func coverageRows() {
        let badge = section("## admin.v1.badge.create", in: markdown)
        #expect(badge.contains("| field name | ✅ conform | 1 |"))
        #expect(badge.contains("| limit name.maxLength | ❌ differ | 2 |"))
        #expect(badge.contains("| error 1051104 | ❌ differ | 1 |"))
        #expect(badge.contains("| error 1051999 | ➖ not exercised | 1 |"))
        #expect(badge.contains("| behaviour unique.name | ⚠️ differ (inferred) | 1 |"))
        let image = section("## admin.v1.badge\\_image.create", in: markdown)
        // Drift alone does not make a field differ; an errored case leaves its key not exercised.
        #expect(image.contains("| field image\\_file | ✅ conform | 1 |"))
        #expect(image.contains("| limit image\\_file.bytes | ➖ not exercised | 1 |"))
    }

    @Test("differences list documented failures before inferred warnings, with provenance")
    func differences() throws {
        let badge = section("## admin.v1.badge.create", in: markdown)
        let failure = try #require(badge.range(of: "- ❌ **POST /open-apis/admin/v1/badges: name of 31 characters -&gt; 1051104**"))
        let warning = try #require(badge.range(of: "- ⚠️ **POST /open-apis/admin/v1/badges: duplicate name -&gt; 1051105**"))
        #expect(failure.lowerBound < warning.lowerBound)
        #expect(badge.contains("  - `request.name.maxLength`: expected code 1051104 (HTTP 400), observed code 0 (HTTP 200)"))
        #expect(badge.contains("  - documented: 最多30个字符"))
        #expect(badge.contains("  - inferred: the docs are silent; the platform's general rule applies"))
    }

    @Test("failures and warnings stay apart: own sections, a failed case's warnings listed with the warnings")
    func failuresApartFromWarnings() throws {
        var mixed = Fixtures.defaultCases[1]
        mixed.findings.append(
            Finding(
                severity: .warning, rule: "request.name.maxLength", path: "$.code", expected: "code 1051104 (HTTP 400)",
                observed: "refused with code 1051001 (HTTP 400)", provenance: Fixtures.inferred))
        var cases = Fixtures.defaultCases
        cases[1] = mixed
        let badge = section("## admin.v1.badge.create", in: MarkdownReport.render(Fixtures.run(cases: cases)))
        let failures = try #require(badge.range(of: "### Failures: documented behaviour the target does not follow"))
        let warnings = try #require(badge.range(of: "### Warnings: differences from our inferred expectations (not failures)"))
        #expect(failures.upperBound < warnings.lowerBound)
        let failureText = badge[failures.upperBound..<warnings.lowerBound]
        let warningText = badge[warnings.upperBound...]
        #expect(failureText.contains("- ❌ **POST /open-apis/admin/v1/badges: name of 31 characters -&gt; 1051104**"))
        #expect(!failureText.contains("refused with code 1051001"), "a warning finding is never shown as a failure")
        #expect(!failureText.contains("⚠️"))
        #expect(warningText.contains("- ⚠️ **POST /open-apis/admin/v1/badges: name of 31 characters -&gt; 1051104**"))
        #expect(warningText.contains("observed refused with code 1051001 (HTTP 400)"))
        #expect(warningText.contains("- ⚠️ **POST /open-apis/admin/v1/badges: duplicate name -&gt; 1051105**"))
        #expect(!warningText.contains("❌"))
    }

    @Test("not exercised groups identical reasons; drift has its own section")
    func notExercisedAndDrift() {
        let badge = section("## admin.v1.badge.create", in: markdown)
        #expect(badge.contains("- server-side fault: cannot be provoked from outside (2 cases)"))
        #expect(badge.components(separatedBy: "server-side fault").count == 2)
        let image = section("## admin.v1.badge\\_image.create", in: markdown)
        #expect(image.contains("### Response drift"))
        #expect(image.contains("- ⚠️ `$.data.image_url`: string field image\\_url (1 case)"))
        #expect(!image.contains("### Not exercised"))
        #expect(image.contains("- ⛔ **POST /open-apis/admin/v1/badge\\_images: file past the byte limit**"))
    }

    @Test("long lists fold into details")
    func folding() {
        let keys = (0..<(MarkdownReport.foldThreshold + 1)).map { CoverageKey.field("f\($0)") }
        var run = Fixtures.run(cases: [])
        run.endpoints = [EndpointSummary(id: "x", signature: "GET /x", summary: "", coverage: keys)]
        let text = MarkdownReport.render(run)
        #expect(text.contains("<details><summary>11 spec items: 11 ➖ not exercised</summary>"))
        let short = MarkdownReport.render(Fixtures.run())
        #expect(!short.contains("spec items:"))
    }

    @Test("a large failing run lists at most maxListed differences and stays small")
    func cap() {
        let count = MarkdownReport.maxListed + 25
        let cases = (0..<count).map { index -> CaseResult in
            var item = Fixtures.simple("c\(index)", .failed)
            item.endpointID = "admin.v1.badge.create"
            return item
        }
        let text = MarkdownReport.render(Fixtures.run(cases: cases))
        #expect(text.contains("- … and 25 more failures: see junit.xml or results.json"))
        #expect(text.components(separatedBy: "- ❌ **case c").count == MarkdownReport.maxListed + 1)
        #expect(text.utf8.count < 100_000)
    }

    @Test("hostile titles cannot inject markup or break tables")
    func hostile() {
        var item = Fixtures.simple("h", .failed)
        item.title = "<script>alert(1)</script> | **bold** `code` \u{1B}[31m\nnext"
        item.covers = [.field("a|b")]
        let text = MarkdownReport.render(Fixtures.run(cases: [item]))
        #expect(!text.contains("<script>"))
        #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\* \\`code\\` \\u{1B}\\[31m next"))
        #expect(text.contains("| field a\\|b | ❌ differ | 1 |"))
        #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
    }

    @Test("verdicts")
    func verdicts() {
        #expect(MarkdownReport.verdict(Fixtures.run(cases: [Fixtures.simple("a", .passed)])) == "✅ conforms")
        #expect(MarkdownReport.verdict(Fixtures.run(cases: [Fixtures.simple("a", .passed), Fixtures.simple("b", .warning)])) == "✅ conforms (with warnings)")
        #expect(MarkdownReport.verdict(Fixtures.run(cases: [Fixtures.simple("a", .skipped)])) == "➖ nothing exercised")
        #expect(MarkdownReport.verdict(Fixtures.run(cases: [Fixtures.simple("a", .error)])).hasPrefix("⛔"))
    }

    @Test("code spans survive backticks")
    func codeSpan() {
        #expect(TextSanitizer.markdownCode("a`b") == "``a`b``")
        #expect(TextSanitizer.markdownCode("`x") == "`` `x ``")
        #expect(TextSanitizer.markdownCode("a|b", inTable: true) == "`a\\|b`")
    }
}
