import ConformanceSpec
import Foundation
import Testing

@testable import FeishuConformanceCLI

/// The diff class fixtures (`Tests/ConformanceDiffTests/Resources/Classes`): `old/` and `new/`
/// differ in one fact of each change class.
enum DiffFixtures {
    static let classes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ConformanceDiffTests/Resources/Classes")

    /// A copy of `old/` in a scratch directory with `summary` of one endpoint reworded: one
    /// non-breaking change.
    static func reworded() throws -> URL {
        let directory = temporaryDirectory().appendingPathComponent("reworded")
        try FileManager.default.copyItem(at: classes.appendingPathComponent("old"), to: directory)
        let file = directory.appendingPathComponent("im.v1.image.create.json")
        guard case .object(var spec) = try JSONValue.parse(Data(contentsOf: file)) else { throw CommandFailure("fixture is not an object") }
        spec["summary"] = "Upload an image to send in messages"
        try JSONValue.object(spec).jsonData(pretty: true).write(to: file)
        return directory
    }
}

@Suite("diff: the command")
struct DiffCommandTests {
    @Test("--fail-on decides the exit code: breaking, potentially-breaking, any")
    func failOn() async throws {
        let old = DiffFixtures.classes.appendingPathComponent("old").path
        let new = DiffFixtures.classes.appendingPathComponent("new").path
        let reworded = try DiffFixtures.reworded().path
        let reports = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: reports) }
        let standard = CommandActions.standard
        let all = await invoke(["diff", old, new, "--reports", reports.path], actions: standard)
        #expect(all.code == .failure)
        #expect(all.stdout == ["diff-report.md", "diff-junit.xml", "diff-results.json"].map { reports.appendingPathComponent($0).path + "\n" }.joined())
        #expect(all.stderr.contains("breaking  admin.v1.badge.create  request.limit.tightened  request.name.maxLength: 30 -> 20\n"))
        #expect(all.stderr.contains(": 30 breaking, 13 potentially breaking, 25 non-breaking; 30 at or above breaking (--fail-on breaking)\n"))
        for name in ["diff-report.md", "diff-junit.xml", "diff-results.json"] {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(name).path))
        }
        for level in ["breaking", "potentially-breaking"] {
            let quiet = await invoke(["diff", old, reworded, "--fail-on", level, "--reports", reports.path], actions: standard)
            #expect(quiet.code == .success, "\(level): \(quiet.stderr)")
            #expect(quiet.stderr.contains("non-breaking  im.v1.image.create  documentation.changed  endpoint.summary"))
        }
        let any = await invoke(["diff", old, reworded, "--fail-on", "any", "--reports", reports.path], actions: standard)
        #expect(any.code == .failure)
        let same = await invoke(["diff", old, old, "--fail-on", "any", "--reports", reports.path], actions: standard)
        #expect(same.code == .success)
        #expect(same.stderr.hasSuffix(": no changes; 0 at or above non-breaking (--fail-on any)\n"))
    }

    @Test("a side that cannot be read exits 2 naming it")
    func unreadable() async {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await invoke(
            ["diff", "no-such-dir", DiffFixtures.classes.appendingPathComponent("old").path, "--reports", directory.path],
            actions: .standard, directory: directory)
        #expect(result.code == .usageError)
        #expect(result.stderr.hasPrefix("error: no-such-dir is neither a spec directory or file nor a git revision: "))
        #expect(result.stdout.isEmpty)
    }
}
