import ConformanceSpec
import Foundation

/// The parsed input of one generation: the spec set, each spec's source text, and diagnostics.
public struct ParsedSpecs: Sendable, Equatable {
    /// The decoded specs.
    public var specSet: SpecSet
    /// Spec file name (`admin.v1.badge_image.create.json`) -> exact text, for embedding.
    public var texts: [String: String]
    /// Endpoint id -> its file name.
    public var fileNames: [String: String]
    /// The folder name headers use (`Specs`).
    public var directoryName: String
    /// Problems found; none of severity `error`.
    public var diagnostics: [Diagnostic]

    /// Creates parsed specs.
    public init(specSet: SpecSet, texts: [String: String], fileNames: [String: String], directoryName: String, diagnostics: [Diagnostic]) {
        self.specSet = specSet
        self.texts = texts
        self.fileNames = fileNames
        self.directoryName = directoryName
        self.diagnostics = diagnostics
    }

    /// `Specs/<file>` for an endpoint id.
    public func sourcePath(endpointID: String) -> String {
        "\(directoryName)/\(fileNames[endpointID] ?? endpointID + ".json")"
    }

    /// `Specs/platform.json`.
    public var platformSourcePath: String { "\(directoryName)/\(SpecSet.platformFileName)" }
}

/// The parse stage: spec files to a spec set, with diagnostics.
public protocol SpecParsing: Sendable {
    /// Decodes `files` (name -> bytes) read from a folder called `directoryName`.
    func parse(files: [String: Data], directoryName: String) throws(GeneratorError) -> ParsedSpecs
}

/// The default parser: decodes every file, reporting every broken file (not just the first).
public struct SpecParser: SpecParsing {
    /// Creates a parser.
    public init() {}

    /// Decodes `files` (name -> bytes) read from a folder called `directoryName`.
    public func parse(files: [String: Data], directoryName: String) throws(GeneratorError) -> ParsedSpecs {
        var diagnostics: [Diagnostic] = []
        var texts: [String: String] = [:]
        for (name, data) in files {
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(severity: .error, file: "\(directoryName)/\(name)", jsonPath: "$", message: "not UTF-8 text"))
                continue
            }
            texts[name] = text
        }
        guard let platformData = files[SpecSet.platformFileName] else {
            throw GeneratorError(diagnostics: [
                Diagnostic(
                    severity: .error, file: directoryName, jsonPath: "$",
                    message: "missing \(SpecSet.platformFileName): every specs folder needs the platform file beside the endpoint specs")
            ])
        }
        // Decode each file alone so one broken spec does not hide problems in the others.
        var platform: PlatformSpec?
        do {
            platform = try SpecSet.decodeFile(PlatformSpec.self, platformData, file: SpecSet.platformFileName)
        } catch {
            diagnostics.append(Diagnostic(error, file: "\(directoryName)/\(error.file)"))
        }
        var endpoints: [EndpointSpec] = []
        var fileNames: [String: String] = [:]
        for name in files.keys.sorted() where name != SpecSet.platformFileName {
            guard let data = files[name] else { continue }
            let file = "\(directoryName)/\(name)"
            let endpoint: EndpointSpec
            do {
                endpoint = try SpecSet.decodeFile(EndpointSpec.self, data, file: file)
            } catch {
                diagnostics.append(Diagnostic(error))
                continue
            }
            if let other = fileNames[endpoint.id] {
                diagnostics.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "$.id",
                        message: "endpoint id \"\(endpoint.id)\" is also used by \(other): ids must be unique"))
                continue
            }
            if name != endpoint.id + ".json" {
                diagnostics.append(Diagnostic(severity: .warning, file: file, jsonPath: "$.id", message: "file name should be \(endpoint.id).json"))
            }
            fileNames[endpoint.id] = name
            endpoints.append(endpoint)
        }
        guard let platform, !diagnostics.hasErrors else {
            throw GeneratorError(diagnostics: diagnostics.sortedBySeverity())
        }
        return ParsedSpecs(
            specSet: ResourceConventions.apply(to: SpecSet(platform: platform, endpoints: endpoints)), texts: texts, fileNames: fileNames,
            directoryName: directoryName, diagnostics: diagnostics.sorted { $0.description < $1.description })
    }
}
