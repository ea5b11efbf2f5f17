import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Media

extension Derivation {
    // MARK: Behaviours

    mutating func behaviourCases() {
        for behaviour in endpoint.behaviours {
            switch behaviour {
            case .unique(let u): uniqueCase(u)
            case .quota(let q): quotaCase(q)
            case .references(let r): referenceCases(r)
            case .requiresCapability(let c): capabilityCase(c)
            case .lists(let l): listCases(l)
            case .item(let a): itemCases(a)
            case .nested(let n): nestedCases(n)
            case .creates: continue
            }
        }
    }

    /// A value for the path parameter `name` that passes its field rules but names no item.
    func unknownKey(_ name: String) -> ValueRecipe {
        let field = endpoint.request.first { $0.name == name && $0.location == .path }
        let length = field.map(preferredLength) ?? 12
        return .uniqueText(length: max(length, 8), filler: "0")
    }

    /// The endpoint of the spec set that deletes items of `resource`, if any.
    func deleter(of resource: String) -> EndpointSpec? {
        nearest(
            specs.endpoints.filter { e in
                e.behaviours.contains { if case .item(let a) = $0 { a.operation == .delete && a.resource == resource } else { false } }
            })
    }

    /// The endpoint of the spec set that reads items of `resource` and echoes them, if any.
    func reader(of resource: String) -> (endpoint: EndpointSpec, item: Behaviour.ItemAccess)? {
        var found: [(EndpointSpec, Behaviour.ItemAccess)] = []
        for e in specs.endpoints {
            for case .item(let a) in e.behaviours where a.operation == .read && a.resource == resource && a.echoPath != nil { found.append((e, a)) }
        }
        guard let e = nearest(found.map(\.0)), let match = found.first(where: { $0.0.id == e.id }) else { return nil }
        return (match.0, match.1)
    }

    /// Of `candidates`, the one whose path shares the most leading segments with this endpoint's
    /// (the same resource name under two API families), the first on a tie.
    func nearest(_ candidates: [EndpointSpec], to path: String? = nil) -> EndpointSpec? {
        let target = (path ?? endpoint.path).split(separator: "/")
        func shared(_ other: EndpointSpec) -> Int { zip(target, other.path.split(separator: "/")).prefix { $0 == $1 }.count }
        guard var best = candidates.first else { return nil }
        for candidate in candidates.dropFirst() where shared(candidate) > shared(best) { best = candidate }
        return best
    }

    /// Cases of a request about one stored item: an unknown key, another tenant's item, a deleted item.
    mutating func itemCases(_ a: Behaviour.ItemAccess) {
        let (setup, base) = baseline(of: endpoint)
        let rule = "behaviours.item.\(a.keyParam)"
        let (expect, provenance, ruleProvenance, _) = errorExpectation(a.notFoundError, rule: a.provenance, what: "a \(a.keyParam) naming no \(a.resource)")
        // The set-up still makes the items the other path parameters name (a badge for a grant).
        let setupForOthers = setup.filter { step in
            guard case .request(let r) = step else { return true }
            return !r.captures.keys.contains("\(a.resource)_key")
        }
        add(
            variant: "unknown", what: "\(a.keyParam) naming no \(a.resource)", kind: .behaviour, rule: rule, provenance: provenance,
            ruleProvenance: ruleProvenance, covers: [.behaviour("item.\(a.resource).\(a.operation.rawValue)"), .behaviour("item.\(a.resource).unknown")],
            steps: setupForOthers + [request(setting(base, path: [a.keyParam], to: unknownKey(a.keyParam)), expect: expect)])
        let isNested = endpoint.behaviours.contains { if case .nested = $0 { true } else { false } }
        if !isNested, let (creatorSpec, creates) = creator(of: a.resource), creatorSpec.id != endpoint.id {
            let foreign = baseline(of: creatorSpec, caller: Caller(app: .second), tag: "_foreign")
            add(
                variant: "foreign-tenant", what: "\(a.keyParam) naming another tenant's \(a.resource)", kind: .behaviour, rule: rule,
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("item.\(a.resource).tenant")],
                steps: setupForOthers + foreign.setup + [
                    .request(
                        RequestStep(
                            caller: Caller(app: .second), endpointID: creatorSpec.id, values: foreign.values,
                            expect: .success, captures: ["foreign_key": creates.keyPath])),
                    request(setting(base, path: [a.keyParam], to: .captured("foreign_key")), expect: expect),
                ])
        }
        // An update is seen by a later read: a fresh value of a stored text field, echoed by both.
        if a.operation == .update, let echo = a.echoPath, case .captured? = base[a.keyParam], let reader = reader(of: a.resource),
            let readEcho = reader.item.echoPath,
            let field = endpoint.request.first(where: { f in
                f.location == .body && f.type == .string && f.enum == nil && f.pattern == nil
                    && reader.endpoint.response.field(at: readEcho)?.fields?.contains(where: { $0.name == f.name }) == true
            })
        {
            var made: [String: String] = [:]
            for (param, resource) in addressedResources(endpoint) {
                if case .captured(let v)? = base[param] { made[resource] = v }
            }
            let read = baseline(of: reader.endpoint, caller: .primary, tag: "", depth: 0, placeholderReferences: false, made: &made)
            let updated = setting(base, path: [field.name], to: .uniqueText(length: preferredLength(field), filler: filler(field)))
            add(
                variant: "read-after-update", what: "\(field.name) updated, then read back", kind: .behaviour, rule: rule,
                provenance: a.provenance, covers: [.behaviour("item.\(a.resource).update")],
                steps: setup + read.setup + [
                    request(updated, expect: .success, captures: ["updated_value": "\(echo).\(field.name)"]),
                    .request(
                        RequestStep(
                            endpointID: reader.endpoint.id, values: read.values,
                            expect: .successMatching(path: "\(readEcho).\(field.name)", capture: "updated_value"))),
                ])
        }
        // A deleted item is no longer there: deleted by this endpoint (a second delete), or by the resource's deleter.
        let deleting: EndpointSpec? = a.operation == .delete ? endpoint : deleter(of: a.resource)
        if let deleting, let key = base[a.keyParam], case .captured = key {
            var steps = setup
            if deleting.id == endpoint.id {
                steps.append(request(base, expect: .success))
            } else {
                var made: [String: String] = [:]
                for (param, resource) in addressedResources(endpoint) {
                    if case .captured(let v)? = base[param] { made[resource] = v }
                }
                let del = baseline(of: deleting, caller: .primary, tag: "", depth: 0, placeholderReferences: false, made: &made)
                steps += del.setup
                steps.append(.request(RequestStep(endpointID: deleting.id, values: del.values, expect: .success)))
            }
            steps.append(request(base, expect: expect))
            add(
                variant: "deleted", what: "\(a.keyParam) naming a deleted \(a.resource)", kind: .behaviour, rule: rule, provenance: provenance,
                ruleProvenance: ruleProvenance, covers: [.behaviour("item.\(a.resource).deleted")], steps: steps)
        }
    }

    /// Cases of an endpoint nested under another resource's item: an unknown parent.
    mutating func nestedCases(_ n: Behaviour.Nested) {
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(n.notFoundError, rule: n.provenance, what: "a \(n.param) naming no \(n.resource)")
        // Nothing under an unknown parent can be set up: only what does not depend on it.
        let independent = setup.filter { step in
            guard case .request(let r) = step else { return true }
            return r.values.values.allSatisfy { if case .captured = $0 { false } else { true } } && !r.captures.keys.contains("\(n.resource)_key")
        }
        // Items below the unknown parent cannot exist either: their keys are unknown too.
        var captured: Set<String> = []
        for case .request(let r) in independent { captured.formUnion(r.captures.keys) }
        var values = setting(base, path: [n.param], to: unknownKey(n.param))
        for (name, value) in values {
            if case .captured(let variable) = value, !captured.contains(variable) { values[name] = unknownKey(name) }
        }
        add(
            variant: "unknown-parent", what: "\(n.param) naming no \(n.resource)", kind: .behaviour, rule: "behaviours.nested.\(n.param)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("nested.\(n.resource)")],
            steps: independent + [request(values, expect: expect)])
    }

    mutating func uniqueCase(_ u: Behaviour.Unique) {
        guard let creates = createsBehaviour, creates.resource == u.resource else { return }
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(u.error, rule: u.provenance, what: "a duplicate \(u.field)")
        let stored = creates.storedFields.map { $0.contains(u.field) } ?? true
        var steps = setup
        var extra: [Requirement] = []
        if let echo = creates.echoPath, stored {
            steps.append(request(base, expect: .success, captures: ["first_\(u.field)": "\(echo).\(u.field)"]))
            steps.append(request(setting(base, path: [u.field], to: .captured("first_\(u.field)")), expect: expect))
        } else {
            let fixed = setting(base, path: [u.field], to: .json(.string("conformance-duplicate")))
            steps += [request(fixed, expect: .success), request(fixed, expect: expect)]
            extra.append(.freshTenant)
        }
        add(
            variant: "duplicate", what: "\(u.field) used twice", kind: .behaviour, rule: "behaviours.unique.\(u.field)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("unique.\(u.field)")], steps: steps, extra: extra)
    }

    mutating func quotaCase(_ q: Behaviour.Quota) {
        guard let creates = createsBehaviour, creates.resource == q.resource, q.limit > 0 else { return }
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(q.error, rule: q.provenance, what: "one \(q.resource) over the quota")
        add(
            variant: "over", what: "\(q.limit + 1) \(q.resource) items in a fresh tenant", kind: .behaviour, rule: "behaviours.quota.\(q.resource)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("quota.\(q.resource)")],
            steps: setup + [request(base, expect: .success, repeatCount: q.limit), request(base, expect: expect)], extra: [.freshTenant])
    }

    mutating func referenceCases(_ r: Behaviour.References) {
        let (setup, base) = baseline(of: endpoint)
        let rule = "behaviours.references.\(r.field)"
        if let (creatorSpec, creates) = creator(of: r.resource) {
            let foreign = baseline(of: creatorSpec, caller: Caller(app: .second), tag: "_foreign")
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.foreignTenantError, rule: r.provenance, what: "a \(r.field) of another tenant")
            add(
                variant: "foreign-tenant", what: "\(r.field) of another tenant's \(r.resource)", kind: .behaviour, rule: rule,
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("references.\(r.field).tenant")],
                steps: setup + foreign.setup + [
                    .request(
                        RequestStep(
                            caller: Caller(app: .second), endpointID: creatorSpec.id, values: foreign.values,
                            expect: .success, captures: ["foreign_key": creates.keyPath])),
                    request(setting(base, path: [r.field], to: .captured("foreign_key")), expect: expect),
                ])
        }
        let (unknown, unknownProvenance, unknownRule, _) = errorExpectation(r.unknownKeyError, rule: r.provenance, what: "an unknown \(r.field)")
        add(
            variant: "unknown", what: "\(r.field) naming no \(r.resource)", kind: .behaviour, rule: rule, provenance: unknownProvenance,
            ruleProvenance: unknownRule,
            covers: [.behaviour("references.\(r.field).unknown")],
            steps: setup + [request(setting(base, path: [r.field], to: .json(.string("conformance-unknown-key"))), expect: unknown)])
        if let maxAge = r.maxAgeSeconds, let expired = r.expiredError {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(expired, rule: maxAge.provenance, what: "an expired \(r.field)")
            add(
                variant: "expired", what: "\(r.field) older than \(maxAge.value) s", kind: .behaviour, rule: rule, provenance: provenance,
                ruleProvenance: ruleProvenance,
                covers: [.behaviour("references.\(r.field).expiry"), .limit("\(r.field).maxAgeSeconds")],
                steps: setup + [.advanceClock(seconds: maxAge.value + 1), request(base, expect: expect)])
        }
    }

    mutating func capabilityCase(_ c: Behaviour.RequiresCapability) {
        let (_, base) = baseline(of: endpoint, placeholderReferences: true)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(c.error, rule: c.provenance, what: "an app lacking \(c.capability)")
        add(
            variant: "lacking", what: "caller lacking \(c.capability)", kind: .behaviour, rule: "behaviours.requiresCapability.\(c.capability)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("requiresCapability.\(c.capability)")],
            steps: [request(base, caller: Caller(app: .lacking(c.capability)), expect: expect)])
    }

    /// The lists behaviour whose page size `field` is, when its items can be created.
    func listedPageSize(_ field: FieldSpec) -> Behaviour.Lists? {
        for case .lists(let l) in endpoint.behaviours where l.pageSizeParam == field.name && field.type == .int {
            if creator(of: l.resource) != nil { return l }
        }
        return nil
    }

    /// Page-size default and bounds against a fresh tenant holding `default + 1` items (or one more
    /// than the minimum when no default is given): no page size gives exactly `default` items and
    /// `has_more`; the minimum and maximum give as many items as fit. Values outside the bounds are
    /// `fieldCases`' range cases.
    mutating func pageSizeCases(_ l: Behaviour.Lists) {
        guard let field = endpoint.request.first(where: { $0.name == l.pageSizeParam && $0.location != .header }),
            listedPageSize(field) != nil, let (creatorSpec, _) = creator(of: l.resource)
        else { return }
        let fallback = field.default?.value.intValue
        guard let items = fallback.map({ $0 + 1 }) ?? field.minimum.map({ $0.value + 1 }), items > 0 else { return }
        let (_, listBase) = baseline(of: endpoint)
        let made = baseline(of: creatorSpec)
        let setup = made.setup + [.request(RequestStep(endpointID: creatorSpec.id, values: made.values, repeatCount: items, expect: .success))]
        let dotted = field.name
        let base = setting(listBase, path: [dotted], to: nil)
        let pagination: CoverageKey = .behaviour("lists.\(l.resource).pagination")
        if let d = field.default, let n = fallback {
            add(
                variant: "absent", what: "no \(dotted) with \(items) \(l.resource) items in a fresh tenant", kind: .behaviour,
                rule: "request.\(dotted).default", provenance: d.provenance, covers: [.field(dotted), .limit("\(dotted).default"), pagination],
                steps: setup + [request(base, expect: .listPage(count: n, hasMore: items > n))], extra: [.freshTenant])
        }
        for (name, r) in [("minimum", field.minimum), ("maximum", field.maximum)] {
            guard let r, r.value > 0 else { continue }
            add(
                variant: "at", what: "\(dotted) = \(r.value) with \(items) \(l.resource) items in a fresh tenant", kind: .limit,
                rule: "request.\(dotted).\(name)", provenance: r.provenance, covers: [.field(dotted), .limit("\(dotted).\(name)"), pagination],
                steps: setup + [
                    request(
                        setting(base, path: [dotted], to: .json(.int(r.value))),
                        expect: .listPage(count: min(r.value, items), hasMore: items > r.value))
                ],
                extra: [.freshTenant])
        }
    }

    /// Why the items of a nested list cannot be made for it, or nil: the list sits under an item
    /// of one resource, but its items are created elsewhere (not under that resource), so which
    /// of them it shows cannot be derived.
    func nestingMismatch(_ l: Behaviour.Lists) -> String? {
        let parents = endpoint.behaviours.compactMap { if case .nested(let n) = $0 { n.resource } else { nil } }
        guard let parent = parents.first, let (creatorSpec, _) = creator(of: l.resource) else { return nil }
        let creatorParents = creatorSpec.behaviours.compactMap { if case .nested(let n) = $0 { n.resource } else { nil } }
        if creatorParents.contains(parent) { return nil }
        return "The list sits under a \(parent) but its \(l.resource) items are created by \(creatorSpec.id), not under a \(parent): "
            + "which items it shows cannot be derived from the specs (curate the spec's lists behaviour)."
    }

    /// Why a walk cannot tell this list's items apart, or nil: its items do not show the key the
    /// resource's creator answers (a resource name two API families share: `application`).
    func unkeyedItems(_ l: Behaviour.Lists) -> String? {
        guard let (creatorSpec, creates) = creator(of: l.resource) else { return nil }
        guard let members = endpoint.response.field(at: l.itemsPath)?.fields, !members.isEmpty else { return nil }
        let key = creates.itemKeyPath.split(separator: ".").first.map(String.init) ?? creates.itemKeyPath
        if members.contains(where: { $0.name == key }) { return nil }
        return "The list's items do not show \(key), the key \(creatorSpec.id) answers for a \(l.resource): "
            + "which items it lists cannot be told apart (curate the spec's lists behaviour)."
    }

    mutating func listCases(_ l: Behaviour.Lists) {
        if let reason = nestingMismatch(l) ?? unkeyedItems(l) {
            add(
                variant: "walk", what: "\(l.resource) items walked page by page", kind: .behaviour, rule: "behaviours.lists.\(l.resource)",
                provenance: l.order.provenance, covers: [.behaviour("lists.\(l.resource).pagination")],
                steps: [request(baseline(of: endpoint, placeholderReferences: true).values, expect: .success)], notExercisable: reason)
            return
        }
        pageSizeCases(l)
        guard let (creatorSpec, creates) = creator(of: l.resource) else { return }
        let (_, listBase) = baseline(of: endpoint)
        let made = baseline(of: creatorSpec)
        var steps = made.setup
        // Items the client names (a pin by its message) need a name each.
        var itemValues = made.values
        if let named = creates.clientKeyField(in: creatorSpec), let field = creatorSpec.request.first(where: { $0.name == named }) {
            itemValues[named] = .uniqueText(length: max(8, preferredLength(field)), filler: "0")
        }
        for i in 1...3 {
            steps.append(
                .request(
                    RequestStep(
                        endpointID: creatorSpec.id, values: itemValues, expect: .success,
                        captures: ["item\(i)": creates.keyPath])))
        }
        let descending = l.order.value.direction == .descending
        let order = descending ? ["item3", "item2", "item1"] : ["item1", "item2", "item3"]
        let walk = steps + [1, 2].map { request(listBase, expect: .listWalk(pageSize: $0, expectedOrder: order)) }
        add(
            variant: "walk", what: "3 \(l.resource) items walked with page sizes 1 and 2, \(descending ? "newest" : "oldest") first",
            kind: .behaviour, rule: "behaviours.lists.\(l.resource)", provenance: l.order.provenance,
            covers: [.behaviour("lists.\(l.resource).pagination"), .behaviour("lists.\(l.resource).order")], steps: walk)
        for filter in l.filters ?? [] {
            guard let echo = creates.echoPath else { continue }
            // Two items that differ in the filtered field: a fresh value each, where the field is text the creator takes.
            var values = made.values
            if let sent = creatorSpec.request.first(where: { $0.name == filter.field && $0.location == .body && $0.type == .string }),
                case .json? = values[sent.name]
            {
                values[sent.name] = .uniqueText(length: max(8, preferredLength(sent)), filler: filler(sent))
            }
            var filterSteps = made.setup
            filterSteps.append(
                .request(
                    RequestStep(
                        endpointID: creatorSpec.id, values: values, expect: .success,
                        captures: ["filter_value": "\(echo).\(filter.field)"])))
            filterSteps.append(.request(RequestStep(endpointID: creatorSpec.id, values: values, expect: .success)))
            filterSteps.append(
                request(
                    setting(listBase, path: [filter.param], to: .captured("filter_value")),
                    expect: .listFiltered(field: filter.field, capture: "filter_value", expectedCount: 1)))
            add(
                variant: "filter-\(filter.param)", what: "\(filter.param) matching one of 2 new items exactly", kind: .behaviour,
                rule: "behaviours.lists.\(l.resource).filters.\(filter.param)", provenance: filter.provenance,
                covers: [.behaviour("lists.\(l.resource).filter.\(filter.param)")], steps: filterSteps)
        }
    }
}
