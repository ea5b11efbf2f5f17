import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation

/// An endpoint's state behaviours compiled once from its spec, so a request walks classes (one
/// retain per step) instead of copying every string of each `Behaviour`, and pays no path
/// splitting or key building that depends only on the spec.
final class StatePlan: Sendable {
    enum Step: Sendable {
        case references(ReferencesStep)
        case unique(UniqueStep)
        case quota(QuotaStep)
        case creates(CreatesStep)
        case lists(ListsStep)
        case nested(NestedStep)
        case item(ItemStep)
    }

    /// A `nested` behaviour: the parent item the path names must exist.
    final class NestedStep: Sendable {
        let behaviour: Behaviour.Nested
        init(_ b: Behaviour.Nested) { behaviour = b }
    }

    /// An `item` behaviour: the item the path names must exist; what is done with it.
    final class ItemStep: Sendable {
        let behaviour: Behaviour.ItemAccess
        /// The body fields an update may change: the creator's stored fields (nil: every body field).
        let updatable: [String]?
        /// Without an echo: the reply's top-level fields answered from the stored item (`msg_type` of a message).
        let overlay: [(name: String, type: FieldType)]
        /// The fields the replies document for what is stored, when they decide what is stored.
        let answeredTypes: [String: [FieldSpec]]?
        /// Without an echo: a top-level array whose items hold the item's key field, answered as
        /// `[item]` by a read (`items` of a message get).
        let arrayEcho: String?
        /// Where the key lives inside the stored object (the creator's `itemKeyPath`): never updated.
        let keyField: String?
        init(_ b: Behaviour.ItemAccess, creator: Behaviour.Creates?, answered: [String: [FieldSpec]]?, replyFields: [FieldSpec]) {
            behaviour = b
            overlay = b.echoPath == nil ? replyFields.map { ($0.name, $0.type) } : []
            let keyName = creator?.itemKeyName
            arrayEcho =
                b.echoPath == nil && b.operation == .read
                ? replyFields.first { $0.type == .array && $0.fields?.contains { $0.name == keyName } == true }?.name : nil
            updatable = creator?.storedFields ?? answered.map { $0.keys.sorted() }
            answeredTypes = creator?.storedFields == nil ? answered : nil
            keyField = creator?.itemKeyPath
        }
    }

    /// A `quota` behaviour, by reference (copying a step then retains one object).
    final class QuotaStep: Sendable {
        let behaviour: Behaviour.Quota
        init(_ b: Behaviour.Quota) { behaviour = b }
    }

    /// A `lists` behaviour, by reference.
    final class ListsStep: Sendable {
        let behaviour: Behaviour.Lists
        /// The reply's items are scalars (`custom_org_ids`: an array of strings): a page answers the items' keys.
        let keysOnly: Bool
        /// The members this list documents for its items, when it documents any: an item stored
        /// with others (documented by another endpoint showing the resource) is answered without them.
        let itemFields: Set<String>?
        init(_ b: Behaviour.Lists, endpoint: EndpointSpec) {
            behaviour = b
            let found = endpoint.response.field(at: b.itemsPath)
            keysOnly = found.map { $0.type == .array && ($0.fields ?? []).isEmpty && $0.itemType != nil && $0.itemType != .object } ?? false
            itemFields = (found?.fields).flatMap { $0.isEmpty ? nil : Set($0.map(\.name)) }
        }
    }

    final class ReferencesStep: Sendable {
        let behaviour: Behaviour.References
        /// The referenced resource and the request field naming the key (read per request).
        let resource: String
        let field: String
        let maxAge: Double?
        init(_ b: Behaviour.References) {
            behaviour = b
            resource = b.resource
            field = b.field
            maxAge = b.maxAgeSeconds.map { Double($0.value) }
        }
    }

    final class UniqueStep: Sendable {
        let behaviour: Behaviour.Unique
        /// The tenant's `uniqueIndex` key: "resource|field".
        let indexKey: String
        init(_ b: Behaviour.Unique) {
            behaviour = b
            indexKey = b.resource + "|" + b.field
        }
    }

    final class CreatesStep: Sendable {
        let behaviour: Behaviour.Creates
        /// Where the key lives inside the stored object (`Behaviour.Creates.itemKeyPath`).
        let keyField: String
        /// The `unique` behaviours over the same resource: their values are indexed on insert.
        let uniques: [UniqueStep]
        /// True when some endpoint `references` this resource: only then is each key indexed.
        let indexKeys: Bool
        /// `echoPath` split at its dots.
        let echoParts: [String]?
        /// The key path lies inside the echo (`badge.id` in `badge`).
        let keyInsideEcho: Bool
        /// The key path is the echo's path or above it: the key replaces the echo.
        let keyReplacesEcho: Bool
        /// The resource created, its key style and stored fields (read per request).
        let resource: String
        let keyStyle: String
        let storedFields: [String]?
        /// The endpoint uploads a file: its bytes are stored with the item for downloads.
        let storesFile: Bool
        /// The body field whose value is the new item's key, when the client names the item (a pin
        /// is keyed by the `message_id` it pins: decision convention-client-key).
        let clientKeyField: String?
        /// Without an echo: the reply's top-level fields answered from the stored object.
        let overlay: [(name: String, type: FieldType)]
        /// The fields the replies document for what is stored, when they decide what is stored: a
        /// value of another type (JSON text where a reply has an object) is not kept.
        let answeredTypes: [String: [FieldSpec]]?
        /// The lengths a key may have, when path parameters that name the items bound them.
        let keyLength: ClosedRange<Int>?
        /// `answered`: the fields the replies document for the resource's items, stored when the
        /// spec names no `storedFields` (so no reply answers an undocumented field).
        init(
            _ b: Behaviour.Creates, uniques: [UniqueStep], indexKeys: Bool, storesFile: Bool, answered: [String: [FieldSpec]]?, endpoint: EndpointSpec,
            keyLength: ClosedRange<Int>? = nil
        ) {
            self.storesFile = storesFile
            clientKeyField = b.clientKeyField(in: endpoint)
            overlay = b.echoPath == nil ? endpoint.response.fields.filter { $0.name != b.keyPath }.map { ($0.name, $0.type) } : []
            behaviour = b
            resource = b.resource
            keyStyle = b.keyStyle
            storedFields = b.storedFields ?? answered.map { $0.keys.sorted() }
            answeredTypes = b.storedFields == nil ? answered : nil
            self.keyLength = keyLength
            keyField = b.itemKeyPath
            self.uniques = uniques
            self.indexKeys = indexKeys
            echoParts = b.echoPath.map { $0.split(separator: ".").map(String.init) }
            keyInsideEcho = b.echoPath.map { b.keyPath.hasPrefix($0 + ".") } ?? false
            keyReplacesEcho = b.echoPath.map { b.keyPath == $0 || $0.hasPrefix(b.keyPath + ".") } ?? false
        }
    }

    let steps: [Step]
    let hasCreates: Bool
    let hasLists: Bool
    /// The reply's documented fields, under what the behaviours answer.
    let template: ReplyTemplate

    /// `referenced`: the resources some endpoint of the spec set `references`; `creators`: each
    /// resource's `creates` behaviour.
    init(
        endpoint: EndpointSpec, platform: PlatformSpec, referenced: Set<String>, creators: [String: Behaviour.Creates] = [:],
        answered: [String: [String: [FieldSpec]]] = [:], keyLengths: [String: ClosedRange<Int>] = [:]
    ) {
        var steps: [Step] = []
        // The items the path names come first: a request about an item that does not exist is
        // refused before anything about its body is looked at.
        for case .nested(let b) in endpoint.behaviours { steps.append(.nested(NestedStep(b))) }
        for case .item(let b) in endpoint.behaviours {
            steps.append(
                .item(
                    ItemStep(
                        b, creator: creators[b.resource], answered: answered[b.resource],
                        replyFields: endpoint.response.fields)))
        }
        var excluded = ReplyTemplate.statePaths(of: endpoint)
        for case .item(let b) in endpoint.behaviours { if let echo = b.echoPath { excluded.insert(echo) } }
        template = ReplyTemplate(endpoint: endpoint, platform: platform, excluding: excluded)
        let uploads = endpoint.request.contains { $0.type == .file }
        let uniques = endpoint.behaviours.compactMap { b -> UniqueStep? in
            if case .unique(let u) = b { return UniqueStep(u) }
            return nil
        }
        var nextUnique = 0
        for behaviour in endpoint.behaviours {
            switch behaviour {
            case .references(let b): steps.append(.references(ReferencesStep(b)))
            case .unique:
                steps.append(.unique(uniques[nextUnique]))
                nextUnique += 1
            case .quota(let b): steps.append(.quota(QuotaStep(b)))
            case .creates(let b):
                steps.append(
                    .creates(
                        CreatesStep(
                            b, uniques: uniques.filter { $0.behaviour.resource == b.resource },
                            indexKeys: referenced.contains(b.resource), storesFile: uploads,
                            answered: answered[b.resource], endpoint: endpoint, keyLength: keyLengths[b.resource])))
            case .lists(let b): steps.append(.lists(ListsStep(b, endpoint: endpoint)))
            case .requiresCapability, .nested, .item: continue  // checked in their own stage, or added above
            }
        }
        self.steps = steps
        hasCreates = steps.contains { if case .creates = $0 { true } else { false } }
        hasLists = steps.contains { if case .lists = $0 { true } else { false } }
    }

    /// Each resource's `creates` behaviour (the first endpoint creating it).
    static func creators(_ specs: SpecSet) -> [String: Behaviour.Creates] {
        var out: [String: Behaviour.Creates] = [:]
        for e in specs.endpoints {
            for case .creates(let c) in e.behaviours where out[c.resource] == nil { out[c.resource] = c }
        }
        return out
    }

    /// resource -> the members the spec set's replies document for its items (a creator's echo,
    /// list items, a read's echo) and their types (the first documented); resources no reply
    /// shows are left out.
    static func answeredFields(_ specs: SpecSet) -> [String: [String: [FieldSpec]]] {
        func members(at path: String, of endpoint: EndpointSpec) -> [FieldSpec]? { endpoint.response.field(at: path)?.fields }
        var out: [String: [String: [FieldSpec]]] = [:]
        for e in specs.endpoints {
            for behaviour in e.behaviours {
                let place: (String, String)?
                switch behaviour {
                case .creates(let c): place = c.echoPath.map { (c.resource, $0) }
                case .lists(let l): place = (l.resource, l.itemsPath)
                case .item(let a): place = a.echoPath.map { (a.resource, $0) }
                default: place = nil
                }
                guard let (resource, path) = place, let fields = members(at: path, of: e) else { continue }
                for field in fields { out[resource, default: [:]][field.name, default: []].append(field) }
            }
        }
        return out
    }

    /// resource -> the lengths its keys may have: the tightest bounds of the path parameters that
    /// name its items (`card_id` of at most 20 characters), so every key the mock makes can be sent back.
    static func keyLengths(_ specs: SpecSet) -> [String: ClosedRange<Int>] {
        var out: [String: ClosedRange<Int>] = [:]
        for e in specs.endpoints {
            for behaviour in e.behaviours {
                let named: (String, String)?
                switch behaviour {
                case .item(let a): named = (a.resource, a.keyParam)
                case .nested(let n): named = (n.resource, n.param)
                default: named = nil
                }
                guard let (resource, param) = named, let field = e.request.first(where: { $0.name == param && $0.location == .path }) else { continue }
                let current = out[resource] ?? 1...Int.max
                let low = max(current.lowerBound, field.minLength?.value ?? 1)
                let high = min(current.upperBound, field.maxLength?.value ?? Int.max)
                if low <= high { out[resource] = low...high }
            }
        }
        return out
    }

    /// The resources `specs` reference anywhere.
    static func referencedResources(_ specs: SpecSet) -> Set<String> {
        var out: Set<String> = []
        for e in specs.endpoints {
            for case .references(let b) in e.behaviours { out.insert(b.resource) }
        }
        return out
    }
}

/// One step's part of a request, prepared before the state lock is taken.
private enum StatePrep {
    case skip
    case reference(StatePlan.ReferencesStep, key: String)
    case unique(StatePlan.UniqueStep, value: JSONValue)
    case quota(StatePlan.QuotaStep)
    case creates(CreatePrep)
    case lists(StatePlan.ListsStep)
    case nested(StatePlan.NestedStep, key: String)
    case item(StatePlan.ItemStep, key: String)
}

/// A new item made before the state lock: by reference, so walking the preps under the lock
/// retains one object instead of every part of it.
private final class CreatePrep {
    let step: StatePlan.CreatesStep
    let key: String
    let object: [String: JSONValue]
    let json: [UInt8]
    let uniqueValues: [(String, JSONValue)]
    let parent: String?
    let file: StoredFile?

    init(
        step: StatePlan.CreatesStep, key: String, object: [String: JSONValue], json: [UInt8], uniqueValues: [(String, JSONValue)],
        parent: String?, file: StoredFile?
    ) {
        self.step = step
        self.parent = parent
        self.file = file
        self.key = key
        self.object = object
        self.json = json
        self.uniqueValues = uniqueValues
    }
}

extension FeishuMock {
    /// Applies the endpoint's state behaviours atomically for the tenant, checks in declared order
    /// (`references`, `unique`, `quota`), then `creates` and `lists`.
    ///
    /// Everything that does not depend on the stored state (values read from the body, new random
    /// keys, the created objects and, without a list, the reply data) is prepared before any lock
    /// is taken. Then up to three short phases: the mock-wide lock for the cross-tenant key index
    /// (`references` only); the tenant's own lock for the other checks, the inserts and list pages
    /// (requests of different tenants do not wait for each other); the mock-wide lock again to
    /// index new keys that other requests may reference (only for referenced resources).
    func applyState(_ plan: StatePlan, endpoint: EndpointSpec, values: RequestValues, identity: Identity) -> StateOutcome {
        let tenant = identity.app.tenantKey
        let body = values.body
        var preps: [StatePrep] = []
        preps.reserveCapacity(plan.steps.count)
        // The parent item the path names, if the endpoint is nested: its items belong to it.
        var parent: String?
        for step in plan.steps {
            switch step {
            case .nested(let n):
                guard let key = values.path[n.behaviour.param]?.stringValue else {
                    preps.append(.skip)
                    continue
                }
                parent = key
                preps.append(.nested(n, key: key))
            case .item(let i):
                guard let key = values.path[i.behaviour.keyParam]?.stringValue else {
                    preps.append(.skip)
                    continue
                }
                preps.append(.item(i, key: key))
            case .references(let r):
                guard let key = JSONValue.object(body).value(at: r.field)?.stringValue else {
                    preps.append(.skip)
                    continue
                }
                preps.append(.reference(r, key: key))
            case .unique(let u):
                guard let value = JSONValue.object(body).value(at: u.behaviour.field) else {
                    preps.append(.skip)
                    continue
                }
                preps.append(.unique(u, value: value))
            case .quota(let q):
                preps.append(.quota(q))
            case .creates(let c):
                var object: [String: JSONValue]
                if let stored = c.storedFields {
                    // Room for the fields the body can hold plus the key: no growth, and no more buckets
                    // than needed (the object is stored for the life of the item).
                    object = Dictionary(minimumCapacity: min(stored.count, body.count) + 1)
                    for name in stored {
                        guard let v = body[name] else { continue }
                        if let documented = c.answeredTypes?[name] {
                            if let kept = Self.conformed(v, to: documented) { object[name] = kept }
                        } else {
                            object[name] = v
                        }
                    }
                } else {
                    object = body
                    object.reserveCapacity(body.count + 1)
                }
                let key = c.clientKeyField.flatMap { body[$0]?.stringValue } ?? MockIDs.key(style: c.keyStyle, length: c.keyLength)
                JSONPath.set(.string(key), at: c.keyField, in: &object)
                var uniqueValues: [(String, JSONValue)] = []
                for u in c.uniques {
                    if let value = JSONValue.object(object).value(at: u.behaviour.field) { uniqueValues.append((u.indexKey, value)) }
                }
                var file: StoredFile?
                if c.storesFile, let upload = values.files.values.first {
                    file = StoredFile(data: upload.data, contentType: upload.contentType ?? "application/octet-stream")
                }
                preps.append(
                    .creates(
                        CreatePrep(
                            step: c, key: key, object: object, json: JSONWriter.bytes(.object(object)),
                            uniqueValues: uniqueValues, parent: parent, file: file)))
            case .lists(let l):
                preps.append(.lists(l))
            }
        }
        // Without a list, the reply is the created objects' data alone: built before the lock too.
        var data: [String: JSONValue] = [:]
        var splices: MockJSON.Splices = [:]
        if !plan.hasLists {
            for case .creates(let made) in preps {
                Self.addCreated(made.step, key: made.key, object: made.object, json: made.json, to: &data, splices: &splices)
            }
        }
        // A list reads a snapshot of its items (a copy-on-write array: no copying) and builds its
        // page after the lock is released. Only when the endpoint creates nothing, so the page is
        // from the same instant the checks saw.
        let pageOutsideLock = !plan.hasCreates
        var snapshots: [(StatePlan.ListsStep, ItemList)] = []
        var download: StoredFile?
        var removedKeys: [(resource: String, key: String)] = []
        // Phase 1, under the mock-wide lock and only when the endpoint references keys: the
        // `references` checks (keys are looked up across tenants). Keys are never removed and only
        // age, so a reference found valid here stays valid for the rest of the request. The
        // tenant's store and clock came with the identity.
        var referenceFailures: [Int: RequestViolation] = [:]
        let store = identity.store
        let tenantClock = identity.clock
        if preps.contains(where: { if case .reference = $0 { true } else { false } }) {
            state.withLock { s in
                let now = tenantClock.now(base: clock.now())
                for (i, prep) in preps.enumerated() {
                    guard case .reference(let r, let key) = prep else { continue }
                    if let owner = s.keyIndex[r.resource]?[key] {
                        if owner.tenant != tenant {
                            referenceFailures[i] = referenceRefusal(r.behaviour, "foreignTenant", age: nil)
                        } else if let maxAge = r.maxAge, now - owner.createdAt > maxAge {
                            referenceFailures[i] = referenceRefusal(r.behaviour, "maxAgeSeconds", age: now - owner.createdAt)
                        }
                    } else {
                        referenceFailures[i] = referenceRefusal(r.behaviour, "unknownKey", age: nil)
                    }
                    if referenceFailures[i] != nil { break }  // later checks cannot come first
                }
            }
        }
        // Phase 2, under the tenant's own lock (requests of different tenants do not wait for each
        // other): the other checks in declared order, then the inserts and the list pages.
        var createdKeys: [(resource: String, key: String)] = []
        var createdAt = 0.0
        let refusal: RequestViolation? = store.resources.withLock { t -> RequestViolation? in
            // Read under the lock, so creation times follow creation order (requests that read the
            // clock before queueing for the lock would store times out of order, and every list
            // of the tenant would need a sort from then on).
            let now = tenantClock.now(base: clock.now())
            createdAt = now
            for (i, prep) in preps.enumerated() {
                switch prep {
                case .reference:
                    if let failure = referenceFailures[i] { return failure }
                case .unique(let u, let value):
                    if t.uniqueIndex[u.indexKey]?.contains(value) == true {
                        let b = u.behaviour
                        return stateViolation(
                            "behaviours.unique.\(b.field)", field: b.field, expected: "a \(b.field) unique in the tenant",
                            observed: "a \(b.field) already used", binding: b.error)
                    }
                case .quota(let q):
                    let count = t.lists[q.behaviour.resource]?.items.count ?? 0
                    if count >= q.behaviour.limit {
                        let b = q.behaviour
                        return stateViolation(
                            "behaviours.quota.\(b.resource)", field: nil, expected: "at most \(b.limit) \(b.resource) items per tenant",
                            observed: "\(count) already stored", binding: b.error)
                    }
                case .nested(let n, let key):
                    if t.lists[n.behaviour.resource]?.position(of: key) == nil { return notFound(n.behaviour, key: key) }
                case .item(let i, let key):
                    let b = i.behaviour
                    guard let at = t.lists[b.resource]?.position(of: key),
                        parent == nil || t.lists[b.resource]?.items[at].parent == parent
                    else {
                        return stateViolation(
                            "behaviours.item.\(b.keyParam)", field: b.keyParam, expected: "a \(b.resource) key of this tenant",
                            observed: "a key naming no \(b.resource) here", binding: b.notFoundError)
                    }
                case .skip, .creates, .lists:
                    continue
                }
            }
            for prep in preps {
                switch prep {
                case .creates(let made):
                    let c = made.step
                    let seq = itemSequence.wrappingAdd(1, ordering: .relaxed).newValue
                    t.lists[c.resource, default: ItemList()]
                        .append(
                            StoredItem(
                                key: made.key, object: made.object, json: made.json, createdAt: now, seq: seq, parent: made.parent,
                                file: made.file))
                    if c.indexKeys { createdKeys.append((c.resource, made.key)) }
                    for (indexKey, value) in made.uniqueValues { t.uniqueIndex[indexKey, default: []].insert(value) }
                    if plan.hasLists { Self.addCreated(c, key: made.key, object: made.object, json: made.json, to: &data, splices: &splices) }
                case .lists(let l):
                    let b = l.behaviour
                    let list = t.lists[b.resource] ?? ItemList()
                    if pageOutsideLock {
                        snapshots.append((l, list))
                        continue
                    }
                    switch listPage(b, endpoint: endpoint, values: values, list: list, parent: parent, keysOnly: l.keysOnly, itemFields: l.itemFields) {
                    case .refused(let v): return v
                    case .data(let page, let pageSplices):
                        for (k, v) in page.objectValue ?? [:] { JSONPath.set(v, at: k, in: &data) }
                        splices.merge(pageSplices) { _, new in new }
                    case .file: continue
                    }
                case .item(let i, let key):
                    let b = i.behaviour
                    guard let at = t.lists[b.resource]?.position(of: key) else { continue }
                    switch b.operation {
                    case .read:
                        if let echo = b.echoPath, let item = t.lists[b.resource]?.items[at] { JSONPath.set(.object(item.object), at: echo, in: &data) }
                        if let item = t.lists[b.resource]?.items[at] {
                            for (name, type) in i.overlay { if let v = item.object[name], ResponseValidator.matches(v, type: type) { data[name] = v } }
                            if let array = i.arrayEcho { data[array] = .array([.object(item.object)]) }
                        }
                    case .update:
                        guard var object = t.lists[b.resource]?.items[at].object else { continue }
                        for (name, value) in values.body where name != i.keyField && (i.updatable?.contains(name) ?? true) {
                            if let documented = i.answeredTypes?[name] {
                                if let kept = Self.conformed(value, to: documented) { object[name] = kept }
                            } else {
                                object[name] = value
                            }
                        }
                        t.lists[b.resource]?.update(at: at, object: object)
                        if let echo = b.echoPath { JSONPath.set(.object(object), at: echo, in: &data) }
                        for (name, type) in i.overlay { if let v = object[name], ResponseValidator.matches(v, type: type) { data[name] = v } }
                    case .delete:
                        if let item = t.lists[b.resource]?.remove(at: at) {
                            for (name, type) in i.overlay { if let v = item.object[name], ResponseValidator.matches(v, type: type) { data[name] = v } }
                            removedKeys.append((b.resource, item.key))
                            for (indexKey, _) in t.uniqueIndex where indexKey.hasPrefix(b.resource + "|") {
                                let field = String(indexKey.dropFirst(b.resource.count + 1))
                                if let value = JSONValue.object(item.object).value(at: field) { t.uniqueIndex[indexKey]?.remove(value) }
                            }
                        }
                    case .download:
                        download = t.lists[b.resource]?.items[at].file ?? StoredFile(data: Data(), contentType: "application/octet-stream")
                    case .act:
                        // An action answers what it was asked to do: the fields the request sent.
                        for (name, type) in i.overlay { if let v = values.body[name], ResponseValidator.matches(v, type: type) { data[name] = v } }
                    }
                default:
                    continue
                }
            }
            return nil
        }
        // Phase 3: keys other requests may reference become known mock-wide. Until this returns,
        // the creating request has not answered, so no client can hold such a key yet.
        if refusal == nil, !createdKeys.isEmpty || !removedKeys.isEmpty {
            state.withLock { s in
                for (resource, key) in createdKeys { s.keyIndex[resource, default: [:]][key] = (tenant, createdAt) }
                for (resource, key) in removedKeys { s.keyIndex[resource]?[key] = nil }
            }
        }
        if let refusal { return .refused(refusal) }
        if let download { return .file(download) }
        for (l, list) in snapshots {
            switch listPage(
                l.behaviour, endpoint: endpoint, values: values, list: list, parent: parent, keysOnly: l.keysOnly, itemFields: l.itemFields)
            {
            case .refused(let v): return .refused(v)
            case .data(let page, let pageSplices):
                for (k, v) in page.objectValue ?? [:] { JSONPath.set(v, at: k, in: &data) }
                splices.merge(pageSplices) { _, new in new }
            case .file: continue
            }
        }
        return .data(.object(data), splices: splices)
    }

    /// `value` as every reply that shows it documents it: nil when its type differs from one of
    /// theirs (JSON text sent where a reply has an object); an object's members likewise, members
    /// no reply documents left out (decision convention-answered-fields).
    static func conformed(_ value: JSONValue, to fields: [FieldSpec]) -> JSONValue? {
        guard fields.allSatisfy({ ResponseValidator.matches(value, type: $0.type) }) else { return nil }
        let nested = fields.compactMap(\.fields).filter { !$0.isEmpty }
        guard case .object(let members) = value, !nested.isEmpty else { return value }
        var kept: [String: JSONValue] = [:]
        for (key, member) in members {
            let documented = nested.flatMap { $0.filter { $0.name == key } }
            guard !documented.isEmpty, let conformed = conformed(member, to: documented) else { continue }
            kept[key] = conformed
        }
        return .object(kept)
    }

    /// A `nested` refusal: the parent item the path names does not exist in the caller's tenant.
    func notFound(_ b: Behaviour.Nested, key: String) -> RequestViolation {
        stateViolation(
            "behaviours.nested.\(b.param)", field: b.param, expected: "a \(b.resource) key of this tenant",
            observed: "a key naming no \(b.resource) here", binding: b.notFoundError)
    }

    /// A `references` refusal: `kind` is `unknownKey`, `foreignTenant` or `maxAgeSeconds` (with the key's age).
    private func referenceRefusal(_ b: Behaviour.References, _ kind: String, age: Double?) -> RequestViolation? {
        let rule = "behaviours.references.\(b.field).\(kind)"
        switch kind {
        case "unknownKey":
            return stateViolation(rule, field: b.field, expected: "a \(b.resource) key of this tenant", observed: "an unknown key", binding: b.unknownKeyError)
        case "foreignTenant":
            return stateViolation(
                rule, field: b.field, expected: "a \(b.resource) key of this tenant", observed: "a key of another tenant",
                binding: b.foreignTenantError)
        default:
            guard let maxAge = b.maxAgeSeconds else { return nil }
            let binding = b.expiredError ?? maxAge.error ?? b.unknownKeyError
            return stateViolation(rule, field: b.field, expected: "a key at most \(maxAge.value) s old", observed: "\(Int(age ?? 0)) s old", binding: binding)
        }
    }

    /// Adds a created item's echo and key to the reply data; the echo is written from the item's
    /// encoded bytes (`json`), which are `object`'s.
    static func addCreated(
        _ c: StatePlan.CreatesStep, key: String, object: [String: JSONValue], json: [UInt8],
        to data: inout [String: JSONValue], splices: inout MockJSON.Splices
    ) {
        let b = c.behaviour
        if let echo = b.echoPath { JSONPath.set(.object(object), at: echo, in: &data) }
        // A key inside the echo is already in `object` (at `keyField`), so the echo is still `object`.
        guard !c.keyInsideEcho else {
            assert(JSONValue.object(data).value(at: b.keyPath) == .string(key), "a created item's echo lacks its key")
            if let parts = c.echoParts { splices[parts] = json }
            return
        }
        JSONPath.set(.string(key), at: b.keyPath, in: &data)
        for (name, type) in c.overlay { if let value = object[name], ResponseValidator.matches(value, type: type) { data[name] = value } }
        // A key at the echo's path or above it replaced the echo, which is then written from the value.
        guard let parts = c.echoParts, !c.keyReplacesEcho else { return }
        assert(JSONValue.object(data).value(at: b.echoPath ?? "") == .object(object), "a created item's echo differs from its object")
        splices[parts] = json
    }

    /// Where a created item's key lives inside the stored object: `keyPath` relative to `echoPath`.
    func stateViolation(_ rule: String, field: String?, expected: String, observed: String, binding: ErrorBinding) -> RequestViolation {
        RequestViolation(stage: .state, rule: rule, field: field, expected: expected, observed: observed, code: binding.code, provenance: binding.provenance)
    }

    /// One page of a list: filtered, ordered, cut at the page token's cursor.
    func listPage(
        _ b: Behaviour.Lists, endpoint: EndpointSpec, values: RequestValues, list: ItemList, parent: String? = nil, keysOnly: Bool = false,
        itemFields: Set<String>? = nil
    ) -> StateOutcome {
        // Field specs are looked up only when needed (no page size given, a bad token).
        var sizeField: FieldSpec? { endpoint.request.first { $0.name == b.pageSizeParam && $0.location == .query } }
        var tokenField: FieldSpec? { endpoint.request.first { $0.name == b.pageTokenParam && $0.location == .query } }
        let pageSize = max(1, values.query[b.pageSizeParam]?.intValue ?? sizeField.flatMap { $0.default?.value.intValue ?? $0.maximum?.value } ?? 20)
        var cursor: Int?
        if let token = values.query[b.pageTokenParam]?.stringValue, !token.isEmpty {
            guard let seq = PageToken.decode(token) else {
                let binding = tokenField?.typeError ?? endpoint.invalidParamError
                return .refused(
                    RequestViolation(
                        stage: .fields, rule: "request.\(b.pageTokenParam).format", field: b.pageTokenParam,
                        expected: "a page token this endpoint returned", observed: "an unrecognised token",
                        code: binding.code, provenance: binding.provenance))
            }
            cursor = seq
        }
        let descending = b.order.value.direction == .descending
        let byCreatedAt = b.order.value.by == "createdAt"
        let filtering = parent != nil || (b.filters ?? []).contains { values.query[$0.param] != nil }
        let items = list.items
        // The page as positions in `items`: no item is copied.
        let page: [Int]
        let hasMore: Bool
        if !filtering, !byCreatedAt || list.inCreationTimeOrder {
            // The stored order is the list's order (creation order, creation times never going
            // back): the page is a slice found by binary search, O(page) instead of O(items).
            (page, hasMore) = Self.slicePage(items, descending: descending, after: cursor, size: pageSize)
        } else {
            (page, hasMore) = Self.sortedPage(
                items, b, values: values, parent: parent, descending: descending, byCreatedAt: byCreatedAt,
                after: cursor, size: pageSize)
        }
        var data: [String: JSONValue] = [:]
        // The items are written from their bytes encoded at create time; `[]` is the placeholder.
        var itemsJSON: [UInt8] = [0x5B]
        itemsJSON.reserveCapacity(page.reduce(2) { $0 + items[$1].json.count + 1 })
        for (i, position) in page.enumerated() {
            if i > 0 { itemsJSON.append(0x2C) }
            let item = items[position]
            if keysOnly {
                JSONWriter.writeString(item.key, into: &itemsJSON)
            } else if let allowed = itemFields, !item.object.keys.allSatisfy(allowed.contains) {
                // Members another endpoint documents for the resource, not this list: left out.
                let shown = item.object.filter { allowed.contains($0.key) }
                JSONWriter.write(.object(shown), into: &itemsJSON)
            } else {
                itemsJSON.append(contentsOf: item.json)
            }
        }
        itemsJSON.append(0x5D)
        JSONPath.set(.array([]), at: b.itemsPath, in: &data)
        JSONPath.set(.bool(hasMore), at: b.hasMorePath, in: &data)
        if hasMore, let last = page.last {
            JSONPath.set(.string(PageToken.encode(seq: items[last].seq)), at: b.pageTokenPath, in: &data)
        } else if !b.pageTokenOnlyWhenMore.value {
            JSONPath.set(.string(""), at: b.pageTokenPath, in: &data)
        }
        return .data(.object(data), splices: [b.itemsPath.split(separator: ".").map(String.init): itemsJSON])
    }

    /// The positions in `items` (ascending creation order) of a page in the list's order, after
    /// the item with sequence number `cursor`, and whether more follow.
    static func slicePage(_ items: [StoredItem], descending: Bool, after cursor: Int?, size: Int) -> ([Int], Bool) {
        // Sequence numbers ascend along `items`: the count of those for which `isBelow` holds.
        func count(_ isBelow: (Int) -> Bool) -> Int {
            var low = 0
            var high = items.count
            while low < high {
                let mid = (low + high) / 2
                if isBelow(items[mid].seq) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        if descending {
            let end = cursor.map { c in count { $0 < c } } ?? items.count
            let start = max(0, end - size)
            return ((start..<end).reversed(), start > 0)
        }
        let start = cursor.map { c in count { $0 <= c } } ?? 0
        let end = min(items.count, start + size)
        return (Array(start..<end), end < items.count)
    }

    /// The positions in `items` of a page filtered by the request's exact-match filters and sorted,
    /// after the item with sequence number `cursor`, and whether more follow.
    static func sortedPage(
        _ items: [StoredItem], _ b: Behaviour.Lists, values: RequestValues, parent: String? = nil, descending: Bool,
        byCreatedAt: Bool, after cursor: Int?, size pageSize: Int
    ) -> ([Int], Bool) {
        var selected = Array(items.indices)
        if let parent { selected = selected.filter { items[$0].parent == parent } }
        for filter in b.filters ?? [] {
            guard let wanted = values.query[filter.param] else { continue }
            selected = selected.filter { position in
                guard let v = JSONValue.object(items[position].object).value(at: filter.field) else { return false }
                return v == wanted || v.stringValue == wanted.stringValue && v.stringValue != nil
            }
        }
        // A total order (sequence numbers are unique), so a run already in order, or in exactly
        // the reverse order (creation order for a descending list), needs no sort. The sort keys are
        // read once: comparing copied `StoredItem`s cost reference counting on every comparison,
        // which made each page O(items in the tenant) in atomic operations.
        let keys: [(order: Double, seq: Int)] = selected.map { (byCreatedAt ? items[$0].createdAt : Double(items[$0].seq), items[$0].seq) }
        func precedes(_ a: Int, _ c: Int) -> Bool {
            let ka = keys[a]
            let kc = keys[c]
            if ka.order != kc.order { return descending ? ka.order > kc.order : ka.order < kc.order }
            return descending ? ka.seq > kc.seq : ka.seq < kc.seq
        }
        // The order as positions in `selected`.
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
        return (page, order.count > page.count)
    }
}
