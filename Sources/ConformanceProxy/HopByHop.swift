import HTTPWire

/// Headers that belong to one connection, not to the message (RFC 9110 §7.6.1): a proxy drops
/// them in both directions, with any header the `Connection` field names.
enum HopByHop {
    static let names = [
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade",
    ]

    /// `headers` without the hop-by-hop ones and without `also` (compared case-insensitively).
    static func strip(_ headers: HTTPHeaders, also: [String] = []) -> HTTPHeaders {
        let listed = headers.values(for: "Connection").flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var out = headers
        for name in names + also + listed where !name.isEmpty { out.remove(name) }
        return out
    }
}
