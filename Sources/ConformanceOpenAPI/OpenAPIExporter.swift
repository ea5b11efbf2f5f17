import ConformanceSpec

/// `export openapi`: specs to an OpenAPI 3.1 document as JSON bytes, in two typed stages:
/// translate (`OpenAPITranslator`: spec set to document model) and render (`OpenAPIRenderer`:
/// model to bytes). The same specs always give the same bytes.
public struct OpenAPIExporter: Sendable {
    /// The translate stage.
    public var translator: OpenAPITranslator
    /// The render stage.
    public var renderer: OpenAPIRenderer

    /// An exporter stamping `toolVersion` into the document.
    public init(toolVersion: String) {
        translator = OpenAPITranslator(toolVersion: toolVersion)
        renderer = OpenAPIRenderer()
    }

    /// The document model for `specs` (`endpointIDs` selects endpoints; none: every one).
    public func document(_ specs: SpecSet, endpointIDs: [String] = []) throws(OpenAPIExportError) -> OpenAPIDocument {
        try translator.translate(specs, endpointIDs: endpointIDs)
    }

    /// The document's JSON bytes (indented, keys sorted, final newline).
    public func export(_ specs: SpecSet, endpointIDs: [String] = []) throws(OpenAPIExportError) -> [UInt8] {
        renderer.bytes(try document(specs, endpointIDs: endpointIDs))
    }
}
