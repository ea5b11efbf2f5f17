import ConformanceKit
import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceGenerator

@Suite("Case derivation")
struct CaseDeriverTests {
    let specs: SpecSet
    init() throws { specs = try Fixtures.specSet() }

    func cases(_ id: String, in specs: SpecSet? = nil) throws -> [ConformanceCase] {
        let set = specs ?? self.specs
        return CaseDeriver().cases(for: try #require(set.endpoint(id: id)), in: set)
    }

    func lastRequest(_ c: ConformanceCase) -> RequestStep? {
        for case .request(let r) in c.steps.reversed() { return r }
        return nil
    }

    /// The objects a case's steps create, as the runner and the plan count them.
    func writes(_ c: ConformanceCase) throws -> Int {
        let specs = try Fixtures.specSet()
        return c.steps.reduce(0) { total, step in
            guard case .request(let r) = step, let endpoint = specs.endpoint(id: r.endpointID) else { return total }
            return total + endpoint.objectsCreated(by: r)
        }
    }

    func named(_ cases: [ConformanceCase], _ id: String) throws -> ConformanceCase {
        try #require(cases.first { $0.id == id }, "no case \(id) among \(cases.map(\.id))")
    }

    @Test("Ids are unique and stable; titles read `METHOD path: what -> outcome`")
    func idsAndTitles() throws {
        for endpoint in specs.endpoints {
            let all = try cases(endpoint.id)
            #expect(Set(all.map(\.id)).count == all.count)
            #expect(all.allSatisfy { $0.title.hasPrefix("\(endpoint.signature): ") && $0.title.contains(" -> ") })
            #expect(try cases(endpoint.id) == all)
        }
    }

    @Test("Baseline: a PNG meeting every pixel rule and every required field")
    func baseline() throws {
        let c = try named(try cases("admin.v1.badge_image.create"), "admin.v1.badge_image.create/request/baseline")
        let r = try #require(lastRequest(c))
        #expect(r.expect == .success)
        #expect(r.values["image_file"] == .image(ImageRecipe(format: "png", width: 320, height: 320, filename: "conformance.png", contentType: "image/png")))
        #expect(r.values["image_type"] == .json(.int(1)))
        #expect(r.values["Authorization"] == nil)
        #expect(try c.requirements.isEmpty && writes(c) == 1)
    }

    @Test("Baseline of a referencing endpoint first creates the referenced resource and uses its captured key")
    func capturedReference() throws {
        let c = try named(try cases("test.v1.widget.create"), "test.v1.widget.create/request/baseline")
        guard case .request(let setup) = c.steps.first else {
            Issue.record("no set-up step")
            return
        }
        #expect(setup.endpointID == "admin.v1.badge_image.create")
        #expect(setup.captures == ["badge_image_key": "image_key"])
        #expect(lastRequest(c)?.values["image_key"] == .captured("badge_image_key"))
        #expect(lastRequest(c)?.values["name"] == .uniqueText(length: 12, filler: nil))
        #expect(try c.requirements.isEmpty && writes(c) == 2)
    }

    @Test("Length limits on both sides, i18n members too, with the rule's error")
    func lengths() throws {
        let all = try cases("test.v1.widget.create")
        let above = try named(all, "test.v1.widget.create/request.name.maxLength/above")
        #expect(lastRequest(above)?.values["name"] == .uniqueText(length: 31, filler: nil))
        #expect(lastRequest(above)?.expect == .error(code: 2000104, httpStatus: 400))
        #expect(above.title == "POST /open-apis/test/v1/widgets: name of 31 characters -> 2000104")
        #expect(above.kind == .limit)
        #expect(above.covers.contains(.limit("name.maxLength")) && above.covers.contains(.errorCode(2000104)))
        let at = try named(all, "test.v1.widget.create/request.name.maxLength/at")
        #expect(lastRequest(at)?.values["name"] == .uniqueText(length: 30, filler: nil))
        #expect(lastRequest(at)?.expect == .success)
        let member = try named(all, "test.v1.widget.create/request.i18n_name.zh_cn.maxLength/above")
        #expect(lastRequest(member)?.values["i18n_name"] == .object(["zh_cn": .uniqueText(length: 31, filler: nil)]))
    }

    @Test("Enum values each succeed, one outside fails with the catch-all marked inferred")
    func enums() throws {
        let all = try cases("test.v1.widget.create")
        #expect(lastRequest(try named(all, "test.v1.widget.create/request.color.enum/value-1"))?.values["color"] == .json(.string("blue")))
        let outside = try named(all, "test.v1.widget.create/request.color.enum/outside")
        #expect(lastRequest(outside)?.expect == .error(code: 2000001, httpStatus: 400))
        #expect(outside.isInferred, "no error binding on the enum rule: the catch-all is an inference")
        #expect(outside.ruleProvenance == .documented("red, blue"), "the enumeration itself is documented: accepting a value outside it fails")
        let valueCase = try named(all, "test.v1.widget.create/request.color.enum/value-0")
        #expect(valueCase.ruleProvenance == valueCase.provenance, "a success case has one provenance")
        let badge = try cases("admin.v1.badge_image.create")
        #expect(lastRequest(try named(badge, "admin.v1.badge_image.create/request.image_type.enum/outside"))?.values["image_type"] == .json(.int(3)))
        #expect(lastRequest(try named(badge, "admin.v1.badge_image.create/request.image_type.minimum/below"))?.values["image_type"] == .json(.int(0)))
    }

    @Test("Files: accepted format, refused format, near miss, plain text, bytes and pixels at and past each edge")
    func files() throws {
        let all = try cases("admin.v1.badge_image.create")
        func image(_ id: String) throws -> ImageRecipe? {
            if case .image(let i)? = lastRequest(try named(all, "admin.v1.badge_image.create/\(id)"))?.values["image_file"] { return i }
            return nil
        }
        #expect(try image("request.image_file.file.formats/refused-jpeg")?.format == "jpeg")
        let nearMiss = try image("request.image_file.file.formats/near-miss-jpeg")
        #expect(nearMiss?.format == "jpeg" && nearMiss?.contentType == "image/png" && nearMiss?.filename == "conformance.png")
        #expect(try image("request.image_file.file.maxBytes/png-at")?.byteSize == 1_048_576)
        #expect(try image("request.image_file.file.maxBytes/png-above")?.byteSize == 1_048_577)
        let lower = try image("request.image_file.file.pixels[0].minHeight/png-past")
        #expect(lower?.height == 319 && lower?.width == 319, "height past its bound, aspect kept valid")
        #expect(try image("request.image_file.file.pixels[0].maxAspectRatio/png-past")?.width == 321)
        #expect(try image("request.image_file.file.pixels[0].minAspectRatio/png-past")?.width == 319)
        let c = try named(all, "admin.v1.badge_image.create/request.image_file.file.pixels[0].maxHeight/png-past")
        #expect(lastRequest(c)?.expect == .error(code: 1051110, httpStatus: 400))
        #expect(c.provenance.isDocumented)
    }

    @Test("Every error code is covered by a case or reported not exercisable with the spec's reason")
    func errorTable() throws {
        for endpoint in specs.endpoints {
            let all = try cases(endpoint.id)
            for entry in endpoint.errors {
                let covering = all.filter { $0.covers.contains(.errorCode(entry.code)) }
                #expect(!covering.isEmpty, "\(endpoint.id) \(entry.code)")
                if !entry.triggerable {
                    #expect(covering.allSatisfy { $0.notExercisableReason != nil })
                }
            }
        }
        let server = try named(try cases("admin.v1.badge_image.create"), "admin.v1.badge_image.create/errors.1051000/not-exercisable")
        #expect(server.notExercisableReason == "A server-side fault; no request provokes it.")
    }

    @Test("Behaviours: duplicate, quota, foreign tenant, unknown and expired keys, capability")
    func behaviours() throws {
        let all = try cases("test.v1.widget.create")
        let dup = try named(all, "test.v1.widget.create/behaviours.unique.name/duplicate")
        #expect(lastRequest(dup)?.values["name"] == .captured("first_name"))
        #expect(lastRequest(dup)?.expect == .error(code: 2000105, httpStatus: 400))
        let quota = try named(all, "test.v1.widget.create/behaviours.quota.widget/over")
        let quotaSteps = quota.steps.compactMap { if case .request(let r) = $0, r.endpointID == "test.v1.widget.create" { r } else { nil } }
        #expect(quotaSteps.map(\.repeatCount) == [3, 1])
        #expect(try quota.requirements == [.freshTenant] && writes(quota) == 4)
        let foreign = try named(all, "test.v1.widget.create/behaviours.references.image_key/foreign-tenant")
        #expect(foreign.requirements.contains(.secondTenant))
        #expect(foreign.isInferred)
        let expired = try named(all, "test.v1.widget.create/behaviours.references.image_key/expired")
        #expect(expired.steps.contains(.advanceClock(seconds: 601)))
        #expect(expired.requirements.contains(.controllableClock))
        let lacking = try named(try cases("admin.v1.badge_image.create"), "admin.v1.badge_image.create/behaviours.requiresCapability.badgePlan/lacking")
        #expect(lastRequest(lacking)?.caller.app == .lacking("badgePlan"))
        #expect(lacking.requirements == [.appLacking("badgePlan")])
    }

    @Test("Lists: walk with page sizes 1 and 2 newest first; exact filter")
    func lists() throws {
        let all = try cases("test.v1.widget.list")
        let walk = try named(all, "test.v1.widget.list/behaviours.lists.widget/walk")
        let expectations = walk.steps.compactMap { if case .request(let r) = $0, r.endpointID == "test.v1.widget.list" { r.expect } else { nil } }
        #expect(
            expectations == [
                .listWalk(pageSize: 1, expectedOrder: ["item3", "item2", "item1"]),
                .listWalk(pageSize: 2, expectedOrder: ["item3", "item2", "item1"]),
            ])
        let filter = try named(all, "test.v1.widget.list/behaviours.lists.widget.filters.name/filter-name")
        #expect(lastRequest(filter)?.values["name"] == .captured("filter_value"))
        #expect(try named(all, "test.v1.widget.list/request.page_size.maximum/above").steps.count == 1)
    }

    @Test("Auth: platform codes; wrong token type only where a type is not accepted")
    func auth() throws {
        let badge = try cases("admin.v1.badge_image.create").filter { $0.kind == .auth }
        #expect(
            badge.map { $0.id.components(separatedBy: "/").last ?? "" } == [
                "missing", "malformed", "bad-prefix", "unknown-tenant-token", "expired-tenant-token", "user-token",
            ])
        #expect(try badge.allSatisfy { try writes($0) == 0 })
        #expect(lastRequest(try named(badge, "admin.v1.badge_image.create/auth.user-token/user-token"))?.expect == .error(code: 99991668, httpStatus: 400))
        let list = try cases("test.v1.widget.list").filter { $0.kind == .auth }
        #expect(!list.contains { $0.id.hasSuffix("user-token") || $0.id.hasSuffix("/tenant-token") })
    }

    @Test("Rate limits: frozen clock, limit + 1 requests; a quota below the limit makes it not exercisable")
    func rateLimits() throws {
        let badge = try named(try cases("admin.v1.badge_image.create"), "admin.v1.badge_image.create/rateLimits.0/20-per-minute")
        #expect(badge.steps.first == .freezeClock)
        #expect(lastRequest(badge)?.repeatCount == 21)
        #expect(lastRequest(badge)?.expect == .rateLimited(code: 99991400, httpStatus: 429))
        #expect(try writes(badge) == 20)
        let widget = try named(try cases("test.v1.widget.create"), "test.v1.widget.create/rateLimits.0/5-per-second")
        #expect(widget.notExercisableReason != nil)
    }

    @Test("A spec change changes the cases: name maxLength 30 -> 20")
    func specChange() throws {
        var files = try Fixtures.specFiles()
        let original = try #require(files["test.v1.widget.create.json"].map { String(decoding: $0, as: UTF8.self) })
        let edited = original.replacingOccurrences(
            of: #""maxLength": { "value": 30, "documented": "最多30个字符", "error": { "code": 2000104, "documented": "2000104 | name too long" } }"#,
            with: #""maxLength": { "value": 20, "documented": "最多20个字符", "error": { "code": 2000104, "documented": "2000104 | name too long" } }"#)
        #expect(edited != original)
        files["test.v1.widget.create.json"] = Data(edited.utf8)
        let changed = try SpecParser().parse(files: files, directoryName: "Specs").specSet
        let before = try cases("test.v1.widget.create").map(\.title)
        let after = try cases("test.v1.widget.create", in: changed).map(\.title)
        #expect(before.contains("POST /open-apis/test/v1/widgets: name of 31 characters -> 2000104"))
        #expect(!after.contains("POST /open-apis/test/v1/widgets: name of 31 characters -> 2000104"))
        #expect(after.contains("POST /open-apis/test/v1/widgets: name of 21 characters -> 2000104"))
        #expect(after.contains("POST /open-apis/test/v1/widgets: name of 20 characters -> success"))
    }
}
