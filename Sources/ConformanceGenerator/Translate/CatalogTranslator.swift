import ConformanceModel
import ConformanceSpec

/// The translate stage: parsed specs to structured Swift files.
public protocol CatalogTranslating: Sendable {
    /// Every file to generate, sorted by path.
    func translate(_ parsed: ParsedSpecs) -> (files: [SwiftFile], diagnostics: [Diagnostic])
}

/// The default translator: embedded specs, the catalog index, one file per endpoint (cases and a
/// typed request builder) and one Swift Testing suite per endpoint.
public struct CatalogTranslator: CatalogTranslating {
    /// Where library files go, relative to the repository root.
    public static let sourcesDirectory = "Sources/ConformanceCatalog/Generated"
    /// Where test suites go, relative to the repository root.
    public static let testsDirectory = "Tests/ConformanceCatalogTests/Generated"

    let deriver: CaseDeriver

    /// Creates a translator using `deriver` for the cases.
    public init(deriver: CaseDeriver = CaseDeriver()) { self.deriver = deriver }

    /// Every file to generate, sorted by path.
    public func translate(_ parsed: ParsedSpecs) -> (files: [SwiftFile], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files = [embeddedSpecsFile(parsed), catalogFile(parsed)]
        let allCases = deriver.cases(in: parsed.specSet)
        let fields = Dictionary(
            uniqueKeysWithValues: parsed.specSet.endpoints.map { endpoint in
                (endpoint.id, typedFields(endpoint, source: parsed.sourcePath(endpointID: endpoint.id), diagnostics: &diagnostics))
            })
        let shared = sharedTypes(parsed, fields: fields)
        if let file = shared.file { files.append(file) }
        for endpoint in parsed.specSet.endpoints {
            let cases = allCases[endpoint.id] ?? []
            let source = parsed.sourcePath(endpointID: endpoint.id)
            let builder = requestBuilder(endpoint, fields: fields[endpoint.id] ?? [], shared: shared.names[endpoint.id] ?? [:], source: source)
            files.append(
                SwiftFile(
                    path: "\(Self.sourcesDirectory)/\(Naming.typeName(endpoint.id)).swift", sources: [source, parsed.platformSourcePath],
                    imports: ["ConformanceModel", "ConformanceRules", "ConformanceSpec", "Foundation", "HTTPWire"],
                    declarations: [
                        casesEnum(endpoint, cases: cases, source: source, diagnostics: &diagnostics), builder,
                        validator(endpoint, source: source),
                    ]))
            files.append(suiteFile(endpoint, source: source, baseline: cases.first { $0.id.hasSuffix("/request/baseline") }, specs: parsed.specSet))
        }
        return (files.sorted { $0.path < $1.path }, diagnostics)
    }

    // MARK: Embedded specs

    func embeddedSpecsFile(_ parsed: ParsedSpecs) -> SwiftFile {
        let names = parsed.texts.keys.sorted()
        let entries = names.compactMap { name in
            parsed.texts[name].map { DictionaryEntry(.string(name), .literal(.multilineString($0))) }
        }
        let decoded = VariableDescription(
            access: .private, isStatic: true, name: "decoded", type: "Result<SpecSet, any Error>",
            initializer: .call(
                .identifier("Result"),
                [
                    Argument(
                        "catching",
                        .identifier(
                            "{ try SpecSet.decode(files: files.mapValues { Data($0.utf8) }) }"))
                ], multiline: false))
        let specSet = FunctionDescription(
            isStatic: true, isThrowing: true, name: "specSet", returnType: "SpecSet",
            body: [.return(.try(.call(.member(.identifier("decoded"), "get"), [], multiline: false)))])
        let type = TypeDescription(
            name: "EmbeddedSpecs",
            members: [
                .documented(
                    ["Spec file name -> its exact text."],
                    .variable(
                        VariableDescription(
                            isStatic: true, name: "files", type: "[String: String]",
                            initializer: .dictionary(entries, multiline: true)))),
                .variable(decoded),
                .documented(
                    ["The embedded specs, decoded once; throws `SpecLoadError` if they do not decode (they are linted before generation)."],
                    .function(specSet)),
            ])
        return SwiftFile(
            path: "\(Self.sourcesDirectory)/EmbeddedSpecs.swift",
            sources: names.map { "\(parsed.directoryName)/\($0)" }, imports: ["ConformanceSpec", "Foundation"],
            declarations: [
                .documented(
                    [
                        "The spec files compiled into the tool, so the executable works from any directory.",
                        "", "- Remark: Generated from \(names.map { "\(parsed.directoryName)/\($0)" }.joined(separator: ", "))",
                    ],
                    .enum(type))
            ])
    }

    // MARK: Catalog index

    func catalogFile(_ parsed: ParsedSpecs) -> SwiftFile {
        let endpoints = parsed.specSet.endpoints
        // `[A.all, B.all].flatMap(\.self)`: one flat expression, cheap to type-check for any number of endpoints.
        let all: Expression =
            endpoints.isEmpty
            ? .array([], multiline: false)
            : .call(
                .member(
                    .array(endpoints.map { .member(.identifier(casesTypeName($0)), "all") }, multiline: true), "flatMap"),
                [Argument(nil, .identifier("\\.self"))], multiline: false)
        let byEndpoint = endpoints.map {
            DictionaryEntry(.string($0.id), .member(.identifier(casesTypeName($0)), "all"))
        }
        let type = TypeDescription(
            name: "ConformanceCatalog",
            members: [
                .documented(
                    ["Every case of every endpoint, endpoints sorted by id."],
                    .variable(VariableDescription(isStatic: true, name: "cases", type: "[ConformanceCase]", initializer: all))),
                .documented(
                    ["Endpoint id -> its cases."],
                    .variable(
                        VariableDescription(
                            isStatic: true, name: "casesByEndpoint", type: "[String: [ConformanceCase]]",
                            initializer: .dictionary(byEndpoint, multiline: true)))),
                .documented(
                    ["The cases of one endpoint; empty for an unknown id."],
                    .function(
                        FunctionDescription(
                            isStatic: true, name: "cases", parameters: [Parameter(name: "endpoint", type: "String")],
                            returnType: "[ConformanceCase]",
                            body: [
                                .return(
                                    .binary(
                                        .subscripted(.identifier("casesByEndpoint"), .identifier("endpoint")),
                                        "??", .array([], multiline: false)))
                            ]))),
            ])
        return SwiftFile(
            path: "\(Self.sourcesDirectory)/ConformanceCatalog.swift",
            sources: endpoints.map { parsed.sourcePath(endpointID: $0.id) }, imports: ["ConformanceModel"],
            declarations: [
                .documented(
                    [
                        "The conformance cases derived from every spec: what `run` and the generated suites execute.",
                        "", "- Remark: Generated from \(parsed.directoryName)/*.json",
                    ],
                    .enum(type))
            ])
    }

    // MARK: Cases

    func casesTypeName(_ endpoint: EndpointSpec) -> String { "\(Naming.typeName(endpoint.id))Cases" }

    func casesEnum(_ endpoint: EndpointSpec, cases: [ConformanceCase], source: String, diagnostics: inout [Diagnostic]) -> Declaration {
        let lines: String
        do {
            lines = try CaseLines.encode(cases)
        } catch {
            diagnostics.append(Diagnostic(severity: .error, file: source, jsonPath: "$", message: "cannot encode the cases of \(endpoint.id): \(error)"))
            lines = ""
        }
        let decoded = VariableDescription(
            access: .private, isStatic: true, name: "decoded", type: "Result<[ConformanceCase], CaseLines.DecodingFailure>",
            initializer: .call(
                .member(.identifier("CaseLines"), "decode"),
                [Argument(nil, .identifier("jsonLines")), Argument("endpointID", .identifier("endpointID"))], multiline: false))
        let members: [Declaration] = [
            .documented(
                ["The spec id these cases check."],
                .variable(VariableDescription(isStatic: true, name: "endpointID", type: "String", initializer: .string(endpoint.id)))),
            .documented(
                ["The \(cases.count) cases, one JSON object a line, in derivation order."],
                .variable(
                    VariableDescription(
                        isStatic: true, name: "jsonLines", type: "String",
                        initializer: .literal(.multilineString(lines))))),
            .variable(decoded),
            .documented(
                ["Every case, in derivation order; empty only if the catalog does not decode (see ``decodingFailure``)."],
                .variable(
                    VariableDescription(
                        isStatic: true, isMutable: true, name: "all", type: "[ConformanceCase]",
                        getter: [.return(.identifier("(try? decoded.get()) ?? []"))]))),
            .documented(
                ["Why the catalog did not decode, or nil."],
                .variable(
                    VariableDescription(
                        isStatic: true, isMutable: true, name: "decodingFailure", type: "CaseLines.DecodingFailure?",
                        getter: [.return(.identifier("if case .failure(let f) = decoded { f } else { nil }"))]))),
        ]
        return .documented(
            ["Conformance cases of `\(endpoint.signature)` (\(endpoint.summary)).", "", "- Remark: Generated from \(source)"],
            .enum(TypeDescription(name: casesTypeName(endpoint), members: members)))
    }

    // MARK: Request builder

    func swiftType(_ field: FieldSpec, owner: String) -> (type: String, nested: Declaration?) {
        if let values = field.enum?.value, field.type == .string || field.type == .int {
            let name = Naming.typeName(field.name)
            let cases: [Declaration] = zip(values, Self.enumCaseNames(values)).map { member, caseName in
                let raw: Expression = if case .int(let i) = member.value { .int(i) } else { .string(member.value.stringValue ?? member.value.jsonText) }
                let decl = Declaration.enumCase(name: caseName, rawValue: raw)
                return member.description.map { .documented([$0], decl) } ?? decl
            }
            let rawType = field.type == .int ? "Int" : "String"
            return (
                name,
                .documented(
                    ["Values of `\(field.name)`."],
                    .enum(TypeDescription(name: name, conformances: [rawType, "Sendable", "Equatable", "CaseIterable"], members: cases)))
            )
        }
        switch field.type {
        case .string: return ("String", nil)
        case .int: return ("Int", nil)
        case .number: return ("Double", nil)
        case .bool: return ("Bool", nil)
        case .file: return ("CatalogFile", nil)
        case .array: return ("[JSONValue]", nil)
        case .i18n, .object:
            let name = Naming.typeName(field.name)
            let members = field.fields ?? []
            var decls: [Declaration] = []
            var entries: [Statement] = [
                .declaration(
                    .variable(
                        VariableDescription(
                            access: nil, isMutable: true, name: "object",
                            type: "[String: JSONValue]", initializer: .dictionary([], multiline: false))))
            ]
            var usedNames: Set<String> = ["object", "jsonValue"]
            var initParameters: [Parameter] = []
            var initBody: [Statement] = []
            for m in members {
                let swiftName = Naming.memberName(m.name)
                guard usedNames.insert(swiftName).inserted else { continue }
                let scalar: String
                let json: Expression
                switch m.type {
                case .string: (scalar, json) = ("String", .dot("string", [Argument(nil, .identifier(swiftName))]))
                case .int: (scalar, json) = ("Int", .dot("int", [Argument(nil, .identifier(swiftName))]))
                case .number: (scalar, json) = ("Double", .dot("double", [Argument(nil, .identifier(swiftName))]))
                case .bool: (scalar, json) = ("Bool", .dot("bool", [Argument(nil, .identifier(swiftName))]))
                default: (scalar, json) = ("JSONValue", .identifier(swiftName))
                }
                decls.append(
                    .documented(
                        [m.description ?? "`\(m.name)`."],
                        .variable(VariableDescription(isMutable: true, name: swiftName, type: "\(scalar)?", initializer: .literal(.nil)))))
                initParameters.append(Parameter(name: swiftName, type: "\(scalar)?", defaultValue: .literal(.nil)))
                initBody.append(.assignment(.member(.identifier("self"), swiftName), .identifier(swiftName)))
                entries.append(.ifLet(swiftName, [.assignment(.subscripted(.identifier("object"), .string(m.name)), json)]))
            }
            if entries.count == 1 {
                // No members: the object is never filled, so it is a constant.
                entries[0] = .declaration(
                    .variable(
                        VariableDescription(
                            access: nil, isMutable: false, name: "object",
                            type: "[String: JSONValue]", initializer: .dictionary([], multiline: false))))
            }
            entries.append(.return(.dot("object", [Argument(nil, .identifier("object"))])))
            decls.append(
                .documented(
                    ["Creates a value from the members to send (none: an empty object)."],
                    .function(FunctionDescription(name: "init", parameters: initParameters, body: initBody))))
            decls.append(
                .documented(
                    ["The JSON object sent."],
                    .variable(VariableDescription(isMutable: true, name: "jsonValue", type: "JSONValue", getter: entries))))
            return (
                name,
                .documented(
                    ["The `\(field.name)` object."],
                    .struct(TypeDescription(name: name, conformances: ["Sendable", "Equatable"], members: decls)))
            )
        }
    }

    /// The Swift case names of an enum field's values, in order: `value1`, `valueMinus2`, `message`, made unique.
    static func enumCaseNames(_ values: [EnumCase]) -> [String] {
        var used: Set<String> = []
        return values.map { member in
            var caseName: String
            if case .int(let i) = member.value {
                caseName = i < 0 ? "valueMinus\(-i)" : "value\(i)"
            } else {
                caseName = Naming.memberName(member.value.stringValue ?? member.value.jsonText)
            }
            while used.contains(caseName) { caseName += "_" }
            used.insert(caseName)
            return caseName
        }
    }

    func catalogValue(_ field: FieldSpec, swiftName: String, hasEnum: Bool) -> Expression {
        let v = Expression.identifier(swiftName)
        func json(_ e: Expression) -> Expression { .dot("json", [Argument(nil, e)]) }
        if hasEnum {
            return json(.dot(field.type == .int ? "int" : "string", [Argument(nil, .member(v, "rawValue"))]))
        }
        switch field.type {
        case .string: return json(.dot("string", [Argument(nil, v)]))
        case .int: return json(.dot("int", [Argument(nil, v)]))
        case .number: return json(.dot("double", [Argument(nil, v)]))
        case .bool: return json(.dot("bool", [Argument(nil, v)]))
        case .file: return .dot("file", [Argument(nil, v)])
        case .array: return json(.dot("array", [Argument(nil, v)]))
        case .i18n, .object: return json(.member(v, "jsonValue"))
        }
    }

    /// The fields the typed request builder of `endpoint` has.
    func typedFields(_ endpoint: EndpointSpec, source: String, diagnostics: inout [Diagnostic]) -> [FieldSpec] {
        // One typed property per field name: a second field of the same name (in another
        // location) is left to `overrides`, and the generated names never collide.
        var fields: [FieldSpec] = []
        var seenNames: Set<String> = []
        var seenSwift: Set<String> = ["route", "overrides", "fieldValues"]
        for field in endpoint.request where field.location != .header {
            let swiftName = Naming.memberName(field.name)
            guard seenNames.insert(field.name).inserted, seenSwift.insert(swiftName).inserted,
                seenSwift.insert(Naming.typeName(field.name)).inserted
            else {
                diagnostics.append(
                    Diagnostic(
                        severity: .warning, file: source, jsonPath: "$.request",
                        message: "a second field named \(field.name) (or with the same Swift name): the typed request builder leaves it to overrides"))
                continue
            }
            fields.append(field)
        }
        return fields
    }

    // MARK: Shared request types

    /// Where the nested types of the typed requests that more than one request has, shape for
    /// shape (documentation aside), are declared once.
    static let sharedTypesName = "SharedRequestTypes"

    /// The nested types of the typed requests that two or more requests declare with the same
    /// shape: one declaration each in `SharedRequestTypes.swift` (its documentation that of the
    /// first request by endpoint id), and per endpoint the nested names that become typealiases
    /// to it. A shared type keeps the nested name unless two shared shapes have that name; then
    /// each is prefixed by its first request's type name. No shared type, no file.
    func sharedTypes(_ parsed: ParsedSpecs, fields: [String: [FieldSpec]]) -> (file: SwiftFile?, names: [String: [String: String]]) {
        struct Shape {
            var name: String
            var declaration: Declaration
            var owners: [EndpointSpec] = []
        }
        var shapes: [String: Shape] = [:]
        var order: [String] = []
        for endpoint in parsed.specSet.endpoints {
            let owner = "\(Naming.typeName(endpoint.id))Request"
            for field in fields[endpoint.id] ?? [] {
                guard let nested = swiftType(field, owner: owner).nested else { continue }
                var w = SwiftWriter()
                SwiftRenderer().render(nested.withoutDocumentation, into: &w)
                let key = w.text
                if shapes[key] == nil {
                    shapes[key] = Shape(name: Naming.typeName(field.name), declaration: nested)
                    order.append(key)
                }
                shapes[key]?.owners.append(endpoint)
            }
        }
        let sharedKeys = order.filter { (shapes[$0]?.owners.count ?? 0) > 1 }
        guard !sharedKeys.isEmpty else { return (nil, [:]) }
        let nameCounts = Dictionary(sharedKeys.compactMap { shapes[$0]?.name }.map { ($0, 1) }, uniquingKeysWith: +)
        var names: [String: [String: String]] = [:]
        var declarations: [Declaration] = []
        var sources: Set<String> = []
        for key in sharedKeys {
            guard let shape = shapes[key], let first = shape.owners.first else { continue }
            let sharedName = nameCounts[shape.name] == 1 ? shape.name : "\(Naming.typeName(first.id))\(shape.name)"
            for owner in shape.owners {
                names[owner.id, default: [:]][shape.name] = "\(Self.sharedTypesName).\(sharedName)"
                sources.insert(parsed.sourcePath(endpointID: owner.id))
            }
            let users = "- Remark: The `\(shape.name)` of " + shape.owners.map { "`\(Naming.typeName($0.id))Request`" }.joined(separator: ", ") + "."
            declarations.append(Self.renamed(shape.declaration, to: sharedName, remark: users))
        }
        let type = TypeDescription(name: Self.sharedTypesName, members: declarations)
        let file = SwiftFile(
            path: "\(Self.sourcesDirectory)/\(Self.sharedTypesName).swift", sources: sources.sorted(), imports: ["ConformanceSpec"],
            declarations: [
                .documented(
                    ["The nested types that typed requests share, one declaration for one shape; each request names them by a typealias."],
                    .enum(type))
            ])
        return (file, names)
    }

    /// `declaration` (a documented nested type) named `name`, with `remark` added to its documentation.
    static func renamed(_ declaration: Declaration, to name: String, remark: String) -> Declaration {
        switch declaration {
        case .documented(let lines, let inner): return .documented(lines + ["", remark], renamed(inner, to: name, remark: remark))
        case .struct(var t):
            t.name = name
            return .struct(t)
        case .enum(var t):
            t.name = name
            return .enum(t)
        default: return declaration
        }
    }

    func requestBuilder(_ endpoint: EndpointSpec, fields: [FieldSpec], shared: [String: String], source: String) -> Declaration {
        let name = "\(Naming.typeName(endpoint.id))Request"
        var members: [Declaration] = []
        let locations = fields.map { DictionaryEntry(.string($0.name), .dotMember($0.location?.rawValue ?? "body")) }
        members.append(
            .documented(
                ["Method, path, body encoding and where each field travels."],
                .variable(
                    VariableDescription(
                        isStatic: true, name: "route", type: "CatalogRoute",
                        initializer: .call(
                            .identifier("CatalogRoute"),
                            [
                                Argument("method", .string(endpoint.method)), Argument("path", .string(endpoint.path)),
                                Argument("encoding", .dotMember(endpoint.bodyEncoding.rawValue)),
                                Argument("locations", .dictionary(locations, multiline: true)),
                            ], multiline: true)))))
        var properties: [Declaration] = []
        var nested: [Declaration] = []
        var parameters: [Parameter] = []
        var initBody: [Statement] = []
        var valueBody: [Statement] = [
            .declaration(
                .variable(
                    VariableDescription(
                        access: nil, isMutable: true, name: "values", type: "[String: CatalogValue]", initializer: .dictionary([], multiline: false))))
        ]
        for field in fields {
            let swiftName = Naming.memberName(field.name)
            let (type, nestedType) = swiftType(field, owner: name)
            if nestedType != nil, let sharedType = shared[type] {
                nested.append(.documented(["The `\(field.name)` type that other requests share."], .typeAlias(access: .public, name: type, type: sharedType)))
            } else if let nestedType {
                nested.append(nestedType)
            }
            let optional = !field.required.value
            let fullType = optional ? "\(type)?" : type
            properties.append(
                .documented(
                    [field.description ?? "`\(field.name)` (\(field.type.rawValue))."],
                    .variable(VariableDescription(isMutable: true, name: swiftName, type: fullType))))
            parameters.append(Parameter(name: swiftName, type: fullType, defaultValue: optional ? .literal(.nil) : nil))
            initBody.append(.assignment(.member(.identifier("self"), swiftName), .identifier(swiftName)))
            let value = catalogValue(field, swiftName: swiftName, hasEnum: nestedType != nil && field.type != .i18n && field.type != .object)
            let assign = Statement.assignment(.subscripted(.identifier("values"), .string(field.name)), value)
            valueBody.append(optional ? .ifLet(swiftName, [assign]) : assign)
        }
        members += nested
        members += properties
        members.append(
            .documented(
                ["Field name -> raw value sent instead of the typed one (`nil` removes the field): for deliberately invalid requests."],
                .variable(
                    VariableDescription(
                        isMutable: true, name: "overrides", type: "[String: CatalogValue?]",
                        initializer: .dictionary([], multiline: false)))))
        members.append(
            .documented(["Creates a request from typed values."], .function(FunctionDescription(name: "init", parameters: parameters, body: initBody))))
        valueBody.append(.expression(.identifier("for (name, value) in overrides { values[name] = value }")))
        valueBody.append(.return(.identifier("values")))
        members.append(
            .documented(
                ["The values sent, overrides applied."],
                .variable(VariableDescription(isMutable: true, name: "fieldValues", type: "[String: CatalogValue]", getter: valueBody))))
        members.append(
            .documented(
                ["The HTTP request, with `authorization` as the `Authorization` header when given."],
                .function(
                    FunctionDescription(
                        name: "httpRequest", parameters: [Parameter(name: "authorization", type: "String?")],
                        returnType: "HTTPRequest",
                        body: [
                            .return(
                                .call(
                                    .member(.member(.identifier("Self"), "route"), "request"),
                                    [
                                        Argument("values", .identifier("fieldValues")),
                                        Argument("authorization", .identifier("authorization")),
                                    ],
                                    multiline: false))
                        ]))))
        return .documented(
            ["A typed request for `\(endpoint.signature)` (\(endpoint.summary)).", "", "- Remark: Generated from \(source)"],
            .struct(TypeDescription(name: name, conformances: ["Sendable", "Equatable"], members: members)))
    }

    // MARK: Validators

    func validator(_ endpoint: EndpointSpec, source: String) -> Declaration {
        func call(_ name: String, _ arg: String) -> [Statement] {
            [
                .return(
                    .try(
                        .call(
                            .member(.identifier("CatalogValidation"), name),
                            [Argument(nil, .identifier(arg)), Argument("endpointID", .string(endpoint.id))], multiline: false)))
            ]
        }
        return .documented(
            [
                "Checks requests to and replies from `\(endpoint.signature)` against its embedded spec.", "",
                "- Remark: Generated from \(source)",
            ],
            .enum(
                TypeDescription(
                    name: "\(Naming.typeName(endpoint.id))Validator",
                    members: [
                        .documented(
                            ["Findings for a success reply: envelope, every documented field with its type and constraints, drift."],
                            .function(
                                FunctionDescription(
                                    isStatic: true, isThrowing: true, name: "validateResponse",
                                    parameters: [Parameter(label: "_", name: "response", type: "HTTPResponse")],
                                    returnType: "[Finding]", body: call("validateResponse", "response")))),
                        .documented(
                            ["The rules `request` breaks, in the spec's validation order."],
                            .function(
                                FunctionDescription(
                                    isStatic: true, isThrowing: true, name: "validateRequest",
                                    parameters: [Parameter(label: "_", name: "request", type: "HTTPRequest")],
                                    returnType: "RequestValidation", body: call("validateRequest", "request")))),
                    ])))
    }

    // MARK: Suites

    func suiteFile(_ endpoint: EndpointSpec, source: String, baseline: ConformanceCase?, specs: SpecSet) -> SwiftFile {
        let typeName = Naming.typeName(endpoint.id)
        var typed: Declaration?
        var docNote: [String] = []
        if let baseline {
            switch TypedBaseline(specs: specs).body(for: baseline) {
            case .success(let lines):
                let function = FunctionDescription(access: nil, isAsync: true, isThrowing: true, name: "typedBaseline", body: lines)
                typed = .documented(
                    [
                        "The baseline request built with the generated typed request builders and checked with the generated",
                        "validators (request and reply), against an embedded mock: compiling and running this exercises both.",
                    ],
                    .attributed(
                        [
                            "@Test(\"Typed builders and validators: the baseline request\", .enabled(if: Harness.liveBaseURL == nil, \"writes: embedded mock only\"))"
                        ],
                        .function(function)))
            case .failure(let unsupported):
                docNote = ["", "No typed-builder test: \(unsupported.reason)."]
            }
        }
        let test = FunctionDescription(
            access: nil, isAsync: true, isThrowing: true, name: "conformance",
            parameters: [Parameter(label: "_", name: "conformanceCase", type: "ConformanceCase")],
            body: [.expression(.try(.await(.call(.member(.identifier("Harness"), "run"), [Argument(nil, .identifier("conformanceCase"))], multiline: false))))])
        let suite = TypeDescription(
            access: nil, name: "\(typeName)ConformanceTests",
            members: [
                .documented(
                    ["Runs one case; cases that cannot run on this target are left out by `Harness.runnable`, which prints why."],
                    .attributed(["@Test(\"Conformance case\", arguments: Harness.runnable(\(casesTypeName(endpoint)).all))"], .function(test)))
            ] + (typed.map { [$0] } ?? []))
        return SwiftFile(
            path: "\(Self.testsDirectory)/\(typeName)ConformanceTests.swift", sources: [source],
            imports: ["ConformanceCatalog", "ConformanceKit", "Foundation", "Testing"],
            declarations: [
                .documented(
                    ["Conformance cases of `\(endpoint.signature)` (\(endpoint.summary))."] + docNote + ["", "- Remark: Generated from \(source)"],
                    .attributed(["@Suite(\(SwiftRenderer.quoted("\(endpoint.signature) (\(endpoint.summary))")))"], .struct(suite)))
            ])
    }
}
