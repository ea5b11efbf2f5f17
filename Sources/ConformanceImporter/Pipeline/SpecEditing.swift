import ConformanceSpec

/// Removes an example or default from a spec at the JSON path lint reported it at
/// (`$.request[3].fields[0].example`, `$.response.fields[1].default.value`).
enum SpecEditing {
    enum Segment: Equatable {
        case key(String)
        case index(Int)
    }

    static func segments(_ path: String) -> [Segment] {
        var out: [Segment] = []
        var rest = Substring(path.hasPrefix("$") ? path.dropFirst() : Substring(path))
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                out.append(.key(String(rest[..<end])))
                rest = rest[end...]
            } else if rest.hasPrefix("[") {
                let end = rest.firstIndex(of: "]") ?? rest.endIndex
                out.append(.index(Int(rest.dropFirst()[..<end]) ?? -1))
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                break
            }
        }
        return out
    }

    /// Removes the example or default lint pointed at; returns what was removed (for the warning), or nil.
    static func removeValue(at path: String, in spec: inout EndpointSpec) -> String? {
        var segs = segments(path)
        guard segs.count >= 3 else { return nil }
        if case .key("request") = segs[0], case .index(let i) = segs[1], spec.request.indices.contains(i) {
            segs.removeFirst(2)
            return remove(segs[...], in: &spec.request[i])
        }
        if segs.count >= 4, case .key("response") = segs[0], case .key("fields") = segs[1], case .index(let i) = segs[2],
            spec.response.fields.indices.contains(i)
        {
            segs.removeFirst(3)
            return remove(segs[...], in: &spec.response.fields[i])
        }
        return nil
    }

    static func remove(_ segs: ArraySlice<Segment>, in field: inout FieldSpec) -> String? {
        guard let first = segs.first else { return nil }
        switch first {
        case .key("example"):
            guard let value = field.example else { return nil }
            field.example = nil
            return "示例值 \(value.jsonText.prefix(60)) of \(field.name)"
        case .key("default"):
            guard let value = field.default?.value else { return nil }
            field.default = nil
            return "默认值 \(value.jsonText.prefix(60)) of \(field.name)"
        case .key("fields"):
            let rest = segs.dropFirst()
            guard case .index(let j)? = rest.first, var members = field.fields, members.indices.contains(j) else { return nil }
            let removed = remove(rest.dropFirst(), in: &members[j])
            field.fields = members
            return removed
        default:
            return nil
        }
    }
}
