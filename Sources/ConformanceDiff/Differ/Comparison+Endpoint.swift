import ConformanceSpec

extension Comparison {
    /// Two endpoint specs (normalised JSON) under `path` (`$`, or `$.tokenEndpoint` in the platform file).
    mutating func endpoint(_ old: JSONValue, _ new: JSONValue, _ path: SpecPath) {
        oldDefaultError = old["invalidParamError"]
        newDefaultError = new["invalidParamError"]
        if old["id"] != new["id"] {
            add(
                .endpointIDChanged, path.member("id"), "endpoint.id", old: Self.show(old["id"]), new: Self.show(new["id"]),
                "the same \(Self.show(new["method"]) ?? "") \(Self.show(new["path"]) ?? "") has spec id \(Self.show(new["id"]) ?? "?"), was \(Self.show(old["id"]) ?? "?")"
            )
        }
        words(old["title"], new["title"], path.member("title"), "endpoint.title", "the title")
        words(old["summary"], new["summary"], path.member("summary"), "endpoint.summary", "the summary")
        for key in ["url", "updated", "seed"] {
            words(old["source"]?[key], new["source"]?[key], path.member("source").member(key), "endpoint.source.\(key)", "the source page's \(key)")
        }
        if old["method"] != new["method"] {
            add(
                .endpointMethodChanged, path.member("method"), "endpoint.method", old: Self.show(old["method"]), new: Self.show(new["method"]),
                "the method is now \(Self.show(new["method"]) ?? "?"), was \(Self.show(old["method"]) ?? "?")")
        }
        if old["path"] != new["path"] {
            let a = Self.show(old["path"]) ?? ""
            let b = Self.show(new["path"]) ?? ""
            if Self.pathShape(a) == Self.pathShape(b) {
                add(
                    .documentationChanged, path.member("path"), "endpoint.path", old: a, new: b,
                    "path parameters renamed; the paths a client sends are the same")
            } else {
                add(.endpointPathChanged, path.member("path"), "endpoint.path", old: a, new: b, "the path is now \(b), was \(a)")
            }
        }
        set(
            old["domains"], new["domains"], path.member("domains"), "endpoint.domains",
            removed: .endpointDomainRemoved, added: .endpointDomainAdded, "domain")
        if old["bodyEncoding"] != new["bodyEncoding"] {
            add(
                .endpointBodyEncodingChanged, path.member("bodyEncoding"), "request.body.encoding",
                old: Self.show(old["bodyEncoding"]), new: Self.show(new["bodyEncoding"]),
                "the request body is now \(Self.show(new["bodyEncoding"]) ?? "?"), was \(Self.show(old["bodyEncoding"]) ?? "?")")
        }
        auth(old["auth"], new["auth"], path.member("auth"))
        rateLimits(old["rateLimits"], new["rateLimits"], path.member("rateLimits"))
        fields(old["request"], new["request"], path.member("request"), "request", side: .request)
        response(old["response"], new["response"], path.member("response"))
        errors(old["errors"], new["errors"], path.member("errors"))
        behaviours(old["behaviours"], new["behaviours"], path.member("behaviours"))
        binding(old["invalidParamError"], new["invalidParamError"], path.member("invalidParamError"), "invalidParamError", defaults: false)
        rule(
            old["validationOrder"], new["validationOrder"], path.member("validationOrder"), "validationOrder", .validationOrderChanged,
            "the order of checks")
        decisions(old["decisions"], new["decisions"], path.member("decisions"))
    }

    /// Token types, scopes, app types.
    mutating func auth(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        set(
            old?["tokenTypes"], new?["tokenTypes"], path.member("tokenTypes"), "auth.tokenTypes",
            removed: .authTokenTypeRemoved, added: .authTokenTypeAdded, "token type")
        set(
            old?["scopes"], new?["scopes"], path.member("scopes"), "auth.scopes",
            removed: .authScopeRemoved, added: .authScopeAdded, "scope")
        set(
            old?["appTypes"], new?["appTypes"], path.member("appTypes"), "auth.appTypes",
            removed: .authAppTypeRemoved, added: .authAppTypeAdded, "app type")
    }

    /// Rate limits, paired by window: a limit per window lowered, raised, added or dropped.
    mutating func rateLimits(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        let paired = ElementKeys.pair(Self.elements(old), Self.elements(new)) { ElementKeys.identity(ofJSON: $0) }
        func text(_ rule: JSONValue) -> String {
            "\(Self.show(rule["value"]?["count"]) ?? "?")/\(Self.show(rule["value"]?["window"]) ?? "?")"
        }
        func subject(_ rule: JSONValue) -> String { "rateLimits.\(rule["value"]?["window"]?.stringValue ?? "?")" }
        for item in paired.removed {
            add(
                .rateLimitRemoved, path.element(item.key), subject(item.value), old: text(item.value), new: nil,
                oldProvenance: Self.provenance(item.value), "the rate limit of \(text(item.value)) is gone")
        }
        for item in paired.added {
            add(
                .rateLimitAdded, path.element(item.key), subject(item.value), old: nil, new: text(item.value),
                newProvenance: Self.provenance(item.value), "a rate limit of \(text(item.value)) where there was none for that window")
        }
        for item in paired.matched where item.old != item.new {
            let at = path.element(item.key)
            let a = Self.number(item.old["value"]?["count"]) ?? 0
            let b = Self.number(item.new["value"]?["count"]) ?? 0
            if a != b {
                add(
                    b < a ? .rateLimitLowered : .rateLimitRaised, at.member("value").member("count"), subject(item.new),
                    old: text(item.old), new: text(item.new), oldProvenance: Self.provenance(item.old), newProvenance: Self.provenance(item.new),
                    "the rate limit is \(b < a ? "lowered" : "raised") from \(text(item.old)) to \(text(item.new))")
            }
            meta(item.old, item.new, at, subject(item.new))
        }
    }

    /// The successful reply: shape, success message, fields, example.
    mutating func response(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        if old?["shape"] != new?["shape"] {
            add(
                .responseShapeChanged, path.member("shape"), "response.shape", old: Self.show(old?["shape"]), new: Self.show(new?["shape"]),
                "the reply is now \(Self.show(new?["shape"]) ?? "?") (fields \(new?["shape"]?.stringValue == "flat" ? "beside code and msg" : "under data")), was \(Self.show(old?["shape"]) ?? "?")"
            )
        }
        rule(
            old?["successMessage"], new?["successMessage"], path.member("successMessage"), "envelope.successMessage",
            .responseSuccessMessageChanged, "the success msg")
        fields(old?["fields"], new?["fields"], path.member("fields"), "response", side: .response)
        words(old?["example"], new?["example"], path.member("example"), "response.example", "the response example")
    }

    /// Decisions taken where the docs are silent: words only.
    mutating func decisions(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        let paired = ElementKeys.pair(Self.elements(old), Self.elements(new)) { ElementKeys.identity(ofJSON: $0) }
        for item in paired.removed {
            add(
                .documentationChanged, path.element(item.key), "decisions.\(item.value["id"]?.stringValue ?? item.key)",
                old: Self.show(item.value["decision"]), new: nil, "decision \(item.value["id"]?.stringValue ?? item.key) removed")
        }
        for item in paired.added {
            add(
                .documentationChanged, path.element(item.key), "decisions.\(item.value["id"]?.stringValue ?? item.key)",
                old: nil, new: Self.show(item.value["decision"]), "decision \(item.value["id"]?.stringValue ?? item.key) added")
        }
        for item in paired.matched where item.old != item.new {
            add(
                .documentationChanged, path.element(item.key), "decisions.\(item.new["id"]?.stringValue ?? item.key)",
                old: Self.show(item.old["decision"]), new: Self.show(item.new["decision"]),
                "decision \(item.new["id"]?.stringValue ?? item.key) reworded")
        }
        if old == nil || new == nil, Self.elements(old).isEmpty, Self.elements(new).isEmpty {
            words(old, new, path, "decisions", "the decisions list")
        }
    }

    /// The error table, paired by code.
    mutating func errors(_ old: JSONValue?, _ new: JSONValue?, _ path: SpecPath) {
        guard old != new else { return }
        let paired = ElementKeys.pair(Self.elements(old), Self.elements(new)) { ElementKeys.identity(ofJSON: $0) }
        func code(_ entry: JSONValue) -> String { Self.show(entry["code"]) ?? "?" }
        func summary(_ entry: JSONValue) -> String { "HTTP \(Self.show(entry["httpStatus"]?["value"]) ?? "?") \(Self.show(entry["message"]) ?? "")" }
        for item in paired.removed {
            add(
                .errorRemoved, path.element(item.key), "errors.\(code(item.value))", old: summary(item.value), new: nil,
                oldProvenance: Self.provenance(item.value), "error code \(code(item.value)) is no longer in the table")
        }
        for item in paired.added {
            add(
                .errorAdded, path.element(item.key), "errors.\(code(item.value))", old: nil, new: summary(item.value),
                newProvenance: Self.provenance(item.value), "error code \(code(item.value)) is new: \(Self.show(item.value["message"]) ?? "")")
        }
        for item in paired.matched where item.old != item.new {
            let at = path.element(item.key)
            let subject = "errors.\(code(item.new))"
            let o = item.old["httpStatus"]
            let n = item.new["httpStatus"]
            if o?["value"] != n?["value"] {
                add(
                    .errorHTTPStatusChanged, at.member("httpStatus").member("value"), "\(subject).httpStatus",
                    old: Self.show(o?["value"]), new: Self.show(n?["value"]),
                    oldProvenance: o.flatMap(Self.provenance), newProvenance: n.flatMap(Self.provenance),
                    "error code \(code(item.new)) now comes with HTTP \(Self.show(n?["value"]) ?? "?"), was \(Self.show(o?["value"]) ?? "?")")
            }
            if let o, let n { meta(o, n, at.member("httpStatus"), "\(subject).httpStatus") }
            if item.old["message"] != item.new["message"] {
                add(
                    .errorMessageChanged, at.member("message"), "\(subject).message", old: Self.show(item.old["message"]),
                    new: Self.show(item.new["message"]), "error code \(code(item.new)) has another msg")
            }
            for key in ["advice", "trigger", "triggerable", "whyNotTriggerable"] {
                words(item.old[key], item.new[key], at.member(key), "\(subject).\(key)", "the \(key) of error \(code(item.new))")
            }
            provenance(item.old, item.new, at, subject)
        }
    }

    /// `/a/:x/b` and `/a/:y/b` have one shape: what a client sends is the same.
    static func pathShape(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? ":" : String($0) }.joined(separator: "/")
    }
}
