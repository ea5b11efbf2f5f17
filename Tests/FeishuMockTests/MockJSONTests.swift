import ConformanceSpec
import Foundation
import Testing

@testable import FeishuMock

@Suite("Mock JSON writer")
struct MockJSONTests {
    static let samples: [JSONValue] = [
        .object([:]),
        .object(["badge": .object(["id": .string("m_1"), "name": .string("a \"quoted\" \\ name\n"), "n": .int(-12)])]),
        .object(["badges": .array([]), "has_more": .bool(true), "page_token": .string("YzoxMg")]),
        .object(["z": .null, "a": .double(1.5), "m": .array([.int(1), .object(["k": .bool(false)])])]),
    ]

    static let writer = MockJSON.EnvelopeWriter(names: EnvelopeMembers(code: "code", message: "msg", data: "data"))

    @Test("the envelope writer gives the generic writer's bytes, with and without splices", arguments: samples.indices)
    func envelope(index: Int) throws {
        let data = Self.samples[index]
        let generic = Data(JSONWriter.bytes(.object(["code": .int(0), "msg": .string("success"), "data": data])))
        #expect(Self.writer.envelope(code: 0, data: data, msg: "success", splices: [:]) == generic)
        #expect(try JSONValue.parse(generic) == .object(["code": .int(0), "msg": .string("success"), "data": data]))
        // Each top-level member of `data` written from its own bytes instead.
        for (key, value) in data.objectValue ?? [:] {
            let splices: MockJSON.Splices = [[key]: JSONWriter.bytes(value)]
            var placeholder = data.objectValue ?? [:]
            placeholder[key] = .array([])
            let spliced = Self.writer.envelope(code: 0, data: .object(placeholder), msg: "success", splices: splices)
            #expect(spliced == generic, "splice at \(key)")
            #expect(
                MockJSON.data(
                    .object(["code": .int(0), "msg": .string("success"), "data": .object(placeholder)]),
                    splices: [["data", key]: JSONWriter.bytes(value)]) == generic)
        }
    }

    @Test("a splice inside a nested object, next to plain members")
    func nestedSplice() throws {
        let item = JSONValue.object(["id": .string("m_1"), "name": .string("n")])
        let data = JSONValue.object(["outer": .object(["item": .null, "plain": .int(3)]), "after": .string("x")])
        let out = Self.writer.envelope(code: 0, data: data, msg: "ok", splices: [["outer", "item"]: JSONWriter.bytes(item)])
        #expect(
            try JSONValue.parse(out)
                == .object([
                    "code": .int(0), "msg": .string("ok"),
                    "data": .object(["outer": .object(["item": item, "plain": .int(3)]), "after": .string("x")]),
                ]))
    }

    @Test("other member names are written in the generic writer's sorted order")
    func otherNames() throws {
        let writer = MockJSON.EnvelopeWriter(names: EnvelopeMembers(code: "status", message: "error_message", data: "body"))
        let data = JSONValue.object(["k": .int(1)])
        let out = writer.envelope(code: 7, data: data, msg: "m", splices: [:])
        #expect(out == Data(JSONWriter.bytes(.object(["status": .int(7), "error_message": .string("m"), "body": data]))))
    }
}
