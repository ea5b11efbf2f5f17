import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@Suite("Response validation")
struct ResponseValidatorTests {
    let specs: SpecSet
    let validator: ResponseValidator
    let create: EndpointSpec

    init() throws {
        specs = try TestSpecs.specSet()
        validator = ResponseValidator(platform: specs.platform)
        create = try #require(specs.endpoint(id: "test.v1.widget.create"))
    }

    func response(_ data: JSONValue, msg: String = "success", headers: HTTPHeaders? = nil) -> HTTPResponse {
        HTTPResponse(
            status: 200, headers: headers ?? ["Content-Type": "application/json; charset=utf-8", "X-Tt-Logid": "l1"],
            body: JSONValue.object(["code": 0, "msg": .string(msg), "data": data]).jsonData())
    }

    @Test("a conforming reply has no findings")
    func clean() {
        let findings = validator.validateSuccess(
            response(["widget": ["id": "w1", "name": "n", "kind": 1, "i18n_name": ["zh_cn": "中"]]]),
            endpoint: create)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a missing documented field is a failure naming rule, path and provenance")
    func missingDocumented() throws {
        let findings = validator.validateSuccess(response(["widget": ["name": "n"]]), endpoint: create)
        let f = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(f.rule == "response.widget.id")
        #expect(f.path == "$.data.widget.id")
        #expect(f.severity == .failure)
        #expect(f.observed == "absent")
        #expect(f.provenance.isDocumented)
    }

    @Test("a missing inferred field is only a warning")
    func missingInferred() throws {
        let findings = validator.validateSuccess(response(["widget": ["id": "w1"]]), endpoint: create)
        #expect(findings.map(\.rule) == ["response.widget.name"])
        #expect(findings.first?.severity == .warning)
    }

    @Test("wrong types, enum values and lengths are reported with the constraint's rule")
    func typesAndConstraints() {
        let findings = validator.validateSuccess(
            response(["widget": ["id": 7, "name": "eleven-char", "kind": 3, "i18n_name": ["en_us": 5]]]), endpoint: create)
        let rules = Set(findings.map(\.rule))
        #expect(
            rules == [
                "response.widget.id.type", "response.widget.name.maxLength", "response.widget.kind.enum",
                "response.widget.i18n_name.zh_cn", "response.widget.i18n_name.en_us.type",
            ])
        // zh_cn gone, en_us come: one finding naming both.
        #expect(findings.first { $0.rule == "response.widget.i18n_name.zh_cn" }?.observed.contains("undocumented en_us (int 5)") == true)
        #expect(findings.first { $0.rule == "response.widget.id.type" }?.observed == "int 7")
        #expect(findings.first { $0.rule == "response.widget.i18n_name.zh_cn" }?.path == "$.data.widget.i18n_name.zh_cn")
    }

    @Test("undocumented fields are drift warnings")
    func drift() throws {
        let findings = validator.validateSuccess(
            response(["widget": ["id": "w1", "name": "n", "colour": "blue"], "extra": 1]),
            endpoint: create)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { $0.rule == "drift" && $0.severity == .warning })
        #expect(Set(findings.compactMap(\.path)) == ["$.data.widget.colour", "$.data.extra"])
    }

    @Test("a field echoing a request field must be there when it was sent, may be absent otherwise")
    func conditionalEcho() throws {
        let reply = response(["widget": ["id": "w1", "name": "n"]])
        #expect(validator.validateSuccess(reply, endpoint: create, json: ResponseValidator.json(of: reply), sent: ["name"]).isEmpty)
        #expect(validator.validateSuccess(reply, endpoint: create).isEmpty, "unknown what was sent: absence is not held against it")
        let findings = validator.validateSuccess(
            reply, endpoint: create, json: ResponseValidator.json(of: reply), sent: ["name", "i18n_name", "i18n_name.zh_cn"])
        let f = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(f.rule == "response.widget.i18n_name")
        #expect(f.severity == .failure, "the row is documented; only the exception (absent when not sent) is inferred")
        #expect(f.expected == "i18n field present (i18n_name was sent)")
        // Present but missing its own documented member.
        let partial = response(["widget": ["id": "w1", "name": "n", "i18n_name": [:]]])
        #expect(
            validator.validateSuccess(partial, endpoint: create, json: ResponseValidator.json(of: partial), sent: ["name", "i18n_name"])
                .map(\.rule) == ["response.widget.i18n_name.zh_cn"])
    }

    @Test("documented fields gone and undocumented ones come in the same object: one failure per field, a probable rename")
    func rename() throws {
        let findings = validator.validateSuccess(response(["widget": ["key": "w1", "name": "n"]]), endpoint: create)
        let f = try #require(findings.first)
        #expect(findings.count == 1, "no separate drift warning: \(findings)")
        #expect(f.rule == "response.widget.id")
        #expect(f.path == "$.data.widget.id")
        #expect(f.severity == .failure)
        #expect(f.observed == "absent; undocumented key (string \"w1\") in the same object: probably renamed")
        // An undocumented field in another object than the missing one stays drift.
        let apart = validator.validateSuccess(response(["widget": ["name": "n"], "key": "w1"]), endpoint: create)
        #expect(Set(apart.map(\.rule)) == ["response.widget.id", "drift"])
        #expect(apart.first { $0.rule == "response.widget.id" }?.observed == "absent")
    }

    @Test("arrays of objects are checked item by item")
    func arrays() throws {
        let list = try #require(specs.endpoint(id: "test.v1.widget.list"))
        let findings = validator.validateSuccess(
            response(["items": [["id": "a", "name": "n"], ["id": "b"], 3], "has_more": false]), endpoint: list)
        #expect(findings.map(\.path) == ["$.data.items[1].name", "$.data.items[2]"])
    }

    @Test("envelope: missing log id, wrong content type, wrong success msg, non-JSON body")
    func envelope() {
        let noHeaders = response(["widget": ["id": "w1", "name": "n"]], msg: "ok", headers: ["Content-Type": "text/html"])
        let rules = validator.validateSuccess(noHeaders, endpoint: create).map(\.rule)
        #expect(rules == ["envelope.logIdHeader", "envelope.contentType", "envelope.successMessage"])
        let lowercase = response(["widget": ["id": "w1", "name": "n"]], headers: ["content-type": "application/json", "x-tt-logid": "1"])
        #expect(validator.validateSuccess(lowercase, endpoint: create).map(\.rule) == ["envelope.logIdHeader"])
        let html = HTTPResponse(status: 502, headers: ["Content-Type": "application/json", "X-Tt-Logid": "1"], body: Data("<html>".utf8))
        #expect(validator.validateEnvelope(html).map(\.rule) == ["envelope.json"])
    }
}
