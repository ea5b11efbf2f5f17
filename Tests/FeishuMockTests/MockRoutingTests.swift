import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// Routing through the mock's route index: every endpoint reached by its own path, literal segments
/// before parameters, the first route given winning among equals.
@Suite("Mock: routing by path shape")
struct MockRoutingTests {
    /// `path` with each `:name` parameter replaced by `value`.
    static func filled(_ path: String, _ value: String = "p1") -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? value : String($0) }.joined(separator: "/")
    }

    /// The spec id the mock journals for `method path`.
    static func routed(_ mock: FeishuMock, _ method: String, _ path: String) -> String? {
        _ = mock.respond(HTTPRequest(method: method, target: path))
        return mock.journal.last?.endpoint
    }

    @Test("every shipped endpoint is routed to its own spec by its method and its path with parameters filled")
    func everyEndpoint() {
        let mock = FeishuMock(specs: TestSpecs.set)
        for e in TestSpecs.set.endpoints {
            #expect(Self.routed(mock, e.method, Self.filled(e.path)) == e.id, "\(e.method) \(e.path)")
        }
        #expect(Self.routed(mock, "GET", "/open-apis/admin/v1/badges/b1/grants/g1/extra") == nil)
        #expect(Self.routed(mock, "GET", "/") == nil)
    }

    @Test("a literal segment wins over a parameter, whatever the ids' order; a parameter still takes any other value")
    func literalBeforeParameter() throws {
        let get = try TestSpecs.endpoint("admin.v1.badge.get")
        #expect(get.path.hasSuffix("/:badge_id"))
        // Sorted after the parameter route by id, so only specificity puts it first.
        var search = get
        search.id = "admin.v1.badge.zz_search"
        search.path = get.path.replacingOccurrences(of: ":badge_id", with: "search")
        var deeper = get
        deeper.id = "admin.v1.badge.zz_any"
        deeper.path = get.path.replacingOccurrences(of: "/badges/:badge_id", with: "/:kind/:badge_id")
        let specs = SpecSet(platform: TestSpecs.set.platform, endpoints: TestSpecs.set.endpoints + [search, deeper])
        let mock = FeishuMock(specs: specs)
        #expect(Self.routed(mock, "GET", search.path) == search.id)
        #expect(Self.routed(mock, "GET", Self.filled(get.path, "other")) == get.id)
        #expect(Self.routed(mock, "GET", Self.filled(deeper.path)) == deeper.id)
        // A method the literal route does not serve falls through to the parameter route that does.
        let update = try TestSpecs.endpoint("admin.v1.badge.update")
        #expect(Self.filled(update.path) == Self.filled(get.path))
        #expect(Self.routed(mock, update.method, search.path) == update.id)
    }
}
