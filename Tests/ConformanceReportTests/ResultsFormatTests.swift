import ConformanceKit
import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceReport

/// The public `results.json` format: exact shapes, round trip, versioning, and the published
/// schema (`Reports/results.schema.json`) kept in step with what the encoder writes.
@Suite("results.json format")
struct ResultsFormatTests {
    /// One coverage key of each kind; the switch makes a new kind fail to compile until it has a sample.
    static func sample(_ kind: CoverageKey.Kind) -> CoverageKey {
        switch kind {
        case .field: .field("Content-Type")
        case .limit: .limit("name.maxLength")
        case .errorCode: .errorCode(1051104)
        case .behaviour: .behaviour("unique.name")
        }
    }

    /// Compact JSON with sorted keys: the member order `results.json` uses.
    static func compact<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The fixture run plus a case with every optional member set, as `results.json` parsed back.
    static func encodedRun() throws -> (RunResult, JSONValue) {
        var cases = Fixtures.defaultCases
        cases.append(
            CaseResult(
                caseID: "admin.v1.badge.create/rateLimits.0/above", endpointID: "admin.v1.badge.create",
                title: "POST /open-apis/admin/v1/badges: 51 requests in a second -> 99991400", kind: .rateLimit,
                rule: "rateLimits.0", provenance: Fixtures.documented, covers: [.limit("rate.50/s")], status: .failed,
                findings: [
                    Finding(
                        severity: .failure, rule: "rateLimits.0", path: "$.code", expected: "code 99991400",
                        observed: "code 0", provenance: Fixtures.documented)
                ],
                skipReason: nil,
                exchanges: [
                    ExchangeRecord(method: "POST", path: "/open-apis/admin/v1/badges", httpStatus: 200, code: 0, logID: "L1"),
                    ExchangeRecord(method: "POST", path: "/open-apis/admin/v1/badges", httpStatus: nil, code: nil, logID: nil),
                ],
                omittedExchanges: 31, durationSeconds: 1.5))
        var run = Fixtures.run(cases: cases)
        run.createdObjects = CreatedObjects(namePrefix: "fc-abc123-", byEndpoint: ["admin.v1.badge.create": 3])
        return (run, try JSONValue.parse(ResultsJSON.encode(run)))
    }

    // MARK: shapes

    @Test(
        "each coverage key kind has its exact JSON text",
        arguments: [
            (CoverageKey.field("Content-Type"), #"{"kind":"field","name":"Content-Type"}"#),
            (CoverageKey.limit("name.maxLength"), #"{"kind":"limit","name":"name.maxLength"}"#),
            (CoverageKey.errorCode(1051104), #"{"code":1051104,"kind":"errorCode"}"#),
            (CoverageKey.behaviour("unique.name"), #"{"kind":"behaviour","name":"unique.name"}"#),
        ])
    func coverageKeyShape(_ key: CoverageKey, _ json: String) throws {
        #expect(try Self.compact(key) == json)
        #expect(try JSONDecoder().decode(CoverageKey.self, from: Data(json.utf8)) == key)
    }

    @Test("the shape table above has one row per coverage key kind")
    func everyKindHasAShape() throws {
        let covered: Set<CoverageKey.Kind> = [.field, .limit, .errorCode, .behaviour]  // the kinds of coverageKeyShape's rows
        #expect(covered == Set(CoverageKey.Kind.allCases))
        for kind in CoverageKey.Kind.allCases {
            #expect(Self.sample(kind).kind == kind)
            #expect(try JSONValue.parse(Data(Self.compact(Self.sample(kind)).utf8))["kind"] == .string(kind.rawValue))
        }
    }

    @Test(
        "provenance is exactly one of documented / inferred, as in the spec files",
        arguments: [
            (Provenance.documented("最多30个字符"), #"{"documented":"最多30个字符"}"#),
            (Provenance.inferred("the docs are silent"), #"{"inferred":"the docs are silent"}"#),
        ])
    func provenanceShape(_ provenance: Provenance, _ json: String) throws {
        #expect(try Self.compact(provenance) == json)
        #expect(try JSONDecoder().decode(Provenance.self, from: Data(json.utf8)) == provenance)
    }

    @Test("a run has formatVersion 1 at the top level and no synthesized enum payloads (_0) anywhere")
    func runShape() throws {
        let (run, json) = try Self.encodedRun()
        let text = String(decoding: try ResultsJSON.encode(run), as: UTF8.self)
        #expect(RunResult.formatVersion == 1)
        #expect(json["formatVersion"] == .int(1))
        #expect(text.contains("\n  \"formatVersion\" : 1,\n"))
        #expect(!text.contains("\"_0\""), "a payload enum is encoded with Swift's synthesized shape")
        #expect(json[path: "cases", 0, "covers"] == [["kind": "field", "name": "name"], ["kind": "limit", "name": "name.maxLength"]])
        #expect(json[path: "endpoints", 0, "coverage", 2] == ["kind": "errorCode", "code": 1051104])
        #expect(
            Set(json.objectValue.map { Array($0.keys) } ?? [])
                == ["formatVersion", "target", "toolVersion", "startedAt", "finishedAt", "endpoints", "cases", "createdObjects"])
    }

    // MARK: round trip and decoding errors

    @Test("every member round-trips, optional ones included")
    func roundTrip() throws {
        let (run, _) = try Self.encodedRun()
        let decoded = try ResultsJSON.decode(ResultsJSON.encode(run), path: "r.json")
        #expect(decoded == run)
        #expect(decoded.cases.last?.omittedExchanges == 31)
        for kind in CoverageKey.Kind.allCases {
            let key = Self.sample(kind)
            #expect(try JSONDecoder().decode(CoverageKey.self, from: JSONEncoder().encode(key)) == key)
        }
    }

    @Test(
        "a coverage key of an unknown kind, or without its payload member, is a clear error",
        arguments: [
            (#"{"kind":"header","name":"X"}"#, "unknown coverage key kind 'header' (known: field, limit, errorCode, behaviour)"),
            (#"{"kind":"errorCode","name":"1051104"}"#, "missing key 'code'"),
            (#"{"field":{"_0":"name"}}"#, "missing key 'kind'"),
        ])
    func badCoverageKey(_ key: String, _ fragment: String) throws {
        var run = try JSONValue.parse(ResultsJSON.encode(Fixtures.run()))
        #expect(run[path: "cases", 0, "covers", 0] == ["kind": "field", "name": "name"])
        run[path: "cases", 0, "covers", 0] = try JSONValue.parse(Data(key.utf8))
        #expect {
            _ = try ResultsJSON.decode(run.jsonData(), path: "old/results.json")
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("baseline old/results.json is not a results.json written by feishu-conformance")
                && message.contains(fragment) && message.contains("at .cases[0].covers[0]")
        }
    }

    @Test(
        "a baseline of another format version, or of none, is refused with a message that says to re-run",
        arguments: [
            (nil as Int?, "has no formatVersion: it was written before results.json was versioned"),
            (2, "is results.json format version 2, newer than this feishu-conformance reads (version 1)"),
            (0, "is results.json format version 0, which this feishu-conformance no longer reads (it reads version 1)"),
        ])
    func versionMismatch(_ version: Int?, _ fragment: String) throws {
        var run = try JSONValue.parse(ResultsJSON.encode(Fixtures.run()))
        #expect(run[path: "formatVersion"] == .int(RunResult.formatVersion))
        run[path: "formatVersion"] = version.map(JSONValue.int)
        let data = run.jsonData()
        #expect {
            _ = try ResultsJSON.decode(data, path: "old/results.json")
        } throws: { error in
            let message = "\(error)"
            return error is ReportError && message.hasPrefix("baseline old/results.json ") && message.contains(fragment)
                && message.hasSuffix("re-run feishu-conformance against the same target without --baseline and pass that run's results.json")
        }
        // The model refuses it too when decoded without ResultsJSON.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RunResult.self, from: data) }
    }

    @Test("the same version with a member this tool does not know still reads (new optional members keep the version)")
    func unknownMemberKeepsVersion() throws {
        var run = try JSONValue.parse(ResultsJSON.encode(Fixtures.run()))
        run[path: "addedLater"] = "ignored by older readers"
        run[path: "cases", 0, "addedLater"] = ["also": "ignored"]
        #expect(run[path: "cases", 0, "addedLater", "also"] == "ignored")
        #expect(try ResultsJSON.decode(run.jsonData(), path: "r.json") == Fixtures.run())
    }

    // MARK: the published schema

    @Test("every discriminator and closed-set value the encoder can write is listed in Reports/results.schema.json, and nothing else")
    func schemaListsEveryKind() throws {
        let checker = try SchemaSubsetChecker.resultsSchema()
        func strings(_ value: JSONValue?) -> Set<String> { Set(value?.arrayValue?.compactMap(\.stringValue) ?? []) }

        let coverage = try #require(checker.definition("coverageKey"))
        let emitted = try Set(
            CoverageKey.Kind.allCases.map { kind in
                try #require(JSONValue.parse(Data(Self.compact(Self.sample(kind)).utf8))["kind"]?.stringValue)
            })
        #expect(strings(coverage["properties"]?["kind"]?["enum"]) == emitted, "coverageKey.properties.kind.enum")
        let branches = Set(coverage["oneOf"]?.arrayValue?.compactMap { $0["properties"]?["kind"]?["const"]?.stringValue } ?? [])
        #expect(branches == emitted, "one coverageKey.oneOf branch per kind")

        let caseResult = try #require(checker.definition("caseResult"))
        #expect(strings(caseResult["properties"]?["kind"]?["enum"]) == Set(CaseKind.allCases.map(\.rawValue)))
        #expect(strings(caseResult["properties"]?["status"]?["enum"]) == Set(CaseStatus.allCases.map(\.rawValue)))
        #expect(
            strings(checker.definition("finding")?["properties"]?["severity"]?["enum"])
                == Set(Finding.Severity.allCases.map(\.rawValue)))

        let provenanceKeys = try Set(
            [Provenance.documented("d"), .inferred("i")].flatMap {
                try JSONValue.parse(Data(Self.compact($0).utf8)).objectValue?.keys.map { $0 } ?? []
            })
        #expect(Set(checker.definition("provenance")?["properties"]?.objectValue?.keys.map { $0 } ?? []) == provenanceKeys)
        #expect(checker.root["properties"]?["formatVersion"]?["const"] == .int(RunResult.formatVersion))
        #expect(strings(checker.definition("endpointSummary")?["properties"]?["tier"]?["enum"]) == Set(SpecTier.allCases.map(\.rawValue)))
    }

    @Test("an encoded run with every optional member validates against Reports/results.schema.json")
    func encodedRunValidates() throws {
        let (_, json) = try Self.encodedRun()
        let problems = try SchemaSubsetChecker.resultsSchema().problems(json)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test(
        "the schema refuses what the format does not allow",
        arguments: [
            ("the synthesized enum shape", ["cases", 0, "covers", 0], ["field": ["_0": "name"]]),
            ("an unknown coverage kind", ["cases", 0, "covers", 0, "kind"], "header"),
            ("a field key with a code", ["cases", 0, "covers", 0], ["kind": "field", "code": 1]),
            ("an error code key with a name", ["endpoints", 0, "coverage", 2], ["kind": "errorCode", "name": "1051104"]),
            ("no formatVersion", ["formatVersion"], nil),
            ("format version 2", ["formatVersion"], 2),
            ("an unknown top-level member", ["extra"], true),
            ("an unknown case member", ["cases", 0, "extra"], true),
            ("an unknown status", ["cases", 0, "status"], "flaky"),
            ("an unknown case kind", ["cases", 0, "kind"], "header"),
            ("an unknown severity", ["cases", 1, "findings", 0, "severity"], "info"),
            ("both provenances", ["cases", 0, "provenance", "inferred"], "x"),
            ("no provenance", ["cases", 0, "provenance"], [:]),
            ("a date without a time", ["startedAt"], "2026-11-22"),
            ("a negative duration", ["cases", 0, "durationSeconds"], -1.0),
            ("an exchange without a method", ["cases", 1, "exchanges", 0, "method"], nil),
        ] as [(String, [JSONStep], JSONValue?)])
    func schemaRefuses(_ name: String, _ steps: [JSONStep], _ value: JSONValue?) throws {
        let checker = try SchemaSubsetChecker.resultsSchema()
        var run = try JSONValue.parse(ResultsJSON.encode(Fixtures.run()))
        #expect(checker.problems(run).isEmpty)
        let before = run
        run.set(steps, to: value)
        #expect(run != before, "the mutation did not apply: \(steps)")
        #expect(!checker.problems(run).isEmpty, "the schema accepts \(name)")
    }

    @Test("Reports/example/results.json is of the current format: it decodes and validates against the schema")
    func exampleValidates() throws {
        let url = SchemaSubsetChecker.repositoryRoot().appendingPathComponent("Reports/example/results.json")
        let run = try ResultsJSON.load(from: url)
        #expect(!run.cases.isEmpty)
        let problems = try SchemaSubsetChecker.resultsSchema().problems(JSONValue.parse(Data(contentsOf: url)))
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
    }
}

/// One step into nested JSON: a member name or an array index.
enum JSONStep: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, Sendable {
    case member(String)
    case index(Int)
    init(stringLiteral value: String) { self = .member(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONValue {
    /// Replaces (or, with nil, removes) the value at `steps`.
    mutating func set(_ steps: [JSONStep], to newValue: JSONValue?) {
        self = Self.set(self, steps[...], newValue) ?? .null
    }

    /// The value at `steps`, or nil when one does not exist.
    subscript(path steps: JSONStep...) -> JSONValue? {
        get { Self.get(self, steps[...]) }
        set { self = Self.set(self, steps[...], newValue) ?? .null }
    }

    private static func get(_ value: JSONValue?, _ steps: ArraySlice<JSONStep>) -> JSONValue? {
        guard let step = steps.first else { return value }
        switch (value, step) {
        case (.object(let o)?, .member(let key)): return get(o[key], steps.dropFirst())
        case (.array(let a)?, .index(let i)) where a.indices.contains(i): return get(a[i], steps.dropFirst())
        default: return nil
        }
    }

    /// `value` with the value at `steps` replaced (nil removes an object member).
    private static func set(_ value: JSONValue?, _ steps: ArraySlice<JSONStep>, _ newValue: JSONValue?) -> JSONValue? {
        guard let step = steps.first else { return newValue }
        switch (value, step) {
        case (.object(var o)?, .member(let key)):
            o[key] = set(o[key], steps.dropFirst(), newValue)
            return .object(o)
        case (.array(var a)?, .index(let i)) where a.indices.contains(i):
            a[i] = set(a[i], steps.dropFirst(), newValue) ?? .null
            return .array(a)
        default: return value
        }
    }
}
