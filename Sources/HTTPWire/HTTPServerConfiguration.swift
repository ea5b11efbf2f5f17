import Foundation

/// Where an `HTTPServer` listens and the limits it enforces on every connection.
public struct HTTPServerConfiguration: Sendable {
    /// The IPv4 address to bind (`127.0.0.1` by default; `0.0.0.0` for every interface).
    public var host: String
    /// The TCP port; 0 asks the system for a free one (read it back from `HTTPServer.port`).
    public var port: Int
    /// The longest request line accepted, in bytes; longer gets 414.
    public var maxRequestLineBytes: Int
    /// The largest header section accepted, in bytes; larger gets 431.
    public var maxHeaderBytes: Int
    /// The most header fields accepted; more gets 431.
    public var maxHeaderCount: Int
    /// The largest request body accepted, in bytes; larger gets 413. The default, 32 MiB, fits a
    /// 10 MB upload with room to spare.
    public var maxBodyBytes: Int
    /// How long a kept-alive connection may sit with no request before the server closes it.
    public var idleTimeout: Duration
    /// How long a client has, from the first byte of a request, to send all of it (head and body);
    /// past that the server answers 408 and closes. Also bounds how long a response write may block.
    public var readTimeout: Duration
    /// The most connections served at once; a client over the limit gets 503 and is closed.
    public var maxConnections: Int
    /// When true, `POST`, `PUT` and `PATCH` with neither `Content-Length` nor chunked encoding get 411.
    public var requireContentLength: Bool
    /// The listen backlog passed to `listen(2)`.
    public var backlog: Int

    /// Creates a configuration; every parameter has a default suitable for the mock.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 65536,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 32 * 1024 * 1024,
        idleTimeout: Duration = .seconds(60),
        readTimeout: Duration = .seconds(30),
        maxConnections: Int = 512,
        requireContentLength: Bool = false,
        backlog: Int = 256
    ) {
        self.host = host
        self.port = port
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maxConnections = maxConnections
        self.requireContentLength = requireContentLength
        self.backlog = backlog
    }

    /// The parser limits derived from this configuration.
    public var parserLimits: HTTPParserLimits {
        HTTPParserLimits(
            maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
            maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes,
            requireLengthForBodyMethods: requireContentLength)
    }
}

extension Duration {
    /// Whole milliseconds, clamped to `Int32` for `poll(2)`.
    var pollMilliseconds: Int32 {
        let (s, atto) = components
        let ms = s * 1000 + atto / 1_000_000_000_000_000
        return Int32(clamping: max(0, ms))
    }
}
