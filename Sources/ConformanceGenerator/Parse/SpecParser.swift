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
                diagnostics.append(Diagnostic(.error, "not UTF-8 text", file: "\(directoryName)/\(name)"))
                continue
            }
            texts[name] = text
        }
        guard let platformData = files[SpecSet.platformFileName] else {
            throw GeneratorError(diagnostics: [Diagnostic(.error,
                "missing \(SpecSet.platformFileName): every specs folder needs the platform file beside the endpoint specs",
                file: directoryName)])
        }
        // Decode each file alone so one broken spec does not hide problems in the others.
        var platform: PlatformSpec?
        do {
            platform = try SpecSet.decode(files: [SpecSet.platformFileName: platformData]).platform
        } catch let error as SpecLoadError {
            diagnostics.append(Diagnostic(.error, error.message, file: "\(directoryName)/\(error.file)", path: error.path))
        } catch {
            diagnostics.append(Diagnostic(.error, "\(error)", file: "\(directoryName)/\(SpecSet.platformFileName)"))
        }
        var endpoints: [EndpointSpec] = []
        var fileNames: [String: String] = [:]
        for name in files.keys.sorted() where name != SpecSet.platformFileName {
            guard let data = files[name] else { continue }
            let endpoint: EndpointSpec
            do {
                endpoint = try JSONDecoder().decode(EndpointSpec.self, from: data)
            } catch {
                let (path, message) = Self.describe(error)
                diagnostics.append(Diagnostic(.error, message, file: "\(directoryName)/\(name)", path: path))
                continue
            }
            if let other = fileNames[endpoint.id] {
                diagnostics.append(Diagnostic(.error, "endpoint id \"\(endpoint.id)\" is also used by \(other): ids must be unique",
                                              file: "\(directoryName)/\(name)", path: "$.id"))
                continue
            }
            if name != endpoint.id + ".json" {
                diagnostics.append(Diagnostic(.warning, "file name should be \(endpoint.id).json", file: "\(directoryName)/\(name)", path: "$.id"))
            }
            fileNames[endpoint.id] = name
            endpoints.append(endpoint)
        }
        guard let platform, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw GeneratorError(diagnostics: diagnostics.sorted { ($0.severity == .error ? 0 : 1, $0.description) < ($1.severity == .error ? 0 : 1, $1.description) })
        }
        return ParsedSpecs(specSet: SpecSet(platform: platform, endpoints: endpoints), texts: texts, fileNames: fileNames,
                           directoryName: directoryName, diagnostics: diagnostics.sorted { $0.description < $1.description })
    }

    /// JSON path and message of a decoding error.
    static func describe(_ error: any Error) -> (path: String, message: String) {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            (SpecSet.jsonPath(context.codingPath + [key]), "missing key \"\(key.stringValue)\"")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            (SpecSet.jsonPath(context.codingPath), context.debugDescription)
        default:
            ("", "\(error)")
        }
    }
}
