import ConformanceModel
import ConformanceRules
import ConformanceSpec
import HTTPWire
import Synchronization

/// Reads a tenant's lists outside any case: counting items before a quota is used up
/// (``QuotaGuard``) and finding names the tenant does not hold (``FreshNames``).
extension RunSession {
    /// The endpoint that lists `resource` and its `lists` behaviour, if any spec has one.
    func lister(of resource: String) -> (endpoint: EndpointSpec, lists: Behaviour.Lists)? {
        for endpoint in specs.endpoints {
            for case .lists(let l) in endpoint.behaviours where l.resource == resource { return (endpoint, l) }
        }
        return nil
    }

    /// One page of `endpoint` for `app` with `values` as query parameters, paced like every other
    /// request; answers the reply's `data` (or body, for flat replies), or throws with the reply's
    /// code when the page did not succeed.
    func listPage(_ endpoint: EndpointSpec, app: AppCredentials, values: [String: ValueRecipe]) async throws(SessionFailure) -> JSONValue? {
        let bearer = try await tenantToken(for: app)
        let step = RequestStep(endpointID: endpoint.id, values: values, expect: .success)
        let request: HTTPRequest
        do {
            request = try factory.makeRequest(
                step, endpoint: endpoint,
                context: RequestContext(
                    authorization: "\(specs.platform.tokens.scheme.value) \(bearer)"))
        } catch {
            throw .protocolFailure("cannot build a \(endpoint.signature) request: \(error.message)")
        }
        if pacingEnabled {
            await pacer.acquire(key: "\(endpoint.id)|\(app.appID)", interval: RatePacer.interval(for: endpoint.rateLimits.map(\.value)))
        }
        let response: HTTPResponse
        do { response = try await send(request) } catch { throw .transport(error) }
        let json = ResponseValidator.json(of: response)
        guard response.status == 200, specs.platform.code(of: json) == 0 else {
            let code = specs.platform.code(of: json).map(String.init) ?? "none"
            throw .protocolFailure("\(endpoint.signature) answered code \(code) (HTTP \(response.status))")
        }
        return specs.platform.payload(of: json, shape: endpoint.response.shape)
    }
}

/// Names too short to carry the run's prefix (`fc-<run id>-…`), for fields the platform keeps
/// unique per tenant (a `unique` behaviour), on a live tenant that keeps every object it ever had:
/// random candidates, each checked with the list endpoint's exact-match filter on that field,
/// until one the tenant does not hold turns up. A field without such a filter cannot be checked,
/// so its case is not exercised (``FreshNames/uncheckable(_:endpoint:)`` says why).
struct FreshNames {
    let session: RunSession

    /// Candidates tried before giving up.
    static let attempts = 8

    /// How to check `field` of `endpoint` against the tenant: nil when the field is not unique;
    /// `.some(nil)` when it is but no endpoint lists its resource with an exact filter on it.
    static func check(field: String, endpoint: EndpointSpec, session: RunSession)
        -> (lister: EndpointSpec, lists: Behaviour.Lists, filter: ListFilter)??
    {
        for case .unique(let u) in endpoint.behaviours where u.field == field {
            guard let (lister, lists) = session.lister(of: u.resource), let filter = lists.filters?.first(where: { $0.field == field }) else {
                return .some(nil)
            }
            return (lister, lists, filter)
        }
        return nil
    }

    /// The `.uniqueText` values of `step` too short for the run's prefix on unique fields.
    static func shortUniqueFields(_ step: RequestStep, endpoint: EndpointSpec, session: RunSession) -> [(field: String, length: Int, filler: String?)] {
        guard step.repeatCount <= 1 else { return [] }
        var found: [(String, Int, String?)] = []
        for (field, recipe) in step.values.sorted(by: { $0.key < $1.key }) {
            guard case .uniqueText(let length, let filler) = recipe, length > 0, !session.factory.names.carriesPrefix(length: length),
                check(field: field, endpoint: endpoint, session: session) != nil
            else { continue }
            found.append((field, length, filler))
        }
        return found
    }

    /// Why a step's short unique names cannot be checked against the tenant, or nil when they can.
    static func uncheckable(_ step: RequestStep, endpoint: EndpointSpec, session: RunSession) -> String? {
        for short in shortUniqueFields(step, endpoint: endpoint, session: session) {
            guard case .some(.some) = check(field: short.field, endpoint: endpoint, session: session) else {
                return "needs a \(short.field) of \(short.length) character(s), too short to carry the run's prefix \(session.factory.names.prefix)…, "
                    + "and no endpoint lists \(endpoint.id)'s resource by \(short.field) to find one the tenant does not hold"
            }
        }
        return nil
    }

    /// `step` with each short unique name replaced by one the tenant does not hold.
    func resolve(_ step: RequestStep, endpoint: EndpointSpec, app: AppCredentials) async throws(SessionFailure) -> RequestStep {
        var resolved = step
        for short in Self.shortUniqueFields(step, endpoint: endpoint, session: session) {
            guard case .some(.some(let check)) = Self.check(field: short.field, endpoint: endpoint, session: session) else { continue }
            let filter = check.filter
            var chosen: String?
            for _ in 0..<Self.attempts {
                let candidate = session.factory.names.random(length: short.length, filler: short.filler)
                guard session.claimName(candidate) else { continue }
                let data = try await session.listPage(check.lister, app: app, values: [filter.param: .text(candidate)])
                let items = data?.value(at: check.lists.itemsPath)?.arrayValue ?? []
                if !items.contains(where: { $0.value(at: filter.field)?.stringValue == candidate }) {
                    chosen = candidate
                    break
                }
            }
            guard let chosen else {
                throw .protocolFailure("no \(short.field) of \(short.length) character(s) the tenant does not hold after \(Self.attempts) tries")
            }
            resolved.values[short.field] = .text(chosen)
        }
        return resolved
    }
}
