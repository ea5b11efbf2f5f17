import Foundation
import Testing
@testable import ConformanceSpec

@Test func badgeImageSpecDecodes() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Specs/admin.v1.badge_image.create.json")
    let spec = try SpecSet.decodeFile(EndpointSpec.self, try Data(contentsOf: url), file: "x")
    #expect(spec.errors.count == 10)
    #expect(spec.request.count == 4)
}
