/// `feishu-conformance export openapi [--specs DIR] [--endpoint ID]... [--out FILE]`: the specs as
/// an OpenAPI 3.1 document.
public struct ExportCommand: ParsableCommand {
    /// What `export` can write.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// OpenAPI 3.1 as JSON.
        case openapi
    }

    static let specs = SharedOptions.specs
    static let endpoint = OptionDeclaration<String>(
        "endpoint", valueName: "id", help: "Only export this endpoint (the token endpoint is always exported).",
        default: "every endpoint", repeatable: true, parser: RunCommand.endpoint.parser)
    static let out = OptionDeclaration<String>(
        "out", valueName: "file", help: "Write the document to this file.", default: "standard output",
        parser: .text("a file path"))

    /// Name, help and options.
    public static let configuration = CommandConfiguration(
        name: "export",
        abstract: "Export the specs as an OpenAPI 3.1 document (JSON).",
        discussion: """
            Every endpoint becomes an operation (operationId = spec id), plus the token endpoint:
            parameters, request bodies with their constraints, the success envelope, one response
            per error status with its codes, the tenant and user bearer tokens. What JSON Schema
            cannot state (length units, byte and pixel limits, rate limits, behaviours, decisions,
            provenance) is written as x- extensions. The same specs always give the same bytes.

            Feed it to other tools, e.g. schemathesis run openapi.json --url http://127.0.0.1:PORT
            against `feishu-conformance mock --rate-limits off`.
            """,
        operands: "openapi",
        arguments: [specs.definition, endpoint.definition, out.definition])

    /// The format (`openapi`).
    public var format: Format
    /// `--specs`, nil for the compiled-in specs.
    public var specsDirectory: String?
    /// `--endpoint` ids, in order, without duplicates.
    public var endpointIDs: [String]
    /// `--out`, nil for standard output.
    public var outFile: String?

    /// An export command.
    public init(format: Format = .openapi, specsDirectory: String? = nil, endpointIDs: [String] = [], outFile: String? = nil) {
        self.format = format
        self.specsDirectory = specsDirectory
        self.endpointIDs = endpointIDs
        self.outFile = outFile
    }

    /// Reads the options; the format is set by `parse`.
    public init(parsed: ParsedArguments) throws(CommandLineError) {
        format = .openapi
        specsDirectory = try parsed.value(Self.specs)
        var ids: [String] = []
        for id in try parsed.values(Self.endpoint) where !ids.contains(id) { ids.append(id) }
        endpointIDs = ids
        outFile = try parsed.value(Self.out)
    }

    /// Reads the format word, then the options.
    public static func parse(_ arguments: [String]) throws(CommandLineError) -> ExportCommand {
        let choices = Format.allCases.map(\.rawValue)
        guard let word = arguments.first, !word.hasPrefix("-") else {
            var error = CommandLineError.missingOperand(name: "format", choices: choices)
            error.commandName = configuration.name
            throw error
        }
        guard let format = Format(rawValue: word) else {
            var error = CommandLineError.unknownOperand(
                word, name: "format", choices: choices,
                suggestion: ArgumentParser.closest(to: word, among: choices))
            error.commandName = configuration.name
            throw error
        }
        var command = try parseOptions(Array(arguments.dropFirst()))
        command.format = format
        return command
    }

    /// Delegates to `environment.actions.export`.
    public func run(_ environment: CommandEnvironment) async throws -> ExitCode {
        try await environment.actions.export(self, environment)
    }
}
