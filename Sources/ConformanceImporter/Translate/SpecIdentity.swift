/// A spec's id, resource and English summary, derived from the page.
///
/// The id is `<service>.<version>.<resource>.<method>` as the platform's SDKs name the endpoint:
/// from the page's `fullPath` when it ends in `<service>-<version>/<resource>/<method>`
/// (`/.../reference/im-v1/message-reaction/create` -> `im.v1.message_reaction.create`), else from
/// the method and path: collections are singular resources (`badges` -> `badge`), a collection
/// under another one's item is joined to it (`badges/:badge_id/grants` -> `badge_grant`), a last
/// segment that is not a collection is the method (`files/upload` -> `file.upload`), and the HTTP
/// method names the rest (GET list or get, POST create, PUT update, PATCH patch, DELETE delete).
struct SpecIdentity: Equatable {
    /// `admin.v1.badge.list`.
    var id: String
    /// `badge`.
    var resource: String
    /// `list`.
    var method: String
    /// `List badges`.
    var summary: String

    init(httpMethod: String, path: String, fullPath: String?) {
        let (service, version, rest) = Self.split(path)
        var resource: String
        var method: String
        if let fromDoc = Self.fromFullPath(fullPath, service: service, version: version) {
            (resource, method) = fromDoc
        } else {
            (resource, method) = Self.fromPath(rest, httpMethod: httpMethod)
        }
        if resource.isEmpty { resource = service }
        self.resource = resource
        self.method = method
        id = [service, version, resource, method].filter { !$0.isEmpty }.joined(separator: ".")
        summary = Self.summary(resource: resource, method: method)
    }

    /// `/open-apis/im/v1/messages/:message_id` -> (`im`, `v1`, [`messages`, `:message_id`]).
    static func split(_ path: String) -> (String, String, [String]) {
        var segments = path.split(separator: "/").map(String.init)
        if segments.first == "open-apis" { segments.removeFirst() }
        guard let versionIndex = segments.firstIndex(where: isVersion) else {
            let service = segments.first.map(identifier) ?? "api"
            return (service, "", Array(segments.dropFirst()))
        }
        let service = segments[..<versionIndex].map(identifier).joined(separator: "_")
        return (service.isEmpty ? "api" : service, segments[versionIndex], Array(segments[(versionIndex + 1)...]))
    }

    static func isVersion(_ s: String) -> Bool {
        s.count >= 2 && s.first == "v" && s.dropFirst().allSatisfy(\.isNumber)
    }

    /// Lower-case letters, digits and `_`.
    static func identifier(_ s: String) -> String {
        String(s.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    static func fromFullPath(_ fullPath: String?, service: String, version: String) -> (String, String)? {
        guard let fullPath else { return nil }
        let parts = fullPath.split(separator: "/").map(String.init)
        guard parts.count >= 3 else { return nil }
        let group = parts[parts.count - 3]
        guard group.replacing("-", with: "_") == "\(service)_\(version)" || group == "\(service)-\(version)" else { return nil }
        let resource = identifier(parts[parts.count - 2])
        let method = identifier(parts[parts.count - 1])
        guard !resource.isEmpty, !method.isEmpty else { return nil }
        return (resource, method)
    }

    static let verbsByMethod = ["GET": "get", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"]

    static func fromPath(_ rest: [String], httpMethod: String) -> (String, String) {
        var collections: [String] = []
        var lastWasParameter = false
        for (i, segment) in rest.enumerated() {
            let isLast = i == rest.count - 1
            if segment.hasPrefix(":") || segment.hasPrefix("{") {
                lastWasParameter = true
                continue
            }
            if isLast, !collections.isEmpty, !looksLikeCollection(segment) || (!lastWasParameter && rest.count > 1) {
                return (collections.joined(separator: "_"), identifier(segment))
            }
            collections.append(singular(identifier(segment)))
            lastWasParameter = false
        }
        let itemAddressed = rest.last.map { $0.hasPrefix(":") || $0.hasPrefix("{") } ?? false
        let verb: String
        switch httpMethod {
        case "GET": verb = itemAddressed ? "get" : "list"
        default: verb = verbsByMethod[httpMethod] ?? httpMethod.lowercased()
        }
        return (collections.joined(separator: "_"), verb)
    }

    /// A plural noun (`grants`, `reactions`), not a verb or a singular (`reply`, `upload`, `batch_query`).
    static func looksLikeCollection(_ s: String) -> Bool {
        s.hasSuffix("s") && !s.hasSuffix("ss") && !s.hasSuffix("_status")
    }

    /// `badges` -> `badge`, `entities` -> `entity`, `batch_messages` -> `batch_message`.
    static func singular(_ s: String) -> String {
        if s.hasSuffix("ies") { return String(s.dropLast(3)) + "y" }
        if s.hasSuffix("sses") || s.hasSuffix("xes") || s.hasSuffix("ches") || s.hasSuffix("shes") { return String(s.dropLast(2)) }
        if s.hasSuffix("s") && !s.hasSuffix("ss") && !s.hasSuffix("us") { return String(s.dropLast()) }
        return s
    }

    /// `List badges`, `Create badge grant`, `Upload file`.
    static func summary(resource: String, method: String) -> String {
        let noun = resource.replacing("_", with: " ")
        let verb = method.replacing("_", with: " ")
        let phrase: String
        switch method {
        case "list": phrase = "list \(noun)s"
        default: phrase = "\(verb) \(noun)"
        }
        return phrase.prefix(1).uppercased() + phrase.dropFirst()
    }
}
