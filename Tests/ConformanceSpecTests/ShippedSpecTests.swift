import Foundation
import Testing
@testable import ConformanceSpec

@Suite("Shipped specs")
struct ShippedSpecTests {
    @Test("every shipped spec decodes into the model")
    func shippedSpecsLoad() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        #expect(set.endpoints.map(\.id) == [
            "admin.v1.badge.create", "admin.v1.badge.list", "admin.v1.badge_image.create",
            "im.v1.image.create", "lingo.v1.file.upload",
        ])
        #expect(set.platform.tokenEndpoint.response.shape == .flat)
    }
}
