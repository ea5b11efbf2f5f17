import ConformanceSpec

/// Finds the spec of a request from its method and path: path templates (`/a/:id/b`) matched
/// segment by segment, the token endpoint included. A path served for another method only is no
/// match: that is another endpoint, which no spec describes.
struct EndpointRouter: Sendable {
    private struct Route: Sendable {
        var endpoint: EndpointSpec
        var method: String
        var segments: [PathTemplate.Segment]
    }

    private let routes: [Route]

    init(endpoints: [EndpointSpec]) {
        routes = endpoints.map { endpoint in
            Route(
                endpoint: endpoint, method: endpoint.method.uppercased(),
                segments: PathTemplate(endpoint.path).segments)
        }
    }

    /// The endpoint and its path parameters, or nil.
    func route(method: String, path: String) -> (endpoint: EndpointSpec, parameters: [String: String])? {
        let parts = path.split(separator: "/")
        let upper = method.uppercased()
        for route in routes where route.method == upper && route.segments.count == parts.count {
            var parameters: [String: String] = [:]
            var matched = true
            for (segment, part) in zip(route.segments, parts) {
                switch segment {
                case .literal(let text): if text != part { matched = false }
                case .parameter(let name): parameters[name] = String(part)
                }
                if !matched { break }
            }
            if matched { return (route.endpoint, parameters) }
        }
        return nil
    }
}
