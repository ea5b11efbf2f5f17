import Foundation
import Testing

@testable import ConformanceSpec

/// One deliberately broken spec set per lint rule, built in code from the shipped specs, with
/// the exact JSON paths the linter must report.
struct BrokenSpecCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The file the diagnostics must point at.
    var file: String
    /// Exactly these error paths in `file` (empty when the case expects a warning only).
    var errorPaths: Set<String>
    /// Exactly these warning paths in `file`.
    var warningPaths: Set<String> = []
    /// Breaks the shipped files.
    var breakFiles: @Sendable (inout [String: Data]) throws -> Void

    var testDescription: String { "\(name) -> \(file) \((errorPaths.union(warningPaths)).sorted().joined(separator: ", "))" }
}

/// Applies `transform` at a JSON path such as `$.request[2].maxLength` (nil removes the member).
func editJSON(_ value: JSONValue, _ path: String, _ transform: (JSONValue?) -> JSONValue?) -> JSONValue {
    var segments: [Either] = []
    var rest = Substring(path.dropFirst())  // drop "$"
    while !rest.isEmpty {
        if rest.hasPrefix(".") {
            rest = rest.dropFirst()
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            segments.append(.key(String(rest[..<end])))
            rest = rest[end...]
        } else if rest.hasPrefix("[") {
            let end = rest.firstIndex(of: "]") ?? rest.endIndex
            segments.append(.index(Int(rest[rest.index(after: rest.startIndex)..<end]) ?? 0))
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
        } else {
            break
        }
    }
    return edit(value, segments[...], transform) ?? .null
}

enum Either {
    case key(String)
    case index(Int)
}

private func edit(_ value: JSONValue?, _ segments: ArraySlice<Either>, _ transform: (JSONValue?) -> JSONValue?) -> JSONValue? {
    guard let first = segments.first else { return transform(value) }
    switch (first, value) {
    case (.key(let key), .object(var members)?):
        members[key] = edit(members[key], segments.dropFirst(), transform)
        return .object(members)
    case (.index(let i), .array(var items)?):
        if i == items.count {
            if let new = edit(nil, segments.dropFirst(), transform) { items.append(new) }
        } else if i < items.count {
            if let new = edit(items[i], segments.dropFirst(), transform) { items[i] = new } else { items.remove(at: i) }
        }
        return .array(items)
    default:
        return value
    }
}

extension Dictionary where Key == String, Value == Data {
    /// Edits one file's JSON at a path.
    mutating func edit(_ file: String, _ path: String, _ transform: (JSONValue?) -> JSONValue?) throws {
        let data = try #require(self[file], "no file \(file)")
        self[file] = editJSON(try JSONValue.parse(data), path, transform).jsonData()
    }

    /// Sets one file's JSON value at a path.
    mutating func set(_ file: String, _ path: String, _ value: JSONValue) throws {
        try edit(file, path) { _ in value }
    }
}

let badgeCreate = "admin.v1.badge.create.json"
let badgeList = "admin.v1.badge.list.json"
let badgeImage = "admin.v1.badge_image.create.json"
let lingo = "lingo.v1.file.upload.json"
let im = "im.v1.image.create.json"
let platformFile = "platform.json"

let brokenCases: [BrokenSpecCase] = [
    BrokenSpecCase(name: "malformed JSON", file: lingo, errorPaths: ["$"]) { files in
        files[lingo] = Data("{ \"id\": \"lingo.v1.file.upload\", ".utf8)
    },
    BrokenSpecCase(name: "unknown key", file: badgeCreate, errorPaths: ["$.request[2].maxLenght"]) { files in
        try files.set(badgeCreate, "$.request[2].maxLenght", ["value": 30, "documented": "最多30个字符"])
    },
    BrokenSpecCase(name: "unknown key in a rule", file: badgeCreate, errorPaths: ["$.request[2].maxLength.note"]) { files in
        try files.set(badgeCreate, "$.request[2].maxLength.note", "x")
    },
    BrokenSpecCase(name: "missing required key", file: badgeList, errorPaths: ["$.summary"]) { files in
        try files.edit(badgeList, "$.summary") { _ in nil }
    },
    BrokenSpecCase(name: "value outside the schema's enum", file: badgeList, errorPaths: ["$.method"]) { files in
        try files.set(badgeList, "$.method", "FETCH")
    },
    BrokenSpecCase(name: "wrong value type", file: im, errorPaths: ["$.request[3].file.maxBytes.value"]) { files in
        try files.set(im, "$.request[3].file.maxBytes.value", "10MB")
    },
    BrokenSpecCase(name: "constraint without provenance", file: badgeCreate, errorPaths: ["$.request[2].maxLength"]) { files in
        try files.edit(badgeCreate, "$.request[2].maxLength.documented") { _ in nil }
    },
    BrokenSpecCase(name: "constraint with both provenances", file: lingo, errorPaths: ["$.request[2].maxLength"]) { files in
        try files.set(lingo, "$.request[2].maxLength.inferred", "because")
    },
    BrokenSpecCase(name: "error entry without provenance", file: im, errorPaths: ["$.errors[1]"]) { files in
        try files.edit(im, "$.errors[1].documented") { _ in nil }
    },
    BrokenSpecCase(name: "behaviour without provenance", file: badgeImage, errorPaths: ["$.behaviours[0].provenance"]) { files in
        try files.set(badgeImage, "$.behaviours[0].provenance", [:])
    },
    BrokenSpecCase(name: "unknown behaviour kind", file: badgeList, errorPaths: ["$.behaviours[1].kind"]) { files in
        try files.set(badgeList, "$.behaviours[1].kind", "deletes")
    },
    BrokenSpecCase(name: "min > max (pixels)", file: lingo, errorPaths: ["$.request[3].file.pixels[0].minWidth"]) { files in
        try files.set(lingo, "$.request[3].file.pixels[0].minWidth.value", 5000)
    },
    BrokenSpecCase(name: "min > max (range)", file: badgeList, errorPaths: ["$.request[1].minimum"]) { files in
        try files.set(badgeList, "$.request[1].minimum.value", 60)
        try files.edit(badgeList, "$.request[1].example") { _ in nil }
        try files.edit(badgeList, "$.request[1].default") { _ in nil }
    },
    BrokenSpecCase(name: "empty enum", file: badgeImage, errorPaths: ["$.request[3].enum.value"]) { files in
        try files.set(badgeImage, "$.request[3].enum.value", [])
    },
    BrokenSpecCase(name: "duplicate enum value", file: im, errorPaths: ["$.request[2].enum.value[1].value"]) { files in
        try files.set(im, "$.request[2].enum.value[1].value", "message")
    },
    BrokenSpecCase(name: "duplicate error code", file: badgeList, errorPaths: ["$.errors[4].code"]) { files in
        let data = try #require(files[badgeList])
        let copy = try #require(try JSONValue.parse(data).value(at: "errors")?.arrayValue?[3])
        try files.set(badgeList, "$.errors[4]", copy)
    },
    BrokenSpecCase(name: "not triggerable without a reason", file: lingo, errorPaths: ["$.errors[1].triggerable"]) { files in
        try files.edit(lingo, "$.errors[1].whyNotTriggerable") { _ in nil }
    },
    BrokenSpecCase(name: "path parameter not in the path", file: badgeList, errorPaths: ["$.request[4].name"]) { files in
        try files.set(
            badgeList, "$.request[4]",
            [
                "name": "badge_id", "location": "path", "type": "string",
                "required": ["value": true, "documented": "badge_id | string | 是"],
            ])
    },
    BrokenSpecCase(name: "path placeholder without a field", file: badgeList, errorPaths: ["$.path"]) { files in
        try files.set(badgeList, "$.path", "/open-apis/admin/v1/badges/:badge_id")
    },
    BrokenSpecCase(name: "example longer than maxLength", file: badgeCreate, errorPaths: ["$.request[2].example"]) { files in
        try files.set(badgeCreate, "$.request[2].example", .string(String(repeating: "勋", count: 31)))
    },
    BrokenSpecCase(name: "nested example violates minLength", file: badgeCreate, errorPaths: ["$.request[6].example.en_us"]) { files in
        try files.set(badgeCreate, "$.request[6].example.en_us", "")
    },
    BrokenSpecCase(name: "example outside the range", file: badgeList, errorPaths: ["$.request[1].example"]) { files in
        try files.set(badgeList, "$.request[1].example", 51)
    },
    BrokenSpecCase(name: "example outside the enum", file: im, errorPaths: ["$.request[2].example"]) { files in
        try files.set(im, "$.request[2].example", "sticker")
    },
    BrokenSpecCase(name: "error binding to an unknown code", file: lingo, errorPaths: ["$.request[2].maxLength.error.code"]) { files in
        try files.set(lingo, "$.request[2].maxLength.error.code", 2250099)
    },
    BrokenSpecCase(
        name: "behaviour error binding to an unknown code", file: badgeCreate, errorPaths: ["$.behaviours[1].error.code"],
        warningPaths: ["$.errors[4]"]
    ) { files in
        try files.set(badgeCreate, "$.behaviours[1].error.code", 1051199)
    },
    BrokenSpecCase(
        name: "platform role bound to an unknown code", file: platformFile, errorPaths: ["$.roles.notFound.code"],
        warningPaths: ["$.errors[6]"]
    ) { files in
        try files.set(platformFile, "$.roles.notFound.code", 404)
    },
    BrokenSpecCase(name: "triggerable error nothing binds (warning)", file: lingo, errorPaths: [], warningPaths: ["$.errors[1]"]) { files in
        try files.set(lingo, "$.errors[1].triggerable", true)
    },
    BrokenSpecCase(name: "behaviour names a missing request field", file: badgeCreate, errorPaths: ["$.behaviours[1].field"]) { files in
        try files.set(badgeCreate, "$.behaviours[1].field", "title")
    },
    BrokenSpecCase(name: "list behaviour names a missing query field", file: badgeList, errorPaths: ["$.behaviours[0].pageSizeParam"]) { files in
        try files.set(badgeList, "$.behaviours[0].pageSizeParam", "limit")
    },
    BrokenSpecCase(name: "creates behaviour names a missing response field", file: badgeCreate, errorPaths: ["$.behaviours[0].keyPath"]) { files in
        try files.set(badgeCreate, "$.behaviours[0].keyPath", "badge.badge_id")
    },
    BrokenSpecCase(name: "unknown domain", file: im, errorPaths: ["$.domains.value[1]"]) { files in
        try files.set(im, "$.domains.value[1]", "larksuite")
    },
    BrokenSpecCase(name: "file name differs from id", file: "admin.v1.badges.list.json", errorPaths: ["$.id"]) { files in
        files["admin.v1.badges.list.json"] = files.removeValue(forKey: badgeList)
    },
    BrokenSpecCase(name: "duplicate endpoint id", file: "zz.copy.json", errorPaths: ["$.id"]) { files in
        files["zz.copy.json"] = files[badgeList]
        try files.set("zz.copy.json", "$.path", "/open-apis/admin/v1/badges_copy")
    },
    BrokenSpecCase(name: "duplicate method and path", file: "admin.v1.badge.list2.json", errorPaths: ["$.path"]) { files in
        files["admin.v1.badge.list2.json"] = files[badgeList]
        try files.set("admin.v1.badge.list2.json", "$.id", "admin.v1.badge.list2")
    },
    BrokenSpecCase(name: "rate-limit window neither sliding nor fixed", file: platformFile, errorPaths: ["$.rateLimiting.window.value"]) { files in
        try files.set(platformFile, "$.rateLimiting.window.value", "rolling")
    },
    BrokenSpecCase(name: "conditional on a request field", file: badgeCreate, errorPaths: ["$.request[2].conditional"]) { files in
        try files.set(badgeCreate, "$.request[2].conditional", ["value": ["when": "always"], "inferred": "x"])
    },
    BrokenSpecCase(
        name: "response field that may be left out without saying when", file: im,
        errorPaths: ["$.response.fields[0].required.value"]
    ) { files in
        try files.set(im, "$.response.fields[0].required.value", false)
    },
    BrokenSpecCase(
        name: "conditional response field marked not required", file: badgeList,
        errorPaths: ["$.response.fields[1].required.value"]
    ) { files in
        try files.set(badgeList, "$.response.fields[1].required.value", false)
    },
    BrokenSpecCase(
        name: "echo condition names no request field", file: badgeCreate,
        errorPaths: ["$.response.fields[0].fields[2].conditional.value.sent"]
    ) { files in
        try files.set(badgeCreate, "$.response.fields[0].fields[2].conditional.value.sent", "explanations")
    },
    BrokenSpecCase(
        name: "presence condition without words", file: badgeList,
        errorPaths: ["$.response.fields[1].conditional.value.when"]
    ) { files in
        try files.edit(badgeList, "$.response.fields[1].conditional.value.when") { _ in nil }
    },
    BrokenSpecCase(name: "path parameter not required", file: badgeList, errorPaths: ["$.request[4].required.value"]) { files in
        try files.set(badgeList, "$.path", "/open-apis/admin/v1/badges/:badge_id")
        try files.set(
            badgeList, "$.request[4]",
            [
                "name": "badge_id", "location": "path", "type": "string",
                "required": ["value": false, "inferred": "x"],
            ])
    },
    BrokenSpecCase(name: "path parameter of an object type", file: badgeList, errorPaths: ["$.request[4].type"]) { files in
        try files.set(badgeList, "$.path", "/open-apis/admin/v1/badges/:badge_id")
        try files.set(
            badgeList, "$.request[4]",
            [
                "name": "badge_id", "location": "path", "type": "object",
                "required": ["value": true, "inferred": "x"],
            ])
    },
    BrokenSpecCase(name: "members on a string field", file: badgeCreate, errorPaths: ["$.request[2].fields"]) { files in
        try files.set(badgeCreate, "$.request[2].fields", [["name": "x", "type": "string", "required": ["value": false, "inferred": "x"]]])
    },
    BrokenSpecCase(name: "itemType on a field that is not an array", file: badgeCreate, errorPaths: ["$.request[2].itemType"]) { files in
        try files.set(badgeCreate, "$.request[2].itemType", "string")
    },
    BrokenSpecCase(
        name: "binary response with fields and an example", file: badgeImage,
        errorPaths: ["$.response.fields", "$.response.example"]
    ) { files in
        try files.set(badgeImage, "$.response.shape", "binary")
    },
    BrokenSpecCase(name: "enum value of another type than the field", file: badgeImage, errorPaths: ["$.request[3].enum.value[1].value"]) { files in
        try files.set(badgeImage, "$.request[3].enum.value[1].value", "2")
    },
    BrokenSpecCase(name: "pattern that does not compile (warning)", file: lingo, errorPaths: [], warningPaths: ["$.request[2].pattern.value"]) { files in
        try files.set(lingo, "$.request[2].pattern", ["value": "([", "documented": "正则校验：`([`"])
    },
    BrokenSpecCase(name: "example that does not match the pattern", file: lingo, errorPaths: ["$.request[2].example"]) { files in
        try files.set(lingo, "$.request[2].pattern", ["value": "^[0-9]+$", "documented": "正则校验：`^[0-9]+$`"])
    },
    BrokenSpecCase(
        name: "Authorization example with a user token on a tenant-only endpoint (warning)", file: badgeCreate,
        errorPaths: [], warningPaths: ["$.request[0].example"]
    ) { files in
        try files.set(badgeCreate, "$.request[0].example", "Bearer u-7f1bcd13fc57d46bac21793a18e560")
    },
    BrokenSpecCase(name: "import warning (warning)", file: badgeList, errorPaths: [], warningPaths: ["$.importWarnings[0]"]) { files in
        try files.set(badgeList, "$.importWarnings", [["location": "请求体 table, row 3 (name), cell 描述, line 42", "message": "x"]])
    },
    BrokenSpecCase(name: "imported tier: an unbound triggerable code is no warning", file: lingo, errorPaths: []) { files in
        try files.set(lingo, "$.errors[1].triggerable", true)
        try files.set(lingo, "$.tier", "imported")
    },
    BrokenSpecCase(name: "unknown tier", file: lingo, errorPaths: ["$.tier"]) { files in
        try files.set(lingo, "$.tier", "reviewed")
    },
    BrokenSpecCase(name: "missing platform.json", file: platformFile, errorPaths: ["$"]) { files in
        files[platformFile] = nil
    },
]

@Suite("Lint rules")
struct LintRuleTests {
    /// The platform file and the curated specs: the broken cases edit those, and imported specs
    /// would only add diagnostics of their own when the platform file is broken.
    static func shippedFiles() throws -> [String: Data] {
        try SpecSet.readSpecFiles(directory: SpecPaths.specs).filter { name, data in
            name == platformFile || (try? JSONValue.parse(data))?["tier"] == nil
        }
    }

    @Test("each broken spec gets exactly its diagnostics", arguments: brokenCases)
    func brokenSpec(_ testCase: BrokenSpecCase) throws {
        var files = try Self.shippedFiles()
        try testCase.breakFiles(&files)
        let diagnostics = SpecLinter.lint(files: files)
        let report = diagnostics.map(\.description).joined(separator: "\n")
        #expect(Set(diagnostics.filter { $0.severity == .error && $0.file == testCase.file }.map(\.jsonPath)) == testCase.errorPaths, "\(report)")
        #expect(Set(diagnostics.filter { $0.severity == .warning && $0.file == testCase.file }.map(\.jsonPath)) == testCase.warningPaths, "\(report)")
        #expect(diagnostics.allSatisfy { $0.file == testCase.file }, "diagnostics leaked to other files:\n\(report)")
        #expect(diagnostics.allSatisfy { $0.message.contains(":") }, "every message says how to fix:\n\(report)")
    }

    @Test("the untouched shipped files lint clean through lint(files:)")
    func untouched() throws {
        #expect(SpecLinter.lint(files: try Self.shippedFiles()).isEmpty)
    }

    @Test("a directory that does not exist is one clear error, not a crash")
    func missingDirectory() {
        let diagnostics = SpecLinter.lint(directory: URL(fileURLWithPath: "/nonexistent/specs-\(UUID().uuidString)"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.hasErrors)
    }

    @Test("files with the broken-spec fixtures on disk lint with file and path")
    func brokenFixtureOnDisk() throws {
        let dir = SpecPaths.resources.appendingPathComponent("broken/unknown-key")
        let diagnostics = SpecLinter.lint(directory: dir).filter { $0.file == "demo.v1.thing.create.json" }
        #expect(diagnostics.map(\.jsonPath) == ["$.request[0].maxLenght"], "\(diagnostics)")
    }
}
