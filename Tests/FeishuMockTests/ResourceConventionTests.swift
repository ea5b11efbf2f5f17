import ConformanceRules
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// The resource conventions (`ResourceConventions`) over the shipped specs, and the mock serving
/// them: reads, updates, deletes, downloads and nested resources, over both wires.
@Suite("Resource conventions")
struct ResourceConventionTests {
    func behaviours(_ id: String) throws -> [Behaviour] { try TestSpecs.endpoint(id).behaviours }

    func item(_ id: String) throws -> Behaviour.ItemAccess? {
        try behaviours(id).lazy.compactMap { if case .item(let a) = $0 { a } else { nil } }.first
    }

    func nested(_ id: String) throws -> Behaviour.Nested? {
        try behaviours(id).lazy.compactMap { if case .nested(let n) = $0 { n } else { nil } }.first
    }

    @Test("GET, PUT and DELETE on collection/:id read, update and delete; binary GETs download; inferred with their decision")
    func itemOperations() throws {
        let read = try #require(try item("admin.v1.badge.get"))
        #expect(read.operation == .read && read.resource == "badge" && read.keyParam == "badge_id" && read.echoPath == "badge")
        #expect(!read.provenance.isDocumented && read.provenance.text.contains(ResourceConventions.itemDecision))
        #expect(try item("admin.v1.badge.update")?.operation == .update)
        #expect(try item("im.v1.message.delete")?.operation == .delete)
        #expect(try item("im.v1.image.get")?.operation == .download)
        #expect(try item("im.v1.image.get")?.resource == "im_image")
        // An action path's collection: POST /lingo/v1/files/upload names /lingo/v1/files.
        let download = try #require(try item("lingo.v1.file.download"))
        #expect(download.operation == .download && download.resource == "lingo_file" && download.keyParam == "file_token")
        #expect(try item("im.v1.message.reply")?.operation == .act)
        // Endpoints on no known collection get nothing.
        #expect(try item("im.v1.batch_message.delete") == nil)
        #expect(try item("admin.v1.badge.create") == nil)
    }

    @Test("Resources under collection/:id are nested in that item; an item below a parent has both")
    func nesting() throws {
        let grants = try #require(try nested("admin.v1.badge_grant.list"))
        #expect(grants.param == "badge_id" && grants.resource == "badge")
        #expect(try nested("admin.v1.badge_grant.create")?.resource == "badge")
        #expect(try nested("admin.v1.badge_grant.get")?.resource == "badge")
        #expect(try item("admin.v1.badge_grant.get")?.resource == "badge_grant")
        #expect(try item("admin.v1.badge_grant.list") == nil)
    }

    @Test("A paginated action right below a collection (entity search) lists the collection; an unpaginated one (match) does not")
    func search() throws {
        let lists = try behaviours("lingo.v1.entity.search").compactMap { if case .lists(let l) = $0 { l } else { nil } }
        #expect(lists.count == 1 && lists.first?.resource == "entity" && lists.first?.itemsPath == "entities")
        #expect(lists.first?.provenance.text.contains(ResourceConventions.searchDecision) == true)
        #expect(try behaviours("lingo.v1.entity.match").isEmpty)
    }

    @Test("A key naming no item gets the page's not-found row when it has one (documented), else the catch-all (inferred)")
    func notFoundCodes() throws {
        let parent = try #require(try nested("im.v1.message_reaction.create"))
        #expect(parent.notFoundError.code == 231003 && parent.notFoundError.provenance.isDocumented)
        // "cannot find this badge" is the badge page's not-found row.
        let badge = try #require(try item("admin.v1.badge.get"))
        #expect(badge.notFoundError.code == 1051113 && badge.notFoundError.provenance.isDocumented)
        let grant = try #require(try item("admin.v1.badge_grant.get"))
        #expect(grant.notFoundError.code == 1051205)
        // No row names a lingo entity: the catch-all, inferred, naming the decision.
        let entity = try #require(try item("lingo.v1.entity.get"))
        #expect(entity.notFoundError.code == 2250001 && !entity.notFoundError.provenance.isDocumented)
        #expect(entity.notFoundError.provenance.text.contains(ResourceConventions.notFoundDecision))
    }

    @Test("A spec's own item behaviour overrides the convention; loading without conventions adds none")
    func override() throws {
        var set = TestSpecs.set
        let index = try #require(set.endpoints.firstIndex { $0.id == "admin.v1.badge.get" })
        set.endpoints[index].behaviours = [
            .item(
                Behaviour.ItemAccess(
                    operation: .act, resource: "badge", keyParam: "badge_id", notFoundError: ErrorBinding(code: 1051001, provenance: .documented("x")),
                    provenance: .documented("curated")))
        ]
        let applied = ResourceConventions.apply(to: set)
        let mine = applied.endpoints[index].behaviours.compactMap { if case .item(let a) = $0 { a } else { nil } }
        #expect(mine.count == 1 && mine.first?.operation == .act)
        let files = try SpecSet.readSpecFiles(directory: TestSpecs.directory)
        let bare = try SpecSet.decode(files: files, conventions: false)
        #expect(bare.endpoint(id: "admin.v1.badge.get")?.behaviours.isEmpty == true)
    }

    // MARK: The mock

    func badgeBody(_ harness: MockHarness, token: String, name: String) async throws -> JSONValue {
        let image = try await harness.badgeImage(token: token)
        return [
            "name": .string(name), "explanation": "conventions", "detail_image": .string(image), "show_image": .string(image),
            "i18n_name": ["zh_cn": .string(name)],
        ]
    }

    func call(
        _ harness: MockHarness, _ id: String, token: String, params: [String: String], body: JSONValue? = nil,
        query: String = ""
    ) async throws -> Reply {
        var endpoint = try TestSpecs.endpoint(id)
        for (name, value) in params { endpoint.path = endpoint.path.replacingOccurrences(of: ":\(name)", with: value) }
        return try await harness.json(endpoint, token: token, body: body, query: query)
    }

    @Test(
        "Badge create -> get -> update -> get; grants belong to their badge; a deleted grant and another tenant's badge name nothing",
        arguments: Wire.allCases)
    func crudCycle(wire: Wire) async throws {
        let harness = try MockHarness(wire: wire)
        defer { Task { await harness.stop() } }
        let token = try await harness.token(MockHarness.appA)
        let created = try await harness.json(
            try TestSpecs.endpoint("admin.v1.badge.create"), token: token,
            body: try await badgeBody(harness, token: token, name: "conv-1"))
        let badgeID = try #require(created.data?["badge"]?["id"]?.stringValue, "create failed: \(created.json)")

        let read = try await call(harness, "admin.v1.badge.get", token: token, params: ["badge_id": badgeID])
        #expect(read.code == 0 && read.data?["badge"]?["name"] == "conv-1" && read.data?["badge"]?["id"]?.stringValue == badgeID)
        // The reply passes the spec's own validator.
        let validator = ResponseValidator(platform: harness.platform)
        #expect(validator.validateSuccess(read.response, endpoint: try TestSpecs.endpoint("admin.v1.badge.get")).isEmpty)

        let updated = try await call(
            harness, "admin.v1.badge.update", token: token, params: ["badge_id": badgeID],
            body: try await badgeBody(harness, token: token, name: "conv-2"))
        #expect(updated.code == 0, "\(updated.json)")
        let reread = try await call(harness, "admin.v1.badge.get", token: token, params: ["badge_id": badgeID])
        #expect(reread.data?["badge"]?["name"] == "conv-2")

        // Another tenant's badge: not found, with the item behaviour's code.
        let other = try await harness.token(MockHarness.appB)
        let foreign = try await call(harness, "admin.v1.badge.get", token: other, params: ["badge_id": badgeID])
        let notFound = try #require(try item("admin.v1.badge.get")).notFoundError.code
        #expect(foreign.code == notFound)

        // Grants under the badge.
        let grantBody: JSONValue = ["name": "conv-grant", "grant_type": 0, "time_zone": "Asia/Shanghai", "rule_detail": [:], "is_grant_all": false]
        let grant = try await call(harness, "admin.v1.badge_grant.create", token: token, params: ["badge_id": badgeID], body: grantBody)
        let grantID = try #require(grant.data?["grant"]?["id"]?.stringValue, "grant create failed: \(grant.json)")
        let listed = try await call(harness, "admin.v1.badge_grant.list", token: token, params: ["badge_id": badgeID], query: "?page_size=10")
        #expect(listed.data?["grants"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [grantID])
        // A second badge holds no grants, and the grant is not found under it.
        let second = try await harness.json(
            try TestSpecs.endpoint("admin.v1.badge.create"), token: token,
            body: try await badgeBody(harness, token: token, name: "conv-3"))
        let secondID = try #require(second.data?["badge"]?["id"]?.stringValue)
        let empty = try await call(harness, "admin.v1.badge_grant.list", token: token, params: ["badge_id": secondID], query: "?page_size=10")
        #expect(empty.code == 0 && empty.data?["grants"]?.arrayValue?.isEmpty == true)
        let misplaced = try await call(harness, "admin.v1.badge_grant.get", token: token, params: ["badge_id": secondID, "grant_id": grantID])
        #expect(misplaced.code == (try item("admin.v1.badge_grant.get"))?.notFoundError.code)
        // Unknown parent.
        let orphan = try await call(harness, "admin.v1.badge_grant.list", token: token, params: ["badge_id": "m_nothing"], query: "?page_size=10")
        #expect(orphan.code == (try nested("admin.v1.badge_grant.list"))?.notFoundError.code)

        let deleted = try await call(harness, "admin.v1.badge_grant.delete", token: token, params: ["badge_id": badgeID, "grant_id": grantID])
        #expect(deleted.code == 0, "\(deleted.json)")
        let gone = try await call(harness, "admin.v1.badge_grant.get", token: token, params: ["badge_id": badgeID, "grant_id": grantID])
        #expect(gone.code == (try item("admin.v1.badge_grant.get"))?.notFoundError.code)
        let again = try await call(harness, "admin.v1.badge_grant.delete", token: token, params: ["badge_id": badgeID, "grant_id": grantID])
        #expect(again.code == (try item("admin.v1.badge_grant.delete"))?.notFoundError.code)
    }

    @Test(
        "IM image get answers exactly the uploaded bytes with their content type; an unknown key is refused in the envelope",
        arguments: Wire.allCases)
    func download(wire: Wire) async throws {
        let harness = try MockHarness(wire: wire)
        defer { Task { await harness.stop() } }
        let token = try await harness.token(MockHarness.appA)
        let png = TestImages.png(64, 48)
        let upload = try await harness.multipart(
            try TestSpecs.endpoint("im.v1.image.create"), token: token, fields: [("image_type", "message")],
            files: [TestFile(name: "image", data: png, filename: "a.png", contentType: "image/png")])
        let key = try #require(upload.data?["image_key"]?.stringValue, "upload failed: \(upload.json)")
        var get = try TestSpecs.endpoint("im.v1.image.get")
        get.path = get.path.replacingOccurrences(of: ":image_key", with: key)
        let reply = try await harness.json(get, token: token, body: nil)
        #expect(reply.status == 200 && reply.response.body == png)
        #expect(reply.response.headers["Content-Type"] == "image/png")
        get.path = try TestSpecs.endpoint("im.v1.image.get").path.replacingOccurrences(of: ":image_key", with: "img_v2_unknown")
        let unknown = try await harness.json(get, token: token, body: nil)
        #expect(unknown.code == (try item("im.v1.image.get"))?.notFoundError.code)
    }

    @Test("A success reply carries every documented field (examples where valid) and passes the validator")
    func replyTemplate() async throws {
        let harness = MockHarness()
        let token = try await harness.token(MockHarness.appA)
        let stats = try TestSpecs.endpoint("admin.v1.admin_dept_stat.list")
        let template = ReplyTemplate(endpoint: stats, platform: harness.platform, excluding: ReplyTemplate.statePaths(of: stats))
        #expect(template.data["items"] == nil && template.data["has_more"] == nil)
        let create = try TestSpecs.endpoint("im.v1.message.create")
        let body: JSONValue = ["receive_id": "ou_7d8a6e6df7621556ce0d21922b676706ccs", "msg_type": "text", "content": "{\"text\":\"hi\"}"]
        let reply = try await harness.json(create, token: token, body: body, query: "?receive_id_type=open_id")
        #expect(reply.code == 0, "\(reply.json)")
        let documented = Set(create.response.fields.map(\.name))
        let answered = Set(reply.data?.objectValue?.keys.map { $0 } ?? [])
        #expect(answered == documented)
        #expect(ResponseValidator(platform: harness.platform).validateSuccess(reply.response, endpoint: create).isEmpty)
    }
}

@Suite("Endpoints that take no access token")
struct TokenFreeEndpointTests {
    @Test("an endpoint whose page has no Authorization row is served without a token, with its documented reply fields; its field rules still apply")
    func servedWithoutToken() async throws {
        var set = TestSpecs.set
        let index = try #require(set.endpoints.firstIndex { $0.id == "lingo.v1.entity.match" })
        set.endpoints[index].auth.tokenTypes = Rule([], .documented("no Authorization row"))
        set.endpoints[index].request.removeAll { $0.name == "Authorization" }
        let endpoint = set.endpoints[index]
        let harness = MockHarness(specs: set)
        let ok = try await harness.json(endpoint, token: nil, body: ["word": "飞书"])
        #expect(ok.code == 0, "\(ok.json)")
        #expect(ResponseValidator(platform: harness.platform).validateSuccess(ok.response, endpoint: endpoint).isEmpty)
        #expect(Set(ok.data?.objectValue?.keys.map { $0 } ?? []) == Set(endpoint.response.fields.map(\.name)))
        let bad = try await harness.json(endpoint, token: nil, body: [:])
        #expect(bad.code != 0 && bad.code != harness.platform.roles.missingToken.code, "\(bad.json)")
    }
}
