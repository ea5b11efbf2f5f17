import ConformanceKit
import Foundation
import Testing

@testable import ConformanceReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("junit.xml")
struct JUnitReportTests {
    func parse(_ xml: String) throws -> XMLElement {
        let document = try XMLDocument(data: Data(xml.utf8), options: [])
        return try #require(document.rootElement())
    }

    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attribute(forName: name)?.stringValue
    }

    func children(_ element: XMLElement, _ name: String) -> [XMLElement] {
        element.elements(forName: name)
    }

    @Test("one testsuite per endpoint with counts, one testcase per case")
    func suitesAndCounts() throws {
        let root = try parse(JUnitReport.render(Fixtures.run()))
        #expect(root.name == "testsuites")
        #expect(attribute(root, "tests") == "7")
        #expect(attribute(root, "failures") == "1")
        #expect(attribute(root, "errors") == "1")
        #expect(attribute(root, "time") == "2.500")
        let suites = children(root, "testsuite")
        #expect(suites.map { attribute($0, "name") } == ["admin.v1.badge.create", "admin.v1.badge_image.create"])
        let badge = suites[0]
        #expect(attribute(badge, "tests") == "5")
        #expect(attribute(badge, "failures") == "1")
        #expect(attribute(badge, "errors") == "0")
        #expect(attribute(badge, "skipped") == "2")
        #expect(attribute(badge, "time") == "0.750")
        #expect(attribute(badge, "timestamp") == "2026-09-21T14:13:20")
        let image = suites[1]
        #expect(attribute(image, "tests") == "2")
        #expect(attribute(image, "errors") == "1")
        #expect(attribute(image, "skipped") == "0")
        let cases = children(badge, "testcase")
        #expect(cases.map { attribute($0, "name") } == Fixtures.defaultCases.prefix(5).map(\.title))
        #expect(cases.allSatisfy { attribute($0, "classname") == "admin.v1.badge.create" })
    }

    @Test("a documented failure carries expected, observed, rule and provenance")
    func failureText() throws {
        let root = try parse(JUnitReport.render(Fixtures.run()))
        let failed = try #require(
            children(children(root, "testsuite")[0], "testcase").first {
                attribute($0, "name")?.hasSuffix("31 characters -> 1051104") == true
            })
        let failures = children(failed, "failure")
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        #expect(attribute(failure, "type") == "rule")
        #expect(attribute(failure, "message") == "request.name.maxLength: expected code 1051104 (HTTP 400), observed code 0 (HTTP 200)")
        let text = failure.stringValue ?? ""
        #expect(text.contains("expected: code 1051104 (HTTP 400)"))
        #expect(text.contains("observed: code 0 (HTTP 200)"))
        #expect(text.contains("provenance: documented: 最多30个字符"))
        #expect(text.contains("POST /open-apis/admin/v1/badges -> HTTP 200, code 0, log id LOG123"))
    }

    @Test("inferred differences are warnings in system-out, never failures; skips and errors are marked")
    func warningsSkipsErrors() throws {
        let root = try parse(JUnitReport.render(Fixtures.run()))
        let all = children(root, "testsuite").flatMap { children($0, "testcase") }
        let byTitle = Dictionary(uniqueKeysWithValues: all.map { (attribute($0, "name") ?? "", $0) })
        let warning = try #require(byTitle["POST /open-apis/admin/v1/badges: duplicate name -> 1051105"])
        #expect(children(warning, "failure").isEmpty)
        #expect(children(warning, "error").isEmpty)
        let out = try #require(children(warning, "system-out").first?.stringValue)
        #expect(out.contains("warning: rule: behaviours.unique.name"))
        #expect(out.contains("provenance: inferred"))
        let skipped = try #require(byTitle["POST /open-apis/admin/v1/badges: internal error -> 1051999"])
        #expect(children(skipped, "skipped").first.flatMap { attribute($0, "message") } == "server-side fault: cannot be provoked from outside")
        let errored = try #require(byTitle["POST /open-apis/admin/v1/badge_images: file past the byte limit"])
        #expect(children(errored, "error").first.flatMap { attribute($0, "message") } == "connection reset by peer")
        let passed = try #require(byTitle["POST /open-apis/admin/v1/badges: name of 30 characters -> success"])
        #expect(passed.childCount == 0)
    }

    @Test("a failed case with a warning too: one <failure> for the failure, the warning in system-out only")
    func failureWithWarning() throws {
        var mixed = Fixtures.defaultCases[1]
        mixed.findings.append(
            Finding(
                severity: .warning, rule: "drift", path: "$.data.key", expected: "no undocumented field",
                observed: "undocumented string", provenance: Fixtures.inferred))
        let root = try parse(JUnitReport.render(Fixtures.run(cases: [mixed])))
        let testcase = try #require(children(root, "testsuite").flatMap { children($0, "testcase") }.first)
        let failures = children(testcase, "failure")
        #expect(failures.count == 1)
        #expect(failures.first.flatMap { attribute($0, "message") }?.hasPrefix("request.name.maxLength") == true)
        let failureText = failures.first?.stringValue ?? ""
        #expect(failureText.range(of: "$.data.key") == nil, "the warning is not part of the failure")
        #expect(children(testcase, "system-out").first?.stringValue?.contains("warning: rule: drift") == true)
    }

    @Test(
        "hostile titles and values are escaped; characters XML forbids become visible",
        arguments: [
            "a <b> & \"c\" 'd'",
            "ends the CDATA ]]> here",
            "bell \u{7} escape \u{1B} null \u{0} nonchar \u{FFFE}",
            "new\nline\ttab\rreturn",
            "<![CDATA[ x ]]><script>alert(1)</script>",
        ])
    func hostile(_ title: String) throws {
        var item = Fixtures.simple("h", .failed)
        item.title = title
        item.findings = [Finding(severity: .failure, rule: title, expected: title, observed: title, provenance: .documented(title))]
        let xml = JUnitReport.render(Fixtures.run(cases: [item]))
        #expect(!xml.unicodeScalars.contains { !TextSanitizer.isXMLCharacter($0) })
        let root = try parse(xml)
        let testcase = try #require(children(root, "testsuite").flatMap { children($0, "testcase") }.first)
        let expectedName = title.unicodeScalars.map { TextSanitizer.isXMLCharacter($0) ? String($0) : "\\u{\(String($0.value, radix: 16, uppercase: true))}" }
            .joined()
        #expect(attribute(testcase, "name") == expectedName)
        #expect(children(testcase, "failure").first?.stringValue?.contains("observed: " + expectedName) == true)
    }

    @Test("an empty run is still a valid document")
    func empty() throws {
        let run = RunResult(target: "t", toolVersion: "v", startedAt: Fixtures.started, finishedAt: Fixtures.started, endpoints: [], cases: [])
        let root = try parse(JUnitReport.render(run))
        #expect(attribute(root, "tests") == "0")
        #expect(children(root, "testsuite").isEmpty)
    }
}

/// Writes a sample junit.xml (the fixture run plus hostile titles) for `Benchmarks/junit_check.py`:
/// `JUNIT_SAMPLE_PATH=/tmp/sample.xml swift test --filter ConformanceReportTests`.
@Test("write a sample junit.xml for the external validator", .enabled(if: ProcessInfo.processInfo.environment["JUNIT_SAMPLE_PATH"] != nil))
func writeJUnitSample() throws {
    let path = try #require(ProcessInfo.processInfo.environment["JUNIT_SAMPLE_PATH"])
    var hostile = Fixtures.simple("hostile", .failed)
    hostile.title = "<b>&amp; ]]> \u{1}\u{1B}\u{FFFE} \"quoted\"\nline"
    var cases = Fixtures.defaultCases
    cases.append(hostile)
    let xml = JUnitReport.render(Fixtures.run(cases: cases))
    try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
    #expect(FileManager.default.fileExists(atPath: path))
}
