/// Resource behaviours the platform's REST conventions imply, applied to a whole spec set once,
/// when it is loaded: the one home of these rules for the mock, the case deriver, the runner and
/// the reports.
///
/// - A POST that `creates` a resource names its collection: its path (and, for an action path
///   such as `files/upload`, the path without the action).
/// - A path `collection/:key` addresses one item of that collection: GET reads it (a binary GET
///   downloads it), PUT and PATCH update it, DELETE deletes it, anything below it acts on it.
/// - An endpoint that itself creates or lists under `collection/:key/...` is `nested` in that
///   item: badge grants under a badge, reactions under a message.
/// - A key naming no item gets the page's not-found code (an error row that says the resource is
///   not found or does not exist), else the endpoint's catch-all code, inferred.
///
/// Every behaviour added is `inferred` and names its decision (`Specs/DECISIONS.md`, "Resource
/// conventions"). A spec overrides a convention by declaring behaviours of that kind itself: an
/// endpoint with its own `item` or `nested` behaviours gets none of that kind added.
public enum ResourceConventions {
    /// Decision ids, as `Specs/DECISIONS.md` lists them.
    public static let collectionDecision = "convention-collection"
    public static let itemDecision = "convention-item"
    public static let nestedDecision = "convention-nested"
    public static let notFoundDecision = "convention-not-found"
    public static let searchDecision = "convention-search"

    /// `specs` with the conventional behaviours added to every endpoint they apply to.
    public static func apply(to specs: SpecSet) -> SpecSet {
        var out = specs
        out.endpoints = apply(to: specs.endpoints)
        return out
    }

    /// `endpoints`, in the same order, with the conventional behaviours added.
    public static func apply(to endpoints: [EndpointSpec]) -> [EndpointSpec] {
        let collections = Collections(endpoints)
        return endpoints.map { endpoint in
            var out = endpoint
            out.behaviours += behaviours(for: endpoint, collections: collections)
            return out
        }
    }

    /// The conventional behaviours of one endpoint that it does not declare itself.
    static func behaviours(for endpoint: EndpointSpec, collections: Collections) -> [Behaviour] {
        let declaresItem = endpoint.behaviours.contains { if case .item = $0 { true } else { false } }
        let declaresNested = endpoint.behaviours.contains { if case .nested = $0 { true } else { false } }
        let template = PathTemplate(endpoint.path)
        // Every parameter right after a known collection addresses an item of it.
        var addressed: [(position: Int, param: String, resource: Collections.Entry)] = []
        // Only parameters the spec describes: a placeholder without its field is the spec's own lint error.
        let described = Set(endpoint.request.filter { $0.location == .path }.map(\.name))
        for (position, segment) in template.segments.enumerated() {
            guard case .parameter(let name) = segment, described.contains(name),
                let entry = collections.entry(template.key(upTo: position))
            else { continue }
            addressed.append((position, name, entry))
        }
        guard !addressed.isEmpty else { return searchList(endpoint, template: template, collections: collections).map { [$0] } ?? [] }
        let ownsCollection = endpoint.behaviours.contains {
            switch $0 {
            case .creates, .lists: true
            default: false
            }
        }
        var out: [Behaviour] = []
        // The deepest addressed item is the one the request is about, unless the endpoint has a
        // collection of its own below it: then the deepest is its parent. The item's parent is
        // the one addressed just above it.
        let itemIndex = ownsCollection ? nil : addressed.count - 1
        let parentIndex = ownsCollection ? addressed.count - 1 : addressed.count - 2
        if parentIndex >= 0, !declaresNested {
            let a = addressed[parentIndex]
            out.append(
                .nested(
                    Behaviour.Nested(
                        param: a.param, resource: a.resource.resource, notFoundError: notFound(endpoint, resource: a.resource.resource, param: a.param),
                        provenance: .inferred(
                            "\(endpoint.path) sits under an item of \(a.resource.resource) (\(a.resource.path)/:\(a.param)) (decision \(nestedDecision))"))))
        }
        if let itemIndex, !declaresItem {
            let a = addressed[itemIndex]
            let below = template.segments.count - 1 - a.position
            let operation = operation(endpoint, below: below)
            let echo = operation == .read || operation == .update ? echoPath(endpoint, creates: a.resource.creates) : nil
            out.append(
                .item(
                    Behaviour.ItemAccess(
                        operation: operation, resource: a.resource.resource, keyParam: a.param, echoPath: echo,
                        notFoundError: notFound(endpoint, resource: a.resource.resource, param: a.param),
                        provenance: .inferred(
                            "\(endpoint.method) \(endpoint.path) \(operation.rawValue)s an item of \(a.resource.resource) (\(a.resource.path)/:\(a.param)) (decision \(itemDecision))"
                        ))))
        }
        return out
    }

    /// A search over a collection (`POST /lingo/v1/entities/search`): an action right below a known
    /// collection, paginated the platform's way (`page_size`, `page_token` in, `has_more`,
    /// `page_token` and an array of items out), lists the collection's items (decision
    /// convention-search). Its query narrows nothing the mock models: every item of the tenant matches.
    static func searchList(_ endpoint: EndpointSpec, template: PathTemplate, collections: Collections) -> Behaviour? {
        guard template.segments.count >= 2, case .literal = template.segments[template.segments.count - 1],
            !endpoint.behaviours.contains(where: { if case .lists = $0 { true } else { false } }),
            let entry = collections.entry(template.key(upTo: template.segments.count - 1)),
            entry.path != endpoint.path
        else { return nil }
        let keyName = entry.creates.itemKeyName
        guard FeishuPagination.isPaginated(endpoint),
            let items = endpoint.response.fields.first(where: { $0.type == .array && $0.fields?.contains { $0.name == keyName } == true })
        else { return nil }
        let why: Provenance = .inferred("\(endpoint.path) searches \(entry.path) with Feishu's pagination (decision \(searchDecision))")
        return .lists(
            FeishuPagination.lists(
                resource: entry.resource, itemsPath: items.name, pageTokenOnlyWhenMore: Rule(true, why),
                order: Rule(ListOrder(by: "createdAt", direction: .ascending), why), provenance: why))
    }

    /// What a request does with the item its path names: by method, on the item itself; a binary
    /// GET downloads it; anything else below the item acts on it.
    static func operation(_ endpoint: EndpointSpec, below: Int) -> Behaviour.ItemAccess.Operation {
        let method = endpoint.method.uppercased()
        if method == "GET", endpoint.response.shape == .binary { return .download }
        guard below == 0 else { return .act }
        switch method {
        case "GET": return .read
        case "PUT", "PATCH": return .update
        case "DELETE": return .delete
        default: return .act
        }
    }

    /// Where a read or update answers the item: the creator's echo path when this reply has that field.
    static func echoPath(_ endpoint: EndpointSpec, creates: Behaviour.Creates) -> String? {
        guard let echo = creates.echoPath, endpoint.response.field(at: echo) != nil else { return nil }
        return echo
    }

    /// The page's not-found code for `resource`: the first error row saying that it (by the last
    /// word of its name: `reaction` for `message_reaction`) is not found or does not exist,
    /// documented; else the endpoint's catch-all code, inferred.
    static func notFound(_ endpoint: EndpointSpec, resource: String, param: String) -> ErrorBinding {
        let noun = (resource.split(separator: "_").last.map(String.init) ?? resource).lowercased()
        let markers = [
            "not found", "not exist", "notfound", "not_exist", "cannot find", "can not find", "can't find", "could not find",
            "no such", "不存在", "找不到",
        ]
        for entry in endpoint.errors {
            let text = (entry.message + " " + (entry.advice ?? "")).lowercased()
            guard markers.contains(where: text.contains), text.contains(noun) else { continue }
            return ErrorBinding(code: entry.code, provenance: .documented("\(entry.code) | \(entry.message)"))
        }
        let fallback = endpoint.invalidParamError.code
        return ErrorBinding(
            code: fallback,
            provenance: .inferred(
                "The page names no code for a \(param) that names no \(resource); the endpoint's catch-all \(fallback) is assumed (decision \(notFoundDecision))"
            ))
    }

    /// The collections the spec set's creators name, curated creators first.
    struct Collections {
        struct Entry {
            var resource: String
            var creates: Behaviour.Creates
            var path: String
        }

        private var byKey: [String: Entry] = [:]

        init(_ endpoints: [EndpointSpec]) {
            let ordered = endpoints.filter { $0.effectiveTier == .curated } + endpoints.filter { $0.effectiveTier != .curated }
            for endpoint in ordered {
                for case .creates(let c) in endpoint.behaviours {
                    let template = PathTemplate(endpoint.path)
                    let entry = Entry(resource: c.resource, creates: c, path: endpoint.path)
                    let full = template.key(upTo: template.segments.count)
                    if byKey[full] == nil { byKey[full] = entry }
                    // An action path (`files/upload`): the collection is the path without the action.
                    if template.segments.count > 2, case .literal = template.segments[template.segments.count - 1],
                        case .literal(let parent) = template.segments[template.segments.count - 2], !isVersion(parent)
                    {
                        let trimmed = template.key(upTo: template.segments.count - 1)
                        let path = "/" + endpoint.path.split(separator: "/").dropLast().joined(separator: "/")
                        if byKey[trimmed] == nil { byKey[trimmed] = Entry(resource: c.resource, creates: c, path: path) }
                    }
                }
            }
        }

        func entry(_ key: String) -> Entry? { byKey[key] }
    }

    /// `v1`, `v4`: an API version, never a collection.
    static func isVersion(_ text: String) -> Bool {
        text.count >= 2 && text.first == "v" && text.dropFirst().allSatisfy(\.isNumber)
    }
}
