import ConformanceSpec

extension EndpointSummary {
    /// Every coverage key a spec defines: request fields (`field <name>`), their limits
    /// (`limit <name>.maxLength`, `.minimum`, `.maxBytes`, `.minHeight`, …), its error codes and its
    /// behaviours (`behaviour unique.name`), in spec order.
    public static func coverage(of spec: EndpointSpec) -> [CoverageKey] {
        var keys: [CoverageKey] = []
        for field in spec.request {
            keys.append(.field(field.name))
            var limits: [String] = []
            if field.minLength != nil { limits.append("minLength") }
            if field.maxLength != nil { limits.append("maxLength") }
            if field.minimum != nil { limits.append("minimum") }
            if field.maximum != nil { limits.append("maximum") }
            if let file = field.file {
                if file.formats != nil { limits.append("formats") }
                if file.minBytes != nil { limits.append("minBytes") }
                if file.maxBytes != nil { limits.append("maxBytes") }
                for pixels in file.pixels ?? [] {
                    if pixels.minWidth != nil { limits.append("minWidth") }
                    if pixels.maxWidth != nil { limits.append("maxWidth") }
                    if pixels.minHeight != nil { limits.append("minHeight") }
                    if pixels.maxHeight != nil { limits.append("maxHeight") }
                    if pixels.minAspectRatio != nil { limits.append("minAspectRatio") }
                    if pixels.maxAspectRatio != nil { limits.append("maxAspectRatio") }
                }
            }
            for limit in limits {
                let key = CoverageKey.limit("\(field.name).\(limit)")
                if !keys.contains(key) { keys.append(key) }
            }
        }
        for error in spec.errors { keys.append(.errorCode(error.code)) }
        for behaviour in spec.behaviours {
            switch behaviour {
            case .creates(let b): keys.append(.behaviour("creates.\(b.resource)"))
            case .lists(let b): keys.append(.behaviour("lists.\(b.resource)"))
            case .unique(let b): keys.append(.behaviour("unique.\(b.field)"))
            case .quota(let b): keys.append(.behaviour("quota.\(b.resource)"))
            case .references(let b): keys.append(.behaviour("references.\(b.field)"))
            case .requiresCapability(let b): keys.append(.behaviour("requiresCapability.\(b.capability)"))
            case .item(let b): keys.append(.behaviour("item.\(b.resource).\(b.operation.rawValue)"))
            case .nested(let b): keys.append(.behaviour("nested.\(b.resource)"))
            }
        }
        return keys
    }

    /// Summaries of the endpoints `cases` touch, in spec order: the spec's coverage keys, then any
    /// key a case covers that the spec list lacks.
    public static func make(specs: SpecSet, cases: [ConformanceCase]) -> [EndpointSummary] {
        let used = Set(cases.map(\.endpointID))
        return specs.endpoints.filter { used.contains($0.id) }.map { spec in
            var keys = coverage(of: spec)
            for testCase in cases where testCase.endpointID == spec.id {
                for key in testCase.covers where !keys.contains(key) { keys.append(key) }
            }
            return EndpointSummary(
                id: spec.id, signature: spec.signature, summary: spec.summary, coverage: keys,
                tier: spec.effectiveTier.rawValue)
        }
    }
}
