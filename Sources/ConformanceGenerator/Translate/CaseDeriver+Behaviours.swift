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
            case .creates: continue
            }
        }
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
        add(variant: "duplicate", what: "\(u.field) used twice", kind: .behaviour, rule: "behaviours.unique.\(u.field)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("unique.\(u.field)")], steps: steps, extra: extra)
    }

    mutating func quotaCase(_ q: Behaviour.Quota) {
        guard let creates = createsBehaviour, creates.resource == q.resource, q.limit > 0 else { return }
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(q.error, rule: q.provenance, what: "one \(q.resource) over the quota")
        add(variant: "over", what: "\(q.limit + 1) \(q.resource) items in a fresh tenant", kind: .behaviour, rule: "behaviours.quota.\(q.resource)",
            provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("quota.\(q.resource)")],
            steps: setup + [request(base, expect: .success, repeatCount: q.limit), request(base, expect: expect)], extra: [.freshTenant])
    }

    mutating func referenceCases(_ r: Behaviour.References) {
        let (setup, base) = baseline(of: endpoint)
        let rule = "behaviours.references.\(r.field)"
        if let (creatorSpec, creates) = creator(of: r.resource) {
            let foreign = baseline(of: creatorSpec, caller: Caller(app: .second), tag: "_foreign")
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.foreignTenantError, rule: r.provenance, what: "a \(r.field) of another tenant")
            add(variant: "foreign-tenant", what: "\(r.field) of another tenant's \(r.resource)", kind: .behaviour, rule: rule,
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.behaviour("references.\(r.field).tenant")],
                steps: setup + foreign.setup + [
                    .request(RequestStep(caller: Caller(app: .second), endpointID: creatorSpec.id, values: foreign.values,
                                         expect: .success, captures: ["foreign_key": creates.keyPath])),
                    request(setting(base, path: [r.field], to: .captured("foreign_key")), expect: expect),
                ])
        }
        let (unknown, unknownProvenance, unknownRule, _) = errorExpectation(r.unknownKeyError, rule: r.provenance, what: "an unknown \(r.field)")
        add(variant: "unknown", what: "\(r.field) naming no \(r.resource)", kind: .behaviour, rule: rule, provenance: unknownProvenance,
            ruleProvenance: unknownRule,
            covers: [.behaviour("references.\(r.field).unknown")],
            steps: setup + [request(setting(base, path: [r.field], to: .json(.string("conformance-unknown-key"))), expect: unknown)])
        if let maxAge = r.maxAgeSeconds, let expired = r.expiredError {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(expired, rule: maxAge.provenance, what: "an expired \(r.field)")
            add(variant: "expired", what: "\(r.field) older than \(maxAge.value) s", kind: .behaviour, rule: rule, provenance: provenance, ruleProvenance: ruleProvenance,
                covers: [.behaviour("references.\(r.field).expiry"), .limit("\(r.field).maxAgeSeconds")],
                steps: setup + [.advanceClock(seconds: maxAge.value + 1), request(base, expect: expect)])
        }
    }

    mutating func capabilityCase(_ c: Behaviour.RequiresCapability) {
        let (_, base) = baseline(of: endpoint, placeholderReferences: true)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(c.error, rule: c.provenance, what: "an app lacking \(c.capability)")
        add(variant: "lacking", what: "caller lacking \(c.capability)", kind: .behaviour, rule: "behaviours.requiresCapability.\(c.capability)",
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
              listedPageSize(field) != nil, let (creatorSpec, _) = creator(of: l.resource) else { return }
        let fallback = field.default?.value.intValue
        guard let items = fallback.map({ $0 + 1 }) ?? field.minimum.map({ $0.value + 1 }), items > 0 else { return }
        let (_, listBase) = baseline(of: endpoint)
        let made = baseline(of: creatorSpec)
        let setup = made.setup + [.request(RequestStep(endpointID: creatorSpec.id, values: made.values, repeatCount: items, expect: .success))]
        let dotted = field.name
        let base = setting(listBase, path: [dotted], to: nil)
        let pagination: CoverageKey = .behaviour("lists.\(l.resource).pagination")
        if let d = field.default, let n = fallback {
            add(variant: "absent", what: "no \(dotted) with \(items) \(l.resource) items in a fresh tenant", kind: .behaviour,
                rule: "request.\(dotted).default", provenance: d.provenance, covers: [.field(dotted), .limit("\(dotted).default"), pagination],
                steps: setup + [request(base, expect: .listPage(count: n, hasMore: items > n))], extra: [.freshTenant])
        }
        for (name, r) in [("minimum", field.minimum), ("maximum", field.maximum)] {
            guard let r, r.value > 0 else { continue }
            add(variant: "at", what: "\(dotted) = \(r.value) with \(items) \(l.resource) items in a fresh tenant", kind: .limit,
                rule: "request.\(dotted).\(name)", provenance: r.provenance, covers: [.field(dotted), .limit("\(dotted).\(name)"), pagination],
                steps: setup + [request(setting(base, path: [dotted], to: .json(.int(r.value))),
                                        expect: .listPage(count: min(r.value, items), hasMore: items > r.value))],
                extra: [.freshTenant])
        }
    }

    mutating func listCases(_ l: Behaviour.Lists) {
        pageSizeCases(l)
        guard let (creatorSpec, creates) = creator(of: l.resource) else { return }
        let (_, listBase) = baseline(of: endpoint)
        let made = baseline(of: creatorSpec)
        var steps = made.setup
        for i in 1...3 {
            steps.append(.request(RequestStep(endpointID: creatorSpec.id, values: made.values, expect: .success,
                                              captures: ["item\(i)": creates.keyPath])))
        }
        let descending = l.order.value.direction == .descending
        let order = descending ? ["item3", "item2", "item1"] : ["item1", "item2", "item3"]
        let walk = steps + [1, 2].map { request(listBase, expect: .listWalk(pageSize: $0, expectedOrder: order)) }
        add(variant: "walk", what: "3 \(l.resource) items walked with page sizes 1 and 2, \(descending ? "newest" : "oldest") first",
            kind: .behaviour, rule: "behaviours.lists.\(l.resource)", provenance: l.order.provenance,
            covers: [.behaviour("lists.\(l.resource).pagination"), .behaviour("lists.\(l.resource).order")], steps: walk)
        for filter in l.filters ?? [] {
            guard let echo = creates.echoPath else { continue }
            var filterSteps = made.setup
            filterSteps.append(.request(RequestStep(endpointID: creatorSpec.id, values: made.values, expect: .success,
                                                    captures: ["filter_value": "\(echo).\(filter.field)"])))
            filterSteps.append(.request(RequestStep(endpointID: creatorSpec.id, values: made.values, expect: .success)))
            filterSteps.append(request(setting(listBase, path: [filter.param], to: .captured("filter_value")),
                                       expect: .listFiltered(field: filter.field, capture: "filter_value", expectedCount: 1)))
            add(variant: "filter-\(filter.param)", what: "\(filter.param) matching one of 2 new items exactly", kind: .behaviour,
                rule: "behaviours.lists.\(l.resource).filters.\(filter.param)", provenance: filter.provenance,
                covers: [.behaviour("lists.\(l.resource).filter.\(filter.param)")], steps: filterSteps)
        }
    }
}
