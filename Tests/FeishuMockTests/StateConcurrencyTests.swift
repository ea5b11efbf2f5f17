import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Synchronization
import Testing

/// The state stage under real threads (`DispatchQueue.concurrentPerform` on `respond`): each tenant
/// has its own lock and the key index is mock-wide, so these check that quota, uniqueness and
/// references stay exact when many tenants create at once. Rate limits are lifted: the tests are
/// about state, and bursts would otherwise meet the per-second limits first.
@Suite("Mock state under concurrent tenants")
struct StateConcurrencyTests {
    static func mockWithoutRateLimits() -> FeishuMock {
        var specs = TestSpecs.set
        specs.endpoints = specs.endpoints.map {
            var e = $0
            e.rateLimits = []
            return e
        }
        return FeishuMock(specs: specs)
    }

    static func token(_ mock: FeishuMock, _ app: MockApp) throws -> String {
        let body = JSONValue.object(["app_id": .string(app.appID), "app_secret": .string(app.appSecret)]).jsonData()
        let reply = mock.respond(HTTPRequest(method: "POST", target: mock.specs.platform.tokenEndpoint.path, body: body))
        return try #require((try JSONValue.parse(reply.body))["tenant_access_token"]?.stringValue)
    }

    static func image(_ mock: FeishuMock, token: String) throws -> String {
        let upload = try TestSpecs.endpoint("admin.v1.badge_image.create")
        var form = MultipartFormData()
        form.addField("image_type", "1")
        form.addFile("image_file", data: TestImages.png(320, 320), filename: "b.png", contentType: "image/png")
        let reply = mock.respond(
            HTTPRequest(
                method: "POST", target: upload.path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": form.contentType], body: form.encoded()))
        return try #require((try JSONValue.parse(reply.body)).value(at: "data.image_key")?.stringValue)
    }

    static func create(_ mock: FeishuMock, token: String, name: String, image: String) -> Int? {
        let e = try! TestSpecs.endpoint("admin.v1.badge.create")
        let body = JSONValue.object(["name": .string(name), "detail_image": .string(image), "show_image": .string(image)]).jsonData()
        let reply = mock.respond(
            HTTPRequest(
                method: "POST", target: e.path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json; charset=utf-8"], body: body))
        return (try? JSONValue.parse(reply.body))?["code"]?.intValue
    }

    @Test("8 tenants each 5 below quota, 20 parallel creates each: exactly 5 per tenant succeed, the rest get the quota code")
    func quotaPerTenant() throws {
        let mock = Self.mockWithoutRateLimits()
        let e = try TestSpecs.endpoint("admin.v1.badge.create")
        let quota = try #require(e.behaviours.compactMap { if case .quota(let b) = $0 { b } else { nil } }.first)
        let tenants = try (0..<8).map { _ -> (token: String, image: String) in
            let token = try Self.token(mock, mock.addApp())
            return (token, try Self.image(mock, token: token))
        }
        for (t, tenant) in tenants.enumerated() {
            for i in 0..<(quota.limit - 5) { #expect(Self.create(mock, token: tenant.token, name: "pre-\(t)-\(i)", image: tenant.image) == 0) }
        }
        let codes = Mutex<[[Int?]]>(Array(repeating: [], count: tenants.count))
        DispatchQueue.concurrentPerform(iterations: tenants.count * 20) { n in
            let t = n % tenants.count
            let code = Self.create(mock, token: tenants[t].token, name: "burst-\(n)", image: tenants[t].image)
            codes.withLock { $0[t].append(code) }
        }
        for perTenant in codes.withLock({ $0 }) {
            #expect(perTenant.count == 20)
            #expect(perTenant.filter { $0 == 0 }.count == 5, "\(perTenant)")
            #expect(perTenant.filter { $0 == quota.error.code }.count == 15, "\(perTenant)")
        }
    }

    @Test("parallel uploads and creates across tenants: each create sees its own tenant's fresh key; another tenant's key is refused")
    func referencesAcrossTenants() throws {
        let mock = Self.mockWithoutRateLimits()
        let e = try TestSpecs.endpoint("admin.v1.badge.create")
        let foreign = try #require(e.behaviours.compactMap { if case .references(let b) = $0 { b.foreignTenantError.code } else { nil } }.first)
        let tokens = try (0..<6).map { _ in try Self.token(mock, mock.addApp()) }
        let results = Mutex<[(own: Int?, other: Int?)]>([])
        DispatchQueue.concurrentPerform(iterations: 60) { n in
            let mine = tokens[n % tokens.count]
            let theirs = tokens[(n + 1) % tokens.count]
            guard let key = try? Self.image(mock, token: mine), let otherKey = try? Self.image(mock, token: theirs) else {
                results.withLock { $0.append((nil, nil)) }
                return
            }
            let own = Self.create(mock, token: mine, name: "own-\(n)", image: key)
            let other = Self.create(mock, token: mine, name: "other-\(n)", image: otherKey)
            results.withLock { $0.append((own, other)) }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 60)
        #expect(all.allSatisfy { $0.own == 0 }, "\(all.filter { $0.own != 0 })")
        #expect(all.allSatisfy { $0.other == foreign }, "\(all.filter { $0.other != foreign })")
    }
}
