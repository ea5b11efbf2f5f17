import ConformanceKit
import ConformanceSpec

/// Case-model values as Swift literal expressions (constructors and enum cases, not JSON strings).
enum CaseLiterals {
    static func expression(_ c: ConformanceCase) -> Expression {
        var args: [Argument] = [
            Argument("id", .string(c.id)), Argument("endpointID", .string(c.endpointID)), Argument("title", .string(c.title)),
            Argument("kind", .dotMember(c.kind.rawValue)), Argument("rule", .string(c.rule)),
            Argument("provenance", provenance(c.provenance)),
        ]
        // Only where the rule's provenance differs from the code's (a documented rule, an inferred code).
        if c.ruleProvenance != c.provenance { args.append(Argument("ruleProvenance", provenance(c.ruleProvenance))) }
        args += [
            Argument("requirements", .array(c.requirements.map(requirement), multiline: false)),
            Argument("covers", .array(c.covers.map(coverage), multiline: false)),
            Argument("steps", .array(c.steps.map(step), multiline: true)),
        ]
        if let reason = c.notExercisableReason { args.append(Argument("notExercisableReason", .string(reason))) }
        return .call(.identifier("ConformanceCase"), args, multiline: true)
    }

    static func provenance(_ p: Provenance) -> Expression {
        switch p {
        case .documented(let s): .dot("documented", [Argument(nil, .string(s))])
        case .inferred(let s): .dot("inferred", [Argument(nil, .string(s))])
        }
    }

    static func requirement(_ r: Requirement) -> Expression {
        switch r {
        case .writes(let n): .dot("writes", [Argument(nil, .int(n))])
        case .secondTenant: .dotMember("secondTenant")
        case .userToken: .dotMember("userToken")
        case .controllableClock: .dotMember("controllableClock")
        case .freshTenant: .dotMember("freshTenant")
        case .appLacking(let c): .dot("appLacking", [Argument(nil, .string(c))])
        }
    }

    static func coverage(_ k: CoverageKey) -> Expression {
        switch k {
        case .field(let s): .dot("field", [Argument(nil, .string(s))])
        case .limit(let s): .dot("limit", [Argument(nil, .string(s))])
        case .errorCode(let c): .dot("errorCode", [Argument(nil, .int(c))])
        case .behaviour(let s): .dot("behaviour", [Argument(nil, .string(s))])
        }
    }

    static func step(_ s: CaseStep) -> Expression {
        switch s {
        case .freezeClock: return .dotMember("freezeClock")
        case .advanceClock(let seconds): return .dot("advanceClock", [Argument("seconds", .int(seconds))])
        case .request(let r):
            var args: [Argument] = [
                Argument("caller", .call(.identifier("Caller"), [Argument("app", callerApp(r.caller.app)),
                                                                Argument("credential", credential(r.caller.credential))], multiline: false)),
                Argument("endpointID", .string(r.endpointID)),
                Argument("values", .dictionary(r.values.keys.sorted().compactMap { k in r.values[k].map { DictionaryEntry(.string(k), value($0)) } },
                                               multiline: r.values.count > 1)),
            ]
            if let raw = r.rawBody { args.append(Argument("rawBody", .string(raw))) }
            if let ct = r.contentTypeOverride { args.append(Argument("contentTypeOverride", .string(ct))) }
            if r.repeatCount != 1 { args.append(Argument("repeatCount", .int(r.repeatCount))) }
            args.append(Argument("expect", expectation(r.expect)))
            if !r.captures.isEmpty {
                args.append(Argument("captures", .dictionary(r.captures.keys.sorted().compactMap { k in
                    r.captures[k].map { DictionaryEntry(.string(k), .string($0)) } }, multiline: false)))
            }
            return .dot("request", [Argument(nil, .call(.identifier("RequestStep"), args, multiline: true))])
        }
    }

    static func callerApp(_ a: CallerApp) -> Expression {
        switch a {
        case .primary: .dotMember("primary")
        case .second: .dotMember("second")
        case .lacking(let capability): .dot("lacking", [Argument(nil, .string(capability))])
        }
    }

    static func credential(_ c: Caller.Credential) -> Expression {
        switch c {
        case .tenantToken: .dotMember("tenantToken")
        case .userToken: .dotMember("userToken")
        case .none: .dotMember("none")
        case .expiredTenantToken: .dotMember("expiredTenantToken")
        case .raw(let s): .dot("raw", [Argument(nil, .string(s))])
        }
    }

    static func expectation(_ e: Expectation) -> Expression {
        switch e {
        case .success: .dotMember("success")
        case .error(let code, let status): .dot("error", [Argument("code", .int(code)), Argument("httpStatus", .int(status))])
        case .rateLimited(let code, let status): .dot("rateLimited", [Argument("code", .int(code)), Argument("httpStatus", .int(status))])
        case .listWalk(let size, let order):
            .dot("listWalk", [Argument("pageSize", .int(size)), Argument("expectedOrder", .array(order.map { .string($0) }, multiline: false))])
        case .listFiltered(let field, let capture, let count):
            .dot("listFiltered", [Argument("field", .string(field)), Argument("capture", .string(capture)), Argument("expectedCount", .int(count))])
        case .listPage(let count, let hasMore):
            .dot("listPage", [Argument("count", .int(count)), Argument("hasMore", .literal(.bool(hasMore)))])
        }
    }

    static func optionalString(_ s: String?) -> Expression { s.map { .string($0) } ?? .literal(.nil) }

    static func value(_ v: ValueRecipe) -> Expression {
        switch v {
        case .json(let j): return .dot("json", [Argument(nil, json(j))])
        case .text(let s): return .dot("text", [Argument(nil, .string(s))])
        case .uniqueText(let length, let filler):
            return .dot("uniqueText", [Argument("length", .int(length)), Argument("filler", optionalString(filler))])
        case .captured(let name): return .dot("captured", [Argument(nil, .string(name))])
        case .object(let members):
            return .dot("object", [Argument(nil, .dictionary(members.keys.sorted().compactMap { k in
                members[k].map { DictionaryEntry(.string(k), value($0)) } }, multiline: false))])
        case .image(let i):
            var args: [Argument] = [Argument("format", .string(i.format)), Argument("width", .int(i.width)), Argument("height", .int(i.height))]
            if let b = i.byteSize { args.append(Argument("byteSize", .int(b))) }
            if let f = i.filename { args.append(Argument("filename", .string(f))) }
            if let c = i.contentType { args.append(Argument("contentType", .string(c))) }
            return .dot("image", [Argument(nil, .call(.identifier("ImageRecipe"), args, multiline: false))])
        case .nearMiss(let name, let filename, let contentType):
            return .dot("nearMiss", [Argument(nil, .string(name)), Argument("filename", optionalString(filename)),
                                     Argument("contentType", optionalString(contentType))])
        }
    }

    static func json(_ j: JSONValue) -> Expression {
        switch j {
        case .null: .dotMember("null")
        case .bool(let b): .dot("bool", [Argument(nil, .literal(.bool(b)))])
        case .int(let i): .dot("int", [Argument(nil, .int(i))])
        case .double(let d): .dot("double", [Argument(nil, .literal(.double(d)))])
        case .string(let s): .dot("string", [Argument(nil, .string(s))])
        case .array(let a): .dot("array", [Argument(nil, .array(a.map(json), multiline: false))])
        case .object(let o):
            .dot("object", [Argument(nil, .dictionary(o.keys.sorted().compactMap { k in o[k].map { DictionaryEntry(.string(k), json($0)) } },
                                                     multiline: false))])
        }
    }
}
