import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceDiff

@Suite("spec diff: every change class")
struct ChangeClassTests {
    @Test("the cases cover every class once, in declaration order")
    func casesCoverEveryClass() {
        #expect(ClassCase.all.map(\.changeClass) == ChangeClass.allCases)
    }

    @Test("one fact changed gives exactly one change of its class, severity and rule", arguments: ClassCase.all)
    func oneFact(_ item: ClassCase) throws {
        let base = try #require(SpecFiles.cachedBase)
        let baseSnapshot = try #require(SpecFiles.cachedBaseSnapshot)
        var edited = base
        item.edit(&edited)
        let diff = SpecDiffer().diff(old: baseSnapshot, new: try edited.snapshot(editing: base, baseSnapshot, label: "new"))
        #expect(diff.changes.count == 1, "\(diff.changes.map { "\($0.changeClass.rawValue) \($0.path): \($0.message)" })")
        let change = try #require(diff.changes.first)
        #expect(change.changeClass == item.changeClass)
        #expect(change.severity == item.changeClass.severity)
        #expect(change.subject == item.subject)
        #expect(change.path.hasPrefix("$"))
        #expect(!change.message.isEmpty)
    }

    @Test("the README lists every class with its severity")
    func readme() throws {
        let readme = try String(contentsOf: Fixture.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let labels: [ChangeSeverity: String] = [.breaking: "breaking", .potentiallyBreaking: "potentially breaking", .nonBreaking: "non-breaking"]
        for changeClass in ChangeClass.allCases {
            #expect(readme.contains("| `\(changeClass.rawValue)` | \(labels[changeClass.severity] ?? "?") |"), "\(changeClass.rawValue)")
        }
    }

    @Test("the same spec set twice has no changes")
    func identical() throws {
        let base = try SpecFiles.base()
        let diff = SpecDiffer().diff(old: try base.snapshot("a"), new: try base.snapshot("b"))
        #expect(diff.changes.isEmpty)
        #expect(diff.tally == "no changes")
    }

    /// `Resources/Classes/new` is `old` with every case's edit applied; `RECORD_DIFF_FIXTURES=1`
    /// rewrites both (pretty, keys sorted) after an edit is added or changed.
    @Test("the class fixtures differ in one fact of each class, and new/ is old/ with every edit")
    func allClassesAtOnce() throws {
        let base = try SpecFiles.base()
        let expected = ClassCase.allApplied(to: base)
        if ProcessInfo.processInfo.environment["RECORD_DIFF_FIXTURES"] == "1" {
            try base.write(to: Fixture.classes.appendingPathComponent("old"))
            try expected.write(to: Fixture.classes.appendingPathComponent("new"))
        }
        let committed = try SpecFiles.load(Fixture.classes.appendingPathComponent("new"))
        let stale = Set(committed.documents.keys).union(expected.documents.keys).sorted().filter { committed.documents[$0] != expected.documents[$0] }
        #expect(stale.isEmpty, "Resources/Classes/new is stale (\(stale)): run RECORD_DIFF_FIXTURES=1 swift test --filter ConformanceDiffTests")
        let diff = SpecDiffer().diff(old: try base.snapshot("old"), new: try committed.snapshot("new"))
        var byClass: [ChangeClass: [SpecChange]] = [:]
        for change in diff.changes { byClass[change.changeClass, default: []].append(change) }
        for item in ClassCase.all {
            let found = byClass[item.changeClass] ?? []
            #expect(found.count == 1, "\(item.changeClass.rawValue): \(found.map { "\($0.endpoint) \($0.path)" })")
            #expect(found.first?.subject == item.subject, "\(item.changeClass.rawValue)")
        }
        #expect(diff.changes.count == ChangeClass.allCases.count)
    }
}
