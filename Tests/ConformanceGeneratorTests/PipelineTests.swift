import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceGenerator

@Suite("Pipeline")
struct PipelineTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("generator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("Writes once, then leaves files alone; check reports changes and extra files; stale files are removed")
    func writeCheckRemove() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pipeline = GeneratorPipeline(specsDirectory: Fixtures.referenceSpecs, outputRoot: root)
        let first = try pipeline.run(check: false)
        #expect(first.written.count == 8)
        #expect(first.unchanged.isEmpty)
        let second = try pipeline.run(check: false)
        #expect(second.written.isEmpty)
        #expect(second.unchanged.count == 8)

        let edited = root.appendingPathComponent("Sources/ConformanceCatalog/Generated/ConformanceCatalog.swift")
        try Data("// edited\n".utf8).write(to: edited)
        let extra = root.appendingPathComponent("Tests/ConformanceCatalogTests/Generated/Gone.swift")
        try Data("// old\n".utf8).write(to: extra)
        let check = try pipeline.run(check: true)
        #expect(
            check.stale == [
                "Sources/ConformanceCatalog/Generated/ConformanceCatalog.swift",
                "Tests/ConformanceCatalogTests/Generated/Gone.swift",
            ])
        #expect(check.written.isEmpty)
        #expect(try String(contentsOf: edited, encoding: .utf8) == "// edited\n", "check must not write")

        let fix = try pipeline.run(check: false)
        #expect(fix.written == ["Sources/ConformanceCatalog/Generated/ConformanceCatalog.swift"])
        #expect(fix.removed == ["Tests/ConformanceCatalogTests/Generated/Gone.swift"])
        #expect(try pipeline.run(check: true).isUpToDate)
    }

    @Test("A broken spec is a diagnostic naming the file and JSON path; other files are still checked")
    func brokenSpec() throws {
        var files = try Fixtures.specFiles()
        files["bad.json"] = Data(#"{"id": "x"}"#.utf8)
        files["worse.json"] = Data("not json".utf8)
        do {
            _ = try SpecParser().parse(files: files, directoryName: "Specs")
            Issue.record("expected a GeneratorError")
        } catch {
            let files = error.diagnostics.map(\.file)
            #expect(files.contains("Specs/bad.json"))
            #expect(files.contains("Specs/worse.json"))
            #expect(error.diagnostics.allSatisfy { $0.severity == .error })
        }
    }

    @Test("A missing platform file says what to do")
    func missingPlatform() throws {
        var files = try Fixtures.specFiles()
        files["platform.json"] = nil
        #expect(throws: GeneratorError.self) { try SpecParser().parse(files: files, directoryName: "Specs") }
    }

    @Test("A misnamed spec file is a warning, not an error")
    func misnamed() throws {
        var files = try Fixtures.specFiles()
        files["renamed.json"] = files.removeValue(forKey: "test.v1.widget.list.json")
        let parsed = try SpecParser().parse(files: files, directoryName: "Specs")
        #expect(parsed.diagnostics.map(\.severity) == [.warning])
        // The same format `lint` prints: severity, file, JSON path, message.
        #expect(parsed.diagnostics.map(\.description) == ["warning: Specs/renamed.json $.id: file name should be test.v1.widget.list.json"])
        #expect(parsed.sourcePath(endpointID: "test.v1.widget.list") == "Specs/renamed.json")
    }
}
