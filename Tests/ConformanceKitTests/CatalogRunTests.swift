import ConformanceCatalog
import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// The whole generated catalog, run by the Runner against `FeishuMock` in process.
@Suite("Whole catalog against FeishuMock")
struct CatalogRunTests {
    /// Asserts what the runner owns (one result per case, skips only for not-exercisable cases, no
    /// lost replies or admin failures); catalog/mock disagreements are printed, not asserted, since
    /// they belong to the generator and the mock (listed in the runner's hand-over report).
    @Test("every case runs; on a mock only the not-exercisable ones are skipped; no reply is lost")
    func wholeCatalog() async throws {
        let specs = try EmbeddedSpecs.specSet()
        let cases = ConformanceCatalog.cases
        let target = RunTarget(transport: InProcessTransport(handler: FeishuMock(specs: specs)), description: "embedded mock", isMock: true)
        let result = try await Runner().run(cases: cases, specs: specs, target: target, options: RunOptions(runID: "catalog"))
        #expect(result.cases.count == cases.count)
        var counts: [CaseStatus: Int] = [:]
        for c in result.cases { counts[c.status, default: 0] += 1 }
        print("catalog against FeishuMock: \(cases.count) cases, " + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
        for (c, r) in zip(cases, result.cases) where r.status == .skipped {
            #expect(c.notExercisableReason != nil, "\(c.id) skipped on the mock: \(r.skipReason ?? "")")
        }
        for r in result.cases where r.status == .error {
            let lost = r.findings.contains { $0.observed.hasPrefix("no reply") || $0.expected.hasPrefix("a fresh mock app") }
            #expect(!lost, "\(r.caseID): \(r.findingsSummary)")
        }
        for r in result.cases where r.status == .failed || r.status == .error {
            print("catalog disagreement: \(r.caseID) \(r.status.rawValue): \(r.findings.first.map(\.description) ?? "")")
        }
    }
}
