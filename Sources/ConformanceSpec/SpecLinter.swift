import Foundation

/// Checks spec files: JSON syntax, the shape of every object (unknown and missing keys, value
/// types, provenance on every rule), and the spec's own consistency (bounds, enums, error
/// bindings, examples, behaviours, path parameters, ids). Returns every problem as a
/// `Diagnostic` naming the file and the JSON path.
///
/// The `lint` command is `SpecLinter.lint(directory:)` plus printing; it fails when the result
/// `hasErrors`.
public enum SpecLinter {
    /// Lints every spec file in a directory (the schema file excepted).
    public static func lint(directory: URL) -> [Diagnostic] {
        do {
            return lint(files: try SpecSet.readSpecFiles(directory: directory))
        } catch let error as SpecLoadError {
            return [
                Diagnostic(
                    severity: .error, file: error.file, jsonPath: "$",
                    message: "\(error.message): pass a readable specs directory")
            ]
        } catch {
            return [
                Diagnostic(
                    severity: .error, file: directory.path, jsonPath: "$",
                    message: "cannot read the specs directory (\(error)): pass a readable specs directory")
            ]
        }
    }

    /// Lints one endpoint file against `platform` (nil: the platform-dependent checks are skipped),
    /// without the checks across files (file name, duplicate ids and signatures): what `import`
    /// reports for each spec it writes.
    public static func lint(endpointFile name: String, data: Data, platform: PlatformSpec?) -> [Diagnostic] {
        let raw: JSONValue
        do {
            raw = try JSONValue.parse(data)
        } catch {
            return [Diagnostic(severity: .error, file: name, jsonPath: "$", message: "\(error.message): fix the JSON syntax")]
        }
        var walker = ShapeWalker(file: name)
        walker.check(raw, .ref("EndpointSpec"), "$")
        guard walker.diagnostics.isEmpty else { return walker.diagnostics }
        let spec: EndpointSpec
        do {
            spec = try SpecSet.decodeFile(EndpointSpec.self, data, file: name)
        } catch {
            return [Diagnostic(error)]
        }
        var checker = EndpointChecker(spec: spec, file: name, prefix: "$", platform: platform)
        checker.run()
        return checker.diagnostics
    }

    /// Lints an endpoint spec held in memory with its JSON form (what a tool that writes specs,
    /// like `import`, has in hand): the shape walk over `json` and the consistency checks over
    /// `spec`, without parsing text or decoding again. `json` must be `spec` encoded.
    public static func lint(endpoint spec: EndpointSpec, json: JSONValue, file name: String, platform: PlatformSpec?) -> [Diagnostic] {
        var walker = ShapeWalker(file: name)
        walker.check(json, .ref("EndpointSpec"), "$")
        guard walker.diagnostics.isEmpty else { return walker.diagnostics }
        var checker = EndpointChecker(spec: spec, file: name, prefix: "$", platform: platform)
        checker.run()
        return checker.diagnostics
    }

    /// Lints spec files given as name -> bytes: `platform.json` plus endpoint files named `<id>.json`.
    /// Names not ending in `.json`, and `*.schema.json`, are ignored.
    public static func lint(files: [String: Data]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let platformName = SpecSet.platformFileName
        if files[platformName] == nil {
            out.append(
                Diagnostic(
                    severity: .error, file: platformName, jsonPath: "$",
                    message: "missing \(platformName): every specs directory needs the platform file beside the endpoint files"))
        }
        var platform: PlatformSpec?
        var endpoints: [(file: String, spec: EndpointSpec)] = []
        for name in files.keys.sorted() where name.hasSuffix(".json") && !name.hasSuffix(".schema.json") {
            guard let data = files[name] else { continue }
            let isPlatform = name == platformName
            let raw: JSONValue
            do {
                raw = try JSONValue.parse(data)
            } catch {
                out.append(Diagnostic(severity: .error, file: name, jsonPath: "$", message: "\(error.message): fix the JSON syntax"))
                continue
            }
            var walker = ShapeWalker(file: name)
            walker.check(raw, .ref(isPlatform ? "PlatformSpec" : "EndpointSpec"), "$")
            out += walker.diagnostics
            guard walker.diagnostics.isEmpty else { continue }
            do {
                if isPlatform {
                    platform = try SpecSet.decodeFile(PlatformSpec.self, data, file: name)
                } else {
                    endpoints.append((name, try SpecSet.decodeFile(EndpointSpec.self, data, file: name)))
                }
            } catch {
                out.append(Diagnostic(error))
            }
        }

        if let platform {
            out += checkPlatform(platform, file: platformName)
        }
        // The behaviours the resource conventions add are checked with the spec's own (they are
        // listed after the file's; a finding there is a bug in the conventions or a spec that
        // should declare its own).
        let effective = ResourceConventions.apply(to: endpoints.map(\.spec))
        endpoints = zip(endpoints, effective).map { (file: $0.file, spec: $1) }
        for (file, spec) in endpoints {
            var checker = EndpointChecker(spec: spec, file: file, prefix: "$", platform: platform)
            checker.run()
            out += checker.diagnostics
        }

        // Across files: names, ids, signatures.
        var seenIds: [String: String] = [:]
        var seenSignatures: [String: String] = [:]
        if let platform {
            seenIds[platform.tokenEndpoint.id] = platformName
            seenSignatures[platform.tokenEndpoint.signature] = platformName
        }
        for (file, spec) in endpoints {
            if file != "\(spec.id).json" {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "$.id",
                        message: "id \"\(spec.id)\" does not match the file name: rename the file to \(spec.id).json or fix the id"))
            }
            if let other = seenIds[spec.id] {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "$.id",
                        message: "duplicate endpoint id \"\(spec.id)\" (also in \(other)): give each endpoint its own id"))
            } else {
                seenIds[spec.id] = file
            }
            if let other = seenSignatures[spec.signature] {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "$.path",
                        message: "\(spec.signature) is already specified by \(other): merge the two specs or fix the method or path"))
            } else {
                seenSignatures[spec.signature] = file
            }
        }
        return out
    }

    // MARK: Platform

    static func checkPlatform(_ platform: PlatformSpec, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func error(_ path: String, _ message: String) {
            out.append(Diagnostic(severity: .error, file: file, jsonPath: path, message: message))
        }
        for name in platform.domains.keys.sorted() {
            guard let url = platform.domains[name] else { continue }
            if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                error("$.domains.\(name)", "base URL \"\(url)\" is not an http(s) URL: write it as https://host")
            }
        }
        if platform.tokens.tenantPrefix.value.isEmpty {
            error("$.tokens.tenantPrefix.value", "empty token prefix: give the prefix tenant tokens start with (t-)")
        }
        if platform.tokens.userPrefix.value.isEmpty { error("$.tokens.userPrefix.value", "empty token prefix: give the prefix user tokens start with (u-)") }
        if platform.tokens.refreshWindowSeconds.value > platform.tokens.tenantTokenLifetimeSeconds.value {
            error("$.tokens.refreshWindowSeconds.value", "the refresh window is longer than the token's lifetime: make it at most tenantTokenLifetimeSeconds")
        }
        out += duplicateCodes(platform.errors, file: file, prefix: "$")
        out += decisionsCheck(platform.decisions, file: file, prefix: "$")

        let codes = Set(platform.errors.map(\.code))
        var referenced: Set<Int> = []
        let roles: [(String, ErrorBinding)] = [
            ("missingToken", platform.roles.missingToken), ("malformedAuthorization", platform.roles.malformedAuthorization),
            ("badTokenPrefix", platform.roles.badTokenPrefix), ("invalidTenantToken", platform.roles.invalidTenantToken),
            ("invalidUserToken", platform.roles.invalidUserToken), ("wrongTokenType", platform.roles.wrongTokenType),
            ("missingScope", platform.roles.missingScope), ("rateLimited", platform.roles.rateLimited),
            ("notFound", platform.roles.notFound), ("methodMismatch", platform.roles.methodMismatch),
            ("badCredentials", platform.roles.badCredentials), ("tokenBadRequest", platform.roles.tokenBadRequest),
        ]
        for (name, binding) in roles {
            referenced.insert(binding.code)
            if !codes.contains(binding.code) {
                error(
                    "$.roles.\(name).code",
                    "error code \(binding.code) is not in platform.json's errors table: add an errors entry for it or bind an existing code")
            }
        }
        var checker = EndpointChecker(spec: platform.tokenEndpoint, file: file, prefix: "$.tokenEndpoint", platform: platform)
        checker.run()
        out += checker.diagnostics
        referenced.formUnion(checker.referenced)
        out += unreferencedErrors(platform.errors, referenced: referenced, file: file, prefix: "$")
        return out
    }

    static func duplicateCodes(_ errors: [ErrorEntry], file: String, prefix: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: Set<Int> = []
        for (j, entry) in errors.enumerated() {
            if !seen.insert(entry.code).inserted {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "\(prefix).errors[\(j)].code",
                        message: "duplicate error code \(entry.code): keep one row per code"))
            }
            if !entry.triggerable && (entry.whyNotTriggerable ?? "").isEmpty {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "\(prefix).errors[\(j)].triggerable",
                        message: "error \(entry.code) is marked not triggerable without a reason: add \"whyNotTriggerable\""))
            }
            if !(100...599).contains(entry.httpStatus.value) {
                out.append(
                    Diagnostic(
                        severity: .error, file: file, jsonPath: "\(prefix).errors[\(j)].httpStatus.value",
                        message: "HTTP status \(entry.httpStatus.value) is not in 100...599: give the status the platform answers with"))
            }
        }
        return out
    }

    static func unreferencedErrors(_ errors: [ErrorEntry], referenced: Set<Int>, file: String, prefix: String) -> [Diagnostic] {
        errors.enumerated().compactMap { j, entry in
            guard entry.triggerable, !referenced.contains(entry.code) else { return nil }
            return Diagnostic(
                severity: .warning, file: file, jsonPath: "\(prefix).errors[\(j)]",
                message:
                    "error \(entry.code) is triggerable but no rule, behaviour or role binds it: bind it where it is provoked, or set \"triggerable\": false with \"whyNotTriggerable\""
            )
        }
    }

    static func decisionsCheck(_ decisions: [Decision]?, file: String, prefix: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var seen: Set<String> = []
        for (i, decision) in (decisions ?? []).enumerated() where !seen.insert(decision.id).inserted {
            out.append(
                Diagnostic(
                    severity: .error, file: file, jsonPath: "\(prefix).decisions[\(i)].id",
                    message: "duplicate decision id \"\(decision.id)\": give each decision its own id"))
        }
        return out
    }
}

// MARK: - Shape walking

/// Walks raw JSON against `SpecShape`, collecting unknown keys, missing keys, wrong value
/// types and missing provenance.
struct ShapeWalker {
    typealias Shape = SpecShape.Shape
    let file: String
    var diagnostics: [Diagnostic] = []

    mutating func error(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(severity: .error, file: file, jsonPath: path, message: message))
    }

    static func describe(_ shape: Shape) -> String {
        switch shape {
        case .string: "a string"
        case .int: "an integer"
        case .number: "a number"
        case .bool: "true or false"
        case .any: "any JSON value"
        case .oneOf(let values): "one of \(values.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .array: "an array"
        case .dictionary, .ref, .rule, .behaviour: "an object"
        }
    }

    mutating func check(_ value: JSONValue, _ shape: Shape, _ path: String) {
        switch shape {
        case .any:
            return
        case .string:
            if case .string = value { return }
        case .int:
            if case .int = value { return }
        case .number:
            switch value {
            case .int, .double: return
            default: break
            }
        case .bool:
            if case .bool = value { return }
        case .oneOf(let values):
            if case .string(let s) = value, values.contains(s) { return }
        case .array(let element):
            if case .array(let items) = value {
                for (i, item) in items.enumerated() { check(item, element, "\(path)[\(i)]") }
                return
            }
        case .dictionary(let valueShape):
            if case .object(let members) = value {
                for key in members.keys.sorted() { if let member = members[key] { check(member, valueShape, "\(path).\(key)") } }
                return
            }
        case .ref(let name):
            if case .object(let members) = value, let object = SpecShape.objects[name] {
                checkObject(members, object, typeName: name, path)
                return
            }
        case .rule(let valueShape):
            if case .object(let members) = value {
                checkRule(members, valueShape, path)
                return
            }
        case .behaviour:
            if case .object(let members) = value {
                checkBehaviour(members, path)
                return
            }
        }
        error(path, "expected \(Self.describe(shape)), found \(value.typeName): change the value")
    }

    mutating func checkProvenance(_ members: [String: JSONValue], _ path: String, what: String) {
        let documented = members["documented"]
        let inferred = members["inferred"]
        switch (documented, inferred) {
        case (nil, nil):
            error(path, "\(what) has no provenance: add \"documented\": \"<the doc's words>\" or \"inferred\": \"<why>\"")
        case (.some, .some):
            error(path, "\(what) has both \"documented\" and \"inferred\": keep exactly one")
        default:
            for (key, v) in [("documented", documented), ("inferred", inferred)] {
                guard let v else { continue }
                if case .string(let s) = v, !s.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                error("\(path).\(key)", "provenance must be a non-empty string: quote the doc or give the reason")
            }
        }
    }

    mutating func unknownKeys(_ members: [String: JSONValue], allowed: Set<String>, typeName: String, _ path: String) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            error("\(path).\(key)", "unknown key \"\(key)\" in \(typeName): remove it or use one of \(allowed.sorted().joined(separator: ", "))")
        }
    }

    mutating func checkRule(_ members: [String: JSONValue], _ valueShape: Shape, _ path: String) {
        unknownKeys(members, allowed: ["value", "documented", "inferred", "error"], typeName: "a rule", path)
        checkProvenance(members, path, what: "this rule")
        if let v = members["value"] {
            check(v, valueShape, "\(path).value")
        } else {
            error("\(path).value", "missing key \"value\" in a rule: add the constrained value")
        }
        if let e = members["error"] { check(e, .ref("ErrorBinding"), "\(path).error") }
    }

    mutating func checkObject(_ members: [String: JSONValue], _ object: SpecShape.Object, typeName: String, _ path: String) {
        var allowed = Set(object.required.keys).union(object.optional.keys)
        if object.inlineProvenance {
            allowed.formUnion(["documented", "inferred"])
            checkProvenance(members, path, what: typeName == "Provenance" ? "this provenance" : "this \(typeName)")
        }
        unknownKeys(members, allowed: allowed, typeName: typeName, path)
        for key in object.required.keys.sorted() where members[key] == nil {
            error("\(path).\(key)", "missing key \"\(key)\" in \(typeName): add it")
        }
        for key in members.keys.sorted() {
            guard let member = members[key], let shape = object.required[key] ?? object.optional[key] else { continue }
            check(member, shape, "\(path).\(key)")
        }
    }

    mutating func checkBehaviour(_ members: [String: JSONValue], _ path: String) {
        let kinds = SpecShape.behaviourKinds.keys.sorted().joined(separator: ", ")
        guard case .string(let kind)? = members["kind"] else {
            error("\(path).kind", "a behaviour needs \"kind\": one of \(kinds)")
            return
        }
        guard let typeName = SpecShape.behaviourKinds[kind], let object = SpecShape.objects[typeName] else {
            error("\(path).kind", "unknown behaviour kind \"\(kind)\": use one of \(kinds)")
            return
        }
        checkObject(members, object, typeName: "a \(kind) behaviour", path)
    }
}
