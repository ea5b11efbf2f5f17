import Foundation
import Synchronization

/// Every spec the tool knows: the platform file plus one file per endpoint.
public struct SpecSet: Sendable, Hashable {
    /// Platform-wide facts (`platform.json`).
    public var platform: PlatformSpec
    /// Endpoints sorted by id.
    public var endpoints: [EndpointSpec]

    /// Creates a set; endpoints are sorted by id.
    public init(platform: PlatformSpec, endpoints: [EndpointSpec]) {
        self.platform = platform
        self.endpoints = endpoints.sorted { $0.id < $1.id }
    }

    /// The endpoint with `id`: a binary search, as `endpoints` is sorted by id (the runner asks once
    /// per step and per case, which a linear scan made quadratic over a whole imported corpus); a
    /// linear scan when that misses, in case `endpoints` was changed out of order.
    public func endpoint(id: String) -> EndpointSpec? {
        var low = 0
        var high = endpoints.count
        while low < high {
            let middle = (low + high) / 2
            if endpoints[middle].id < id { low = middle + 1 } else { high = middle }
        }
        if low < endpoints.count, endpoints[low].id == id { return endpoints[low] }
        return endpoints.first { $0.id == id }
    }

    /// Every capability the endpoints' `requiresCapability` behaviours name, sorted: what a mock
    /// app with "every capability" has, and what a test app may lack.
    public var capabilities: [String] {
        var names: Set<String> = []
        for endpoint in endpoints {
            for case .requiresCapability(let r) in endpoint.behaviours { names.insert(r.capability) }
        }
        return names.sorted()
    }

    /// The name of the platform file inside a specs directory.
    public static let platformFileName = "platform.json"

    /// Decodes a spec set from file contents: `platform.json` plus endpoint files (name -> bytes).
    /// Throws `SpecLoadError` naming the file and coding path of the first problem; use `lint`
    /// for a full diagnosis. With `conventions` (the default), the resource behaviours the
    /// platform's REST conventions imply are added (`ResourceConventions`).
    public static func decode(files: [String: Data], conventions: Bool = true) throws -> SpecSet {
        guard let platformData = files[platformFileName] else {
            throw SpecLoadError(file: platformFileName, path: "", message: "missing \(platformFileName)")
        }
        let platform: PlatformSpec = try decodeFile(PlatformSpec.self, platformData, file: platformFileName)
        let names = files.keys.sorted().filter { $0 != platformFileName && $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }
        // Decoded side by side (a whole imported corpus is 1,669 files, 70 MB, most of a mock's
        // start); the first problem in name order is thrown, as when they were decoded in turn.
        let decoded = Mutex(
            [Result<EndpointSpec, SpecLoadError>](
                repeating: .failure(SpecLoadError(file: "", path: "", message: "not decoded")), count: names.count))
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let result: Result<EndpointSpec, SpecLoadError>
            do throws(SpecLoadError) {
                result = .success(try decodeFile(EndpointSpec.self, files[names[index]] ?? Data(), file: names[index]))
            } catch {
                result = .failure(error)
            }
            decoded.withLock { $0[index] = result }
        }
        let endpoints = try decoded.withLock { $0 }.map { try $0.get() }
        let set = SpecSet(platform: platform, endpoints: endpoints)
        return conventions ? ResourceConventions.apply(to: set) : set
    }

    /// Loads every `*.json` spec in `directory` (the schema file excepted).
    public static func load(directory: URL) throws -> SpecSet {
        try decode(files: readSpecFiles(directory: directory))
    }

    /// Reads the spec files of a directory: name -> bytes, schema excluded.
    public static func readSpecFiles(directory: URL) throws -> [String: Data] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw SpecLoadError(file: directory.path, path: "", message: "cannot read the specs directory: \(error.localizedDescription)")
        }
        var files: [String: Data] = [:]
        for name in names where name.hasSuffix(".json") && !name.hasSuffix(".schema.json") {
            do {
                files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
            } catch {
                throw SpecLoadError(file: name, path: "", message: "cannot read: \(error.localizedDescription)")
            }
        }
        return files
    }

    /// Decodes one spec file, turning a decoding error into a `SpecLoadError` with the JSON path
    /// of the problem (`$.request[2].maxLength`).
    public static func decodeFile<T: Decodable>(_ type: T.Type, _ data: Data, file: String) throws(SpecLoadError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw SpecLoadError(file: file, path: jsonPath(context.codingPath + [key]), message: "missing key \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
            throw SpecLoadError(file: file, path: jsonPath(context.codingPath), message: context.debugDescription)
        } catch {
            throw SpecLoadError(file: file, path: "", message: "\(error)")
        }
    }

    /// `$.request[2].maxLength` from a coding path.
    public static func jsonPath(_ codingPath: [any CodingKey]) -> String {
        var s = "$"
        for key in codingPath {
            if let i = key.intValue { s += "[\(i)]" } else { s += ".\(key.stringValue)" }
        }
        return s
    }
}

/// A spec file that could not be decoded.
public struct SpecLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name (or the folder, when it cannot be read).
    public var file: String
    /// JSON path of the problem (`$.request[2]`); empty when it is not inside the document.
    public var path: String
    /// What is wrong.
    public var message: String

    /// Creates the error.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    /// `file path: message`.
    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file) \(path): \(message)" }
}
