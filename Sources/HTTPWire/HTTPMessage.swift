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

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value for `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
        set {
            remove(name)
            if let newValue { fields.append((name: name, value: newValue)) }
        }
    }

    /// Every value for `name`, compared case-insensitively.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// Appends a field, keeping any earlier one of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field named `name` (case-insensitively).
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

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
    public var headers: HTTPHeaders
    public var body: Data

    public init(method: String, target: String, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The path part of `target`, percent-decoded.
    public var path: String {
        let raw = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
        return raw.removingPercentEncoding ?? raw
    }

    /// The query items of `target`, percent-decoded (`+` is a space), in order.
    public var queryItems: [(name: String, value: String)] {
        guard let q = target.firstIndex(of: "?") else { return [] }
        let query = target[target.index(after: q)...]
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

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
    public init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) { self.body = body }
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
        case unreachable, timeout, tls, invalidURL, protocolError, cancelled
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// A transport that calls a handler directly, with no socket: the same test can run in memory
/// or over a socket by swapping this for `URLSessionTransport`.
public struct InProcessTransport: Transport {
    public let handler: any HTTPHandler
    public init(handler: any HTTPHandler) { self.handler = handler }
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        await handler.handle(request)
    }
}
