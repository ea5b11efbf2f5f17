import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Media

extension Derivation {
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
    /// Among several (the same resource name under two API families: `base/v2` and `bitable/v1`
    /// app roles), the creator whose path shares the most leading segments with `path` (this
    /// endpoint's by default), so an item is made under the collection the request names.
    func creator(of resource: String, near path: String? = nil) -> (EndpointSpec, Behaviour.Creates)? {
        for case .creates(let c) in endpoint.behaviours where c.resource == resource { return (endpoint, c) }
        guard let candidates = index.creators[resource], let best = nearest(candidates.map(\.0), to: path) else { return nil }
        return candidates.first { $0.0.id == best.id }
    }

    /// Steps that set up what a request to `target` needs, and the values of its required fields.
    /// `placeholderReferences` fills referenced keys and addressed items with a dummy instead of
    /// creating them (for cases refused before state is looked at: auth, capability).
    func baseline(
        of target: EndpointSpec, caller: Caller = .primary, tag: String = "", depth: Int = 0,
        placeholderReferences: Bool = false
    ) -> (setup: [CaseStep], values: [String: ValueRecipe]) {
        var made: [String: String] = [:]
        return baseline(of: target, caller: caller, tag: tag, depth: depth, placeholderReferences: placeholderReferences, made: &made)
    }

    /// The resource whose item each path parameter of `target` names (`item` and `nested` behaviours).
    func addressedResources(_ target: EndpointSpec) -> [String: String] {
        var out: [String: String] = [:]
        for behaviour in target.behaviours {
            switch behaviour {
            case .item(let a): out[a.keyParam] = a.resource
            case .nested(let n): out[n.param] = n.resource
            default: continue
            }
        }
        return out
    }

    /// `baseline(of:)`, reusing the items already made for this request (`made`: resource ->
    /// captured variable), so a badge grant and the badge its path names are one badge.
    func baseline(
        of target: EndpointSpec, caller: Caller, tag: String, depth: Int, placeholderReferences: Bool,
        made: inout [String: String]
    ) -> (setup: [CaseStep], values: [String: ValueRecipe]) {
        var setup: [CaseStep] = []
        var values: [String: ValueRecipe] = [:]
        let refs = target.behaviours.compactMap { if case .references(let r) = $0 { r } else { nil } }
        let addressed = addressedResources(target)
        for field in target.request where field.location != .header && field.required.value {
            if field.location == .path, let resource = addressed[field.name], !placeholderReferences, depth <= 3,
                let (creatorSpec, creates) = creator(of: resource, near: target.path), creatorSpec.id != target.id
            {
                if let variable = made[resource] {
                    values[field.name] = .captured(variable)
                    continue
                }
                let variable = "\(resource)\(tag)_key"
                var inner = made
                setup += creation(creatorSpec, creates, capturing: variable, caller: caller, tag: tag, depth: depth, made: &inner)
                made = inner
                made[resource] = variable
                values[field.name] = .captured(variable)
            } else if let ref = refs.first(where: { $0.field == field.name }) {
                if placeholderReferences || depth > 3 {
                    values[field.name] = .json(.string("conformance-placeholder-key"))
                    continue
                }
                let variable = "\(ref.resource)\(tag)_key"
                if let (creatorSpec, creates) = creator(of: ref.resource) {
                    // A referenced key is made afresh for each field that names one.
                    var fresh: [String: String] = [:]
                    setup += creation(creatorSpec, creates, capturing: variable, caller: caller, tag: tag, depth: depth, made: &fresh)
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

    /// The steps that make one item with `creatorSpec` (and first what its own request needs),
    /// capturing its key as `variable`.
    func creation(
        _ creatorSpec: EndpointSpec, _ creates: Behaviour.Creates, capturing variable: String, caller: Caller, tag: String, depth: Int,
        made: inout [String: String]
    ) -> [CaseStep] {
        let inner = baseline(of: creatorSpec, caller: caller, tag: tag, depth: depth + 1, placeholderReferences: false, made: &made)
        let step = RequestStep(caller: caller, endpointID: creatorSpec.id, values: inner.values, expect: .success, captures: [variable: creates.keyPath])
        return inner.setup + [.request(step)]
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
        case .array where field.fields?.isEmpty == false:
            return arrayOf(field, count: max(0, field.minLength?.value ?? 0))
        case .array:
            // As few items as the field accepts, each a plain valid value of the item type.
            let count = min(Self.maxArrayItems, max(0, field.minLength?.value ?? 0))
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

    /// Most items an array case sends (`fieldCases` reports larger counts as not exercised).
    static let maxArrayItems = 10_000

    /// An array of `count` valid items of `field` (objects built from its member fields), at most `maxArrayItems`.
    func arrayOf(_ field: FieldSpec, count requested: Int) -> ValueRecipe {
        let count = min(requested, Self.maxArrayItems)
        var item = FieldSpec(name: field.name, type: field.itemType ?? (field.fields == nil ? .string : .object), required: field.required)
        item.fields = field.fields
        // An array whose items are enumerated sends the listed values, in turn.
        if let listed = field.enum?.value.map(\.value), !listed.isEmpty {
            return .json(.array((0..<max(0, count)).map { listed[$0 % listed.count] }))
        }
        let one = validValue(item, of: endpoint).flatMap(Self.json(of:)) ?? .string("conformance")
        let items: [JSONValue] = (0..<max(0, count)).map { i in
            // Distinct strings, so a rule against repeated items is not what a case breaks.
            if case .string(let text) = one { return .string(count > 1 ? "\(text)-\(i + 1)" : text) }
            return one
        }
        return .json(.array(items))
    }

    /// The JSON a recipe sends when it needs no run-time input (nil for files and captures).
    static func json(of recipe: ValueRecipe) -> JSONValue? {
        switch recipe {
        case .json(let v): return v
        case .text(let t): return .string(t)
        case .uniqueText(let length, let filler): return .string(String(repeating: filler ?? "a", count: max(0, length)))
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (k, v) in members {
                guard let j = json(of: v) else { return nil }
                out[k] = j
            }
            return .object(out)
        case .captured, .image, .nearMiss: return nil
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
    func image(
        _ format: String, width: Int, height: Int, byteSize: Int? = nil, labelledAs label: String? = nil,
        rules: FileRules? = nil
    ) -> ImageRecipe {
        let (ext, mediaType) = fileLabel(label ?? format)
        var recipe = ImageRecipe(
            format: format, width: width, height: height, byteSize: byteSize,
            filename: "conformance.\(ext)", contentType: mediaType)
        if byteSize == nil, let min = rules?.minBytes?.value, min > 1,
            let natural = minimumBytes(format, width: width, height: height), natural < min
        {
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

    /// The recipe at `path` of `values`, if any.
    func recipe(at path: [String], in values: [String: ValueRecipe]) -> ValueRecipe? {
        guard let head = path.first, let value = values[head] else { return nil }
        if path.count == 1 { return value }
        guard case .object(let members) = value else { return nil }
        return recipe(at: Array(path.dropFirst()), in: members)
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
}
