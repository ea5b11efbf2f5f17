import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceImporter

/// Importing the five seed pages reproduces every documented fact of the five curated specs.
@Suite("round trip: the seed pages imported reproduce the curated specs", .enabled(if: ImporterPaths.seeds != nil, ImporterPaths.seedsSkipReason))
struct RoundTripTests {
    static func importSeeds() throws -> (SpecSet, ImportRun) {
        let dir = try #require(ImporterPaths.seeds)
        let set = try SpecSet.load(directory: ImporterPaths.specs)
        let inputs = try PageCollector.collect([(dir, dir.path)])
        try #require(inputs.count == 5, "expected the five seed pages in \(dir.path), found \(inputs.map(\.name))")
        return (set, ImportPipeline(platform: set.platform).run(inputs, replaceCurated: true))
    }

    @Test("every documented fact of each curated spec comes back from its seed page")
    func roundTrip() throws {
        let (set, run) = try Self.importSeeds()
        var report = ""
        var failures = 0
        for result in run.results {
            let imported = try #require(result.imported, "\(result.input.name) was not imported: \(result.outcome)")
            let curated = try #require(
                set.endpoints.first { $0.signature == imported.spec.signature },
                "no curated spec for \(imported.spec.signature) (\(result.input.name))")
            #expect(curated.id == imported.spec.id, "\(result.input.name): id \(imported.spec.id), curated \(curated.id)")
            let (fails, notes) = SpecComparison.roundTrip(curated: curated, imported: imported.spec)
            failures += fails.count
            report += "\n== \(curated.id) <- \(result.input.name): \(fails.count) difference(s), \(notes.count) note(s)\n"
            for d in fails { report += "  FAIL \(d)\n" }
            for d in notes { report += "  note \(d)\n" }
        }
        print(report)
        #expect(failures == 0, "documented facts not reproduced:\n\(report)")
    }

    @Test("the imported seed specs lint clean")
    func importedSpecsLintClean() throws {
        let (_, run) = try Self.importSeeds()
        for spec in run.imported {
            #expect(spec.isLintClean, "\(spec.fileName): \(spec.diagnostics.map(\.description).joined(separator: "\n"))")
        }
    }
}
