import ConformanceSpec

/// Generation failed; `diagnostics` say where and what to do.
public struct GeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, errors first.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// A summary line, then one indented line per diagnostic.
    public var description: String {
        "generation failed; fix the spec files and run `feishu-conformance lint` for a full diagnosis:\n"
            + diagnostics.map { "  \($0)" }.joined(separator: "\n")
    }
}
