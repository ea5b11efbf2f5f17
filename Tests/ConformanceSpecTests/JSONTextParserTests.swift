import Foundation
import Testing
@testable import ConformanceSpec

@Suite("JSON parser")
struct JSONTextParserTests {
    @Test("parses every JSON value kind, keeping ints apart from doubles")
    func parsesValues() throws {
        let value = try JSONValue.parse(Data(#"{"a": [1, -2, 1.5, 2e3, true, false, null], "s": "x\u00e9\ud83d\ude00\n\"", "o": {}}"#.utf8))
        #expect(value == [
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

    @Test("malformed input is a ParseError with a position, never a crash",
          arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "1.", "\"\\x\"", "\"\\ud800\"", "{} x", "\"a\nb\"",
                      String(repeating: "[", count: 600) + String(repeating: "]", count: 600)])
    func malformed(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(Data(text.utf8)) }
        do {
            _ = try JSONValue.parse(Data(text.utf8))
        } catch {
            #expect(error.message.contains("line 1"), "\(error.message)")
        }
    }
}
