import ConformanceSpec

extension Comparison {
    /// Two platform files: domains, envelope, token rules, platform errors and their roles, the
    /// rate-limit answer, routing, the default check order. The token endpoint is compared apart,
    /// under its own id (see ``SpecDiffer``).
    mutating func platform(_ old: JSONValue, _ new: JSONValue) {
        let root = SpecPath.root
        oldDefaultError = nil
        newDefaultError = nil
        // Domains: name -> base URL.
        let oldDomains = old["domains"]?.objectValue ?? [:]
        let newDomains = new["domains"]?.objectValue ?? [:]
        for name in Set(oldDomains.keys).union(newDomains.keys).sorted() where oldDomains[name] != newDomains[name] {
            let at = root.member("domains").member(name)
            if oldDomains[name] == nil {
                add(
                    .platformFactAdded, at, "platform.domains.\(name)", old: nil, new: Self.show(newDomains[name]),
                    "domain \(name) added: \(Self.show(newDomains[name]) ?? "")")
            } else {
                add(
                    .platformFactChanged, at, "platform.domains.\(name)", old: Self.show(oldDomains[name]), new: Self.show(newDomains[name]),
                    newDomains[name] == nil ? "domain \(name) removed" : "domain \(name) moved to \(Self.show(newDomains[name]) ?? "")")
            }
        }
        let envelope = root.member("envelope")
        for key in ["logIdHeader", "errorLogIdPath", "successMessage", "contentType"] {
            rule(old["envelope"]?[key], new["envelope"]?[key], envelope.member(key), "envelope.\(key)", .platformFactChanged, "the envelope's \(key)")
        }
        let tokens = root.member("tokens")
        for key in ["tenantPrefix", "userPrefix", "scheme"] {
            rule(old["tokens"]?[key], new["tokens"]?[key], tokens.member(key), "tokens.\(key)", .platformFactChanged, "the token rule \(key)")
        }
        // Both bound how long a token a client has just been given stays valid: shorter is tighter.
        limit(
            old["tokens"]?["tenantTokenLifetimeSeconds"], new["tokens"]?["tenantTokenLifetimeSeconds"],
            tokens.member("tenantTokenLifetimeSeconds"), "tokens.tenantTokenLifetimeSeconds", .upper, .platform,
            "the tenant access token lifetime (seconds)")
        limit(
            old["tokens"]?["refreshWindowSeconds"], new["tokens"]?["refreshWindowSeconds"],
            tokens.member("refreshWindowSeconds"), "tokens.refreshWindowSeconds", .upper, .platform,
            "the refresh window (seconds; the least lifetime a freshly requested token has)")
        errors(old["errors"], new["errors"], root.member("errors"))
        let roles = root.member("roles")
        let oldRoles = old["roles"]?.objectValue ?? [:]
        let newRoles = new["roles"]?.objectValue ?? [:]
        for name in Set(oldRoles.keys).union(newRoles.keys).sorted() {
            binding(oldRoles[name], newRoles[name], roles.member(name), "roles.\(name)", defaults: false)
        }
        let rateLimiting = root.member("rateLimiting")
        for key in ["httpStatus", "limitHeader", "resetHeader", "scope", "window"] {
            rule(
                old["rateLimiting"]?[key], new["rateLimiting"]?[key], rateLimiting.member(key), "rateLimiting.\(key)",
                .platformFactChanged, "the rate-limit answer's \(key)")
        }
        for key in ["notFoundStatus", "methodMismatchStatus"] {
            rule(
                old["routing"]?[key], new["routing"]?[key], root.member("routing").member(key), "routing.\(key)",
                .platformFactChanged, "the routing answer's \(key)")
        }
        rule(
            old["validationOrder"], new["validationOrder"], root.member("validationOrder"), "validationOrder",
            .validationOrderChanged, "the default order of checks")
        decisions(old["decisions"], new["decisions"], root.member("decisions"))
    }
}
