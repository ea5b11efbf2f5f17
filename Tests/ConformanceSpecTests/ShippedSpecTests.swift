import Foundation
import Testing

@testable import ConformanceSpec

@Suite("Shipped specs")
struct ShippedSpecTests {
    @Test("every shipped spec decodes into the model")
    func shippedSpecsLoad() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        // The five transcribed by hand; every other spec was made by `import` and says so.
        #expect(
            set.endpoints.filter { $0.effectiveTier == .curated }.map(\.id) == [
                "admin.v1.badge.create", "admin.v1.badge.list", "admin.v1.badge_image.create",
                "im.v1.image.create", "lingo.v1.file.upload",
            ])
        for spec in set.endpoints where spec.effectiveTier == .imported {
            #expect(spec.source.page != nil, "\(spec.id): an imported spec names its page")
        }
        #expect(set.platform.tokenEndpoint.response.shape == .flat)
        #expect(set.platform.tokenEndpoint.response.successMessage?.value == "ok")
    }

    @Test("the shipped specs lint clean: no errors, no warnings")
    func shippedSpecsLintClean() {
        let diagnostics = SpecLinter.lint(directory: SpecPaths.specs)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test("Specs/spec.schema.json is the schema rendered from SpecShape (RECORD_SCHEMA=1 re-records it)")
    func schemaFileIsCurrent() throws {
        let url = SpecPaths.specs.appendingPathComponent("spec.schema.json")
        var rendered = SpecShape.jsonSchema().jsonData(pretty: true)
        rendered.append(contentsOf: Array("\n".utf8))
        if ProcessInfo.processInfo.environment["RECORD_SCHEMA"] == "1" {
            try rendered.write(to: url)
        }
        let onDisk = try Data(contentsOf: url)
        #expect(onDisk == rendered, "Specs/spec.schema.json is stale: run RECORD_SCHEMA=1 swift test --filter ConformanceSpecTests")
    }

    @Test("the schema forbids unknown keys in every model type")
    func schemaClosesModelTypes() throws {
        let defs = try #require(SpecShape.jsonSchema()["$defs"]?.objectValue)
        for name in SpecShape.typeNames {
            let def = try #require(defs[name], "no $defs entry for \(name)")
            #expect(def["additionalProperties"] == .bool(false), "\(name) must forbid unknown keys")
        }
    }

    /// Every key path of `json` (`request[].maxLength.value`), arrays collapsed to `[]`.
    static func keyPaths(_ json: JSONValue, _ prefix: String = "") -> Set<String> {
        switch json {
        case .object(let members):
            var out: Set<String> = []
            for (key, value) in members {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                out.insert(path)
                out.formUnion(keyPaths(value, path))
            }
            return out
        case .array(let items): return items.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix + "[]")) }
        default: return []
        }
    }

    @Test("the Swift model and SpecShape (lint, schema) agree: decoding then encoding a shipped spec keeps every key, and the result lints clean")
    func modelAgreesWithShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for name in try FileManager.default.contentsOfDirectory(atPath: SpecPaths.specs.path).sorted()
        where name.hasSuffix(".json") && name != "spec.schema.json" {
            let data = try Data(contentsOf: SpecPaths.specs.appendingPathComponent(name))
            let reencoded: Data
            if name == SpecSet.platformFileName {
                reencoded = try encoder.encode(try JSONDecoder().decode(PlatformSpec.self, from: data))
            } else {
                reencoded = try encoder.encode(try JSONDecoder().decode(EndpointSpec.self, from: data))
            }
            // A key SpecShape allows but the model ignores would be lost here...
            let lost = Self.keyPaths(try JSONValue.parse(data)).subtracting(Self.keyPaths(try JSONValue.parse(reencoded)))
            #expect(lost.isEmpty, "\(name): keys the model drops: \(lost.sorted())")
            // ...and a key the model writes but SpecShape does not know would fail lint here.
            var files = try Dictionary(
                uniqueKeysWithValues: FileManager.default.contentsOfDirectory(atPath: SpecPaths.specs.path)
                    .filter { $0 == SpecSet.platformFileName }.map { ($0, try Data(contentsOf: SpecPaths.specs.appendingPathComponent($0))) })
            files[name] = reencoded
            let problems = SpecLinter.lint(files: files).filter { $0.severity == .error }
            #expect(problems.isEmpty, "\(name) re-encoded: \(problems.map(\.description))")
        }
    }

    @Test("endpoint(id:) finds every endpoint, by binary search, and one added out of order; a malformed file is named, the first in name order")
    func endpointLookup() throws {
        var set = try SpecSet.load(directory: SpecPaths.specs)
        for endpoint in set.endpoints { #expect(set.endpoint(id: endpoint.id)?.id == endpoint.id) }
        #expect(set.endpoint(id: "no.such.endpoint") == nil)
        var early = try #require(set.endpoints.last)
        early.id = "aaa.v1.first"
        set.endpoints.append(early)
        #expect(set.endpoint(id: "aaa.v1.first")?.path == early.path)

        var files = try SpecSet.readSpecFiles(directory: SpecPaths.specs)
        files["b.broken.json"] = Data("{".utf8)
        files["c.broken.json"] = Data("[]".utf8)
        #expect(throws: SpecLoadError.self) { try SpecSet.decode(files: files) }
        do {
            _ = try SpecSet.decode(files: files)
        } catch let error as SpecLoadError {
            #expect(error.file == "b.broken.json")
        }
    }

    @Test("every decision in a spec is written up in Specs/DECISIONS.md")
    func decisionsDocumented() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        let text = try String(contentsOf: SpecPaths.specs.appendingPathComponent("DECISIONS.md"), encoding: .utf8)
        let ids = set.endpoints.flatMap { $0.decisions ?? [] }.map(\.id) + (set.platform.decisions ?? []).map(\.id)
        #expect(ids.count >= 30)
        for id in ids {
            #expect(text.contains("| \(id) |"), "DECISIONS.md lacks a row for \(id)")
        }
    }

    @Test("the behaviours the issue names are in the specs")
    func behavioursPresent() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        let create = try #require(set.endpoint(id: "admin.v1.badge.create"))
        let kinds = create.behaviours.map(\.kind)
        #expect(kinds.filter { $0 == "references" }.count == 2)
        #expect(kinds.contains("unique") && kinds.contains("quota") && kinds.contains("requiresCapability"))
        let list = try #require(set.endpoint(id: "admin.v1.badge.list"))
        guard case .lists(let lists)? = list.behaviours.first else {
            Issue.record("badge list must start with a lists behaviour")
            return
        }
        #expect(lists.order.value == ListOrder(by: "createdAt", direction: .descending))
        let lingo = try #require(set.endpoint(id: "lingo.v1.file.upload"))
        #expect(Set(lingo.auth.tokenTypes.value) == [.tenant, .user])
        #expect(lingo.rateLimits.map(\.value) == [RateLimit(count: 1000, window: .minute), RateLimit(count: 50, window: .second)])
        let im = try #require(set.endpoint(id: "im.v1.image.create"))
        let image = try #require(im.request.first { $0.name == "image" }?.file)
        #expect(image.pixels?.map(\.formats) == [["gif"], ["jpeg", "png", "webp", "tiff", "bmp", "ico"]])
        #expect(
            set.platform.domains == [
                "feishu": "https://open.feishu.cn", "lark": "https://open.larksuite.com",
                "feishu-accounts": "https://accounts.feishu.cn", "feishu-www": "https://www.feishu.cn",
            ])
    }
}
