import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Testing

/// The validator on small hand-made specs: behaviour that the five real specs do not all exercise.
@Suite("RequestValidator")
struct RequestValidatorTests {
    static func spec(bodyEncoding: String, fields: String) throws -> EndpointSpec {
        let json = """
            {"id":"test.v1.thing.create","title":"t","summary":"t","source":{"url":"https://example.invalid"},
             "method":"POST","path":"/open-apis/test/v1/things","domains":{"value":["feishu"],"inferred":"test"},
             "bodyEncoding":"\(bodyEncoding)",
             "auth":{"tokenTypes":{"value":["tenant"],"inferred":"t"},"scopes":{"value":[],"inferred":"t"}},
             "rateLimits":[],"request":[\(fields)],
             "response":{"shape":"envelope","fields":[]},"errors":[],"behaviours":[],
             "invalidParamError":{"code":9000,"inferred":"t"}}
            """
        return try JSONDecoder().decode(EndpointSpec.self, from: Data(json.utf8))
    }

    static let fields = """
        {"name":"count","location":"body","type":"int","required":{"value":true,"inferred":"t","error":{"code":9001,"inferred":"t"}},
         "minimum":{"value":1,"inferred":"t","error":{"code":9002,"inferred":"t"}},"maximum":{"value":5,"inferred":"t"},
         "typeError":{"code":9003,"inferred":"t"}},
        {"name":"label","location":"body","type":"string","required":{"value":false,"inferred":"t"},
         "maxLength":{"value":4,"inferred":"t","error":{"code":9004,"inferred":"t"}},"lengthUnit":{"value":"bytes","inferred":"t"}},
        {"name":"title","location":"body","type":"string","required":{"value":false,"inferred":"t"},
         "maxLength":{"value":2,"inferred":"t","error":{"code":9005,"inferred":"t"}}}
        """

    var platform: PlatformSpec { TestSpecs.set.platform }

    func validate(_ encoding: String, _ body: Data, contentType: String? = nil) throws -> RequestValidation {
        let v = RequestValidator(endpoint: try Self.spec(bodyEncoding: encoding, fields: Self.fields), platform: platform)
        var headers = HTTPHeaders()
        if let contentType { headers["Content-Type"] = contentType }
        return v.validate(HTTPRequest(method: "POST", target: "/open-apis/test/v1/things", headers: headers, body: body))
    }

    @Test("JSON: a string \"1\" for an int field is a type error; an int is typed")
    func jsonTypes() throws {
        let bad = try validate("json", Data(#"{"count":"1"}"#.utf8))
        #expect(bad.first?.rule == "request.count.type")
        #expect(bad.first?.code == 9003)
        let good = try validate("json", Data(#"{"count":3}"#.utf8))
        #expect(good.isValid)
        #expect(good.values.body["count"] == .int(3))
    }

    @Test("multipart: text \"1\" is an int; \"x\" is a type error")
    func multipartText() throws {
        func body(_ value: String) -> Data { Data("--b\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n\(value)\r\n--b--\r\n".utf8) }
        let good = try validate("multipart", body("1"), contentType: "multipart/form-data; boundary=b")
        #expect(good.isValid, "\(good.violations)")
        #expect(good.values.body["count"] == .int(1))
        let bad = try validate("multipart", body("x"), contentType: "multipart/form-data; boundary=b")
        #expect(bad.first?.code == 9003)
        let noType = try validate("multipart", body("1"))
        #expect(noType.first?.rule == "request.body.encoding")
        #expect(noType.first?.code == 9000)
    }

    @Test("every violation is listed in precedence order; the first decides the code")
    func precedence() throws {
        let r = try validate("json", Data(#"{"count":9,"label":"ééé","title":"😀😀😀"}"#.utf8))
        #expect(r.violations.map(\.rule) == ["request.count.maximum", "request.label.maxLength", "request.title.maxLength"])
        #expect(r.first?.code == 9000, "maximum has no error binding: the endpoint's invalid-param code")
        // Bytes vs Unicode scalars: "éé" is 4 bytes (ok), "😀😀" is 2 scalars (ok).
        #expect(try validate("json", Data(#"{"count":1,"label":"éé","title":"😀😀"}"#.utf8)).isValid)
        let missing = try validate("json", Data("{}".utf8))
        #expect(missing.first?.rule == "request.count.required")
        #expect(missing.first?.code == 9001)
        #expect(try validate("json", Data("[1]".utf8)).first?.rule == "request.body.encoding")
        #expect(try validate("json", Data("{".utf8)).first?.code == 9000)
        #expect(try validate("json", Data(#"{"count":0}"#.utf8)).first?.code == 9002)
    }

    @Test("secret fields are never echoed in violations")
    func redaction() throws {
        let token = try #require(TestSpecs.set.platform.tokenEndpoint as EndpointSpec?)
        let v = RequestValidator(endpoint: token, platform: platform)
        let r = v.validate(HTTPRequest(method: "POST", target: token.path, body: Data(#"{"app_id":"cli_x","app_secret":12345678}"#.utf8)))
        #expect(r.first?.field == "app_secret")
        #expect(!(r.first?.observed.contains("12345678") ?? true))
    }
}

@Suite("Content-Type media type comparison")
struct MediaTypeComparisonTests {
    static let values = [
        "application/json", "application/json; charset=utf-8", "Application/JSON ", " application/json;x=1",
        "application/jsonx", "text/plain", "", ";", "; application/json", "\tapplication/json\t; a=b",
        "application/jsön", "APPLICATION/JSÖN", "multipart/form-data; boundary=x",
    ]

    @Test("sameMediaType agrees with comparing mediaType(of:) for every pair")
    func agrees() {
        for a in Self.values {
            for b in Self.values {
                #expect(RequestValidator.sameMediaType(a, b) == (RequestValidator.mediaType(of: a) == RequestValidator.mediaType(of: b)), "\(a) vs \(b)")
            }
        }
        #expect(RequestValidator.sameMediaType("application/json; charset=utf-8", "APPLICATION/json"))
        #expect(!RequestValidator.sameMediaType("application/json", "application/xml"))
    }
}
