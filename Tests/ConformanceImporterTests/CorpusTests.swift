import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceImporter

/// The platform's GFM export (`FEISHU_DOCS_DIR`): the imported specs shipped in `Specs/` are
/// exactly what importing their pages gives today. The whole corpus is imported by `.ci/run`
/// (Benchmarks/import_bench.sh), not here.
@Suite("shipped imported specs are today's import of their pages", .enabled(if: ImporterPaths.docs != nil, ImporterPaths.docsSkipReason))
struct CorpusTests {
    static let directories = ["admin-v1", "lingo-v1", "im-v1"]

    static func importShipped() throws -> (SpecSet, ImportRun) {
        let docs = try #require(ImporterPaths.docs)
        let set = try SpecSet.load(directory: ImporterPaths.specs)
        let inputs = try PageCollector.collect(directories.map { (docs.appendingPathComponent($0), $0) })
        let curated = set.endpoints.filter { $0.effectiveTier == .curated }
        return (set, ImportPipeline(platform: set.platform).run(inputs, curated: curated))
    }

    @Test("every endpoint page of admin-v1, lingo-v1 and im-v1 has a lint-clean spec in Specs/, byte for byte")
    func shippedAreCurrent() throws {
        let (set, run) = try Self.importShipped()
        #expect(run.problems.isEmpty, "\(run.problems)")
        let shipped = Set(set.endpoints.filter { $0.effectiveTier == .imported }.map(\.id))
        #expect(Set(run.imported.map(\.spec.id)) == shipped)
        for spec in run.imported {
            let onDisk = try String(contentsOf: ImporterPaths.specs.appendingPathComponent(spec.fileName), encoding: .utf8)
            #expect(
                onDisk == spec.text, "\(spec.fileName) differs from today's import: run `feishu-conformance import $FEISHU_DOCS_DIR/{admin-v1,lingo-v1,im-v1}`")
        }
        let kept = run.results.filter { if case .skipped(.curatedKept, _) = $0.outcome { true } else { false } }
        #expect(kept.count == 5, "the five curated endpoints' pages are kept curated")
    }

    @Test("doc drift of the curated five against today's GFM pages is reported, not hidden")
    func curatedDrift() throws {
        let docs = try #require(ImporterPaths.docs)
        let set = try SpecSet.load(directory: ImporterPaths.specs)
        let curated = set.endpoints.filter { $0.effectiveTier == .curated }
        let inputs = try PageCollector.collect(Self.directories.map { (docs.appendingPathComponent($0), $0) })
        let run = ImportPipeline(platform: set.platform).run(inputs, curated: curated, replaceCurated: true)
        let report = DriftReport(run: run, curated: curated)
        #expect(report.entries.count == 5)
        print(report.markdown())
    }
}
