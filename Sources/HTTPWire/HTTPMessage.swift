import Foundation

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Names keep the casing they were given (the official Lark SDK looks reply headers up
/// case-sensitively, so a server must send canonical casing such as `X-Tt-Logid`).
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were added.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates headers from name-value pairs, in order.
    public init(_ fields: [(String, String)] = []) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// Creates headers from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value for `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        get { fields.first { HTTPHeaders.sameName($0.name, name) }?.value }
        set {
            remove(name)
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Every value for `name`, compared case-insensitively.
    public func values(for name: String) -> [String] {
        fields.filter { HTTPHeaders.sameName($0.name, name) }.map(\.value)
    }

    /// Appends a field, keeping any earlier one of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitively).
    public mutating func remove(_ name: String) {
        fields.removeAll { HTTPHeaders.sameName($0.name, name) }
    }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// Whether any value for `name` contains `token` (ASCII case-insensitive), without building
    /// the list of values: the server's per-response `Connection: close` check.
    func anyValue(for name: String, containsCaseInsensitive token: String) -> Bool {
        fields.contains { HTTPHeaders.sameName($0.name, name) && $0.value.lowercased().contains(token) }
    }

    /// Reserves room for `count` fields (the parser adds a request's fields one by one).
    mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// ASCII case-insensitive name comparison (header names are ASCII tokens); much cheaper
    /// than Foundation's locale-aware `caseInsensitiveCompare` on Linux.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var ai = a.utf8.makeIterator()
        var bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
                let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    /// Equal when the same names and values appear in the same order (names compared exactly).
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// An HTTP request as the server parsed it or as a client will send it.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, upper-case (`GET`, `POST`, ...).
    public var method: String
    /// The request target as sent: path plus optional `?query` (origin form).
    public var target: String
    /// The header fields, in the order received or to be sent.
    public var headers: HTTPHeaders
    /// The body (de-chunked when parsed from the wire).
    public var body: Data

    /// Creates a request.
    public init(method: String, target: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path part of `target`, percent-decoded.
    public var path: String {
        let question = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        // No query and no escapes (most requests): the target itself, without a copy.
        if question == nil, !target.utf8.contains(UInt8(ascii: "%")) { return target }
        let raw = question.map { target[..<$0] } ?? target[...]
        // Most paths hold no escapes: no Foundation round trip for them.
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return String(raw) }
        let text = String(raw)
        return text.removingPercentEncoding ?? text
    }

    /// The query items of `target`, percent-decoded (`+` is a space), in order.
    public var queryItems: [(name: String, value: String)] {
        // Searched as bytes: a `Character` search walks grapheme boundaries, and most targets have no query.
        guard let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return [] }
        let query = target[target.utf8.index(after: q)...]
        return query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { bytes in
            let pair = Substring(bytes)
            let eq = pair.utf8.firstIndex(of: UInt8(ascii: "="))
            func decode(_ s: Substring) -> String {
                let hasPlus = s.utf8.contains(UInt8(ascii: "+"))
                let hasPercent = s.utf8.contains(UInt8(ascii: "%"))
                // Plain text (the usual case) skips Foundation's string bridging.
                if !hasPercent {
                    guard hasPlus else { return String(s) }
                    return String(decoding: s.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                }
                let plus = hasPlus ? s.replacingOccurrences(of: "+", with: " ") : String(s)
                return plus.removingPercentEncoding ?? plus
            }
            guard let eq else { return (name: decode(pair), value: "") }
            return (name: decode(pair[..<eq]), value: decode(pair[pair.utf8.index(after: eq)...]))
        }
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code (100...999; the server answers 500 for anything else a handler returns).
    public var status: Int
    /// The header fields; the server adds `Content-Length`, `Date` and `Connection` itself.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Something that answers HTTP requests: the mock, or a test's small server.
public protocol HTTPHandler: Sendable {
    /// Answers one request. Handlers report failures as responses, never by throwing.
    func handle(_ request: HTTPRequest) async -> HTTPResponse
}

/// A closure as an `HTTPHandler`.
public struct ClosureHandler: HTTPHandler {
    private let body: @Sendable (HTTPRequest) async -> HTTPResponse
    /// Wraps a closure.
    public init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) { self.body = body }
    /// Calls the closure.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse { await body(request) }
}

/// Sends requests to a target and returns its responses: in memory, over loopback, or to a live host.
public protocol Transport: Sendable {
    /// Sends `request` (its `target` is relative to the transport's base URL) and returns the reply.
    /// Throws `TransportError` when no HTTP reply could be had.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// Why a transport could not get an HTTP reply.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// No connection: refused, unknown host, no route. / No reply in time. / TLS handshake or
        /// certificate failure. / The URL could not be built. / A reply that is not valid HTTP, or a
        /// dropped connection. / The caller cancelled.
        case unreachable, timeout, tls, invalidURL, protocolError, cancelled
    }
    /// The kind of failure.
    public var kind: Kind
    /// What happened, readable.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `"<kind>: <message>"`.
    public var description: String { "\(kind.rawValue): \(message)" }
}

/// A transport that calls a handler directly, with no socket: the same test can run in memory
/// or over a socket by swapping this for `URLSessionTransport`.
public struct InProcessTransport: Transport {
    /// The handler requests go to.
    public let handler: any HTTPHandler
    /// Creates a transport that calls `handler`.
    public init(handler: any HTTPHandler) { self.handler = handler }
    /// Calls the handler; never throws.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        await handler.handle(request)
    }
}
