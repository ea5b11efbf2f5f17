import ConformanceSpec

/// Compares two spec sets and classifies every difference (see ``ChangeClass``).
///
/// Endpoints are paired by id; an endpoint whose id is gone is paired with a new one of the same
/// method and path (a renamed spec), and two single files are compared with each other whatever
/// their ids. After the typed comparison, a generic walk over each pair of files reports any
/// difference no change accounts for as `unclassified.changed`, so a member this tool does not
/// know yet is never silently ignored.
public struct SpecDiffer: Sendable {
    /// A differ.
    public init() {}

    /// Every change from `old` to `new`. When one side is a single file, the other side counts
    /// only for the same endpoint (or platform file): `diff Specs new/x.json` compares x alone.
    public func diff(old fullOld: SpecSnapshot, new fullNew: SpecSnapshot) -> SpecDiff {
        let (old, new) = Self.focused(fullOld, fullNew)
        var changes: [SpecChange] = []
        // Platform facts and the token endpoint.
        switch (old.platform, new.platform, old.platformJSON, new.platformJSON) {
        case (_?, let newPlatform?, let a?, let b?):
            let file = new.platformFile ?? SpecSet.platformFileName
            var comparison = Comparison(endpoint: "platform", file: file)
            var platformA = a.objectValue ?? [:]
            var platformB = b.objectValue ?? [:]
            let tokenA = platformA.removeValue(forKey: "tokenEndpoint")
            let tokenB = platformB.removeValue(forKey: "tokenEndpoint")
            comparison.platform(.object(platformA), .object(platformB))
            var token = Comparison(endpoint: newPlatform.tokenEndpoint.id, file: file)
            if let tokenA, let tokenB { token.endpoint(tokenA, tokenB, SpecPath.root.member("tokenEndpoint")) }
            changes += Self.withUnclassified(comparison.changes + token.changes, old: a, new: b, endpoint: "platform", file: file)
        case (nil, _?, _, _):
            changes.append(
                SpecChange(
                    changeClass: .platformFactAdded, endpoint: "platform", file: new.platformFile ?? SpecSet.platformFileName,
                    path: "$", subject: "platform", old: nil, new: new.platformFile,
                    message: "the new specs have a platform file and the old ones none"))
        case (_?, nil, _, _):
            changes.append(
                SpecChange(
                    changeClass: .platformFactChanged, endpoint: "platform", file: old.platformFile ?? SpecSet.platformFileName,
                    path: "$", subject: "platform", old: old.platformFile, new: nil,
                    message: "the new specs have no platform file"))
        default:
            break
        }
        // Endpoints.
        for pair in Self.pairEndpoints(old, new) {
            switch pair {
            case .both(let a, let b):
                var comparison = Comparison(endpoint: b.spec.id, file: b.file)
                comparison.endpoint(a.json, b.json, .root)
                changes += Self.withUnclassified(comparison.changes, old: a.json, new: b.json, endpoint: b.spec.id, file: b.file)
            case .removed(let a):
                changes.append(
                    SpecChange(
                        changeClass: .endpointRemoved, endpoint: a.spec.id, file: a.file, path: "$", subject: "endpoint",
                        old: a.spec.signature, new: nil, message: "\(a.spec.signature) (\(a.spec.summary)) is no longer in the specs"))
            case .added(let b):
                changes.append(
                    SpecChange(
                        changeClass: .endpointAdded, endpoint: b.spec.id, file: b.file, path: "$", subject: "endpoint",
                        old: nil, new: b.spec.signature, message: "\(b.spec.signature) (\(b.spec.summary)) is new"))
            }
        }
        return SpecDiff(oldLabel: old.label, newLabel: new.label, changes: changes)
    }

    /// Both sides restricted to what a single-file side holds (unchanged when neither is one, or both are).
    static func focused(_ old: SpecSnapshot, _ new: SpecSnapshot) -> (SpecSnapshot, SpecSnapshot) {
        guard old.isSingleFile != new.isSingleFile else { return (old, new) }
        let single = old.isSingleFile ? old : new
        var other = old.isSingleFile ? new : old
        let ids = Set(single.endpoints.map(\.spec.id))
        let operations = single.endpoints.map(\.spec)
        other.endpoints = other.endpoints.filter { endpoint in
            ids.contains(endpoint.spec.id) || operations.contains { sameOperation($0, endpoint.spec) }
        }
        if single.platform == nil {
            other.platform = nil
            other.platformJSON = nil
            other.platformFile = nil
        }
        return old.isSingleFile ? (old, other) : (other, new)
    }

    enum EndpointPair {
        case both(SpecSnapshot.Endpoint, SpecSnapshot.Endpoint)
        case removed(SpecSnapshot.Endpoint)
        case added(SpecSnapshot.Endpoint)
    }

    /// Pairs by id, then the rest by method and path; two single files always pair.
    static func pairEndpoints(_ old: SpecSnapshot, _ new: SpecSnapshot) -> [EndpointPair] {
        if old.isSingleFile, new.isSingleFile, old.endpoints.count == 1, new.endpoints.count == 1 {
            return [.both(old.endpoints[0], new.endpoints[0])]
        }
        var pairs: [EndpointPair] = []
        var unmatchedNew = new.endpoints.filter { candidate in !old.endpoints.contains { $0.spec.id == candidate.spec.id } }
        for a in old.endpoints {
            if let b = new.endpoints.first(where: { $0.spec.id == a.spec.id }) {
                pairs.append(.both(a, b))
            } else if let index = unmatchedNew.firstIndex(where: { Self.sameOperation($0.spec, a.spec) }),
                !new.endpoints.contains(where: { $0.spec.id == a.spec.id })
            {
                pairs.append(.both(a, unmatchedNew.remove(at: index)))
            } else {
                pairs.append(.removed(a))
            }
        }
        pairs += unmatchedNew.map { .added($0) }
        return pairs
    }

    static func sameOperation(_ a: EndpointSpec, _ b: EndpointSpec) -> Bool {
        a.method.uppercased() == b.method.uppercased() && Comparison.pathShape(a.path) == Comparison.pathShape(b.path)
    }

    /// The changes plus one `unclassified.changed` for each difference between the files that none
    /// of them claims.
    static func withUnclassified(_ changes: [SpecChange], old: JSONValue, new: JSONValue, endpoint: String, file: String) -> [SpecChange] {
        let claims = changes.flatMap(\.claims)
        var out = changes
        for difference in JSONTreeDiff.differences(old, new) where !claims.contains(where: { covers($0, difference.path) }) {
            out.append(
                SpecChange(
                    changeClass: .unclassified, endpoint: endpoint, file: file, path: difference.path, subject: difference.path,
                    old: Comparison.show(difference.old), new: Comparison.show(difference.new),
                    message:
                        "\(difference.path) \(difference.old == nil ? "added" : difference.new == nil ? "removed" : "changed"), and no change class accounts for it: review it"
                ))
        }
        return out
    }

    /// True when `claim` is `path` or contains it.
    static func covers(_ claim: String, _ path: String) -> Bool {
        path == claim || path.hasPrefix(claim + ".") || path.hasPrefix(claim + "[")
    }
}
