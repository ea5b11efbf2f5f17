import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceDiff

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("spec diff: reports")
struct ReportTests {
    static func classDiff() throws -> SpecDiff {
        let base = try #require(SpecFiles.cachedBase)
        let snapshot = try #require(SpecFiles.cachedBaseSnapshot)
        let edited = ClassCase.allApplied(to: base)
        return SpecDiffer().diff(old: snapshot, new: try edited.snapshot(editing: base, snapshot, label: "new"))
    }

    @Test("--fail-on picks what fails: breaking, potentially breaking and up, anything", arguments: ChangeSeverity.allCases)
    func thresholds(_ threshold: ChangeSeverity) throws {
        let diff = try Self.classDiff()
        let expected = ChangeClass.allCases.filter { $0.severity >= threshold }.count
        #expect(diff.failing(at: threshold).count == expected)
        let xml = DiffJUnit.render(diff, failOn: threshold)
        #expect(xml.components(separatedBy: "<failure ").count - 1 == expected)
        let document = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "failures")?.stringValue == String(expected))
        #expect(root.attribute(forName: "tests")?.stringValue == String(ChangeClass.allCases.count))
        let suites = root.elements(forName: "testsuite")
        #expect(suites.reduce(0) { $0 + ($1.elements(forName: "testcase").count) } == ChangeClass.allCases.count)
        let markdown = DiffMarkdown.render(diff, failOn: threshold)
        #expect(markdown.contains("(`--fail-on \(threshold.rawValue)`)"))
        for severity in ChangeSeverity.allCases {
            #expect(markdown.contains("## \(severity.title): \(diff.count(severity))\(severity >= threshold ? " (fail the diff)" : "")"))
        }
    }

    @Test("results JSON: same bytes for the same inputs, every class with its severity, summary counts")
    func resultsJSON() throws {
        let diff = try Self.classDiff()
        let first = try DiffResultsJSON.encode(diff, failOn: .breaking)
        #expect(first == (try DiffResultsJSON.encode(Self.classDiff(), failOn: .breaking)))
        let json = try JSONValue.parse(first)
        #expect(json["formatVersion"] == 1)
        #expect(json["summary"]?["breaking"]?.intValue == diff.count(.breaking))
        #expect(json["failing"]?.intValue == diff.count(.breaking))
        let changes = try #require(json["changes"]?.arrayValue)
        #expect(changes.count == ChangeClass.allCases.count)
        for change in changes {
            let changeClass = try #require(change["class"]?.stringValue.flatMap(ChangeClass.init(rawValue:)))
            #expect(change["severity"]?.stringValue == changeClass.severity.rawValue)
            #expect(change["path"]?.stringValue?.hasPrefix("$") == true)
        }
        let limit = try #require(changes.first { $0["class"] == "request.limit.tightened" })
        #expect(limit["old"] == "30" && limit["new"] == "20" && limit["subject"] == "request.name.maxLength")
        #expect(limit["newProvenance"]?["documented"]?.stringValue == "最多30个字符")
        let decoded = try JSONDecoder().decode([SpecChange].self, from: Data(JSONWriter.bytes(.array(changes))))
        #expect(decoded.map(\.changeClass) == diff.changes.map(\.changeClass))
    }

    @Test("spec text is escaped: Markdown cells and XML hold no raw markup")
    func escaping() throws {
        var base = try #require(SpecFiles.cachedBase)
        let snapshot = try #require(SpecFiles.cachedBaseSnapshot)
        base.set(imImage, "summary", "<script>alert(1)</script> | ]]> \u{1B}[31m")
        let diff = SpecDiffer().diff(old: snapshot, new: try base.snapshot(editing: try #require(SpecFiles.cachedBase), snapshot, label: "new"))
        let markdown = DiffMarkdown.render(diff, failOn: .breaking)
        #expect(!markdown.contains("<script>") && !markdown.contains("\u{1B}"))
        let xml = DiffJUnit.render(diff, failOn: .any)
        #expect(!xml.contains("<script>") && !xml.contains("]]>") && !xml.contains("\u{1B}"))
        _ = try XMLDocument(data: Data(xml.utf8))
    }

    /// `Reports/diff-example/` is the diff of the class fixtures as the CLI writes it from the
    /// repository root; regenerate it with `swift run feishu-conformance diff
    /// Tests/ConformanceDiffTests/Resources/Classes/old Tests/ConformanceDiffTests/Resources/Classes/new --reports Reports/diff-example`.
    @Test("Reports/diff-example is the current diff of the class fixtures")
    func example() throws {
        let base = try #require(SpecFiles.cachedBase)
        let new = try SpecFiles.load(Fixture.classes.appendingPathComponent("new"))
        let diff = SpecDiffer().diff(
            old: try base.snapshot("Tests/ConformanceDiffTests/Resources/Classes/old"),
            new: try new.snapshot("Tests/ConformanceDiffTests/Resources/Classes/new"))
        let example = Fixture.repository.appendingPathComponent("Reports/diff-example")
        let expected = [
            DiffMarkdown.render(diff, failOn: .breaking), DiffJUnit.render(diff, failOn: .breaking),
            String(decoding: try DiffResultsJSON.encode(diff, failOn: .breaking), as: UTF8.self),
        ]
        for (name, text) in zip(DiffReportWriter.fileNames, expected) {
            let committed = try String(contentsOf: example.appendingPathComponent(name), encoding: .utf8)
            #expect(committed == text, "Reports/diff-example/\(name) is stale: regenerate it (see this test's comment)")
        }
    }

    @Test("no changes: a passing verdict and one passing JUnit case")
    func empty() throws {
        let diff = SpecDiff(oldLabel: "a", newLabel: "b", changes: [])
        #expect(DiffMarkdown.render(diff, failOn: .breaking).contains("✅ no change at or above breaking"))
        let xml = DiffJUnit.render(diff, failOn: .breaking)
        #expect(xml.contains(#"<testcase name="no spec changes""#) && xml.contains(#"tests="1" failures="0""#))
    }
}

extension ChangeSeverity {
    /// `--fail-on any` as a threshold, for readability in tests.
    static var any: ChangeSeverity { .nonBreaking }
}
