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
    /// Resource -> the first endpoint (by id) that creates it.
    var creators: [String: (EndpointSpec, Behaviour.Creates)] = [:]
    /// Ids of endpoints that create something.
    var creating: Set<String> = []

    init(_ specs: SpecSet) {
        // Curated creators first: an imported spec never becomes another endpoint's set-up.
        let ordered = specs.endpoints.filter { $0.effectiveTier == .curated } + specs.endpoints.filter { $0.effectiveTier != .curated }
        for endpoint in ordered {
            for case .creates(let c) in endpoint.behaviours {
                creating.insert(endpoint.id)
                if creators[c.resource] == nil { creators[c.resource] = (endpoint, c) }
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

    // MARK: Values

    var uniqueFields: Set<String> {
        Set(endpoint.behaviours.compactMap { if case .unique(let u) = $0 { u.field } else { nil } })
    }

    var references: [Behaviour.References] {
        endpoint.behaviours.compactMap { if case .references(let r) = $0 { r } else { nil } }
    }

    var createsBehaviour: Behaviour.Creates? {
        endpoint.behaviours.lazy.compactMap { if case .creates(let c) = $0 { c } else { nil } }.first
    }

    /// The endpoint that creates `resource`, preferring this one.
    func creator(of resource: String) -> (EndpointSpec, Behaviour.Creates)? {
        for case .creates(let c) in endpoint.behaviours where c.resource == resource { return (endpoint, c) }
        return index.creators[resource]
    }

    /// Steps that set up what a request to `target` needs, and the values of its required fields.
    /// `placeholderReferences` fills referenced keys with a dummy instead of creating them (for
    /// cases refused before state is looked at: auth, capability).
    func baseline(of target: EndpointSpec, caller: Caller = .primary, tag: String = "", depth: Int = 0,
                  placeholderReferences: Bool = false) -> (setup: [CaseStep], values: [String: ValueRecipe]) {
        var setup: [CaseStep] = []
        var values: [String: ValueRecipe] = [:]
        let refs = target.behaviours.compactMap { if case .references(let r) = $0 { r } else { nil } }
        for field in target.request where field.location != .header && field.required.value {
            if let ref = refs.first(where: { $0.field == field.name }) {
                if placeholderReferences || depth > 3 {
                    values[field.name] = .json(.string("conformance-placeholder-key"))
                    continue
                }
                let variable = "\(ref.resource)\(tag)_key"
                if let (creatorSpec, creates) = creator(of: ref.resource) {
                    let inner = baseline(of: creatorSpec, caller: caller, tag: tag, depth: depth + 1)
                    setup += inner.setup
                    setup.append(.request(RequestStep(caller: caller, endpointID: creatorSpec.id, values: inner.values,
                                                      expect: .success, captures: [variable: creates.keyPath])))
                    values[field.name] = .captured(variable)
                } else {
                    values[field.name] = .json(field.example ?? .string("conformance-placeholder-key"))
                }
            } else if let value = validValue(field, of: target) {
                values[field.name] = value
            }
        }
        return (setup, values)
    }

    /// A valid value for a field of `target`.
    func validValue(_ field: FieldSpec, of target: EndpointSpec) -> ValueRecipe? {
        let unique = target.behaviours.contains { if case .unique(let u) = $0 { u.field == field.name } else { false } }
        switch field.type {
        case .file:
            guard let rules = field.file else { return .image(ImageRecipe(format: "png", width: 64, height: 64)) }
            for format in preferredFormats(rules) {
                if let img = validImage(rules, format: format) { return .image(img) }
            }
            return nil
        case .i18n, .object:
            let members = field.fields ?? []
            var object: [String: ValueRecipe] = [:]
            let chosen = members.filter { $0.required.value }
            for member in chosen.isEmpty ? Array(members.prefix(1)) : chosen {
                object[member.name] = validValue(member, of: target)
            }
            return .object(object)
        default:
            break
        }
        if unique, field.type == .string { return .uniqueText(length: preferredLength(field), filler: filler(field)) }
        if let first = field.enum?.value.first { return .json(field.type == .array ? .array([first.value]) : first.value) }
        if let example = field.example { return .json(example) }
        switch field.type {
        case .string:
            if field.minLength != nil || field.maxLength != nil { return .uniqueText(length: preferredLength(field), filler: filler(field)) }
            return .json(.string("conformance"))
        case .int:
            return .json(.int(field.minimum?.value ?? field.maximum.map { min($0.value, 1) } ?? 1))
        case .number: return .json(.double(Double(field.minimum?.value ?? 1)))
        case .bool: return .json(.bool(true))
        case .array:
            // As few items as the field accepts, each a plain valid value of the item type.
            let count = max(0, field.minLength?.value ?? 0)
            let item: JSONValue
            switch field.itemType {
            case .int?: item = .int(1)
            case .number?: item = .double(1)
            case .bool?: item = .bool(true)
            case .object?, .i18n?: item = .object([:])
            default: item = .string("conformance")
            }
            return .json(.array(Array(repeating: item, count: count)))
        case .file, .i18n, .object: return nil
        }
    }

    func preferredLength(_ field: FieldSpec) -> Int {
        let lower = field.minLength?.value ?? 1
        let upper = field.maxLength?.value ?? 16
        return max(lower, min(upper, 12))
    }

    /// Filler for length cases: one byte per character when lengths count bytes.
    func filler(_ field: FieldSpec) -> String? { field.effectiveLengthUnit == .bytes ? "a" : nil }

    /// Accepted formats, the forge's most common ones first (PNG, JPEG, ...).
    func preferredFormats(_ rules: FileRules) -> [String] {
        let accepted = rules.formats?.value ?? ["png"]
        return accepted.sorted { (knownImageFormats.firstIndex(of: $0) ?? 99, $0) < (knownImageFormats.firstIndex(of: $1) ?? 99, $1) }
    }

    /// Pixel limits that apply to `format`.
    func pixelLimits(_ rules: FileRules, format: String) -> [PixelLimits] { rules.pixelLimits(for: format) }

    /// True when a `width` x `height` image of `format` meets every pixel limit.
    func meetsLimits(_ rules: FileRules, format: String, width: Int, height: Int) -> Bool {
        rules.admits(format: format, width: width, height: height)
    }

    /// A width valid for `height` under the aspect and width limits, near `preferred`.
    func validWidth(_ rules: FileRules, format: String, height: Int, preferred: Int) -> Int {
        var w = preferred
        for l in pixelLimits(rules, format: format) {
            if let v = l.minWidth?.value { w = max(w, v) }
            if let v = l.maxWidth?.value { w = min(w, v) }
            if let v = l.minAspectRatio?.value, Double(w) / Double(height) < v { w = Int((Double(height) * v).rounded(.up)) }
            if let v = l.maxAspectRatio?.value, Double(w) / Double(height) > v { w = Int((Double(height) * v).rounded(.down)) }
        }
        return w
    }

    /// A valid image of `format`: the smallest size meeting every limit near 64 x 64, padded to the
    /// smallest accepted byte size; nil when the forge cannot make one (see `whyNoValidImage`).
    func validImage(_ rules: FileRules, format: String, byteSize: Int? = nil) -> ImageRecipe? {
        guard let (w, h) = validSize(rules, format: format) else { return nil }
        let img = image(format, width: w, height: h, byteSize: byteSize, rules: rules)
        return problem(img) == nil && withinBytes(img, rules) ? img : nil
    }

    /// The pixel size `validImage` uses for `format`, when the pixel limits allow one.
    func validSize(_ rules: FileRules, format: String) -> (width: Int, height: Int)? {
        var h = 64
        for l in pixelLimits(rules, format: format) {
            if let v = l.minHeight?.value { h = max(h, v) }
            if let v = l.maxHeight?.value { h = min(h, v) }
        }
        let w = validWidth(rules, format: format, height: h, preferred: h)
        return meetsLimits(rules, format: format, width: w, height: h) ? (w, h) : nil
    }

    /// Why no valid image of `format` exists (nil when `validImage` finds one): the forge's own
    /// refusal of the pixel size the limits require, or a file over the byte limit.
    func whyNoValidImage(_ rules: FileRules, format: String) -> String? {
        guard validImage(rules, format: format) == nil else { return nil }
        guard let (w, h) = validSize(rules, format: format) else {
            return "No \(format.uppercased()) image meets every pixel limit at once."
        }
        let img = image(format, width: w, height: h, rules: rules)
        if let p = problem(img) {
            var text = "No \(format.uppercased()) image can meet the pixel limits (\(w)x\(h) at the least): the format cannot store it (\(p))"
            if let side = largestSquare(format, upTo: max(w, h)) { text += "; the largest \(format.uppercased()) is \(side)x\(side)" }
            return text + "."
        }
        let bytes = img.byteSize ?? minimumBytes(img.format, width: img.width, height: img.height) ?? 0
        return "The smallest \(img) is \(bytes) bytes, over the \(rules.maxBytes?.value ?? 0)-byte limit."
    }

    /// The largest side `s <= limit` for which the forge makes an `s` x `s` image of `format` (binary search).
    func largestSquare(_ format: String, upTo limit: Int) -> Int? {
        guard limit >= 1, minimumBytes(format, width: 1, height: 1) != nil else { return nil }
        var (lo, hi) = (1, limit)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if minimumBytes(format, width: mid, height: mid) != nil { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// An image recipe; without `byteSize`, padded up to the field's smallest accepted size (or one
    /// byte more when the format cannot hit that size exactly) so a case breaks only the rule it is about.
    func image(_ format: String, width: Int, height: Int, byteSize: Int? = nil, labelledAs label: String? = nil,
               rules: FileRules? = nil) -> ImageRecipe {
        let (ext, mediaType) = fileLabel(label ?? format)
        var recipe = ImageRecipe(format: format, width: width, height: height, byteSize: byteSize,
                                 filename: "conformance.\(ext)", contentType: mediaType)
        if byteSize == nil, let min = rules?.minBytes?.value, min > 1,
           let natural = minimumBytes(format, width: width, height: height), natural < min {
            for size in [min, min + 1] {
                recipe.byteSize = size
                if problem(recipe) == nil { break }
            }
        }
        return recipe
    }

    /// The smallest file the forge makes for this image, or nil when it cannot make it.
    func minimumBytes(_ format: String, width: Int, height: Int) -> Int? {
        try? FixtureFeasibility.minimumByteSize(format: format, width: width, height: height).get()
    }

    /// Why the forge cannot make this image (pixel size or exact byte size), or nil.
    func problem(_ i: ImageRecipe) -> String? { FixtureFeasibility.problem(i)?.message }

    /// True when an image of this size stays within the field's byte limit (so only the rule under test is broken).
    func withinBytes(_ i: ImageRecipe, _ rules: FileRules) -> Bool {
        guard let max = rules.maxBytes?.value else { return true }
        guard let size = i.byteSize ?? minimumBytes(i.format, width: i.width, height: i.height) else { return false }
        return size <= max
    }

    /// `values` with the member at `path` set (or removed when `value` is nil).
    func setting(_ values: [String: ValueRecipe], path: [String], to value: ValueRecipe?) -> [String: ValueRecipe] {
        guard let head = path.first else { return values }
        var values = values
        if path.count == 1 {
            values[head] = value
            return values
        }
        var members: [String: ValueRecipe] = [:]
        if case .object(let m)? = values[head] { members = m }
        values[head] = .object(setting(members, path: Array(path.dropFirst()), to: value))
        return values
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
    func errorExpectation(_ binding: ErrorBinding?, rule: Provenance?, forbiddenBy: Provenance? = nil,
                          what: String) -> (expect: Expectation, provenance: Provenance, ruleProvenance: Provenance, code: Int) {
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
        return (.error(code: binding.code, httpStatus: 400),
                .inferred("Platform code \(binding.code) has no documented HTTP status; 400 is assumed."))
    }

    // MARK: Case assembly

    func expectText(_ e: Expectation) -> String {
        switch e {
        case .success, .listWalk, .listFiltered: "success"
        case .listPage(let count, let hasMore): "\(count) item(s), has_more \(hasMore)"
        case .error(let code, _): String(code)
        case .rateLimited(let code, _): "rate limited (\(code))"
        }
    }

    func request(_ values: [String: ValueRecipe], caller: Caller? = nil, expect: Expectation, repeatCount: Int = 1,
                 captures: [String: String] = [:], contentType: String? = nil) -> CaseStep {
        .request(RequestStep(caller: caller ?? defaultCaller, endpointID: endpoint.id, values: values, contentTypeOverride: contentType,
                             repeatCount: repeatCount, expect: expect, captures: captures))
    }

    /// Who calls the endpoint under test: the primary app with a tenant token, or with a user
    /// token when the endpoint accepts user tokens only.
    var defaultCaller: Caller {
        let accepted = endpoint.auth.tokenTypes.value
        return !accepted.contains(.tenant) && accepted.contains(.user) ? Caller(credential: .userToken) : .primary
    }

    /// Why a case of an imported spec cannot be exercised yet, or nil. The mock validates every
    /// request to an imported endpoint (auth, scopes, fields) but keeps no state for it, and the
    /// catalog cannot set up the objects its path parameters and ids name: so only the cases a
    /// request is refused in before any state is looked at (auth, field rules) run; the others
    /// wait for resource behaviours of imported endpoints (a separate issue).
    func importedReason(kind: CaseKind, steps: [CaseStep]) -> String? {
        guard endpoint.effectiveTier == .imported else { return nil }
        let accepted = endpoint.auth.tokenTypes.value
        if kind != .auth, !accepted.isEmpty, !accepted.contains(.tenant), !accepted.contains(.user) {
            return "Imported spec: the endpoint accepts app_access_token only, which the runner does not obtain."
        }
        switch kind {
        case .behaviour:
            return "Imported spec: the mock does not keep this endpoint's state yet, so its resource behaviour cannot be checked (resource behaviours of imported endpoints are a separate issue)."
        case .rateLimit:
            return "Imported spec: reaching the limit takes successful calls, which need objects the catalog cannot set up yet (path parameters and ids that must name existing objects)."
        default:
            break
        }
        for case .request(let r) in steps where r.endpointID == endpoint.id {
            switch r.expect {
            case .error, .rateLimited: continue
            case .success, .listPage, .listWalk, .listFiltered:
                return "Imported spec: a successful call needs objects the catalog cannot set up yet (path parameters and ids that must name existing objects), and the mock keeps no state for this endpoint yet; resource behaviours of imported endpoints are a separate issue."
            }
        }
        return nil
    }

    /// Objects the steps create on the target.
    func writes(_ steps: [CaseStep]) -> Int {
        var n = 0
        for case .request(let r) in steps where index.creating.contains(r.endpointID) {
            switch r.expect {
            case .success: n += r.repeatCount
            case .rateLimited: n += r.repeatCount - 1
            default: break
            }
        }
        return n
    }

    /// Requirements implied by the steps, plus `extra`, in a stable order.
    func requirements(_ steps: [CaseStep], extra: [Requirement]) -> [Requirement] {
        var found: [Requirement] = []
        func add(_ r: Requirement) { if !found.contains(r) { found.append(r) } }
        let n = writes(steps)
        if n > 0 { add(.writes(n)) }
        for r in Requirement.implied(by: steps) { add(r) }
        for r in extra { add(r) }
        return found
    }

    /// Appends a case; `ruleProvenance` (the rule forbidding or allowing the value sent) defaults to `provenance`.
    mutating func add(variant: String, what: String, kind: CaseKind, rule: String, provenance: Provenance, ruleProvenance: Provenance? = nil,
                      covers: [CoverageKey], steps: [CaseStep], extra: [Requirement] = [], notExercisable: String? = nil) {
        var notExercisable = notExercisable ?? importedReason(kind: kind, steps: steps)
        if notExercisable == nil {
            for case .request(let r) in steps {
                for case .image(let i) in r.values.values {
                    if let p = problem(i) { notExercisable = "No fixture: the forge cannot make \(i) (\(p))."; break }
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
        cases.append(ConformanceCase(
            id: id, endpointID: endpoint.id, title: "\(endpoint.signature): \(what) -> \(lastExpect)", kind: kind, rule: rule,
            provenance: provenance, ruleProvenance: ruleProvenance, requirements: requirements(steps, extra: extra), covers: allCovers, steps: steps,
            notExercisableReason: notExercisable))
    }

    // MARK: Baseline

    mutating func baselineCase() {
        let (setup, values) = baseline(of: endpoint)
        let provenance: Provenance = endpoint.request.allSatisfy { $0.required.provenance.isDocumented }
            ? .documented("Every required field with a valid value succeeds.")
            : .inferred("A request meeting every documented rule is expected to succeed.")
        add(variant: "baseline", what: "every required field valid", kind: .field, rule: "request", provenance: provenance,
            covers: endpoint.request.filter { $0.location != .header && $0.required.value }.map { .field($0.name) },
            steps: setup + [request(values, expect: .success)])
    }

    // MARK: Fields

    mutating func fieldCases(_ field: FieldSpec, path: [String]) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted)"
        let (setup, base) = baseline(of: endpoint)
        func with(_ value: ValueRecipe?) -> [String: ValueRecipe] { setting(base, path: path, to: value) }

        // Missing. A path parameter cannot be left out: the request would go to another path.
        let inPath = path.count == 1 && field.location == .path
        let routeChange = "An absent or empty path parameter changes the request's path (the :\(field.name) segment goes), so the request reaches "
            + "another route or none: the platform answers for that path, not for a bad \(field.name)."
        if field.required.value {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(field.required.error, rule: field.required.provenance, what: "a missing \(dotted)")
            add(variant: "missing", what: "\(dotted) missing", kind: .field, rule: "\(rule).required", provenance: provenance, ruleProvenance: ruleProvenance,
                covers: [.field(dotted)], steps: setup + [request(with(nil), expect: expect)], notExercisable: inPath ? routeChange : nil)
        }
        // Wrong type.
        if let wrong = wrongTypeValue(field) {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(field.typeError, rule: nil, forbiddenBy: field.required.provenance,
                                                                           what: "a \(dotted) of the wrong type")
            add(variant: "wrong-type", what: "\(dotted) of the wrong type (\(wrong.label))", kind: .field, rule: "\(rule).type",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted)], steps: setup + [request(with(wrong.value), expect: expect)])
        }
        // Enumeration.
        if let enumRule = field.enum {
            // An array's enum lists the values of its items: each case sends a one-item array.
            let sent: (JSONValue) -> JSONValue = { field.type == .array ? .array([$0]) : $0 }
            for (i, member) in enumRule.value.enumerated() {
                add(variant: "value-\(i)", what: "\(dotted) = \(sent(member.value).jsonText)", kind: .field, rule: "\(rule).enum",
                    provenance: enumRule.provenance, covers: [.field(dotted)], steps: setup + [request(with(.json(sent(member.value))), expect: .success)])
            }
            let outside = sent(outsideEnum(enumRule.value.map(\.value), type: field.type))
            let (expect, provenance, ruleProvenance, _) = errorExpectation(enumRule.error, rule: enumRule.provenance, what: "a \(dotted) outside its enumeration")
            add(variant: "outside", what: "\(dotted) = \(outside.jsonText) (not listed)", kind: .field, rule: "\(rule).enum",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted)], steps: setup + [request(with(.json(outside)), expect: expect)])
        }
        // Length. Keys that must name something real (page tokens, references) get no "valid length" success case.
        let opaque = path.count == 1 && (references.contains { $0.field == field.name } || endpoint.behaviours.contains {
            if case .lists(let l) = $0 { l.pageTokenParam == field.name } else { false }
        })
        let unit = field.effectiveLengthUnit == .bytes ? "bytes" : "characters"
        if let r = field.minLength {
            if r.value > 0 {
                if !opaque { add(variant: "at", what: "\(dotted) of \(r.value) \(unit)", kind: .limit, rule: "\(rule).minLength", provenance: r.provenance,
                    covers: [.field(dotted), .limit("\(dotted).minLength")],
                    steps: setup + [request(with(.uniqueText(length: r.value, filler: filler(field))), expect: .success)]) }
                let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) below minLength")
                add(variant: "below", what: "\(dotted) of \(r.value - 1) \(unit)", kind: .limit, rule: "\(rule).minLength",
                    provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).minLength")],
                    steps: setup + [request(with(.uniqueText(length: r.value - 1, filler: filler(field))), expect: expect)],
                    notExercisable: inPath && r.value == 1 ? routeChange : nil)
            }
        }
        if let r = field.maxLength {
            if !opaque { add(variant: "at", what: "\(dotted) of \(r.value) \(unit)", kind: .limit, rule: "\(rule).maxLength", provenance: r.provenance,
                covers: [.field(dotted), .limit("\(dotted).maxLength")],
                steps: setup + [request(with(.uniqueText(length: r.value, filler: filler(field))), expect: .success)]) }
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) above maxLength")
            add(variant: "above", what: "\(dotted) of \(r.value + 1) \(unit)", kind: .limit, rule: "\(rule).maxLength",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).maxLength")],
                steps: setup + [request(with(.uniqueText(length: r.value + 1, filler: filler(field))), expect: expect)])
        }
        // Range. A list's page size gets its "at" cases from `pageSizeCases`, against a known item count.
        let pageSized = path.count == 1 && listedPageSize(field) != nil
        for (name, r, past) in [("minimum", field.minimum, -1), ("maximum", field.maximum, 1)] {
            guard let r else { continue }
            let number: (Int) -> JSONValue = { field.type == .number ? .double(Double($0)) : .int($0) }
            if !pageSized { add(variant: "at", what: "\(dotted) = \(r.value)", kind: .limit, rule: "\(rule).\(name)", provenance: r.provenance,
                covers: [.field(dotted), .limit("\(dotted).\(name)")], steps: setup + [request(with(.json(number(r.value))), expect: .success)]) }
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past its \(name)")
            add(variant: past < 0 ? "below" : "above", what: "\(dotted) = \(r.value + past)", kind: .limit, rule: "\(rule).\(name)",
                provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).\(name)")],
                steps: setup + [request(with(.json(number(r.value + past))), expect: expect)])
        }
        // Files.
        if let rules = field.file { fileCases(field, rules: rules, path: path, setup: setup, base: base) }
        // Members of objects and i18n fields.
        for member in field.fields ?? [] where field.type == .object || field.type == .i18n {
            fieldCases(member, path: path + [member.name])
        }
    }

    func wrongTypeValue(_ field: FieldSpec) -> (value: ValueRecipe, label: String)? {
        let textual = endpoint.bodyEncoding != .json || field.location == .query || field.location == .path
        switch field.type {
        case .int, .number: return textual ? (.text("not-a-number"), "text") : (.json(.string("1")), "string")
        case .bool: return textual ? (.text("maybe"), "text") : (.json(.string("true")), "string")
        case .string: return textual ? nil : (.json(.int(12345)), "number")
        case .i18n, .object: return textual ? nil : (.json(.string("conformance")), "string")
        case .array: return textual ? nil : (.json(.object([:])), "object")
        case .file: return nil
        }
    }

    func outsideEnum(_ values: [JSONValue], type: FieldType) -> JSONValue {
        let ints = values.compactMap(\.intValue)
        if !ints.isEmpty, ints.count == values.count { return .int((ints.max() ?? 0) + 1) }
        var candidate = "not_a_listed_value"
        while values.contains(.string(candidate)) { candidate += "_" }
        return .string(candidate)
    }

    mutating func fileCases(_ field: FieldSpec, rules: FileRules, path: [String], setup: [CaseStep], base: [String: ValueRecipe]) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted).file"
        func with(_ value: ValueRecipe) -> [String: ValueRecipe] { setting(base, path: path, to: value) }
        let accepted = rules.formats?.value ?? []
        // Formats: each accepted one, a refused real image, a near miss labelled as accepted, plain text.
        if let formats = rules.formats {
            for format in formats.value {
                guard let img = validImage(rules, format: format) else {
                    impossibleFormatCases(field, rules: rules, format: format, path: path, setup: setup, base: base)
                    continue
                }
                add(variant: format, what: "\(dotted) as a valid \(img)", kind: .field, rule: "\(rule).formats", provenance: formats.provenance,
                    covers: [.field(dotted), .limit("\(dotted).formats")], steps: setup + [request(with(.image(img)), expect: .success)])
            }
            let (expect, provenance, ruleProvenance, _) = errorExpectation(formats.error, rule: formats.provenance, what: "a \(dotted) of a refused format")
            if let refused = knownImageFormats.first(where: { !accepted.contains($0) }) {
                let side = validImage(rules, format: preferredFormats(rules)[0]).map { ($0.width, $0.height) } ?? (64, 64)
                add(variant: "refused-\(refused)", what: "\(dotted) as a \(refused.uppercased()) (refused format)", kind: .field,
                    rule: "\(rule).formats", provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).formats")],
                    steps: setup + [request(with(.image(image(refused, width: side.0, height: side.1, rules: rules))), expect: expect)])
                if let label = preferredFormats(rules).first {
                    add(variant: "near-miss-\(refused)", what: "\(dotted) as a \(refused.uppercased()) named and typed as \(label.uppercased())",
                        kind: .field, rule: "\(rule).formats", provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).formats")],
                        steps: setup + [request(with(.image(image(refused, width: side.0, height: side.1, labelledAs: label, rules: rules))), expect: expect)])
                }
            }
            add(variant: "plain-text", what: "\(dotted) as plain text", kind: .field, rule: "\(rule).formats", provenance: provenance, ruleProvenance: ruleProvenance,
                covers: [.field(dotted), .limit("\(dotted).formats")],
                steps: setup + [request(with(.nearMiss("plainText", filename: "conformance.txt", contentType: "text/plain")), expect: expect)])
        }
        let formatsToCheck = preferredFormats(rules)
        // Bytes, per accepted format.
        for format in formatsToCheck {
            let tag = formatsToCheck.count > 1 ? "\(format) " : ""
            // A format with no valid image at all is reported once, by its format case.
            if let r = rules.maxBytes, var img = validImage(rules, format: format) {
                img.byteSize = r.value
                add(variant: "\(format)-at", what: "\(dotted) \(tag)of \(r.value) bytes", kind: .limit, rule: "\(rule).maxBytes",
                    provenance: r.provenance, covers: [.field(dotted), .limit("\(dotted).maxBytes")],
                    steps: setup + [request(with(.image(img)), expect: .success)])
                var over = img
                over.byteSize = r.value + 1
                let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "a \(dotted) over maxBytes")
                // A format that cannot be exactly one byte over leaves the boundary to the formats that can.
                let others = formatsToCheck.filter { $0 != format && validImage(rules, format: $0).map { var o = $0; o.byteSize = r.value + 1; return problem(o) == nil } == true }
                add(variant: "\(format)-above", what: "\(dotted) \(tag)of \(r.value + 1) bytes", kind: .limit, rule: "\(rule).maxBytes",
                    provenance: provenance, ruleProvenance: ruleProvenance, covers: [.field(dotted), .limit("\(dotted).maxBytes")],
                    steps: setup + [request(with(.image(over)), expect: expect)],
                    notExercisable: problem(over).map { "No \(format.uppercased()) file has exactly \(r.value + 1) bytes (\($0)); "
                        + (others.isEmpty ? "no accepted format can be one byte over the limit." : "the boundary is exercised with \(others.map { $0.uppercased() }.joined(separator: ", ")).") })
            }
        }
        if let r = rules.minBytes, r.value > 0 {
            let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "a \(dotted) under minBytes")
            // The first accepted format that makes a valid image of exactly minBytes - 1 bytes.
            var under: ValueRecipe?
            var tried: [String] = []
            if r.value == 1 {
                under = .nearMiss("empty", filename: "conformance.\(fileLabel(formatsToCheck[0]).ext)", contentType: fileLabel(formatsToCheck[0]).mediaType)
            } else {
                for format in formatsToCheck {
                    if let img = validImage(rules, format: format, byteSize: r.value - 1) { under = .image(img); break }
                    if let (w, h) = validSize(rules, format: format) {
                        tried.append("\(format.uppercased()) \(w)x\(h): \(minimumBytes(format, width: w, height: h).map { "at least \($0) bytes" } ?? "cannot be made")")
                    }
                }
            }
            let fallback = formatsToCheck[0]
            let sizes = validSize(rules, format: fallback) ?? (1, 1)
            add(variant: "below", what: "\(dotted) of \(r.value - 1) bytes", kind: .limit, rule: "\(rule).minBytes", provenance: provenance, ruleProvenance: ruleProvenance,
                covers: [.field(dotted), .limit("\(dotted).minBytes")],
                steps: setup + [request(with(under ?? .image(image(fallback, width: sizes.0, height: sizes.1, byteSize: r.value - 1))), expect: expect)],
                notExercisable: under == nil
                    ? "No accepted format makes an image within the pixel limits of only \(r.value - 1) bytes (\(tried.joined(separator: "; ")))." : nil)
        }
        // Pixels: every bound of every limit set, at and past, per format it applies to.
        for (index, limits) in (rules.pixels ?? []).enumerated() {
            let formats = limits.formats ?? formatsToCheck
            for format in formats {
                guard let valid = validImage(rules, format: format) else { continue }
                let tag = formats.count > 1 ? "\(format.uppercased()) " : ""
                let prefix = "\(rule).pixels[\(index)]"
                let coverPrefix = "\(dotted).pixels[\(index)]"
                typealias Bound = (name: String, rule: Rule<Int>?, sign: Int, isHeight: Bool)
                let bounds: [Bound] = [("minWidth", limits.minWidth, -1, false), ("maxWidth", limits.maxWidth, 1, false),
                                       ("minHeight", limits.minHeight, -1, true), ("maxHeight", limits.maxHeight, 1, true)]
                for b in bounds {
                    guard let r = b.rule else { continue }
                    // The other side stays at its valid size (widened only as far as aspect limits demand).
                    func sized(_ v: Int) -> ImageRecipe {
                        b.isHeight
                            ? image(format, width: validWidth(rules, format: format, height: v, preferred: valid.width), height: v, rules: rules)
                            : image(format, width: v, height: valid.height, rules: rules)
                    }
                    func overBytes(_ i: ImageRecipe) -> String? {
                        withinBytes(i, rules) || problem(i) != nil ? nil
                            : "The smallest \(i) is \(minimumBytes(i.format, width: i.width, height: i.height) ?? 0) bytes, over the "
                              + "\(rules.maxBytes?.value ?? 0)-byte limit, so it would break the byte limit as well."
                    }
                    let at = sized(r.value)
                    let cover: [CoverageKey] = [.field(dotted), .limit("\(coverPrefix).\(b.name)")]
                    if meetsLimits(rules, format: format, width: at.width, height: at.height) {
                        add(variant: "\(format)-at", what: "\(dotted) \(tag)\(at.width)x\(at.height) (\(b.name) \(r.value))", kind: .limit,
                            rule: "\(prefix).\(b.name)", provenance: r.provenance, covers: cover, steps: setup + [request(with(.image(at)), expect: .success)],
                            notExercisable: overBytes(at))
                    }
                    let pastValue = r.value + b.sign
                    guard pastValue > 0 else { continue }
                    let past = sized(pastValue)
                    let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past \(b.name)")
                    add(variant: "\(format)-past", what: "\(dotted) \(tag)\(past.width)x\(past.height) (\(b.name) \(r.value))", kind: .limit,
                        rule: "\(prefix).\(b.name)", provenance: provenance, ruleProvenance: ruleProvenance, covers: cover, steps: setup + [request(with(.image(past)), expect: expect)],
                        notExercisable: overBytes(past))
                }
                let ratios: [(name: String, rule: Rule<Double>?, isMin: Bool)] = [("minAspectRatio", limits.minAspectRatio, true),
                                                                                  ("maxAspectRatio", limits.maxAspectRatio, false)]
                for a in ratios {
                    guard let r = a.rule else { continue }
                    let h = valid.height
                    let atWidth = Int((Double(h) * r.value).rounded(a.isMin ? .up : .down))
                    let pastWidth = a.isMin ? atWidth - 1 : atWidth + 1
                    let cover: [CoverageKey] = [.field(dotted), .limit("\(coverPrefix).\(a.name)")]
                    if meetsLimits(rules, format: format, width: atWidth, height: h) {
                        add(variant: "\(format)-at", what: "\(dotted) \(tag)\(atWidth)x\(h) (\(a.name) \(r.value))", kind: .limit,
                            rule: "\(prefix).\(a.name)", provenance: r.provenance, covers: cover,
                            steps: setup + [request(with(.image(image(format, width: atWidth, height: h, rules: rules))), expect: .success)])
                    }
                    guard pastWidth > 0 else { continue }
                    let (expect, provenance, ruleProvenance, _) = errorExpectation(r.error, rule: r.provenance, what: "\(dotted) past \(a.name)")
                    add(variant: "\(format)-past", what: "\(dotted) \(tag)\(pastWidth)x\(h) (\(a.name) \(r.value))", kind: .limit,
                        rule: "\(prefix).\(a.name)", provenance: provenance, ruleProvenance: ruleProvenance, covers: cover,
                        steps: setup + [request(with(.image(image(format, width: pastWidth, height: h, rules: rules))), expect: expect)])
                }
            }
        }
    }

    /// An accepted format of which no valid image exists (e.g. a pixel minimum above what the
    /// format can store): its success case is reported not exercised with the reason, and the
    /// largest image the forge makes of it is sent, expecting the pixel refusal it must get.
    mutating func impossibleFormatCases(_ field: FieldSpec, rules: FileRules, format: String, path: [String],
                                        setup: [CaseStep], base: [String: ValueRecipe]) {
        let dotted = path.joined(separator: ".")
        let rule = "request.\(dotted).file"
        func with(_ value: ValueRecipe) -> [String: ValueRecipe] { setting(base, path: path, to: value) }
        let why = whyNoValidImage(rules, format: format) ?? "No valid \(format.uppercased()) image exists."
        let wanted = validSize(rules, format: format) ?? (64, 64)
        let formats = rules.formats
        add(variant: format, what: "\(dotted) as a valid \(format.uppercased())", kind: .field, rule: "\(rule).formats",
            provenance: formats?.provenance ?? .inferred("Every accepted format has a valid image."),
            covers: [.field(dotted), .limit("\(dotted).formats")],
            steps: setup + [request(with(.image(image(format, width: wanted.0, height: wanted.1, rules: rules))), expect: .success)],
            notExercisable: why + " Its byte-size and pixel-bound cases are not derived either.")
        // The largest square the forge makes, and the pixel bounds it breaks.
        guard let side = largestSquare(format, upTo: max(wanted.0, wanted.1)) else { return }
        let img = image(format, width: side, height: side, rules: rules)
        guard problem(img) == nil, withinBytes(img, rules) else { return }
        var broken: [(name: String, index: Int, rule: Rule<Int>)] = []
        for (index, limits) in (rules.pixels ?? []).enumerated() where limits.formats == nil || limits.formats?.contains(format) == true {
            for (name, r) in [("minWidth", limits.minWidth), ("minHeight", limits.minHeight)] {
                if let r, side < r.value { broken.append((name, index, r)) }
            }
            for (name, r) in [("maxWidth", limits.maxWidth), ("maxHeight", limits.maxHeight)] {
                if let r, side > r.value { broken.append((name, index, r)) }
            }
        }
        guard let first = broken.first else { return }
        // The doc accepts the format and sets pixel limits no image of it meets: that it is refused
        // (and with which code) is our reading of a contradiction, never a documented rule.
        let contradiction = Provenance.inferred("The doc accepts \(format.uppercased()) files yet sets pixel limits no \(format.uppercased()) "
            + "image can meet; that it is refused for its pixels is our reading of the contradiction.")
        let (expect, ruled, _, code) = errorExpectation(first.rule.error, rule: first.rule.provenance, what: "\(dotted) past \(first.name)")
        let provenance = ruled.isDocumented ? contradiction : ruled
        let agree = broken.allSatisfy { errorExpectation($0.rule.error, rule: $0.rule.provenance, what: "").code == code }
        add(variant: "\(format)-largest", what: "\(dotted) \(img), the largest \(format.uppercased()) (\(broken.map { "\($0.name) \($0.rule.value)" }.joined(separator: ", ")))",
            kind: .limit, rule: "\(rule).pixels[\(first.index)].\(first.name)", provenance: provenance, ruleProvenance: contradiction,
            covers: [.field(dotted)] + broken.map { .limit("\(dotted).pixels[\($0.index)].\($0.name)") },
            steps: setup + [request(with(.image(img)), expect: expect)],
            notExercisable: agree ? nil : "It breaks \(broken.map(\.name).joined(separator: " and ")), whose codes differ, and no order between them is given.")
    }

    // MARK: Headers

    mutating func headerCases(_ field: FieldSpec) {
        guard let fixed = field.fixedValue else { return }
        let (setup, base) = baseline(of: endpoint)
        let (expect, provenance, ruleProvenance, _) = errorExpectation(fixed.error, rule: fixed.provenance, what: "a \(field.name) other than \(fixed.value)")
        add(variant: "other", what: "\(field.name): text/plain", kind: .field, rule: "request.\(field.name).fixedValue", provenance: provenance, ruleProvenance: ruleProvenance,
            covers: [.field(field.name)], steps: setup + [request(base, expect: expect, contentType: "text/plain")])
    }

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

    // MARK: Auth

    mutating func authCases() {
        let roles = specs.platform.roles
        let tokens = specs.platform.tokens
        let (_, base) = baseline(of: endpoint, placeholderReferences: true)
        let accepted = endpoint.auth.tokenTypes.value
        let tenantPrefix = tokens.tenantPrefix.value
        let scheme = tokens.scheme.value
        // What makes each request refusable: the Authorization header's row, its value format, the
        // accepted token types, the token lifetime.
        let header = endpoint.request.first { $0.location == .header && $0.name.caseInsensitiveCompare("Authorization") == .orderedSame }
        let types = endpoint.auth.tokenTypes.provenance
        var rows: [(variant: String, what: String, caller: Caller, binding: ErrorBinding, rule: Provenance)] = [
            ("missing", "no Authorization header", Caller(credential: .none), roles.missingToken, header?.required.provenance ?? types),
            ("malformed", "Authorization without the \(scheme) scheme", Caller(credential: .raw("\(tenantPrefix)conformance-token")),
             roles.malformedAuthorization, header?.valueFormat?.provenance ?? types),
            ("bad-prefix", "token with an unknown prefix", Caller(credential: .raw("\(scheme) x-conformance-token")), roles.badTokenPrefix, types),
        ]
        if accepted.contains(.tenant) {
            rows.append(("unknown-tenant-token", "unknown tenant token",
                         Caller(credential: .raw("\(scheme) \(tenantPrefix)conformance0unknown0token")), roles.invalidTenantToken, types))
            rows.append(("expired-tenant-token", "expired tenant token", Caller(credential: .expiredTenantToken), roles.invalidTenantToken,
                         tokens.tenantTokenLifetimeSeconds.provenance))
        }
        if !accepted.contains(.user) {
            rows.append(("user-token", "user token where only \(accepted.map(\.rawValue).joined(separator: "/")) tokens are accepted",
                         Caller(credential: .userToken), roles.wrongTokenType, types))
        }
        if !accepted.contains(.tenant) {
            rows.append(("tenant-token", "tenant token where only \(accepted.map(\.rawValue).joined(separator: "/")) tokens are accepted",
                         Caller(credential: .tenantToken), roles.wrongTokenType, types))
        }
        for row in rows {
            let (expect, provenance) = platformError(row.binding)
            // An inferred code for a refusal the docs require leaves the refusal itself documented.
            let rule = provenance.isDocumented || !row.rule.isDocumented ? provenance : row.rule
            add(variant: row.variant, what: row.what, kind: .auth, rule: "auth.\(row.variant)", provenance: provenance, ruleProvenance: rule,
                covers: [.field("Authorization")], steps: [request(base, caller: row.caller, expect: expect)])
        }
    }

    // MARK: Rate limits

    mutating func rateLimitCases() {
        let platform = specs.platform
        let quota = endpoint.behaviours.lazy.compactMap { if case .quota(let q) = $0 { q } else { nil } }.first
        for (i, r) in endpoint.rateLimits.enumerated() {
            let (setup, base) = baseline(of: endpoint)
            var provenance = r.provenance
            if !platform.roles.rateLimited.provenance.isDocumented { provenance = platform.roles.rateLimited.provenance }
            var reason: String?
            if let quota, createsBehaviour?.resource == quota.resource, quota.limit < r.value.count {
                reason = "The quota of \(quota.limit) \(quota.resource) items is reached before \(r.value.count) requests per \(r.value.window.rawValue)."
            }
            let code = platform.roles.rateLimited.code
            let status = platform.rateLimiting.httpStatus.value
            // A tighter limit on a shorter window would answer first: send in bursts under it,
            // moving the clock one short window between bursts, all inside this window.
            var burst = r.value.count
            var pause = 0
            for other in endpoint.rateLimits where other.value.window.seconds < r.value.window.seconds && other.value.count < burst {
                burst = other.value.count
                pause = other.value.window.seconds
            }
            var steps = setup + [CaseStep.freezeClock]
            if pause == 0 {
                steps.append(request(base, expect: .rateLimited(code: code, httpStatus: status), repeatCount: r.value.count + 1))
            } else {
                // With sliding windows (platform decision), bursts one short window apart all stay
                // inside this window: the last burst is at (bursts - 1) short windows, under the long one.
                var sent = 0
                while sent < r.value.count {
                    let chunk = min(burst, r.value.count - sent)
                    steps.append(request(base, expect: .success, repeatCount: chunk))
                    steps.append(.advanceClock(seconds: pause))
                    sent += chunk
                }
                steps.append(request(base, expect: .rateLimited(code: code, httpStatus: status)))
                let bursts = (r.value.count + burst - 1) / burst
                if reason == nil, bursts * pause >= r.value.window.seconds {
                    reason = "Reaching \(r.value.count) per \(r.value.window.rawValue) under the tighter \(burst) per \(pause) s limit takes "
                        + "\(bursts) bursts \(pause) s apart, longer than the \(r.value.window.seconds) s window itself."
                }
                if provenance.isDocumented {
                    provenance = .inferred("\(r.value.count) per \(r.value.window.rawValue) is documented; reaching it in bursts of \(burst) "
                        + "\(pause) s apart relies on sliding windows (platform decision platform-rate-limit-window).")
                }
            }
            add(variant: "\(r.value.count)-per-\(r.value.window.rawValue)",
                what: pause == 0 ? "\(r.value.count + 1) requests in one \(r.value.window.rawValue) (limit \(r.value.count))"
                    : "\(r.value.count) requests in bursts of \(burst) \(pause) s apart, then one more, within one \(r.value.window.rawValue) (limit \(r.value.count))",
                kind: .rateLimit,
                rule: "rateLimits.\(i)", provenance: provenance, covers: [.limit("rateLimit.\(r.value.count)/\(r.value.window.rawValue)")],
                steps: steps, extra: [.freshTenant], notExercisable: reason)
        }
    }

    // MARK: Error table

    mutating func errorTableCases() {
        let exercised = Set(cases.filter { $0.notExercisableReason == nil }.flatMap(\.covers))
        for entry in endpoint.errors where !exercised.contains(.errorCode(entry.code)) {
            let reason = entry.triggerable
                ? "No case can be derived from the spec for this code (trigger: \(entry.trigger ?? "not described"))."
                : (entry.whyNotTriggerable ?? "It cannot be provoked from outside.")
            add(variant: "not-exercisable", what: "\(entry.code) \(entry.message)", kind: .errorCode, rule: "errors.\(entry.code)",
                provenance: entry.provenance, covers: [.errorCode(entry.code)],
                steps: [request(baseline(of: endpoint, placeholderReferences: true).values,
                                expect: .error(code: entry.code, httpStatus: entry.httpStatus.value))],
                notExercisable: reason)
        }
    }
}
