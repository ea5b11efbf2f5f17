import ConformanceOpenAPI
import ConformanceSpec
import Foundation
import Testing

@Suite("export openapi: stages, determinism, selection, errors")
struct ExporterTests {
    @Test("two exports of the same specs have identical bytes, ending in a newline")
    func deterministic() throws {
        let specs = try ShippedSpecs.load()
        let first = try OpenAPIExporter(toolVersion: "1.2.3").export(specs)
        let second = try OpenAPIExporter(toolVersion: "1.2.3").export(try ShippedSpecs.load())
        #expect(first == second)
        #expect(first.last == 0x0A)
        // Endpoints in another order are the same set: the same bytes.
        let reversed = SpecSet(platform: specs.platform, endpoints: specs.endpoints.reversed())
        #expect(try OpenAPIExporter(toolVersion: "1.2.3").export(reversed) == first)
    }

    @Test("the rendered bytes are a fixed point: read back and written again, they do not change")
    func roundTrip() throws {
        let bytes = try OpenAPIExporter(toolVersion: "t").export(try ShippedSpecs.load())
        #expect(JSONWriter.prettyBytes(try JSONValue.parse(Data(bytes))) == bytes)
    }

    @Test("--endpoint selects operations; the token endpoint always stays")
    func selection() throws {
        let specs = try ShippedSpecs.load()
        let chosen = try #require(specs.endpoints.first)
        let document = try OpenAPIExporter(toolVersion: "t").document(specs, endpointIDs: [chosen.id])
        #expect(Set(document.operations.map(\.operation.operationId)) == [chosen.id, specs.platform.tokenEndpoint.id])
        let tokenOnly = try OpenAPIExporter(toolVersion: "t").document(specs, endpointIDs: [specs.platform.tokenEndpoint.id])
        #expect(tokenOnly.operations.map(\.operation.operationId) == [specs.platform.tokenEndpoint.id])
    }

    @Test("an unknown endpoint id is an error that names every known one")
    func unknownEndpoint() throws {
        let specs = try ShippedSpecs.load()
        #expect {
            _ = try OpenAPIExporter(toolVersion: "t").export(specs, endpointIDs: ["no.such.endpoint"])
        } throws: { error in
            guard let error = error as? OpenAPIExportError else { return false }
            return error.message.contains("no endpoint \"no.such.endpoint\"")
                && specs.endpoints.allSatisfy { error.message.contains($0.id) }
                && error.message.contains(specs.platform.tokenEndpoint.id)
        }
    }

    @Test("a byte length is an extension, never minLength/maxLength (which count characters)")
    func byteLengths() throws {
        var field = FieldSpec(name: "note", location: .body, type: .string, required: Rule(true, .documented("是")))
        field.minLength = Rule(2, .documented("至少 2 字节"))
        field.maxLength = Rule(90, .documented("最多 90 字节"), error: ErrorBinding(code: 7, provenance: .inferred("why")))
        field.lengthUnit = Rule(.bytes, .documented("字节"))
        let endpoint = try endpointWith(field)
        let schema = try #require(
            try OpenAPITranslator(toolVersion: "t").translate(endpoint.set).operation(id: endpoint.id)?
                .requestBody?.content["application/json"]?.schema.properties?["note"])
        #expect(schema.minLength == nil && schema.maxLength == nil)
        #expect(schema.extensions["x-min-bytes"] == 2)
        #expect(schema.extensions["x-max-bytes"] == 90)
        #expect(schema.extensions["x-length-unit"] == "bytes")
        #expect(schema.extensions["x-violation-codes"]?["maxLength"] == 7)
        #expect(schema.extensions["x-provenance"]?["lengthUnit"] == ["documented": "字节"])
    }

    @Test("an endpoint on fewer domains than the platform's gets its own servers")
    func domains() throws {
        let specs = try ShippedSpecs.load()
        var endpoint = try #require(specs.endpoints.first)
        endpoint.domains = Rule(["lark"], .documented("Lark only"))
        let set = SpecSet(platform: specs.platform, endpoints: [endpoint])
        let document = try OpenAPITranslator(toolVersion: "t").translate(set)
        let servers = try #require(document.operation(id: endpoint.id)?.servers)
        #expect(servers.map(\.url) == [specs.platform.domains["lark"]])
        let token = specs.platform.tokenEndpoint
        let tokenServers = document.operation(id: token.id)?.servers
        if Set(token.domains.value) == Set(specs.platform.domains.keys) {
            #expect(tokenServers == nil)
        } else {
            #expect(tokenServers?.map(\.url) == token.domains.value.sorted().compactMap { specs.platform.domains[$0] })
        }
        #expect(document.servers.count == specs.platform.domains.count)
    }

    @Test("path parameters become {name} segments and are required")
    func pathParameters() throws {
        let specs = try ShippedSpecs.load()
        var endpoint = try #require(specs.endpoints.first)
        endpoint.path = "/open-apis/test/v1/widgets/:widget_id"
        endpoint.request.append(FieldSpec(name: "widget_id", location: .path, type: .string, required: Rule(true, .documented("是"))))
        let document = try OpenAPITranslator(toolVersion: "t").translate(SpecSet(platform: specs.platform, endpoints: [endpoint]))
        let item = try #require(document.paths["/open-apis/test/v1/widgets/{widget_id}"])
        let parameter = try #require(item.operations[endpoint.method.lowercased()]?.parameter("widget_id", in: .path))
        #expect(parameter.required)
    }

    @Test("pretty JSON: sorted keys, two-space indent, the same bytes whatever the insertion order")
    func prettyJSON() throws {
        let a: JSONValue = ["b": [1, 2.5, "x\n"], "a": [:], "c": []]
        var members: [String: JSONValue] = [:]
        members["c"] = []
        members["a"] = [:]
        members["b"] = [1, 2.5, "x\n"]
        let text = String(decoding: JSONWriter.prettyBytes(a), as: UTF8.self)
        #expect(text == "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2.5,\n    \"x\\n\"\n  ],\n  \"c\": []\n}\n")
        #expect(JSONWriter.prettyBytes(.object(members)) == JSONWriter.prettyBytes(a))
        #expect(try JSONValue.parse(Data(JSONWriter.prettyBytes(a))) == a)
    }

    @Test("the renderer leaves out what a schema does not say")
    func sparseSchema() {
        let renderer = OpenAPIRenderer()
        #expect(renderer.schema(JSONSchema()) == [:])
        var array = JSONSchema(type: .array)
        array.items = JSONSchema(type: .integer)
        #expect(renderer.schema(array) == ["type": "array", "items": ["type": "integer"]])
        #expect(renderer.schema(.reference("#/components/schemas/X")) == ["$ref": "#/components/schemas/X"])
    }

    /// A spec set whose only endpoint is a JSON POST with `field` as its body.
    func endpointWith(_ field: FieldSpec) throws -> (set: SpecSet, id: String) {
        let specs = try ShippedSpecs.load()
        var endpoint = try #require(specs.endpoints.first { $0.bodyEncoding == .json })
        endpoint.id = "test.v1.note.create"
        endpoint.path = "/open-apis/test/v1/notes"
        endpoint.request = [field]
        endpoint.behaviours = []
        return (SpecSet(platform: specs.platform, endpoints: [endpoint]), endpoint.id)
    }
}
