import ConformanceKit
import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceGenerator

@Suite("Translation and rendering")
struct TranslatorTests {
    @Test("Cases become JSON Lines, one case a line, that decode back to the same cases (the whole shipped catalog); a bad line names its number")
    func caseLines() throws {
        let shipped = CaseDeriver().cases(in: try Fixtures.shippedSpecs())
        #expect(shipped.values.reduce(0) { $0 + $1.count } > 200)
        for (endpoint, cases) in shipped {
            let text = try CaseLines.encode(cases)
            #expect(text.split(separator: "\n").count == cases.count, "\(endpoint): one line per case")
            #expect(try CaseLines.decode(text, endpointID: endpoint).get() == cases, "\(endpoint): the catalog round-trips")
        }
        let c = ConformanceCase(
            id: "e/r/v", endpointID: "e", title: "t", kind: .limit, rule: "r", provenance: .inferred("why"),
            requirements: [.controllableClock], covers: [.errorCode(7)],
            steps: [
                .freezeClock,
                .request(
                    RequestStep(
                        caller: Caller(app: .lacking("bot")), endpointID: "e",
                        values: ["a": .json(.int(1))], expect: .success)),
            ])
        let line = try CaseLines.encode([c])
        #expect(line.contains(#""app":"lacking:bot""#), "callers read as text: \(line)")
        guard case .failure(let failure) = CaseLines.decode(line + "\n{\"id\": 1}", endpointID: "e") else {
            Issue.record("a line that is not a case must fail")
            return
        }
        #expect(failure.line == 2 && failure.description.hasPrefix("catalog of e, line 2:"))
    }

    @Test("One file per endpoint, one suite per endpoint, plus the catalog and embedded specs, sorted")
    func fileSet() throws {
        let parsed = try SpecParser().parse(files: try Fixtures.specFiles(), directoryName: "Specs")
        let (files, _) = CatalogTranslator().translate(parsed)
        #expect(
            files.map(\.path) == [
                "Sources/ConformanceCatalog/Generated/AdminV1BadgeImageCreate.swift",
                "Sources/ConformanceCatalog/Generated/ConformanceCatalog.swift",
                "Sources/ConformanceCatalog/Generated/EmbeddedSpecs.swift",
                "Sources/ConformanceCatalog/Generated/TestV1WidgetCreate.swift",
                "Sources/ConformanceCatalog/Generated/TestV1WidgetList.swift",
                "Tests/ConformanceCatalogTests/Generated/AdminV1BadgeImageCreateConformanceTests.swift",
                "Tests/ConformanceCatalogTests/Generated/TestV1WidgetCreateConformanceTests.swift",
                "Tests/ConformanceCatalogTests/Generated/TestV1WidgetListConformanceTests.swift",
            ])
        let widget = try #require(files.first { $0.path.hasSuffix("TestV1WidgetCreate.swift") })
        #expect(widget.sources == ["Specs/test.v1.widget.create.json", "Specs/platform.json"])
        guard case .documented(let doc, .struct(let request)) = widget.declarations[1] else {
            Issue.record("second declaration is not the documented request struct")
            return
        }
        #expect(doc.last == "- Remark: Generated from Specs/test.v1.widget.create.json")
        #expect(request.name == "TestV1WidgetCreateRequest")
        let nestedNames = request.members.compactMap { d -> String? in
            if case .documented(_, .enum(let t)) = d { return t.name }
            if case .documented(_, .struct(let t)) = d { return t.name }
            return nil
        }
        #expect(nestedNames == ["I18nName", "Color"])
    }

    @Test("Two endpoints with identically shaped nested types get one shared type each, named by typealiases; a differing shape stays nested")
    func sharedShapes() throws {
        var files = try Fixtures.specFiles()
        let widget = try #require(files["test.v1.widget.create.json"])
        // The same request under two more ids and paths; the third's `color` has other values.
        func copy(_ id: String, path: String, colors: [String]? = nil) throws -> Data {
            let json = try JSONSerialization.jsonObject(with: widget)
            var object = json as? [String: Any] ?? [:]
            object["id"] = id
            object["path"] = path
            if let colors, var request = object["request"] as? [[String: Any]],
                let index = request.firstIndex(where: { $0["name"] as? String == "color" })
            {
                request[index]["enum"] = ["value": colors.map { ["value": $0] }, "documented": colors.joined(separator: ", ")]
                object["request"] = request
            }
            return try JSONSerialization.data(withJSONObject: object)
        }
        files["test.v1.gadget.create.json"] = try copy("test.v1.gadget.create", path: "/open-apis/test/v1/gadgets")
        files["test.v1.gizmo.create.json"] = try copy("test.v1.gizmo.create", path: "/open-apis/test/v1/gizmos", colors: ["red", "green"])
        let parsed = try SpecParser().parse(files: files, directoryName: "Specs")
        let (generated, _) = CatalogTranslator().translate(parsed)
        let shared = try #require(generated.first { $0.path == "Sources/ConformanceCatalog/Generated/SharedRequestTypes.swift" })
        guard case .documented(_, .enum(let namespace)) = shared.declarations.first else {
            Issue.record("the shared file declares no namespace enum")
            return
        }
        let sharedNames = namespace.members.compactMap { member -> String? in
            switch member {
            case .documented(_, .struct(let t)), .documented(_, .enum(let t)): t.name
            default: nil
            }
        }
        #expect(sharedNames == ["I18nName", "Color"], "one type for each shape two or more requests have")
        func nested(_ path: String) throws -> (types: [String], aliases: [String: String]) {
            let file = try #require(generated.first { $0.path == path })
            guard case .documented(_, .struct(let request)) = file.declarations[1] else { return ([], [:]) }
            var types: [String] = []
            var aliases: [String: String] = [:]
            for member in request.members {
                switch member {
                case .documented(_, .struct(let t)), .documented(_, .enum(let t)): types.append(t.name)
                case .documented(_, .typeAlias(_, let name, let type)): aliases[name] = type
                default: break
                }
            }
            return (types, aliases)
        }
        let expectedAliases = ["I18nName": "SharedRequestTypes.I18nName", "Color": "SharedRequestTypes.Color"]
        for name in ["TestV1WidgetCreate", "TestV1GadgetCreate"] {
            let request = try nested("Sources/ConformanceCatalog/Generated/\(name).swift")
            #expect(request.types.isEmpty && request.aliases == expectedAliases, "\(name): \(request)")
        }
        let gizmo = try nested("Sources/ConformanceCatalog/Generated/TestV1GizmoCreate.swift")
        #expect(gizmo.types == ["Color"] && gizmo.aliases == ["I18nName": "SharedRequestTypes.I18nName"], "its own Color: \(gizmo)")
        // Without the copies nothing is shared, and no file is written.
        let alone = CatalogTranslator().translate(try SpecParser().parse(files: try Fixtures.specFiles(), directoryName: "Specs")).files
        #expect(!alone.contains { $0.path.hasSuffix("SharedRequestTypes.swift") })
    }

    @Test("The writer owns indentation; multi-line raw strings keep their bytes")
    func rendering() {
        let file = SwiftFile(
            path: "x.swift", sources: ["Specs/a.json"], imports: ["Foundation"],
            declarations: [
                .documented(
                    ["Doc."],
                    .enum(
                        TypeDescription(
                            name: "E",
                            members: [
                                .variable(
                                    VariableDescription(
                                        isStatic: true, name: "s", type: "String", initializer: .literal(.multilineString("a \"\"\"# b\n  c\\#(x)")))),
                                .variable(VariableDescription(isStatic: true, name: "q", type: "String", initializer: .string("tab\t\"q\" \u{1}"))),
                            ])))
            ])
        let text = SwiftRenderer().render(file)
        #expect(
            text == """
                // Generated by `feishu-conformance generate`. DO NOT EDIT: change the spec and regenerate.
                // Source: Specs/a.json

                import Foundation

                /// Doc.
                public enum E {
                    public static let s: String = ##\"\"\"
                        a \"\"\"# b
                          c\\#(x)
                        \"\"\"##

                    public static let q: String = "tab\\t\\"q\\" \\u{1}"
                }

                """)
    }

    @Test(
        "Output already in the formatter's style: a call that would pass the line length goes one argument a line; trailing commas only after two or more items"
    )
    func formatterLayout() {
        let long = String(repeating: "x", count: 150)
        let function = FunctionDescription(
            access: nil, name: "f",
            body: [
                .expression(.call(.identifier("short"), [Argument("a", .int(1)), Argument("b", .int(2))], multiline: false)),
                .expression(.call(.identifier("long"), [Argument("a", .string(long)), Argument("b", .int(2))], multiline: false)),
                .declaration(.variable(VariableDescription(access: nil, name: "one", initializer: .array([.int(1)], multiline: true)))),
                .declaration(.variable(VariableDescription(access: nil, name: "two", initializer: .array([.int(1), .int(2)], multiline: true)))),
                .declaration(.variable(VariableDescription(access: nil, name: "none", initializer: .array([], multiline: true)))),
            ])
        var w = SwiftWriter()
        SwiftRenderer().render(.function(function), into: &w)
        #expect(
            w.text == """
                func f() {
                    short(a: 1, b: 2)
                    long(
                        a: "\(long)",
                        b: 2
                    )
                    let one = [
                        1
                    ]
                    let two = [
                        1,
                        2,
                    ]
                    let none = []
                }

                """)
    }

    @Test("Names: endpoint ids to types, fields to members, keywords escaped")
    func naming() {
        #expect(Naming.typeName("admin.v1.badge_image.create") == "AdminV1BadgeImageCreate")
        #expect(Naming.memberName("image_type") == "imageType")
        #expect(Naming.memberName("default") == "`default`")
        #expect(Naming.memberName("zh_cn") == "zhCn")
        #expect(Naming.typeName("2fa") == "V2fa")
    }
}
