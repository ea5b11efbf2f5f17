import ConformanceModel
import ConformanceRules
import ConformanceSpec

/// What a run would do, worked out without sending anything that writes: per endpoint the cases
/// that would run (and why the others would not), the objects they would create, the requests they
/// would send to each rate-limit bucket, and the least wall time the documented limits allow.
///
/// The same rules decide as in a run: skip reasons, the write budget, and set-up fixtures made once
/// and reused (``FixtureReuse``). Request counts are exact except for list walks, whose pages depend
/// on what the tenant already holds (counted as the pages the run's own items fill, plus one).
public struct RunPlan: Sendable, Hashable {
    /// One endpoint's cases.
    public struct Endpoint: Sendable, Hashable {
        /// The endpoint spec id.
        public var id: String
        /// `METHOD /path`.
        public var signature: String
        /// Cases in the catalog.
        public var cases: Int
        /// Cases that would run.
        public var runnable: Int
        /// Cases that would not run, grouped by reason, in first-seen order.
        public var skipped: [Skip]
        /// Objects the runnable cases would create, by resource (`badge_image` -> 3).
        public var objects: [String: Int]
        /// Least wall time of this endpoint's cases alone under the documented limits, in seconds.
        public var floorSeconds: Double

        /// Objects created, all resources together.
        public var objectsCreated: Int { objects.values.reduce(0, +) }

        /// Creates an endpoint's plan.
        public init(id: String, signature: String, cases: Int, runnable: Int, skipped: [Skip], objects: [String: Int], floorSeconds: Double) {
            self.id = id
            self.signature = signature
            self.cases = cases
            self.runnable = runnable
            self.skipped = skipped
            self.objects = objects
            self.floorSeconds = floorSeconds
        }
    }

    /// A reason and how many cases it keeps from running.
    public struct Skip: Sendable, Hashable {
        /// Why.
        public var reason: String
        /// How many cases.
        public var count: Int

        /// Creates a skip group.
        public init(reason: String, count: Int) {
            self.reason = reason
            self.count = count
        }
    }

    /// Requests to one endpoint from one app: one rate-limit bucket.
    public struct Bucket: Sendable, Hashable {
        /// The endpoint spec id.
        public var endpointID: String
        /// Which app (`primary`, `second`).
        public var app: String
        /// Requests the run would send.
        public var requests: Int
        /// Seconds between two requests under the endpoint's strictest documented limit (0: none).
        public var interval: Double

        /// Least time to send them: `(requests - 1) x interval`, the even spacing the runner paces by.
        public var floorSeconds: Double { Double(max(0, requests - 1)) * interval }

        /// Creates a bucket.
        public init(endpointID: String, app: String, requests: Int, interval: Double) {
            self.endpointID = endpointID
            self.app = app
            self.requests = requests
            self.interval = interval
        }
    }

    /// Endpoints in catalog order.
    public var endpoints: [Endpoint]
    /// Every rate-limit bucket the run would use.
    public var buckets: [Bucket]
    /// True for a live target: writes need `--allow-writes` and requests are paced.
    public var live: Bool

    /// Creates a plan.
    public init(endpoints: [Endpoint], buckets: [Bucket], live: Bool) {
        self.endpoints = endpoints
        self.buckets = buckets
        self.live = live
    }

    /// Objects created, all endpoints together.
    public var objectsCreated: Int { endpoints.reduce(0) { $0 + $1.objectsCreated } }

    /// Objects created by resource, all endpoints together.
    public var objectsByResource: [String: Int] {
        endpoints.reduce(into: [:]) { total, e in for (r, n) in e.objects { total[r, default: 0] += n } }
    }

    /// Seconds rate-limit probes add after the other cases: a quiet window before each.
    public var probeSeconds: Double = 0

    /// Least wall time of the whole run: endpoints run side by side, so the busiest bucket decides;
    /// rate-limit probes (`--probe-rate-limits`) follow, each after a quiet window.
    public var floorSeconds: Double { (buckets.map(\.floorSeconds).max() ?? 0) + probeSeconds }
}

extension Runner {
    /// Plans `cases` against `target` with `options`: checks that the run could start (the same
    /// preflight as ``run(cases:specs:target:options:progress:)``, which fetches a token but writes
    /// nothing) and answers what the run would do.
    public func plan(
        cases: [ConformanceCase], specs: SpecSet, target: RunTarget,
        options: RunOptions = RunOptions()
    ) async throws(RunError) -> RunPlan {
        let session = RunSession(specs: specs, target: target, options: options, progress: { _ in })
        try await session.preflight()
        return Self.plan(cases: cases, session: session)
    }

    /// The plan, given a session whose budget and fixture store it may use up.
    static func plan(cases: [ConformanceCase], session: RunSession) -> RunPlan {
        let specs = session.specs
        var endpoints: [RunPlan.Endpoint] = []
        var bucketOrder: [String] = []
        var buckets: [String: RunPlan.Bucket] = [:]
        var probeSeconds = 0.0
        for lane in lanes(cases) {
            guard let first = lane.first else { continue }
            let endpointID = cases[first].endpointID
            var entry = RunPlan.Endpoint(
                id: endpointID, signature: specs.endpoint(id: endpointID)?.signature ?? endpointID,
                cases: lane.count, runnable: 0, skipped: [], objects: [:], floorSeconds: 0)
            var laneRequests: [String: (Int, Double)] = [:]
            for index in lane {
                let execution = CaseExecution(session: session, testCase: cases[index])
                if let reason = execution.skipReason() {
                    if let k = entry.skipped.firstIndex(where: { $0.reason == reason }) {
                        entry.skipped[k].count += 1
                    } else {
                        entry.skipped.append(RunPlan.Skip(reason: reason, count: 1))
                    }
                    continue
                }
                entry.runnable += 1
                if execution.isLiveProbe {
                    probeSeconds += Double(specs.endpoint(id: endpointID)?.rateLimits.map(\.value.window.seconds).max() ?? 0)
                }
                let underTest = cases[index].steps.lastIndex { if case .request = $0 { true } else { false } }
                for (position, step) in cases[index].steps.enumerated() {
                    guard case .request(let request) = step, let endpoint = specs.endpoint(id: request.endpointID) else { continue }
                    let app = request.caller.app.description
                    if !session.target.isMock, let appID = session.liveAppID(request.caller.app),
                        let key = session.fixtures.key(for: request, appID: appID, isUnderTest: position == underTest)
                    {
                        if session.fixtures.fresh(key, now: session.options.clock.now) != nil { continue }
                        session.fixtures.markPlanned(key, now: session.options.clock.now)
                    }
                    // A probe's burst is not paced: it adds its quiet window (`probeSeconds`), not spacing.
                    let sent = execution.isLiveProbe ? 0 : requests(of: request)
                    let bucketKey = "\(request.endpointID)|\(app)"
                    let interval = RatePacer.interval(for: endpoint.rateLimits.map(\.value))
                    if buckets[bucketKey] == nil {
                        bucketOrder.append(bucketKey)
                        buckets[bucketKey] = RunPlan.Bucket(endpointID: request.endpointID, app: app, requests: 0, interval: interval)
                    }
                    buckets[bucketKey]?.requests += sent
                    laneRequests[bucketKey, default: (0, interval)].0 += sent
                    if let resource = endpoint.createsResource, endpoint.objectsCreated(by: request) > 0 {
                        entry.objects[resource, default: 0] += endpoint.objectsCreated(by: request)
                    }
                }
            }
            entry.floorSeconds = laneRequests.values.reduce(0) { $0 + Double($1.0) * $1.1 }
            endpoints.append(entry)
        }
        var plan = RunPlan(endpoints: endpoints, buckets: bucketOrder.compactMap { buckets[$0] }, live: !session.target.isMock)
        plan.probeSeconds = probeSeconds
        return plan
    }

    /// Requests one step sends: its repetitions, or for a list walk the pages its own items fill plus one.
    static func requests(of step: RequestStep) -> Int {
        switch step.expect {
        case .listWalk(let pageSize, let order): order.count / max(1, pageSize) + 1
        default: max(1, step.repeatCount)
        }
    }
}
