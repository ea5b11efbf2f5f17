import ConformanceModel
import ConformanceRules
import ConformanceSpec

/// Keeps a live run from using up a tenant's quota: before anything is created, counts the items
/// the tenant already holds of each resource the plan creates under a `quota` behaviour, and
/// refuses the run when existing plus planned items would pass ``RunOptions/quotaShare`` of the quota.
///
/// Items are counted by walking the endpoint that lists the resource (its `lists` behaviour) with
/// its largest page size, paced like every other request. A resource that no endpoint lists cannot
/// be counted: the run is refused rather than guessing.
struct QuotaGuard {
    let session: RunSession

    /// What the guard found for one resource.
    struct Count: Sendable, Hashable {
        var resource: String
        var existing: Int
        var planned: Int
        var limit: Int
    }

    /// Checks every quota the plan touches; throws ``RunError/quotaExceeded(_:)`` when one would be
    /// passed, or ``RunError/connection(_:)`` when the count could not be read.
    func check(_ plan: RunPlan) async throws(RunError) -> [Count] {
        let specs = session.specs
        var counts: [Count] = []
        let planned = plan.objectsByResource
        var quotas: [String: Int] = [:]
        for endpoint in specs.endpoints {
            for case .quota(let q) in endpoint.behaviours { quotas[q.resource] = min(quotas[q.resource] ?? q.limit, q.limit) }
        }
        for (resource, limit) in quotas.sorted(by: { $0.key < $1.key }) {
            guard let adding = planned[resource], adding > 0 else { continue }
            let existing = try await countItems(resource)
            let count = Count(resource: resource, existing: existing, planned: adding, limit: limit)
            counts.append(count)
            let allowed = Int((Double(limit) * session.options.quotaShare).rounded(.down))
            if existing + adding > allowed {
                throw .quotaExceeded(
                    "the tenant holds \(existing) \(resource) item(s) of its quota of \(limit); this run would create \(adding) more, "
                        + "past \(Int((session.options.quotaShare * 100).rounded()))% of the quota (\(allowed)). "
                        + "Created objects are named \(session.factory.names.prefix)…; remove old ones, lower --max-writes or pick "
                        + "--endpoint, or raise --quota-share")
            }
        }
        return counts
    }

    /// Counts the tenant's items of `resource` by walking its list endpoint with its largest page size.
    private func countItems(_ resource: String) async throws(RunError) -> Int {
        guard let (endpoint, lists) = session.lister(of: resource) else {
            throw .quotaExceeded("cannot count the tenant's \(resource) items before creating more: no endpoint lists them")
        }
        guard let primary = session.target.credentials.primary else { throw .missingCredentials }
        let app = AppCredentials(appID: primary.appID, appSecret: primary.appSecret, userAccessToken: nil)
        let pageSize = endpoint.request.first { $0.name == lists.pageSizeParam }?.maximum?.value
        var total = 0
        var token: String?
        for page in 1...10_000 {
            var values: [String: ValueRecipe] = [:]
            if let pageSize { values[lists.pageSizeParam] = .json(.int(pageSize)) }
            if let token { values[lists.pageTokenParam] = .text(token) }
            let data: JSONValue?
            do { data = try await session.listPage(endpoint, app: app, values: values) } catch {
                if case .transport(let e) = error { throw .connection(session.redactor.redact(e.description)) }
                throw .quotaExceeded("cannot count the tenant's \(resource) items (page \(page)): \(session.redactor.redact(error.message))")
            }
            total += data?.value(at: lists.itemsPath)?.arrayValue?.count ?? 0
            guard data?.value(at: lists.hasMorePath)?.boolValue == true,
                let next = data?.value(at: lists.pageTokenPath)?.stringValue, !next.isEmpty, next != token
            else { break }
            token = next
        }
        return total
    }
}
