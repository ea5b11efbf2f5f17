import ConformanceOpenAPI
import ConformanceSpec
import Foundation
import Testing

/// The repository's specs (Specs/ via #filePath): every shipped spec, curated or imported.
enum ShippedSpecs {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Specs")

    private static let loaded: Result<SpecSet, any Error> = Result { try SpecSet.load(directory: directory) }
    private static let rendered: Result<JSONValue, any Error> = Result {
        try JSONValue.parse(Data(try OpenAPIExporter(toolVersion: "test").export(try loaded.get())))
    }

    /// The shipped specs, read once.
    static func load() throws -> SpecSet { try loaded.get() }

    /// The shipped specs' document, rendered to JSON and read back once: what a consumer sees
    /// (one export for every test, not one per endpoint: the suite must not starve the others).
    static func document() throws -> JSONValue { try rendered.get() }
}

/// One endpoint of the shipped specs, for `@Test(arguments:)`.
struct ShippedEndpoint: Sendable, CustomTestStringConvertible {
    var spec: EndpointSpec
    var isToken: Bool
    var testDescription: String { spec.id }

    /// Every endpoint spec plus the token endpoint.
    static var all: [ShippedEndpoint] {
        guard let specs = try? ShippedSpecs.load() else { return [] }
        return [ShippedEndpoint(spec: specs.platform.tokenEndpoint, isToken: true)] + specs.endpoints.map { ShippedEndpoint(spec: $0, isToken: false) }
    }
}

extension JSONValue {
    /// `self[a][b]...`, nil when any step is missing.
    subscript(path keys: String...) -> JSONValue? {
        var current: JSONValue? = self
        for key in keys { current = current?[key] }
        return current
    }
}

/// The operation of `endpoint` in a rendered document.
func operation(_ document: JSONValue, _ endpoint: EndpointSpec) throws -> JSONValue {
    let path = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
        .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    return try #require(document[path: "paths", path, endpoint.method.lowercased()], "no operation for \(endpoint.signature)")
}

/// `{"documented": text}` or `{"inferred": text}`.
func provenanceJSON(_ provenance: Provenance) -> JSONValue {
    .object([provenance.kind: .string(provenance.text)])
}
