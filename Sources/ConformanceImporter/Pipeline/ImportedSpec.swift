import ConformanceSpec

/// A spec imported from one page, its file text, and what `lint` says about it.
public struct ImportedSpec: Sendable {
    /// The spec.
    public var spec: EndpointSpec
    /// The file's text (``SpecJSONRenderer``).
    public var text: String
    /// Lint's errors and warnings for the file (import warnings among them).
    public var diagnostics: [Diagnostic]

    /// Creates the value.
    public init(spec: EndpointSpec, text: String, diagnostics: [Diagnostic]) {
        self.spec = spec
        self.text = text
        self.diagnostics = diagnostics
    }

    /// `<id>.json`.
    public var fileName: String { "\(spec.id).json" }

    /// True when lint reports nothing at all, not even a warning: the page was fully read.
    public var isLintClean: Bool { diagnostics.isEmpty }

    /// True when lint reports no error (`lint` exits 0): a valid spec, perhaps with warnings
    /// naming what the page did not let the importer read.
    public var isValid: Bool { !diagnostics.hasErrors }
}
