import ConformanceSpec
import Foundation

@testable import ConformanceDiff

/// A spec set as editable JSON documents (file name -> document), for building one side of a diff.
struct SpecFiles: Sendable {
    var documents: [String: JSONValue]

    /// The committed base of the class fixtures (`Resources/Classes/old`).
    static func base() throws -> SpecFiles { try load(Fixture.classes.appendingPathComponent("old")) }

    /// The base, read once per test process.
    static let cachedBase: SpecFiles? = try? base()
    /// The base's snapshot, decoded once per test process.
    static let cachedBaseSnapshot: SpecSnapshot? = try? cachedBase?.snapshot("old")

    /// The snapshot of an edit of the cached base: only the files the edit changed are decoded
    /// again (decoding every spec for each of the many class cases is most of their time).
    func snapshot(editing base: SpecFiles, _ baseSnapshot: SpecSnapshot, label: String) throws -> SpecSnapshot {
        let changed = Set(documents.keys).union(base.documents.keys).filter { documents[$0] != base.documents[$0] }
        let partial = try SpecSnapshot.decode(
            files: documents.filter { changed.contains($0.key) }.mapValues { Data(JSONWriter.bytes($0)) },
            label: label)
        var snapshot = baseSnapshot
        snapshot.label = label
        snapshot.endpoints = baseSnapshot.endpoints.filter { !changed.contains($0.file) } + partial.endpoints
        snapshot.endpoints.sort { $0.spec.id < $1.spec.id }
        if let file = baseSnapshot.platformFile, changed.contains(file) {
            snapshot.platform = partial.platform
            snapshot.platformJSON = partial.platformJSON
            snapshot.platformFile = partial.platformFile
        }
        return snapshot
    }

    static func load(_ directory: URL) throws -> SpecFiles {
        var documents: [String: JSONValue] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") {
            documents[name] = try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent(name)))
        }
        return SpecFiles(documents: documents)
    }

    /// The documents' bytes: pretty, keys sorted, one newline at the end.
    var files: [String: Data] {
        documents.mapValues {
            var data = $0.jsonData(pretty: true)
            data.append(0x0A)
            return data
        }
    }

    func snapshot(_ label: String) throws -> SpecSnapshot {
        try SpecSnapshot.decode(files: documents.mapValues { Data(JSONWriter.bytes($0)) }, label: label)
    }

    /// Writes every document into `directory` (created; other `*.json` files there removed).
    func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".json") && documents[name] == nil {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        for (name, data) in files { try data.write(to: directory.appendingPathComponent(name)) }
    }

    /// Replaces the value at `path` (`request[name=name].maxLength.value`, same notation as the
    /// differ's paths without the leading `$.`) in `file`; nil removes it.
    mutating func set(_ file: String, _ path: String, _ value: JSONValue?) {
        guard var document = documents[file] else { preconditionFailure("no fixture file \(file)") }
        JSONEdit.set(&document, JSONEdit.steps(path)[...], value, path: path)
        documents[file] = document
    }

    /// Appends `value` to the array at `path`.
    mutating func append(_ file: String, _ path: String, _ value: JSONValue) {
        guard case .array(var items)? = documents[file].flatMap({ JSONEdit.get($0, JSONEdit.steps(path)[...]) }) else {
            preconditionFailure("\(file) \(path) is not an array")
        }
        items.append(value)
        set(file, path, .array(items))
    }

    /// The value at `path`.
    func get(_ file: String, _ path: String) -> JSONValue? {
        documents[file].flatMap { JSONEdit.get($0, JSONEdit.steps(path)[...]) }
    }
}

/// Reads and writes JSON documents along differ-style paths.
enum JSONEdit {
    enum Step: Equatable {
        case key(String)
        case element(String)
    }

    /// `a.b[name=x].c` -> [.key(a), .key(b), .element(name=x), .key(c)].
    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        var current = ""
        var index = path.startIndex
        while index < path.endIndex {
            let c = path[index]
            if c == "." {
                if !current.isEmpty { steps.append(.key(current)) }
                current = ""
            } else if c == "[" {
                if !current.isEmpty { steps.append(.key(current)) }
                current = ""
                guard let close = path[index...].firstIndex(of: "]") else { preconditionFailure("unclosed [ in \(path)") }
                steps.append(.element(String(path[path.index(after: index)..<close])))
                index = close
            } else {
                current.append(c)
            }
            index = path.index(after: index)
        }
        if !current.isEmpty { steps.append(.key(current)) }
        return steps
    }

    static func matches(_ element: JSONValue, _ key: String, at position: Int) -> Bool {
        if let n = Int(key) { return n == position }
        return ElementKeys.identity(ofJSON: element) == key
    }

    static func get(_ value: JSONValue, _ steps: ArraySlice<Step>) -> JSONValue? {
        guard let step = steps.first else { return value }
        switch (step, value) {
        case (.key(let key), .object(let members)): return members[key].flatMap { get($0, steps.dropFirst()) }
        case (.element(let key), .array(let items)):
            guard let i = items.indices.first(where: { matches(items[$0], key, at: $0) }) else { return nil }
            return get(items[i], steps.dropFirst())
        default: return nil
        }
    }

    static func set(_ value: inout JSONValue, _ steps: ArraySlice<Step>, _ new: JSONValue?, path: String) {
        guard let step = steps.first else { preconditionFailure("empty path") }
        let last = steps.count == 1
        switch (step, value) {
        case (.key(let key), .object(var members)):
            if last {
                members[key] = new
            } else {
                var child = members[key] ?? .object([:])
                set(&child, steps.dropFirst(), new, path: path)
                members[key] = child
            }
            value = .object(members)
        case (.element(let key), .array(var items)):
            guard let i = items.indices.first(where: { matches(items[$0], key, at: $0) }) else { preconditionFailure("no element [\(key)] in \(path)") }
            if last {
                if let new { items[i] = new } else { items.remove(at: i) }
            } else {
                set(&items[i], steps.dropFirst(), new, path: path)
            }
            value = .array(items)
        default:
            preconditionFailure("cannot follow \(path) at \(step)")
        }
    }
}

/// Where the fixtures live.
enum Fixture {
    /// This test target's `Resources/` in the source tree (where re-recording writes, too).
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    /// The class fixtures: `old/` and `new/` differ in one fact of each change class.
    static var classes: URL { resources.appendingPathComponent("Classes") }
    /// The repository root.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
