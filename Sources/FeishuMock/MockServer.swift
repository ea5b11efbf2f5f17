import Foundation
import HTTPWire
import Synchronization

/// Serves a `FeishuMock` over HTTP/1.1 on a socket (our own `HTTPServer`), for SDKs and the runner.
///
/// `start(host:port:)` binds (port 0 picks a free one) and returns the port; `stop()` stops
/// accepting, lets requests in flight finish and, when `reportsDirectory` is set, writes
/// `mock-report.md` and `mock-junit.xml` there.
public final class MockServer: Sendable {
    /// The mock served.
    public let mock: FeishuMock
    /// Where `stop()` writes the request-conformance report, if anywhere.
    public let reportsDirectory: URL?
    private let server = Mutex<HTTPServer?>(nil)

    /// Creates a server for `mock`.
    public init(mock: FeishuMock, reportsDirectory: URL? = nil) {
        self.mock = mock
        self.reportsDirectory = reportsDirectory
    }

    /// Binds and starts serving; returns the bound port. Throws `HTTPServerError` when the
    /// address cannot be bound, or when the server is already running.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) throws -> Int {
        let http = HTTPServer(configuration: HTTPServerConfiguration(host: host, port: port), handler: mock)
        let fresh = server.withLock { s -> Bool in
            guard s == nil else { return false }
            s = http
            return true
        }
        guard fresh else { throw HTTPServerError(operation: "start", code: 0, message: "the mock server is already running") }
        do {
            return try http.start()
        } catch {
            server.withLock { $0 = nil }
            throw error
        }
    }

    /// The bound port, or 0 when not running.
    public var port: Int { server.withLock { $0?.port ?? 0 } }

    /// Stops serving and writes the reports when a directory was given. Errors writing the
    /// reports are returned, not thrown, so shutdown always completes.
    @discardableResult
    public func stop() async -> (any Error)? {
        let http = server.withLock { s -> HTTPServer? in
            let h = s
            s = nil
            return h
        }
        await http?.stop()
        guard let reportsDirectory else { return nil }
        do {
            try mock.writeReports(to: reportsDirectory)
            return nil
        } catch {
            return error
        }
    }
}
