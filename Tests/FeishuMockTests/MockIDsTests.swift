import Foundation
import Testing

@testable import FeishuMock

@Suite("Mock identifiers")
struct MockIDsTests {
    @Test("uuid-style keys are lower-case version 4 UUIDs, and 20,000 of them are distinct")
    func uuidKeys() throws {
        var seen: Set<String> = []
        for _ in 0..<20_000 {
            let key = MockIDs.key(style: "uuid")
            let uuid = try #require(UUID(uuidString: key), "not a UUID: \(key)")
            #expect(key == uuid.uuidString.lowercased())
            let bytes = uuid.uuid
            #expect(bytes.6 >> 4 == 4, "version nibble of \(key)")
            #expect(bytes.8 >> 6 == 0b10, "variant bits of \(key)")
            seen.insert(key)
        }
        #expect(seen.count == 20_000)
    }

    @Test("prefixed keys: the prefix, then 24 lower-case letters and digits; log-id hex is upper-case")
    func prefixedKeys() {
        let keys = (0..<5_000).map { _ in MockIDs.key(style: "m_") }
        #expect(Set(keys).count == keys.count)
        for key in keys.prefix(100) {
            #expect(key.hasPrefix("m_"))
            let rest = key.dropFirst(2)
            #expect(rest.count == 24)
            #expect(rest.allSatisfy { $0.isLowercase && $0.isASCII || $0.isNumber })
        }
        let hex = MockIDs.upperHex(20)
        #expect(hex.count == 20 && hex.allSatisfy { "0123456789ABCDEF".contains($0) })
        // Every alphabet character turns up: the base-36 digits are not stuck.
        #expect(Set(keys.joined().dropFirst(2).filter { $0 != "m" && $0 != "_" }).count >= 35)
    }

    @Test("a key bounded by the path parameters that name it: the style when it fits, else the nearest allowed length, prefix kept when it leaves room")
    func boundedKeys() {
        #expect(MockIDs.key(style: "uuid", length: 1...64).count == 36)
        let short = MockIDs.key(style: "uuid", length: 1...20)
        #expect(short.count == 20 && !short.contains("-"))
        let prefixed = MockIDs.key(style: "m_", length: 10...12)
        #expect(prefixed.count == 12 && prefixed.hasPrefix("m_"))
        let long = MockIDs.key(style: "img_v2_", length: 40...64)
        #expect(long.count == 40 && long.hasPrefix("img_v2_"))
        #expect(MockIDs.key(style: "abcdefgh", length: 1...4).count == 4)
    }
}
