import ConformanceCatalog
import ConformanceKit
import Testing

@Suite("The generated catalog")
struct CatalogDecodingTests {
    @Test("every embedded endpoint's JSON Lines catalog decodes to cases, ids unique, all about that endpoint")
    func decodes() throws {
        let specs = try EmbeddedSpecs.specSet()
        var ids: Set<String> = []
        for endpoint in specs.endpoints {
            let cases = ConformanceCatalog.cases(endpoint: endpoint.id)
            #expect(!cases.isEmpty, "\(endpoint.id): no cases (a catalog that does not decode reads as empty; run feishu-conformance generate)")
            #expect(cases.allSatisfy { $0.endpointID == endpoint.id })
            for c in cases { #expect(ids.insert(c.id).inserted, "duplicate case id \(c.id)") }
        }
        #expect(ConformanceCatalog.cases.count == ids.count)
    }
}
