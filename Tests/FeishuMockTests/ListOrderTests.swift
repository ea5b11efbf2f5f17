import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// List order and pagination when creation times do not follow creation order (a tenant clock
/// moved back between creates: the mock sorts), when they do (the mock slices its stored order by
/// binary search), and under parallel creates (the order must survive concurrency). Every walk is
/// checked against the order computed here from the times the test set.
@Suite("Mock list order and pagination")
struct ListOrderTests {
    static let create = try! TestSpecs.endpoint("admin.v1.badge.create")
    static let list = try! TestSpecs.endpoint("admin.v1.badge.list")

    /// Walks every page of `list` with `pageSize`; returns the names in the order served.
    static func walk(_ h: MockHarness, token: String, pageSize: Int, list: EndpointSpec = list) async throws -> [String] {
        var names: [String] = []
        var pageToken: String?
        var pages = 0
        repeat {
            let r = try await h.json(list, token: token, body: nil, query: "?page_size=\(pageSize)" + (pageToken.map { "&page_token=\($0)" } ?? ""))
            #expect(r.code == 0, "\(r.json)")
            let items = r.data?["badges"]?.arrayValue ?? []
            #expect(items.count <= pageSize)
            names += items.compactMap { $0["name"]?.stringValue }
            pageToken = r.data?["page_token"]?.stringValue
            #expect((r.data?["has_more"]?.boolValue ?? false) == (pageToken != nil))
            pages += 1
        } while pageToken != nil && pages < 100
        return names
    }

    static func createBadge(_ h: MockHarness, token: String, name: String, image: String) async throws {
        let r = try await h.json(create, token: token, body: .object(["name": .string(name), "detail_image": .string(image), "show_image": .string(image)]))
        #expect(r.code == 0, "\(r.json)")
    }

    @Test("a tenant clock moved back between creates: newest creation time first, ties newest created first", arguments: [1, 3, 4, 50])
    func clockMovedBack(pageSize: Int) async throws {
        let h = MockHarness()
        let token = try await h.token(MockHarness.appA)
        let image = try await h.badgeImage(token: token)
        // Offsets (seconds) each badge is created at, relative to the first: back and forth, with ties.
        let offsets: [Double] = [0, 10, 5, 5, 20, -3, 20, 7]
        var at = 0.0
        for (i, offset) in offsets.enumerated() {
            try await h.advance(MockHarness.appA, offset - at)
            at = offset
            try await Self.createBadge(h, token: token, name: "b\(i)", image: image)
        }
        let expected = offsets.indices.sorted { a, b in offsets[a] != offsets[b] ? offsets[a] > offsets[b] : a > b }.map { "b\($0)" }
        #expect(try await Self.walk(h, token: token, pageSize: pageSize) == expected)
    }

    @Test("creation times in creation order: pages are slices of the stored order, every item exactly once", arguments: [1, 7, 10, 50])
    func inOrder(pageSize: Int) async throws {
        let h = MockHarness()
        let token = try await h.token(MockHarness.appA)
        let image = try await h.badgeImage(token: token)
        for i in 0..<21 {
            try await Self.createBadge(h, token: token, name: "b\(i)", image: image)
            if i % 3 == 0 { h.clock.advance(by: 1) }  // ties in between
        }
        #expect(try await Self.walk(h, token: token, pageSize: pageSize) == (0..<21).reversed().map { "b\($0)" })
    }

    @Test("an ascending list (a spec variant) walks oldest first, on both the sliced and the sorted path")
    func ascending() async throws {
        var specs = TestSpecs.set
        specs.endpoints = specs.endpoints.map { e in
            var e = e
            e.behaviours = e.behaviours.map { b in
                guard case .lists(var l) = b else { return b }
                l.order.value.direction = .ascending
                return .lists(l)
            }
            return e
        }
        let h = MockHarness(specs: specs)
        let list = try #require(specs.endpoint(id: "admin.v1.badge.list"))
        let token = try await h.token(MockHarness.appA)
        let image = try await h.badgeImage(token: token)
        for i in 0..<9 { try await Self.createBadge(h, token: token, name: "b\(i)", image: image) }
        #expect(try await Self.walk(h, token: token, pageSize: 4, list: list) == (0..<9).map { "b\($0)" })
        // One badge created in the past: the sorted path.
        try await h.advance(MockHarness.appA, -60)
        try await Self.createBadge(h, token: token, name: "old", image: image)
        #expect(try await Self.walk(h, token: token, pageSize: 4, list: list) == ["old"] + (0..<9).map { "b\($0)" })
    }

    @Test("parallel creates over loopback: the walk returns each badge once, newest creation time first")
    func parallelCreates() async throws {
        let h = try MockHarness(wire: .socket)
        let token = try await h.token(MockHarness.appA)
        let image = try await h.badgeImage(token: token)
        let h2 = h
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in 0..<10 { try await Self.createBadge(h2, token: token, name: "w\(worker)-\(i)", image: image) }
                }
            }
            try await group.waitForAll()
        }
        let names = try await Self.walk(h, token: token, pageSize: 7)
        #expect(names.count == 80)
        #expect(Set(names).count == 80)
        // Each worker's own badges were created in sequence: newest first within a worker.
        for worker in 0..<8 {
            #expect(names.filter { $0.hasPrefix("w\(worker)-") } == (0..<10).reversed().map { "w\(worker)-\($0)" })
        }
        await h.stop()
    }
}
