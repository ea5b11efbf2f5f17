import ConformanceSpec
import Foundation

/// One side of a diff: the specs of a directory, a single spec file, or a git revision of either,
/// each kept with its file name and its JSON (normalised by the model) for the generic comparison.
public struct SpecSnapshot: Sendable {
    /// An endpoint spec with the file it came from.
    public struct Endpoint: Sendable {
        /// The decoded spec.
        public var spec: EndpointSpec
        /// The file name (`admin.v1.badge.create.json`).
        public var file: String
        /// The file as the model reads it, plus the members the model does not know.
        var json: JSONValue
    }

    /// How the side was given, for reports.
    public var label: String
    /// `platform.json`, when the side has one.
    public var platform: PlatformSpec?
    /// The platform file as the model reads it, plus the members the model does not know.
    var platformJSON: JSONValue?
    /// The platform file's name, when there is one.
    public var platformFile: String?
    /// The endpoint specs, sorted by id.
    public var endpoints: [Endpoint]
    /// True when the side is one spec file rather than a set: two single files are compared with
    /// each other whatever their ids.
    public var isSingleFile: Bool

    /// Decodes the spec files of one side (name -> bytes; `*.schema.json` and non-JSON names are
    /// ignored). A file whose top level has `tokenEndpoint`, or named `platform.json`, is the
    /// platform file. Throws naming the side, the file and the JSON path of the first problem.
    public static func decode(files: [String: Data], label: String, isSingleFile: Bool = false) throws(DiffInputError) -> SpecSnapshot {
        var snapshot = SpecSnapshot(label: label, platform: nil, platformJSON: nil, platformFile: nil, endpoints: [], isSingleFile: isSingleFile)
        var owners: [String: String] = [:]
        for name in files.keys.sorted() where name.hasSuffix(".json") && !name.hasSuffix(".schema.json") {
            guard let data = files[name] else { continue }
            let raw: JSONValue
            do {
                raw = try JSONValue.parse(data)
            } catch {
                throw DiffInputError("\(label): \(name) is not JSON: \(error.message)")
            }
            do {
                if name == SpecSet.platformFileName || raw["tokenEndpoint"] != nil {
                    guard snapshot.platform == nil else {
                        throw DiffInputError("\(label): both \(snapshot.platformFile ?? "?") and \(name) are platform files; keep one")
                    }
                    let platform = try SpecSet.decodeFile(PlatformSpec.self, data, file: name)
                    snapshot.platform = platform
                    snapshot.platformFile = name
                    snapshot.platformJSON = JSONTreeDiff.normalised(raw: raw, encoded: try encoded(platform))
                } else {
                    let spec = try SpecSet.decodeFile(EndpointSpec.self, data, file: name)
                    if let other = owners[spec.id] {
                        throw DiffInputError("\(label): \(other) and \(name) both define endpoint \(spec.id); keep one")
                    }
                    owners[spec.id] = name
                    snapshot.endpoints.append(Endpoint(spec: spec, file: name, json: JSONTreeDiff.normalised(raw: raw, encoded: try encoded(spec))))
                }
            } catch let error as SpecLoadError {
                throw DiffInputError("\(label): cannot read \(error.description) (run `feishu-conformance lint --specs DIR` for every problem)")
            } catch let error as DiffInputError {
                throw error
            } catch {
                throw DiffInputError("\(label): cannot read \(name): \(error)")
            }
        }
        snapshot.endpoints.sort { $0.spec.id < $1.spec.id }
        return snapshot
    }

    /// A decoded spec re-encoded as JSON: the model's own view of the file.
    static func encoded<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue.parse(JSONEncoder().encode(value))
    }
}
