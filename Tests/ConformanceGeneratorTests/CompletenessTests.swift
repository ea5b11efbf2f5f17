import ConformanceKit
import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceGenerator

/// Cases over the shipped specs (Specs/): every case either runs with fixtures the forge can make or
/// is reported not exercised with a reason; per-minute limits in bursts; page-size defaults.
@Suite("Case completeness over the shipped specs")
struct CompletenessTests {
    let specs: SpecSet
    let all: [String: [ConformanceCase]]
    init() throws {
        specs = try SpecSet.load(directory: Fixtures.repositoryRoot.appendingPathComponent("Specs"))
        all = CaseDeriver().cases(in: specs)
    }

    func named(_ id: String) throws -> ConformanceCase {
        let endpoint = String(id.prefix { $0 != "/" })
        return try #require(all[endpoint]?.first { $0.id == id }, "no case \(id)")
    }

    func lastRequest(_ c: ConformanceCase) -> RequestStep? {
        for case .request(let r) in c.steps.reversed() { return r }
        return nil
    }

    func images(_ c: ConformanceCase) -> [ImageRecipe] {
        c.steps.flatMap { step -> [ImageRecipe] in
            guard case .request(let r) = step else { return [] }
            return r.values.values.compactMap { if case .image(let i) = $0 { i } else { nil } }
        }
    }

    @Test("every exercised case's images can be forged; every other case says why")
    func feasibleOrExplained() {
        var count = 0
        for c in all.values.joined() {
            count += 1
            if let reason = c.notExercisableReason {
                #expect(!reason.trimmingCharacters(in: .whitespaces).isEmpty, "\(c.id) has an empty reason")
                continue
            }
            for i in images(c) {
                #expect(FixtureFeasibility.problem(i) == nil, "\(c.id): \(i) cannot be forged")
            }
        }
        #expect(count > 200)
    }

    @Test("an accepted format no valid image exists of (ICO under a 320 px minimum): success not exercised, the largest refused")
    func impossibleFormat() throws {
        let success = try named("lingo.v1.file.upload/request.file.file.formats/ico")
        #expect(success.notExercisableReason?.contains("256") == true, "\(success.notExercisableReason ?? "no reason")")
        let largest = try named("lingo.v1.file.upload/request.file.file.pixels[0].minWidth/ico-largest")
        #expect(largest.notExercisableReason == nil)
        let image = try #require(images(largest).last)
        #expect(image.format == "ico" && image.width == 256 && image.height == 256)
        #expect(lastRequest(largest)?.expect == .error(code: 2250001, httpStatus: 400))
        #expect(largest.covers.contains(.limit("file.pixels[0].minHeight")))
    }

    @Test("limit + 1 byte in a format that cannot hit it is not exercised, naming the formats that can")
    func oddWebP() throws {
        let c = try named("im.v1.image.create/request.image.file.maxBytes/webp-above")
        let reason = try #require(c.notExercisableReason)
        #expect(reason.contains("even") && reason.contains("PNG"), "\(reason)")
        #expect(try named("im.v1.image.create/request.image.file.maxBytes/png-above").notExercisableReason == nil)
    }

    @Test("a minimum byte size is reached with a format that can make it at valid pixel sizes")
    func underMinBytes() throws {
        let c = try named("lingo.v1.file.upload/request.file.file.minBytes/below")
        #expect(c.notExercisableReason == nil)
        let image = try #require(images(c).last)
        #expect(image.byteSize == 3071 && image.width >= 320 && image.height >= 320)
    }

    @Test("per-minute limit: frozen clock, bursts under the per-second limit one second apart, then one more")
    func perMinuteBursts() throws {
        for id in ["im.v1.image.create/rateLimits.0/1000-per-minute", "lingo.v1.file.upload/rateLimits.0/1000-per-minute"] {
            let c = try named(id)
            #expect(c.notExercisableReason == nil)
            #expect(c.steps.first == .freezeClock)
            let endpoint = String(id.prefix { $0 != "/" })
            let own = c.steps.compactMap { if case .request(let r) = $0, r.endpointID == endpoint { r } else { nil } }
            let bursts = own.dropLast()
            #expect(bursts.count == 20 && bursts.allSatisfy { $0.repeatCount == 50 && $0.expect == .success })
            #expect(c.steps.filter { $0 == .advanceClock(seconds: 1) }.count == 20)
            #expect(own.last?.repeatCount == 1)
            #expect(own.last?.expect == .rateLimited(code: 99991400, httpStatus: 429))
            #expect(!c.provenance.isDocumented, "relies on the inferred sliding-window decision")
        }
        // The per-second one stays a single burst of limit + 1.
        let perSecond = try named("im.v1.image.create/rateLimits.1/50-per-second")
        #expect(lastRequest(perSecond)?.repeatCount == 51)
    }

    @Test("page size: default + 1 items, no page size lists the default with more; bounds list what fits")
    func pageSize() throws {
        let absent = try named("admin.v1.badge.list/request.page_size.default/absent")
        let creates = absent.steps.compactMap { if case .request(let r) = $0, r.endpointID == "admin.v1.badge.create" { r.repeatCount } else { nil } }
        #expect(creates == [11])
        let list = try #require(lastRequest(absent))
        #expect(list.values["page_size"] == nil)
        #expect(list.expect == .listPage(count: 10, hasMore: true))
        #expect(absent.requirements.contains(.freshTenant))
        #expect(lastRequest(try named("admin.v1.badge.list/request.page_size.minimum/at"))?.expect == .listPage(count: 1, hasMore: true))
        #expect(lastRequest(try named("admin.v1.badge.list/request.page_size.maximum/at"))?.expect == .listPage(count: 11, hasMore: false))
        #expect(lastRequest(try named("admin.v1.badge.list/request.page_size.minimum/below"))?.expect == .error(code: 1051001, httpStatus: 400))
        #expect(lastRequest(try named("admin.v1.badge.list/request.page_size.maximum/above"))?.expect == .error(code: 1051001, httpStatus: 400))
    }
}
