import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Synchronization

/// Set-up objects shared between the cases of one live run, so a run creates each fixture once.
///
/// A set-up step (a request before the one under test) that creates a resource and captures its
/// key — the badge image every badge-create case needs — is sent once per app and recipe; later
/// cases take the captured reply as long as the key is fresh enough for every `references`
/// behaviour that may consume it (``reuseWindow(for:)``). Identical set-up steps of concurrent cases
/// wait for the first one instead of uploading twice.
///
/// Only live targets reuse: against a mock every case has fresh apps, so nothing could be shared.
final class FixtureReuse: Sendable {
    /// One set-up request as sent by one app: the step without its capture names (two cases
    /// capture the same key under different names).
    struct Key: Hashable, Sendable {
        var appID: String
        var step: RequestStep
    }

    /// A stored set-up reply: the JSON root captures read from, and when it was made.
    struct Entry: Sendable {
        var root: JSONValue
        var madeAt: Double
    }

    private let specs: SpecSet
    private let entries = Mutex<[Key: Entry]>([:])
    private let gate = KeyedGate<Key>()

    /// Fraction of the shortest `maxAgeSeconds` a fixture is reused for: the rest is the margin
    /// for the case that takes it to reach its own request.
    static let freshShare = 0.75

    init(specs: SpecSet) { self.specs = specs }

    /// The key of `step` when it is a reusable set-up step: not the step under test, expecting
    /// success once, capturing something, built from no earlier capture, on an endpoint that creates.
    func key(for step: RequestStep, appID: String, isUnderTest: Bool) -> Key? {
        guard !isUnderTest, step.expect == .success, step.repeatCount <= 1, !step.captures.isEmpty,
            step.rawBody == nil, !step.values.values.contains(where: \.dependsOnCapture),
            let endpoint = specs.endpoint(id: step.endpointID), endpoint.createsResource != nil
        else { return nil }
        var bare = step
        bare.captures = [:]
        return Key(appID: appID, step: bare)
    }

    /// How long (seconds) a key made by `endpointID` stays usable: `freshShare` of the shortest
    /// documented or inferred `maxAgeSeconds` of any `references` behaviour on its resource;
    /// unbounded when none names one.
    func reuseWindow(for endpointID: String) -> Double {
        guard let resource = specs.endpoint(id: endpointID)?.createsResource else { return 0 }
        var shortest: Int?
        for endpoint in specs.endpoints {
            for case .references(let r) in endpoint.behaviours where r.resource == resource {
                if let age = r.maxAgeSeconds?.value { shortest = min(shortest ?? age, age) }
            }
        }
        return shortest.map { Double($0) * Self.freshShare } ?? .infinity
    }

    /// A stored reply for `key` still inside its reuse window at `now`.
    func fresh(_ key: Key, now: Double) -> Entry? {
        guard let entry = entries.withLock({ $0[key] }), now - entry.madeAt < reuseWindow(for: key.step.endpointID) else { return nil }
        return entry
    }

    /// Records `key` as made at `now` without sending anything: how a plan counts reuse.
    func markPlanned(_ key: Key, now: Double) {
        entries.withLock { $0[key] = Entry(root: .null, madeAt: now) }
    }

    /// Runs `make` for `key` unless a fresh entry exists; concurrent callers for one key wait for
    /// the first. `make` answers the reply root to store, or nil when the set-up failed (nothing is
    /// stored, so the next case tries again).
    func reuse(
        _ key: Key, now: @Sendable () -> Double,
        make: () async throws -> JSONValue?
    ) async rethrows -> (entry: Entry, reused: Bool)? {
        await gate.lock(key)
        defer { Task { await gate.unlock(key) } }
        if let hit = fresh(key, now: now()) { return (hit, true) }
        guard let root = try await make() else { return nil }
        let entry = Entry(root: root, madeAt: now())
        entries.withLock { $0[key] = entry }
        return (entry, false)
    }
}

/// A lock per key for async code: `lock` suspends while another task holds the key, and `unlock`
/// hands the key to the next waiter in arrival order.
actor KeyedGate<Key: Hashable & Sendable> {
    private var held: Set<Key> = []
    private var waiters: [Key: [CheckedContinuation<Void, Never>]] = [:]

    func lock(_ key: Key) async {
        guard held.contains(key) else {
            held.insert(key)
            return
        }
        await withCheckedContinuation { waiters[key, default: []].append($0) }
    }

    func unlock(_ key: Key) {
        if var queue = waiters[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}

extension ValueRecipe {
    /// True when the value is (or contains) a capture of an earlier step.
    var dependsOnCapture: Bool {
        switch self {
        case .captured: true
        case .object(let members): members.values.contains { $0.dependsOnCapture }
        default: false
        }
    }
}

extension EndpointSpec {
    /// The resource the endpoint's `creates` behaviour makes, if any.
    public var createsResource: String? {
        for case .creates(let c) in behaviours { return c.resource }
        return nil
    }

    /// The objects `step` creates on a conforming tenant: on an endpoint that creates, one per
    /// repetition that must succeed (every one for a success step; all but the last, which must be
    /// refused or rate limited, otherwise); none elsewhere.
    public func objectsCreated(by step: RequestStep) -> Int {
        guard createsResource != nil else { return 0 }
        let count = max(1, step.repeatCount)
        return step.expect == .success ? count : count - 1
    }
}
