import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Media

/// Derives the conformance cases of every endpoint from the spec alone: a baseline success, both
/// sides of every limit, every enum value and one outside, missing fields, wrong types, file
/// formats, byte and pixel edges, every error code (exercised or reported as not exercisable),
/// the behaviours, auth and rate limits. A pure function of the spec set; no endpoint is known by name.
public struct CaseDeriver: Sendable {
    /// Creates a deriver.
    public init() {}

    /// The cases of every endpoint, keyed by endpoint id.
    public func cases(in specs: SpecSet) -> [String: [ConformanceCase]] {
        let index = SpecIndex(specs)
        var all: [String: [ConformanceCase]] = [:]
        for endpoint in specs.endpoints { all[endpoint.id] = cases(for: endpoint, in: specs, index: index) }
        return all
    }

    /// The cases of one endpoint, in a stable order with unique ids.
    public func cases(for endpoint: EndpointSpec, in specs: SpecSet) -> [ConformanceCase] {
        cases(for: endpoint, in: specs, index: SpecIndex(specs))
    }

    func cases(for endpoint: EndpointSpec, in specs: SpecSet, index: SpecIndex) -> [ConformanceCase] {
        var d = Derivation(endpoint: endpoint, specs: specs, index: index)
        d.derive()
        return d.cases
    }
}

/// Look-ups over a whole spec set, built once so derivation stays linear in the number of endpoints.
struct SpecIndex: Sendable {
    /// Resource -> the endpoints that create it, curated first, then by id.
    var creators: [String: [(EndpointSpec, Behaviour.Creates)]] = [:]
    /// Ids of endpoints that create something.
    var creating: Set<String> = []

    init(_ specs: SpecSet) {
        // Curated creators first: an imported spec never becomes another endpoint's set-up.
        let ordered = specs.endpoints.filter { $0.effectiveTier == .curated } + specs.endpoints.filter { $0.effectiveTier != .curated }
        for endpoint in ordered {
            for case .creates(let c) in endpoint.behaviours {
                creating.insert(endpoint.id)
                creators[c.resource, default: []].append((endpoint, c))
            }
        }
    }
}

/// Image formats the fixture forge knows, in the order refused formats are picked.
let knownImageFormats = ["png", "jpeg", "gif", "webp", "bmp", "tiff", "ico"]

/// File-name extension and media type of an image format.
func fileLabel(_ format: String) -> (ext: String, mediaType: String) {
    guard let known = ImageFormat(name: format) else { return (format, "image/\(format)") }
    return (known.fileExtension, known.mimeType)
}

/// The state of deriving one endpoint's cases.
struct Derivation {
    let endpoint: EndpointSpec
    let specs: SpecSet
    let index: SpecIndex
    var cases: [ConformanceCase] = []
    private var usedIDs: Set<String> = []

    init(endpoint: EndpointSpec, specs: SpecSet, index: SpecIndex) {
        self.endpoint = endpoint
        self.specs = specs
        self.index = index
    }

    // MARK: Driving

    mutating func derive() {
        baselineCase()
        for field in endpoint.request where field.location != .header {
            fieldCases(field, path: [field.name])
        }
        for field in endpoint.request where field.location == .header {
            headerCases(field)
        }
        behaviourCases()
        authCases()
        rateLimitCases()
        errorTableCases()
    }

    // MARK: Expectations

    func status(of code: Int) -> Int? {
        endpoint.error(code: code)?.httpStatus.value ?? specs.platform.error(code: code)?.httpStatus.value
    }

    /// The error a violated rule gets and the two provenances a refusal case is judged by: that of
    /// the code and HTTP status (inferred when the rule, the binding or the status is; the case's
    /// `provenance`), and that of the rule forbidding the value (`forbiddenBy`, else `rule`, when
    /// documented; else the code's; the case's `ruleProvenance`). A documented limit whose code we
    /// infer thus still fails a target that accepts a value past it.
    func errorExpectation(
        _ binding: ErrorBinding?, rule: Provenance?, forbiddenBy: Provenance? = nil,
        what: String
    ) -> (expect: Expectation, provenance: Provenance, ruleProvenance: Provenance, code: Int) {
        let chosen = binding ?? endpoint.invalidParamError
        let httpStatus = status(of: chosen.code)
        var provenance: Provenance
        if binding == nil {
            provenance = .inferred("No error code is given for \(what); the endpoint's catch-all \(chosen.code) is assumed.")
        } else if let rule, !rule.isDocumented {
            provenance = rule
        } else if !chosen.provenance.isDocumented {
            provenance = chosen.provenance
        } else {
            provenance = rule ?? chosen.provenance
        }
        if httpStatus == nil, provenance.isDocumented {
            provenance = .inferred("Code \(chosen.code) has no documented HTTP status; 400 is assumed.")
        }
        // A documented answer implies a documented refusal; an inferred rule, an inferred answer.
        let candidate = forbiddenBy ?? rule ?? provenance
        let forbidding = !provenance.isDocumented && candidate.isDocumented ? candidate : provenance
        return (.error(code: chosen.code, httpStatus: httpStatus ?? 400), provenance, forbidding, chosen.code)
    }

    func platformError(_ binding: ErrorBinding) -> (Expectation, Provenance) {
        if let s = specs.platform.error(code: binding.code)?.httpStatus.value {
            return (.error(code: binding.code, httpStatus: s), binding.provenance)
        }
        return (
            .error(code: binding.code, httpStatus: 400),
            .inferred("Platform code \(binding.code) has no documented HTTP status; 400 is assumed.")
        )
    }

    // MARK: Case assembly

    func expectText(_ e: Expectation) -> String {
        switch e {
        case .success, .listWalk, .listFiltered, .successMatching: "success"
        case .listPage(let count, let hasMore): "\(count) item(s), has_more \(hasMore)"
        case .error(let code, _): String(code)
        case .rateLimited(let code, _): "rate limited (\(code))"
        }
    }

    func request(
        _ values: [String: ValueRecipe], caller: Caller? = nil, expect: Expectation, repeatCount: Int = 1,
        captures: [String: String] = [:], contentType: String? = nil
    ) -> CaseStep {
        .request(
            RequestStep(
                caller: caller ?? defaultCaller, endpointID: endpoint.id, values: values, contentTypeOverride: contentType,
                repeatCount: repeatCount, expect: expect, captures: captures))
    }

    /// Who calls the endpoint under test: the primary app with a tenant token, or with a user
    /// token when the endpoint accepts user tokens only.
    var defaultCaller: Caller {
        let accepted = endpoint.auth.tokenTypes.value
        return !accepted.contains(.tenant) && accepted.contains(.user) ? Caller(credential: .userToken) : .primary
    }

    /// Why no case of this endpoint can be sent, or nil: two of its parameters share a name in
    /// different places (`type` in the query and in the body, drive permission members); a case
    /// keys its values by name, so it cannot send both.
    var sharedNameReason: String? {
        var seen: Set<String> = []
        for field in endpoint.request where field.location != .header && !seen.insert(field.name).inserted {
            return "The page names two parameters \(field.name) (in different places); a case keys its values by name, so it cannot send both."
        }
        return nil
    }

    /// Why a case of an imported spec cannot be exercised, or nil: the endpoint accepts an app
    /// access token only, which the runner does not obtain. (Imported specs' successful calls
    /// run against the mock only; the runner says so on a live target.)
    func importedReason(kind: CaseKind, steps: [CaseStep]) -> String? {
        guard endpoint.effectiveTier == .imported else { return nil }
        let accepted = endpoint.auth.tokenTypes.value
        if kind != .auth, !accepted.isEmpty, !accepted.contains(.tenant), !accepted.contains(.user) {
            return "Imported spec: the endpoint accepts app_access_token only, which the runner does not obtain."
        }
        return nil
    }

    /// Requirements implied by the steps, plus `extra`, in a stable order. (What a case writes is
    /// not declared: the runner and the plan count it from the steps, `EndpointSpec.objectsCreated(by:)`.)
    func requirements(_ steps: [CaseStep], extra: [Requirement]) -> [Requirement] {
        var found: [Requirement] = []
        func add(_ r: Requirement) { if !found.contains(r) { found.append(r) } }
        for r in Requirement.implied(by: steps) { add(r) }
        for r in extra { add(r) }
        return found
    }

    /// Appends a case; `ruleProvenance` (the rule forbidding or allowing the value sent) defaults to `provenance`.
    mutating func add(
        variant: String, what: String, kind: CaseKind, rule: String, provenance: Provenance, ruleProvenance: Provenance? = nil,
        covers: [CoverageKey], steps given: [CaseStep], extra: [Requirement] = [], notExercisable: String? = nil
    ) {
        // Each step calls with a token its endpoint accepts: a set-up create of an endpoint that
        // takes user tokens only is sent with the app's user token (an auth case's own request
        // keeps the wrong token it is about).
        let steps = given.map { step -> CaseStep in
            guard case .request(var r) = step, r.caller.credential == .tenantToken, !(kind == .auth && r.endpointID == endpoint.id),
                let target = specs.endpoint(id: r.endpointID)
            else { return step }
            let accepted = target.auth.tokenTypes.value
            if !accepted.contains(.tenant), accepted.contains(.user) { r.caller.credential = .userToken }
            return .request(r)
        }
        var notExercisable = notExercisable ?? importedReason(kind: kind, steps: steps) ?? sharedNameReason
        if notExercisable == nil {
            for case .request(let r) in steps {
                for case .image(let i) in r.values.values {
                    if let p = problem(i) {
                        notExercisable = "No fixture: the forge cannot make \(i) (\(p))."
                        break
                    }
                }
                if notExercisable != nil { break }
            }
        }
        var id = "\(endpoint.id)/\(rule)/\(variant)"
        if usedIDs.contains(id) {
            var n = 2
            while usedIDs.contains("\(id)-\(n)") { n += 1 }
            id = "\(id)-\(n)"
        }
        usedIDs.insert(id)
        var lastExpect = "success"
        for case .request(let r) in steps.reversed() where r.endpointID == endpoint.id {
            lastExpect = expectText(r.expect)
            break
        }
        if notExercisable != nil { lastExpect += " (not exercisable)" }
        var allCovers: [CoverageKey] = []
        for c in covers where !allCovers.contains(c) { allCovers.append(c) }
        for case .request(let r) in steps where r.endpointID == endpoint.id {
            if case .error(let code, _) = r.expect, !allCovers.contains(.errorCode(code)) { allCovers.append(.errorCode(code)) }
            if case .rateLimited(let code, _) = r.expect, !allCovers.contains(.errorCode(code)) { allCovers.append(.errorCode(code)) }
        }
        cases.append(
            ConformanceCase(
                id: id, endpointID: endpoint.id, title: "\(endpoint.signature): \(what) -> \(lastExpect)", kind: kind, rule: rule,
                provenance: provenance, ruleProvenance: ruleProvenance, requirements: requirements(steps, extra: extra), covers: allCovers, steps: steps,
                notExercisableReason: notExercisable))
    }

    // MARK: Baseline

    mutating func baselineCase() {
        let (setup, values) = baseline(of: endpoint)
        let provenance: Provenance =
            endpoint.request.allSatisfy { $0.required.provenance.isDocumented }
            ? .documented("Every required field with a valid value succeeds.")
            : .inferred("A request meeting every documented rule is expected to succeed.")
        add(
            variant: "baseline", what: "every required field valid", kind: .field, rule: "request", provenance: provenance,
            covers: endpoint.request.filter { $0.location != .header && $0.required.value }.map { .field($0.name) },
            steps: setup + [request(values, expect: .success)])
    }

}
