import Foundation
import Testing

@testable import ConformanceSpec

@Suite("JSON writer")
struct JSONWriterTests {
    /// `JSONEncoder` with the options `jsonData()` promised before it had its own writer.
    static func encoder(_ value: JSONValue) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    /// A deterministic pseudo-random value up to `depth` levels, over the awkward cases: escapes,
    /// control characters, non-ASCII, doubles that are integral, tiny, huge or negative zero.
    static func value(_ rng: inout SplitMix, depth: Int) -> JSONValue {
        let strings = [
            "", "plain", "q\"uote", "back\\slash", "a/b", "tab\tnew\nline\r", "\u{08}\u{0C}\u{01}\u{1F}\u{7F}",
            "é😀\u{2028}", "\u{FEFF}bom", String(repeating: "x", count: 40),
        ]
        let doubles = [1.0, 1.5, 0.1, -2.25, 1e20, 1e-7, -0.0, 1e15, 2.5e15, 0.30000000000000004, 123456.789, -1e300, 5e-324]
        switch rng.next() % (depth > 0 ? 8 : 6) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int([0, 1, -1, 42, Int.max, Int.min, 1_000_000_007][Int(rng.next() % 7)])
        case 3: return .double(doubles[Int(rng.next() % UInt64(doubles.count))])
        case 4, 5: return .string(strings[Int(rng.next() % UInt64(strings.count))])
        case 6: return .array((0..<Int(rng.next() % 4)).map { _ in value(&rng, depth: depth - 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(rng.next() % 5) { members[strings[Int(rng.next() % UInt64(strings.count))] + "k"] = value(&rng, depth: depth - 1) }
            return .object(members)
        }
    }

    @Test("the same bytes as JSONEncoder (sorted keys, slashes not escaped) for 5,000 values")
    func matchesEncoder() throws {
        var rng = SplitMix(state: 7)
        for _ in 0..<5_000 {
            let v = Self.value(&rng, depth: 4)
            let ours = Data(JSONWriter.bytes(v))
            #expect(ours == (try Self.encoder(v)), "\(String(decoding: ours, as: UTF8.self))")
            #expect(v.jsonData() == ours)
        }
    }

    @Test("deeper than JSONEncoder's 512 levels: written in full and read back (it used to become null)")
    func deepValues() throws {
        var v = JSONValue.int(1)
        for _ in 0..<600 { v = .array([v]) }
        let text = JSONWriter.bytes(v)
        #expect(text.count == 600 * 2 + 1)
        #expect(text.first == UInt8(ascii: "[") && text[600] == UInt8(ascii: "1"))
        var w = JSONValue.string("x")
        for i in 0..<520 { w = .object(["k\(i % 3)": w]) }
        #expect(String(decoding: w.jsonData(), as: UTF8.self).hasSuffix("\"x\"" + String(repeating: "}", count: 520)))
    }

    @Test("a non-finite double is null in its place only; the rest of the document is kept")
    func nonFinite() {
        let v = JSONValue.object(["a": .double(.nan), "b": .array([.double(.infinity), .int(2)]), "c": .string("kept")])
        #expect(String(decoding: v.jsonData(), as: UTF8.self) == #"{"a":null,"b":[null,2],"c":"kept"}"#)
        #expect(String(decoding: v.jsonData(pretty: true), as: UTF8.self).contains("\"kept\""))
    }
}

/// A small seeded generator, so the differential test sees the same values on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
