import ConformanceSpec
import Foundation

/// Checks a JSON value against `Reports/results.schema.json` for the keywords that schema uses,
/// with draft 2020-12 meaning. Not a general validator: a keyword it does not know is itself
/// reported as a problem, so the schema cannot grow past what this test checks without the test
/// saying so. CI validates with python-jsonschema (`Benchmarks/results_schema_check.py`).
struct SchemaSubsetChecker {
    /// The keywords understood here; annotations (`title`, `description`, `format`) are ignored.
    static let keywords: Set<String> = [
        "$schema", "$defs", "$ref", "title", "description", "$comment", "format",
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "oneOf",
        "minimum", "maximum", "minLength", "pattern",
    ]

    /// The whole schema document (`$ref`s resolve against it).
    let root: JSONValue

    /// The schema at `Reports/results.schema.json` of this checkout.
    static func resultsSchema(filePath: String = #filePath) throws -> SchemaSubsetChecker {
        SchemaSubsetChecker(root: try JSONValue.parse(Data(contentsOf: schemaURL(filePath: filePath))))
    }

    /// `Reports/results.schema.json`, found from this file's path (Tests/ConformanceReportTests/…).
    static func schemaURL(filePath: String = #filePath) -> URL {
        repositoryRoot(filePath: filePath).appendingPathComponent("Reports/results.schema.json")
    }

    /// The repository root, three levels above this file.
    static func repositoryRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The schema under `$defs`.
    func definition(_ name: String) -> JSONValue? { root["$defs"]?[name] }

    /// Every problem of `value` against the whole schema, as `$.path: what`.
    func problems(_ value: JSONValue) -> [String] {
        var found: [String] = []
        check(value, root, "$", &found)
        return found
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, _ found: inout [String]) {
        if case .bool(let accepts) = schema {
            if !accepts { found.append("\(path): the schema accepts nothing here") }
            return
        }
        guard let members = schema.objectValue else {
            found.append("\(path): schema is neither an object nor a boolean")
            return
        }
        for keyword in members.keys.sorted() where !Self.keywords.contains(keyword) {
            found.append("\(path): the test's checker does not know the keyword '\(keyword)'; teach it, or keep the schema simple")
        }
        if let reference = members["$ref"]?.stringValue {
            let prefix = "#/$defs/"
            if reference.hasPrefix(prefix), let target = definition(String(reference.dropFirst(prefix.count))) {
                check(value, target, path, &found)
            } else {
                found.append("\(path): unresolvable $ref \(reference)")
            }
        }
        if let type = members["type"]?.stringValue, !Self.value(value, hasType: type) {
            found.append("\(path): expected \(type), got \(value.typeName)")
        }
        if let options = members["enum"]?.arrayValue, !options.contains(value) {
            found.append("\(path): \(value) is not one of \(options.map(\.description).joined(separator: ", "))")
        }
        if let constant = members["const"], constant != value {
            found.append("\(path): expected \(constant), got \(value)")
        }
        if let object = value.objectValue {
            let properties = members["properties"]?.objectValue ?? [:]
            for (name, sub) in properties.sorted(by: { $0.key < $1.key }) {
                if let member = object[name] { check(member, sub, "\(path).\(name)", &found) }
            }
            for name in members["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                found.append("\(path): missing required member '\(name)'")
            }
            if let additional = members["additionalProperties"] {
                for name in object.keys.sorted() where properties[name] == nil {
                    check(object[name]!, additional, "\(path).\(name)", &found)
                }
            }
        }
        if let items = members["items"], let array = value.arrayValue {
            for (index, element) in array.enumerated() { check(element, items, "\(path)[\(index)]", &found) }
        }
        if let branches = members["oneOf"]?.arrayValue {
            let matching = branches.filter { branch in
                var branchProblems: [String] = []
                check(value, branch, path, &branchProblems)
                return branchProblems.isEmpty
            }.count
            if matching != 1 { found.append("\(path): matches \(matching) of the \(branches.count) oneOf branches, not exactly 1") }
        }
        if let number = Self.number(value) {
            if let minimum = members["minimum"].flatMap(Self.number), number < minimum {
                found.append("\(path): \(value) is below the minimum \(minimum)")
            }
            if let maximum = members["maximum"].flatMap(Self.number), number > maximum {
                found.append("\(path): \(value) is above the maximum \(maximum)")
            }
        }
        if let text = value.stringValue {
            if let minLength = members["minLength"]?.intValue, text.unicodeScalars.count < minLength {
                found.append("\(path): shorter than \(minLength)")
            }
            if let pattern = members["pattern"]?.stringValue {
                let matches =
                    (try? NSRegularExpression(pattern: pattern))
                    .map { $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil } ?? false
                if !matches { found.append("\(path): '\(text)' does not match \(pattern)") }
            }
        }
    }

    private static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("integer", .int), ("number", .int),
            ("number", .double), ("boolean", .bool), ("null", .null):
            true
        default: false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
