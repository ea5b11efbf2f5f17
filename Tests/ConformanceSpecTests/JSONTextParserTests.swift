import Foundation
import Testing

@testable import ConformanceSpec

@Suite("JSON parser")
struct JSONTextParserTests {
    @Test("parses every JSON value kind, keeping ints apart from doubles")
    func parsesValues() throws {
        let value = try JSONValue.parse(Data(#"{"a": [1, -2, 1.5, 2e3, true, false, null], "s": "x\u00e9\ud83d\ude00\n\"", "o": {}}"#.utf8))
        #expect(
            value == [
                "a": [1, -2, 1.5, 2000.0, true, false, nil],
                "s": .string("xé😀\n\""),
                "o": [:],
            ])
    }

    /// JSONDecoder reads `1.0` as an integer; the parser keeps it a double. Compare modulo that.
    static func normalized(_ v: JSONValue) -> JSONValue {
        switch v {
        case .double(let d) where d == d.rounded() && abs(d) < 9e15: .int(Int(d))
        case .array(let items): .array(items.map(normalized))
        case .object(let members): .object(members.mapValues(normalized))
        default: v
        }
    }

    @Test("agrees with JSONDecoder on every shipped spec (modulo 1.0 vs 1)")
    func agreesWithFoundation() throws {
        for (name, data) in try SpecSet.readSpecFiles(directory: SpecPaths.specs) {
            let ours = Self.normalized(try JSONValue.parse(data))
            let foundation = Self.normalized(try JSONDecoder().decode(JSONValue.self, from: data))
            #expect(ours == foundation, "\(name)")
        }
    }

    @Test(
        "malformed input is a ParseError with a position, never a crash",
        arguments: [
            "", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"\\ud800\"", "{} x", "\"a\nb\"",
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ])
    func malformed(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(text.utf8)) }
        do {
            _ = try JSONValue.parse(Data(text.utf8))
        } catch {
            #expect(error.message.contains("line 1"), "\(error.message)")
        }
    }

    @Test("strings: plain ones (made in place) and ones with escapes after a plain prefix read the same bytes; bad ones fail with a position")
    func stringPaths() throws {
        let cases: [(String, String)] = [
            (#""plain""#, "plain"),
            (#""""#, ""),
            ("\"\u{FEFF}keeps a BOM inside\"", "\u{FEFF}keeps a BOM inside"),
            (#""prefix then \n escape""#, "prefix then \n escape"),
            (#""\u00e9 first, then plain""#, "é first, then plain"),
            ("\"multi-byte é😀 then \\\"quote\"", "multi-byte é😀 then \"quote"),
            (
                #""a long plain string past the small-string size, so it is heap allocated""#,
                "a long plain string past the small-string size, so it is heap allocated"
            ),
        ]
        for (text, expected) in cases {
            #expect(try JSONValue.parse(Data("[\(text)]".utf8)) == .array([.string(expected)]), "\(text)")
        }
        let bad: [[UInt8]] = [
            Array(#"["abc"#.utf8),  // unterminated
            Array(#"["ab"#.utf8) + [0x0A] + Array(#"c"]"#.utf8),  // raw control character
            Array(#"["ab"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8),  // invalid UTF-8
            Array(#"["ab"#.utf8),  // unterminated escape
        ]
        for bytes in bad {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(bytes)) }
            do { _ = try JSONValue.parse(Data(bytes)) } catch { #expect(error.message.contains("line 1"), "\(error.message)") }
        }
    }
}
