import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceImporter

/// Writes pages into a fresh temporary directory (removed by the caller).
func writePages(_ pages: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
    for (name, text) in pages {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return dir
}

@Suite("Import pipeline: one spec per endpoint, curated specs kept, nothing dropped silently")
struct PipelineTests {
    @Test("a directory: pages named from its parent, skipped pages grouped, a repeated endpoint skipped, counts")
    func run() throws {
        let dir = try writePages([
            "docs/demo-v1/create.md": Snippets.gfmCreate,
            "docs/demo-v1/list.txt": Snippets.seedList,
            "docs/historic-version/create-old.md": Snippets.gfmCreate,
            "docs/demo-v1/events/deleted.md": Snippets.event,
            "docs/demo-v1/overview.md": Snippets.guide,
            "docs/SOURCE.md": "# notes\n",
            "docs/demo-v1/picture.png": "not a page",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs = try PageCollector.collect([(dir.appendingPathComponent("docs"), "docs")])
        #expect(
            inputs.map(\.name) == [
                "docs/SOURCE.md", "docs/demo-v1/create.md", "docs/demo-v1/events/deleted.md", "docs/demo-v1/list.txt",
                "docs/demo-v1/overview.md", "docs/historic-version/create-old.md",
            ])
        let run = ImportPipeline(platform: try repositoryPlatform()).run(inputs)
        #expect(run.imported.map(\.spec.id) == ["demo.v1.gadget.create", "demo.v1.gadget.list"])
        #expect(run.imported.first?.spec.source.page == "docs/demo-v1/create.md")
        #expect(run.endpointPages == 3)
        #expect(run.lintClean == 2)
        #expect(run.pagesCoveredClean == 3, "the historic page repeats an endpoint imported clean")
        #expect(run.skipped.map(\.reason) == [.event, .notEndpoint, .duplicateEndpoint, .exportNotes])
        #expect(run.problems.isEmpty, "pages found in a directory that are not endpoints are no problem")
        let text = ImportReportText.render(run, destination: "out")
        #expect(text.contains("endpoint pages imported lint clean (no error): 3 of 3 (100.0%)"))
        #expect(text.contains("endpoint pages imported with no warning either: 3 of 3 (100.0%)"))
        #expect(text.contains("1 duplicateEndpoint: same method and path as another page"))
    }

    @Test("a curated spec of the same endpoint is kept; a page named explicitly must be an endpoint page")
    func curatedAndExplicit() throws {
        let dir = try writePages(["create.md": Snippets.gfmCreate, "guide.md": Snippets.guide])
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipeline = ImportPipeline(platform: try repositoryPlatform())
        let curated = try importSnippet(Snippets.gfmCreate).spec
        var mine = curated
        mine.tier = nil
        mine.id = "demo.v1.gadget.make"
        let inputs = try PageCollector.collect([(dir.appendingPathComponent("create.md"), "create.md"), (dir.appendingPathComponent("guide.md"), "guide.md")])
        let run = pipeline.run(inputs, curated: [mine])
        guard case .skipped(.curatedKept, let detail) = run.results[0].outcome else {
            Issue.record("the page of a curated endpoint must be skipped: \(run.results[0].outcome)")
            return
        }
        #expect(detail.contains("demo.v1.gadget.make.json"))
        #expect(run.problems.map(\.page) == ["guide.md"], "an explicit page that is not an endpoint is a problem")
        #expect(pipeline.run(inputs, curated: [mine], replaceCurated: true).imported.count == 1, "--check imports it to compare")
    }

    @Test("a path that does not exist is an error naming it")
    func missingPath() {
        #expect(throws: PageCollector.MissingPath.self) {
            try PageCollector.collect([(URL(fileURLWithPath: "/nonexistent/feishu-docs"), "feishu-docs")])
        }
    }

    @Test("doc drift: what the page says today against a curated spec, as Markdown")
    func drift() throws {
        let dir = try writePages(["create.md": Snippets.gfmCreate])
        defer { try? FileManager.default.removeItem(at: dir) }
        var curated = try importSnippet(Snippets.gfmCreate).spec
        curated.tier = nil
        curated.rateLimits = [Rule(RateLimit(count: 100, window: .minute), .documented("接口频率限制 | 100 次/分钟"))]
        curated.errors.removeLast()
        let run = ImportPipeline(platform: try repositoryPlatform())
            .run(try PageCollector.collect([(dir.appendingPathComponent("create.md"), "create.md")]), curated: [curated], replaceCurated: true)
        let report = DriftReport(run: run, curated: [curated])
        #expect(report.hasDrift)
        let keys = Set(report.entries.flatMap(\.differences).map(\.key))
        #expect(keys == ["rateLimits", "errors.7770003", "errors.7770003.httpStatus"])
        let markdown = report.markdown()
        #expect(markdown.contains("| changed | `rateLimits` | [100/minute] | [5/second, 50/minute] |"))
        #expect(markdown.contains("| new on the page | `errors.7770003` |"))
        let same = DriftReport(run: run, curated: [try importSnippet(Snippets.gfmCreate).spec])
        #expect(!same.hasDrift)
    }

    @Test("every convention the importer applies is written up in Specs/DECISIONS.md")
    func decisionsDocumented() throws {
        let text = try String(contentsOf: ImporterPaths.specs.appendingPathComponent("DECISIONS.md"), encoding: .utf8)
        for decision in ImportDecision.allCases {
            #expect(text.contains("| \(decision.rawValue) |"), "DECISIONS.md lacks a row for \(decision.rawValue)")
        }
    }
}
