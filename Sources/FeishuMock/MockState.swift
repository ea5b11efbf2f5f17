import ConformanceKit
import ConformanceSpec
import Foundation

/// A tenant's view of time: the base clock plus an offset, optionally frozen.
struct TenantClock: Sendable {
    var offset: Double = 0
    var frozenAt: Double?
}

/// An issued tenant access token.
struct IssuedToken: Sendable {
    var appID: String
    var expiresAt: Double
}

/// A stored resource item.
struct StoredItem: Sendable {
    var key: String
    var object: [String: JSONValue]
    var createdAt: Double
    var seq: Int
}

/// A fixed rate-limit window's count.
struct RateCounter: Sendable {
    var windowStart: Double
    var count: Int
}

/// Everything the mock remembers, guarded by one lock so each request's state stage is atomic.
struct MockState: Sendable {
    var apps: [String: MockApp] = [:]
    var configuredAppIDs: Set<String> = []
    var tokens: [String: IssuedToken] = [:]
    var latestToken: [String: String] = [:]
    var clocks: [String: TenantClock] = [:]
    var globalOffset: Double = 0
    /// tenant -> resource -> items in creation order.
    var resources: [String: [String: [StoredItem]]] = [:]
    /// resource -> key -> (tenant, createdAt).
    var keyIndex: [String: [String: (tenant: String, createdAt: Double)]] = [:]
    var rate: [String: RateCounter] = [:]
    var seq = 0

    init(configuration: MockConfiguration) {
        for app in configuration.apps {
            apps[app.appID] = app
            configuredAppIDs.insert(app.appID)
        }
    }

    /// The time as `tenant` sees it.
    func now(tenant: String?, base: Double) -> Double {
        guard let tenant, let c = clocks[tenant] else { return base + globalOffset }
        return c.frozenAt ?? base + globalOffset + c.offset
    }
}

/// The platform identity behind a request's token.
struct Identity: Sendable {
    var app: MockApp
    var tokenType: TokenType
}

/// What the state stage produced: data for the reply, or a refusal.
enum StateOutcome {
    case data(JSONValue)
    case refused(RequestViolation)
}

/// JSON helpers for building replies.
enum JSONPath {
    /// `object` with `value` set at the dotted `path`, creating objects on the way.
    static func setting(_ value: JSONValue, at path: String, in object: [String: JSONValue]) -> [String: JSONValue] {
        let parts = path.split(separator: ".").map(String.init)
        return set(value, parts[...], in: object)
    }

    private static func set(_ value: JSONValue, _ parts: ArraySlice<String>, in object: [String: JSONValue]) -> [String: JSONValue] {
        guard let head = parts.first else { return object }
        var out = object
        if parts.count == 1 {
            out[head] = value
        } else {
            let inner = out[head]?.objectValue ?? [:]
            out[head] = .object(set(value, parts.dropFirst(), in: inner))
        }
        return out
    }
}

/// Opaque page tokens: base64url of `c:<seq>` (the last item's sequence number).
enum PageToken {
    static func encode(seq: Int) -> String {
        Data("c:\(seq)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) -> Int? {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8), text.hasPrefix("c:"),
              let seq = Int(text.dropFirst(2)), seq >= 0 else { return nil }
        return seq
    }
}

/// Random identifiers.
enum MockIDs {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    static func random(_ count: Int) -> String {
        String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    static func hex(_ count: Int) -> String {
        String((0..<count).map { _ in Array("0123456789abcdef")[Int.random(in: 0..<16)] })
    }

    /// A key in a spec's `keyStyle`: `uuid`, or a prefix followed by random characters.
    static func key(style: String) -> String {
        if style == "uuid" { return UUID().uuidString.lowercased() }
        return style + random(24)
    }
}
