import ConformanceModel
import ConformanceSpec

/// The generated API exercised by the generated suites: an endpoint's baseline case (every
/// required field valid) written as calls to the typed request builders of each endpoint it sends
/// to, checked with the generated validators, so compiling and running the suites tests both.
///
/// Each request step becomes `let requestN = <Endpoint>Request(field: value, ...)`; a set-up step's
/// captures become `let name = try Harness.capture(replyN, path: "...")`; the last step's request
/// must pass `<Endpoint>Validator.validateRequest` and its reply `validateResponse`. Values follow
/// the case's recipes: literals, the enum's typed case, unique text, forged files, captured keys,
/// i18n objects. A baseline with a value no typed builder can take yields no test (nil), with
/// the reason, which the suite's documentation then states.
struct TypedBaseline {
    let specs: SpecSet

    /// The statements of the test, or why there is none.
    func body(for baseline: ConformanceCase) -> Result<[Statement], Unsupported> {
        if let reason = baseline.notExercisableReason { return .failure(Unsupported("the baseline is not exercisable: \(reason)")) }
        var statements: [Statement] = [.declaration(Self.constant("client", .try(.await(.call(.identifier("Harness.typedClient"), [], multiline: false)))))]
        /// Capture name -> the variable holding it; the variables a later step sends.
        var captured: [String: String] = [:]
        var sent: Set<String> = []
        /// Where each capture's statement is, to discard the ones no later step sends.
        var captureStatements: [(variable: String, index: Int, value: Expression)] = []
        let requests = baseline.steps.compactMap { step -> RequestStep? in if case .request(let r) = step { r } else { nil } }
        guard !requests.isEmpty, baseline.steps.count == requests.count else { return .failure(Unsupported("the baseline has clock steps")) }
        for (index, step) in requests.enumerated() {
            guard let endpoint = specs.endpoint(id: step.endpointID) else { return .failure(Unsupported("step \(index + 1) names no embedded endpoint")) }
            guard step.rawBody == nil, step.contentTypeOverride == nil, step.repeatCount <= 1, step.caller == Caller() else {
                return .failure(Unsupported("step \(index + 1) is not a plain typed request"))
            }
            let typeName = "\(Naming.typeName(endpoint.id))Request"
            var arguments: [Argument] = []
            for field in endpoint.request where field.location != .header {
                guard let recipe = step.values[field.name] else {
                    if field.required.value { return .failure(Unsupported("\(endpoint.id) needs \(field.name), which the baseline does not send")) }
                    continue
                }
                guard let value = literal(field, recipe, owner: typeName, captured: captured) else {
                    return .failure(Unsupported("no typed literal for \(endpoint.id).\(field.name) from \(recipe)"))
                }
                sent.formUnion(captured.values.filter { value.contains($0) })
                arguments.append(Argument(Naming.memberName(field.name), .identifier(value)))
            }
            let unknown = step.values.keys.filter { name in !endpoint.request.contains { $0.name == name && $0.location != .header } }
            guard unknown.isEmpty else { return .failure(Unsupported("\(endpoint.id) gets fields its builder does not have: \(unknown.sorted())")) }
            let validator = "\(Naming.typeName(endpoint.id))Validator"
            statements.append(.declaration(Self.constant("request\(index)", .call(.identifier(typeName), arguments, multiline: false))))
            let exchange: Expression = .try(
                .await(
                    .call(
                        .identifier("client.exchange"),
                        [
                            Argument(nil, .identifier("request\(index).httpRequest(authorization: client.authorization)")),
                            Argument("validateRequest", .identifier("\(validator).validateRequest")),
                            Argument("validateResponse", .identifier("\(validator).validateResponse")),
                        ], multiline: false)))
            statements.append(step.captures.isEmpty ? .assignment(.identifier("_"), exchange) : .declaration(Self.constant("reply\(index)", exchange)))
            for (name, path) in step.captures.sorted(by: { $0.key < $1.key }) {
                let variable = "\(Naming.memberName(name).replacingOccurrences(of: "`", with: ""))\(index)"
                let capture: Expression = .try(
                    .call(
                        .identifier("Harness.capture"), [Argument(nil, .identifier("reply\(index)")), Argument("path", .string(path))],
                        multiline: false))
                captureStatements.append((variable, statements.count, capture))
                statements.append(.declaration(Self.constant(variable, capture)))
                captured[name] = variable
            }
        }
        // A capture a later step does not send (a second upload of the same recipe) still checks the reply holds it.
        for capture in captureStatements where !sent.contains(capture.variable) {
            statements[capture.index] = .assignment(.identifier("_"), capture.value)
        }
        return .success(statements)
    }

    /// `let name = value`.
    static func constant(_ name: String, _ value: Expression) -> Declaration {
        .variable(VariableDescription(access: nil, name: name, initializer: value))
    }

    /// Why a baseline has no typed test.
    struct Unsupported: Error, Equatable {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// A Swift expression of the builder parameter's type for `recipe`, or nil.
    func literal(_ field: FieldSpec, _ recipe: ValueRecipe, owner: String, captured: [String: String]) -> String? {
        switch recipe {
        case .json(let value):
            if let values = field.enum?.value, field.type == .string || field.type == .int,
                let index = values.firstIndex(where: { $0.value == value })
            {
                return ".\(CatalogTranslator.enumCaseNames(values)[index])"
            }
            switch (field.type, value) {
            case (.string, .string(let s)): return SwiftRenderer.quoted(s)
            case (.int, .int(let i)): return String(i)
            case (.number, .double(let d)): return String(d)
            case (.number, .int(let i)): return String(Double(i))
            case (.bool, .bool(let b)): return b ? "true" : "false"
            case (.array, .array): return "try Harness.jsonArray(\(SwiftRenderer.quoted(value.jsonText)))"
            case (.object, .object(let members)), (.i18n, .object(let members)):
                return object(field, members.mapValues { ValueRecipe.json($0) }, owner: owner, captured: captured)
            default: return nil
            }
        case .text(let text):
            switch field.type {
            case .string: return SwiftRenderer.quoted(text)
            case .int: return Int(text).map(String.init)
            default: return nil
            }
        case .uniqueText(let length, let filler):
            guard field.type == .string else { return nil }
            return "Harness.uniqueText(length: \(length), filler: \(filler.map(SwiftRenderer.quoted) ?? "nil"))"
        case .captured(let name):
            guard field.type == .string else { return nil }
            return captured[name]
        case .object(let members):
            guard field.type == .object || field.type == .i18n else { return nil }
            return object(field, members, owner: owner, captured: captured)
        case .image(let image):
            guard field.type == .file else { return nil }
            var arguments = ["format: \(SwiftRenderer.quoted(image.format))", "width: \(image.width)", "height: \(image.height)"]
            if let b = image.byteSize { arguments.append("byteSize: \(b)") }
            if let f = image.filename { arguments.append("filename: \(SwiftRenderer.quoted(f))") }
            if let c = image.contentType { arguments.append("contentType: \(SwiftRenderer.quoted(c))") }
            return "try Harness.file(ImageRecipe(\(arguments.joined(separator: ", "))))"
        case .nearMiss:
            return nil
        }
    }

    /// `Owner.Type(member: ..., other: ...)` for an object or i18n field: its members by label, in declared order.
    func object(_ field: FieldSpec, _ members: [String: ValueRecipe], owner: String, captured: [String: String]) -> String? {
        var arguments: [String] = []
        for member in field.fields ?? [] {
            guard let recipe = members[member.name] else { continue }
            let value: String?
            switch (member.type, recipe) {
            case (.string, _), (.int, _), (.number, _), (.bool, _): value = literal(member, recipe, owner: owner, captured: captured)
            // The builder keeps other members as JSONValue.
            case (_, .json(let json)): value = "try Harness.json(\(SwiftRenderer.quoted(json.jsonText)))"
            default: value = nil
            }
            guard let value else { return nil }
            arguments.append("\(Naming.memberName(member.name)): \(value)")
        }
        guard members.keys.allSatisfy({ name in (field.fields ?? []).contains { $0.name == name } }) else { return nil }
        let call = "\(owner).\(Naming.typeName(field.name))(\(arguments.joined(separator: ", ")))"
        return arguments.contains { $0.contains("try ") } ? "try " + call : call
    }
}
