import ConformanceKit
import ConformanceSpec
import Foundation

extension FeishuMock {
    /// Applies the endpoint's state behaviours atomically, in declared order (checks first:
    /// `references`, `unique`, `quota`; then `creates` and `lists`).
    func applyState(_ endpoint: EndpointSpec, values: RequestValues, identity: Identity) -> StateOutcome {
        let tenant = identity.app.tenantKey
        let base = clock.now()
        let body = values.bodyObject
        // A list reads a snapshot of its items (a copy-on-write array: no copying) and builds its
        // page after the lock is released, so other requests are not held up by it. Only when the
        // endpoint creates nothing, so the page is from the same instant the checks saw.
        let pageOutsideLock = !endpoint.behaviours.contains { if case .creates = $0 { true } else { false } }
        var snapshots: [(Behaviour.Lists, [StoredItem])] = []
        // New keys are random: drawn before taking the lock, so the lock is held for bookkeeping only.
        var newKeys: [String] = []
        for case .creates(let b) in endpoint.behaviours { newKeys.append(MockIDs.key(style: b.keyStyle)) }
        var keyIndex = 0
        let outcome = state.withLock { s -> StateOutcome in
            let now = s.now(tenant: tenant, base: base)
            for behaviour in endpoint.behaviours {
                switch behaviour {
                case .references(let b):
                    guard let key = body.value(at: b.field)?.stringValue else { continue }
                    var rule: String { "behaviours.references.\(b.field)" }
                    guard let owner = s.keyIndex[b.resource]?[key] else {
                        return .refused(stateViolation("\(rule).unknownKey", field: b.field, expected: "a \(b.resource) key of this tenant",
                                                       observed: "an unknown key", binding: b.unknownKeyError))
                    }
                    if owner.tenant != tenant {
                        return .refused(stateViolation("\(rule).foreignTenant", field: b.field, expected: "a \(b.resource) key of this tenant",
                                                       observed: "a key of another tenant", binding: b.foreignTenantError))
                    }
                    if let maxAge = b.maxAgeSeconds, now - owner.createdAt > Double(maxAge.value) {
                        let binding = b.expiredError ?? maxAge.error ?? b.unknownKeyError
                        return .refused(stateViolation("\(rule).maxAgeSeconds", field: b.field, expected: "a key at most \(maxAge.value) s old",
                                                       observed: "\(Int(now - owner.createdAt)) s old", binding: binding))
                    }
                case .unique(let b):
                    guard let value = body.value(at: b.field) else { continue }
                    if s.uniqueIndex[Self.uniqueKey(tenant, b.resource, b.field)]?.contains(value) == true {
                        return .refused(stateViolation("behaviours.unique.\(b.field)", field: b.field, expected: "a \(b.field) unique in the tenant",
                                                       observed: "a \(b.field) already used", binding: b.error))
                    }
                case .quota(let b):
                    let count = s.resources[tenant]?[b.resource]?.count ?? 0
                    if count >= b.limit {
                        return .refused(stateViolation("behaviours.quota.\(b.resource)", field: nil, expected: "at most \(b.limit) \(b.resource) items per tenant",
                                                       observed: "\(count) already stored", binding: b.error))
                    }
                case .creates, .lists, .requiresCapability:
                    continue
                }
            }
            var data: [String: JSONValue] = [:]
            for behaviour in endpoint.behaviours {
                switch behaviour {
                case .creates(let b):
                    var object: [String: JSONValue] = [:]
                    if let stored = b.storedFields {
                        for name in stored { if let v = values.body[name] { object[name] = v } }
                    } else {
                        object = values.body
                    }
                    let key = newKeys[keyIndex]
                    keyIndex += 1
                    let keyField = Self.keyField(b)
                    object = JSONPath.setting(.string(key), at: keyField, in: object)
                    s.seq += 1
                    s.resources[tenant, default: [:]][b.resource, default: []].append(StoredItem(key: key, object: object, createdAt: now, seq: s.seq))
                    s.keyIndex[b.resource, default: [:]][key] = (tenant, now)
                    for case .unique(let u) in endpoint.behaviours where u.resource == b.resource {
                        if let value = JSONValue.object(object).value(at: u.field) {
                            s.uniqueIndex[Self.uniqueKey(tenant, u.resource, u.field), default: []].insert(value)
                        }
                    }
                    if let echo = b.echoPath { data = JSONPath.setting(.object(object), at: echo, in: data) }
                    data = JSONPath.setting(.string(key), at: b.keyPath, in: data)
                case .lists(let b) where pageOutsideLock:
                    snapshots.append((b, s.resources[tenant]?[b.resource] ?? []))
                case .lists(let b):
                    switch listPage(b, endpoint: endpoint, values: values, items: s.resources[tenant]?[b.resource] ?? []) {
                    case .refused(let v): return .refused(v)
                    case .data(let page):
                        for (k, v) in page.objectValue ?? [:] { data = JSONPath.setting(v, at: k, in: data) }
                    }
                default:
                    continue
                }
            }
            return .data(.object(data))
        }
        guard !snapshots.isEmpty, case .data(let stateData) = outcome else { return outcome }
        var data = stateData.objectValue ?? [:]
        for (b, items) in snapshots {
            switch listPage(b, endpoint: endpoint, values: values, items: items) {
            case .refused(let v): return .refused(v)
            case .data(let page):
                for (k, v) in page.objectValue ?? [:] { data = JSONPath.setting(v, at: k, in: data) }
            }
        }
        return .data(.object(data))
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
        // the reverse order (creation order for a descending list), needs no sort.
        func precedes(_ a: StoredItem, _ c: StoredItem) -> Bool {
            let ka = byCreatedAt ? a.createdAt : Double(a.seq)
            let kc = byCreatedAt ? c.createdAt : Double(c.seq)
            if ka != kc { return descending ? ka > kc : ka < kc }
            return descending ? a.seq > c.seq : a.seq < c.seq
        }
        // The order as positions in `selected`: items are copied only for the page itself.
        var order: [Int]
        if selected.indices.dropFirst().allSatisfy({ precedes(selected[$0 - 1], selected[$0]) }) {
            order = Array(selected.indices)
        } else if selected.indices.dropFirst().allSatisfy({ precedes(selected[$0], selected[$0 - 1]) }) {
            order = selected.indices.reversed()
        } else {
            order = selected.indices.sorted { precedes(selected[$0], selected[$1]) }
        }
        if let cursor, let index = order.firstIndex(where: { selected[$0].seq == cursor }) {
            order = Array(order[(index + 1)...])
        } else if let cursor {
            order = order.filter { descending ? selected[$0].seq < cursor : selected[$0].seq > cursor }
        }
        let page = order.prefix(pageSize).map { selected[$0] }
        let hasMore = order.count > page.count
        var data: [String: JSONValue] = [:]
        data = JSONPath.setting(.array(page.map { .object($0.object) }), at: b.itemsPath, in: data)
        data = JSONPath.setting(.bool(hasMore), at: b.hasMorePath, in: data)
        if hasMore, let last = page.last {
            data = JSONPath.setting(.string(PageToken.encode(seq: last.seq)), at: b.pageTokenPath, in: data)
        } else if !b.pageTokenOnlyWhenMore.value {
            data = JSONPath.setting(.string(""), at: b.pageTokenPath, in: data)
        }
        return .data(.object(data))
    }
}
