import Foundation
import Testing

@testable import ConformanceSpec

@Suite("Pixel limits: the one home of what each bound means")
struct PixelBoundTests {
    static func limits() throws -> FileRules {
        try JSONDecoder().decode(
            FileRules.self,
            from: Data(
                #"""
                {"pixels": [
                  {"minWidth": {"value": 320, "documented": "w"}, "maxWidth": {"value": 2000, "documented": "w"},
                   "minHeight": {"value": 320, "documented": "h"}, "maxAspectRatio": {"value": 2.0, "inferred": "r"}},
                  {"formats": ["gif"], "maxHeight": {"value": 400, "documented": "gif h", "error": {"code": 42, "documented": "e"}}}
                ]}
                """#.utf8))
    }

    @Test("each bound admits its edge and breaks one past it; the first broken bound is named with its provenance and error")
    func bounds() throws {
        let rules = try Self.limits()
        #expect(rules.admits(format: "png", width: 320, height: 320))
        #expect(!rules.admits(format: "png", width: 319, height: 320))
        #expect(rules.admits(format: "png", width: 2000, height: 1000), "aspect 2.0 is allowed")
        #expect(!rules.admits(format: "png", width: 2000, height: 999), "aspect just over 2.0")
        #expect(!rules.admits(format: "png", width: 0, height: 0), "an empty image is never admitted")
        #expect(rules.admits(format: "png", width: 500, height: 500), "gif-only limits do not apply to png")
        #expect(!rules.admits(format: "gif", width: 500, height: 500))
        let gif = try #require(rules.pixelLimits(for: "gif").last?.firstBroken(width: 500, height: 401))
        #expect(gif.name == "maxHeight" && gif.expected == "height at most 400" && gif.error?.code == 42)
        let ratio = try #require(rules.pixelLimits(for: "png").first?.firstBroken(width: 900, height: 400))
        #expect(ratio.name == "maxAspectRatio" && ratio.expected == "width/height at most 2.0" && !ratio.provenance.isDocumented)
        #expect(rules.pixelLimits(for: "png").first?.bounds.map(\.name) == ["minWidth", "maxWidth", "minHeight", "maxAspectRatio"])
    }
}
