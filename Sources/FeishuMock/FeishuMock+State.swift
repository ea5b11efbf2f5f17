import ConformanceKit
import ConformanceSpec
import Foundation

/// One behaviour's part of a request, prepared before the state lock is taken.
enum StatePrep {
    case skip
    case reference(key: String, resource: String, maxAge: Double?)
    case unique(value: JSONValue, indexKey: String)
    case quota(resource: String, limit: Int)
    case creates(resource: String, key: String, object: [String: JSONValue], json: [UInt8], uniqueInserts: [(String, JSONValue)])
    case lists
}

extension FeishuMock {
    /// Applies the endpoint's state behaviours atomically, in declared order (checks first:
    /// `references`, `unique`, `quota`; then `creates` and `lists`).
    ///
    /// Everything that does not depend on the stored state (values read from the body, index keys,
    /// new random keys, the created objects and, without a list, the reply data) is prepared
    /// before the state lock is taken, so the lock is held for lookups and inserts only; with one
    /// lock for the whole mock, its hold time bounds throughput under concurrent load.
    func applyState(_ endpoint: EndpointSpec, values: RequestValues, identity: Identity) -> StateOutcome {
        let tenant = identity.app.tenantKey
        let base = clock.now()
        let body = values.bodyObject
        let behaviours = endpoint.behaviours
        var preps: [StatePrep] = []
        preps.reserveCapacity(behaviours.count)
        var hasCreates = false
        var hasLists = false
        for behaviour in behaviours {
            switch behaviour {
            case .references(let b):
                guard let key = body.value(at: b.field)?.stringValue else { preps.append(.skip); continue }
                preps.append(.reference(key: key, resource: b.resource, maxAge: b.maxAgeSeconds.map { Double($0.value) }))
            case .unique(let b):
                guard let value = body.value(at: b.field) else { preps.append(.skip); continue }
                preps.append(.unique(value: value, indexKey: Self.uniqueKey(tenant, b.resource, b.field)))
            case .quota(let b):
                preps.append(.quota(resource: b.resource, limit: b.limit))
            case .creates(let b):
                hasCreates = true
                var object: [String: JSONValue] = [:]
                if let stored = b.storedFields {
                    for name in stored { if let v = values.body[name] { object[name] = v } }
                } else {
                    object = values.body
                }
                let key = MockIDs.key(style: b.keyStyle)
                object = JSONPath.setting(.string(key), at: Self.keyField(b), in: object)
                var inserts: [(String, JSONValue)] = []
                for case .unique(let u) in behaviours where u.resource == b.resource {
                    if let value = JSONValue.object(object).value(at: u.field) {
                        inserts.append((Self.uniqueKey(tenant, u.resource, u.field), value))
                    }
                }
                preps.append(.creates(resource: b.resource, key: key, object: object, json: MockJSON.bytes(.object(object)), uniqueInserts: inserts))
            case .lists:
                hasLists = true
                preps.append(.lists)
            case .requiresCapability:
                preps.append(.skip)
            }
        }
        // Without a list, the reply is the created objects' data alone: built before the lock too.
        var data: [String: JSONValue] = [:]
        var splices: MockJSON.Splices = [:]
        if !hasLists {
            for (i, prep) in preps.enumerated() {
                guard case .creates(_, let key, let object, let json, _) = prep, case .creates(let b) = behaviours[i] else { continue }
                Self.addCreated(b, key: key, object: object, json: json, to: &data, splices: &splices)
            }
        }
        // A list reads a snapshot of its items (a copy-on-write array: no copying) and builds its
        // page after the lock is released. Only when the endpoint creates nothing, so the page is
        // from the same instant the checks saw.
        let pageOutsideLock = !hasCreates
        var snapshots: [(Int, [StoredItem])] = []
        let refusal: RequestViolation? = state.withLock { s -> RequestViolation? in
            let now = s.now(tenant: tenant, base: base)
            for (i, prep) in preps.enumerated() {
                switch prep {
                case .reference(let key, let resource, let maxAge):
                    guard let owner = s.keyIndex[resource]?[key] else { return referenceRefusal(behaviours[i], "unknownKey", age: nil) }
                    if owner.tenant != tenant { return referenceRefusal(behaviours[i], "foreignTenant", age: nil) }
                    if let maxAge, now - owner.createdAt > maxAge { return referenceRefusal(behaviours[i], "maxAgeSeconds", age: now - owner.createdAt) }
                case .unique(let value, let indexKey):
                    if s.uniqueIndex[indexKey]?.contains(value) == true, case .unique(let b) = behaviours[i] {
                        return stateViolation("behaviours.unique.\(b.field)", field: b.field, expected: "a \(b.field) unique in the tenant",
                                              observed: "a \(b.field) already used", binding: b.error)
                    }
                case .quota(let resource, let limit):
                    let count = s.resources[tenant]?[resource]?.count ?? 0
                    if count >= limit, case .quota(let b) = behaviours[i] {
                        return stateViolation("behaviours.quota.\(b.resource)", field: nil, expected: "at most \(b.limit) \(b.resource) items per tenant",
                                              observed: "\(count) already stored", binding: b.error)
                    }
                case .skip, .creates, .lists:
                    continue
                }
            }
            for (i, prep) in preps.enumerated() {
                switch prep {
                case .creates(let resource, let key, let object, let json, let inserts):
                    s.seq += 1
                    s.resources[tenant, default: [:]][resource, default: []].append(StoredItem(key: key, object: object, json: json, createdAt: now, seq: s.seq))
                    s.keyIndex[resource, default: [:]][key] = (tenant, now)
                    for (indexKey, value) in inserts { s.uniqueIndex[indexKey, default: []].insert(value) }
                    if hasLists, case .creates(let b) = behaviours[i] { Self.addCreated(b, key: key, object: object, json: json, to: &data, splices: &splices) }
                case .lists:
                    guard case .lists(let b) = behaviours[i] else { continue }
                    let items = s.resources[tenant]?[b.resource] ?? []
                    if pageOutsideLock {
                        snapshots.append((i, items))
                        continue
                    }
                    switch listPage(b, endpoint: endpoint, values: values, items: items) {
                    case .refused(let v): return v
                    case .data(let page, let pageSplices):
                        for (k, v) in page.objectValue ?? [:] { data = JSONPath.setting(v, at: k, in: data) }
                        splices.merge(pageSplices) { _, new in new }
                    }
                default:
                    continue
                }
            }
            return nil
        }
        if let refusal { return .refused(refusal) }
        for (i, items) in snapshots {
            guard case .lists(let b) = behaviours[i] else { continue }
            switch listPage(b, endpoint: endpoint, values: values, items: items) {
            case .refused(let v): return .refused(v)
            case .data(let page, let pageSplices):
                for (k, v) in page.objectValue ?? [:] { data = JSONPath.setting(v, at: k, in: data) }
                splices.merge(pageSplices) { _, new in new }
            }
        }
        return .data(.object(data), splices: splices)
    }

    /// A `references` refusal: `kind` is `unknownKey`, `foreignTenant` or `maxAgeSeconds` (with the key's age).
    private func referenceRefusal(_ behaviour: Behaviour, _ kind: String, age: Double?) -> RequestViolation? {
        guard case .references(let b) = behaviour else { return nil }
        let rule = "behaviours.references.\(b.field).\(kind)"
        switch kind {
        case "unknownKey":
            return stateViolation(rule, field: b.field, expected: "a \(b.resource) key of this tenant", observed: "an unknown key", binding: b.unknownKeyError)
        case "foreignTenant":
            return stateViolation(rule, field: b.field, expected: "a \(b.resource) key of this tenant", observed: "a key of another tenant",
                                  binding: b.foreignTenantError)
        default:
            guard let maxAge = b.maxAgeSeconds else { return nil }
            let binding = b.expiredError ?? maxAge.error ?? b.unknownKeyError
            return stateViolation(rule, field: b.field, expected: "a key at most \(maxAge.value) s old", observed: "\(Int(age ?? 0)) s old", binding: binding)
        }
    }

    /// Adds a created item's echo and key to the reply data; the echo is written from the item's
    /// encoded bytes (`json`), which are `object`'s.
    static func addCreated(_ b: Behaviour.Creates, key: String, object: [String: JSONValue], json: [UInt8],
                           to data: inout [String: JSONValue], splices: inout MockJSON.Splices) {
        if let echo = b.echoPath { data = JSONPath.setting(.object(object), at: echo, in: data) }
        data = JSONPath.setting(.string(key), at: b.keyPath, in: data)
        guard let echo = b.echoPath else { return }
        // A key inside the echo is already in `object` (at `keyField`), so the echo is still `object`;
        // a key at the echo's path or above it replaced the echo, which is then written from the value.
        guard b.keyPath.hasPrefix(echo + ".") || !(b.keyPath == echo || echo.hasPrefix(b.keyPath + ".")) else { return }
        assert(JSONValue.object(data).value(at: echo) == .object(object), "a created item's echo differs from its object")
        splices[echo.split(separator: ".").map(String.init)] = json
    }

    /// The `uniqueIndex` key: "tenant|resource|field", built by appending (no interpolation).
    static func uniqueKey(_ tenant: String, _ resource: String, _ field: String) -> String {
        var key = tenant
        key.reserveCapacity(tenant.utf8.count + resource.utf8.count + field.utf8.count + 2)
        key += "|"
        key += resource
        key += "|"
        key += field
        return key
    }

    /// Where a created item's key lives inside the stored object: `keyPath` relative to `echoPath`.
    static func keyField(_ b: Behaviour.Creates) -> String {
        if let echo = b.echoPath, b.keyPath.hasPrefix(echo + ".") { return String(b.keyPath.dropFirst(echo.count + 1)) }
        return b.keyPath.split(separator: ".").last.map(String.init) ?? b.keyPath
    }

    func stateViolation(_ rule: String, field: String?, expected: String, observed: String, binding: ErrorBinding) -> RequestViolation {
        RequestViolation(stage: .state, rule: rule, field: field, expected: expected, observed: observed, code: binding.code, provenance: binding.provenance)
    }

    /// One page of a list: filtered, ordered, cut at the page token's cursor.
    func listPage(_ b: Behaviour.Lists, endpoint: EndpointSpec, values: RequestValues, items: [StoredItem]) -> StateOutcome {
        // Field specs are looked up only when needed (no page size given, a bad token).
        var sizeField: FieldSpec? { endpoint.request.first { $0.name == b.pageSizeParam && $0.location == .query } }
        var tokenField: FieldSpec? { endpoint.request.first { $0.name == b.pageTokenParam && $0.location == .query } }
        let pageSize = max(1, values.query[b.pageSizeParam]?.intValue ?? sizeField.flatMap { $0.default?.value.intValue ?? $0.maximum?.value } ?? 20)
        var cursor: Int?
        if let token = values.query[b.pageTokenParam]?.stringValue, !token.isEmpty {
            guard let seq = PageToken.decode(token) else {
                let binding = tokenField?.typeError ?? endpoint.invalidParamError
                return .refused(RequestViolation(stage: .fields, rule: "request.\(b.pageTokenParam).format", field: b.pageTokenParam,
                                                 expected: "a page token this endpoint returned", observed: "an unrecognised token",
                                                 code: binding.code, provenance: binding.provenance))
            }
            cursor = seq
        }
        var selected = items
        for filter in b.filters ?? [] {
            guard let wanted = values.query[filter.param] else { continue }
            selected = selected.filter { item in
                guard let v = JSONValue.object(item.object).value(at: filter.field) else { return false }
                return v == wanted || v.stringValue == wanted.stringValue && v.stringValue != nil
            }
        }
        let descending = b.order.value.direction.lowercased().hasPrefix("desc")
        let byCreatedAt = b.order.value.by == "createdAt"
        // A total order (sequence numbers are unique), so a run already in order, or in exactly
        // the reverse order (creation order for a descending list), needs no sort. The sort keys are
        // read once: comparing copied `StoredItem`s cost reference counting on every comparison,
        // which made each page O(items in the tenant) in atomic operations.
        let keys: [(order: Double, seq: Int)] = selected.map { (byCreatedAt ? $0.createdAt : Double($0.seq), $0.seq) }
        func precedes(_ a: Int, _ c: Int) -> Bool {
            let ka = keys[a], kc = keys[c]
            if ka.order != kc.order { return descending ? ka.order > kc.order : ka.order < kc.order }
            return descending ? ka.seq > kc.seq : ka.seq < kc.seq
        }
        // The order as positions in `selected`: items are copied only for the page itself.
        var order: [Int]
        if keys.indices.dropFirst().allSatisfy({ precedes($0 - 1, $0) }) {
            order = Array(keys.indices)
        } else if keys.indices.dropFirst().allSatisfy({ precedes($0, $0 - 1) }) {
            order = keys.indices.reversed()
        } else {
            order = keys.indices.sorted(by: precedes)
        }
        if let cursor, let index = order.firstIndex(where: { keys[$0].seq == cursor }) {
            order = Array(order[(index + 1)...])
        } else if let cursor {
            order = order.filter { descending ? keys[$0].seq < cursor : keys[$0].seq > cursor }
        }
        let page = order.prefix(pageSize).map { selected[$0] }
        let hasMore = order.count > page.count
        var data: [String: JSONValue] = [:]
        // The items are written from their bytes encoded at create time; `[]` is the placeholder.
        var itemsJSON: [UInt8] = [0x5B]
        itemsJSON.reserveCapacity(page.reduce(2) { $0 + $1.json.count + 1 })
        for (i, item) in page.enumerated() {
            if i > 0 { itemsJSON.append(0x2C) }
            itemsJSON.append(contentsOf: item.json)
        }
        itemsJSON.append(0x5D)
        assert(itemsJSON == MockJSON.bytes(.array(page.map { .object($0.object) })), "an item's cached JSON differs from its object")
        data = JSONPath.setting(.array([]), at: b.itemsPath, in: data)
        data = JSONPath.setting(.bool(hasMore), at: b.hasMorePath, in: data)
        if hasMore, let last = page.last {
            data = JSONPath.setting(.string(PageToken.encode(seq: last.seq)), at: b.pageTokenPath, in: data)
        } else if !b.pageTokenOnlyWhenMore.value {
            data = JSONPath.setting(.string(""), at: b.pageTokenPath, in: data)
        }
        return .data(.object(data), splices: [b.itemsPath.split(separator: ".").map(String.init): itemsJSON])
    }
}
