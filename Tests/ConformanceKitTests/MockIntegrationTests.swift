import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

/// A few cases over the real specs (loaded from `Specs/`), run by the Runner against `FeishuMock`
/// in process: the runner and the mock must agree on the platform's contract and the admin API.
@Suite("Runner against FeishuMock (real specs)")
struct MockIntegrationTests {
    let specs: SpecSet

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        specs = try SpecSet.load(directory: root.appendingPathComponent("Specs"))
    }

    static let upload = "admin.v1.badge_image.create"
    static let create = "admin.v1.badge.create"
    static let list = "admin.v1.badge.list"

    func target() -> RunTarget {
        RunTarget(transport: InProcessTransport(handler: FeishuMock(specs: specs)), description: "embedded mock", isMock: true)
    }

    func platformCase(
        _ id: String, rule: String, steps: [CaseStep], provenance: Provenance = .documented("spec"),
        kind: CaseKind = .field, endpoint: String = upload
    ) -> ConformanceCase {
        ConformanceCase(id: "\(endpoint)/\(id)", endpointID: endpoint, title: id, kind: kind, rule: rule, provenance: provenance, steps: steps)
    }

    func uploadStep(
        height: Int = 320, caller: Caller = .primary, expect: ConformanceKit.Expectation = .success,
        capture: String? = nil
    ) -> CaseStep {
        .request(
            RequestStep(
                caller: caller, endpointID: Self.upload,
                values: ["image_file": .image(ImageRecipe(format: "png", width: 320, height: height)), "image_type": .json(1)],
                expect: expect, captures: capture.map { [$0: "image_key"] } ?? [:]))
    }

    func badgeStep(capture: String) -> CaseStep {
        .request(
            RequestStep(
                endpointID: Self.create,
                values: [
                    "name": .uniqueText(length: 20, filler: nil), "detail_image": .captured("img"), "show_image": .captured("img"),
                ], expect: .success, captures: [capture: "badge.id"]))
    }

    @Test("success, a documented limit, auth roles, a missing capability, an expired token, a list walk")
    func realSpecCases() async throws {
        let platform = specs.platform
        func status(_ code: Int) -> Int { platform.error(code: code)?.httpStatus.value ?? 400 }
        let missing = platform.roles.missingToken.code
        let invalid = platform.roles.invalidTenantToken.code
        let uploadSpec = try #require(specs.endpoint(id: Self.upload))
        let tooTall = try #require(uploadSpec.request.first { $0.name == "image_file" }?.file?.pixels?.first?.maxHeight?.error?.code)
        var capability: (String, Int)?
        for case .requiresCapability(let r) in uploadSpec.behaviours { capability = (r.capability, r.error.code) }
        let (lacking, lackingCode) = try #require(capability)
        let cases = [
            platformCase("ok", rule: "response", steps: [uploadStep()]),
            platformCase(
                "tooTall", rule: "request.image_file.maxHeight",
                steps: [uploadStep(height: 321, expect: .error(code: tooTall, httpStatus: uploadSpec.error(code: tooTall)?.httpStatus.value ?? 400))]),
            platformCase(
                "noToken", rule: "auth.missingToken",
                steps: [
                    uploadStep(
                        caller: Caller(credential: .none),
                        expect: .error(code: missing, httpStatus: status(missing)))
                ], kind: .auth),
            platformCase(
                "expired", rule: "auth.expired",
                steps: [
                    uploadStep(
                        caller: Caller(credential: .expiredTenantToken),
                        expect: .error(code: invalid, httpStatus: status(invalid)))
                ], kind: .auth),
            platformCase(
                "lacking", rule: "behaviours.requiresCapability",
                steps: [
                    uploadStep(
                        caller: Caller(app: .lacking(lacking)),
                        expect: .error(code: lackingCode, httpStatus: uploadSpec.error(code: lackingCode)?.httpStatus.value ?? 403))
                ],
                kind: .behaviour),
            platformCase(
                "walk", rule: "behaviours.lists.order",
                steps: [
                    uploadStep(capture: "img"), badgeStep(capture: "a"), badgeStep(capture: "b"), badgeStep(capture: "c"),
                    .request(RequestStep(endpointID: Self.list, values: [:], expect: .listWalk(pageSize: 2, expectedOrder: ["c", "b", "a"]))),
                ],
                kind: .behaviour, endpoint: Self.list),
        ]
        let result = try await Runner().run(cases: cases, specs: specs, target: target(), options: RunOptions(runID: "mockit"))
        for c in result.cases {
            #expect(c.status == .passed, "\(c.caseID): \(c.findingsSummary)")
        }
        #expect(result.cases.count == cases.count)
        #expect(!result.hasFailures)
    }
}
