import Foundation
import HTTPWire

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
    private let slot = ServerSlot(serviceName: "the mock server")

    /// Creates a server for `mock`.
    public init(mock: FeishuMock, reportsDirectory: URL? = nil) {
        self.mock = mock
        self.reportsDirectory = reportsDirectory
    }

    /// Binds and starts serving; returns the bound port. Throws `HTTPServerError` when the
    /// address cannot be bound, or when the server is already running.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) throws -> Int {
        try slot.start(HTTPServerConfiguration(host: host, port: port), handler: mock)
    }

    /// The bound port, or 0 when not running.
    public var port: Int { slot.port }

    /// Stops serving and writes the reports when a directory was given. Errors writing the
    /// reports are returned, not thrown, so shutdown always completes.
    @discardableResult
    public func stop() async -> (any Error)? {
        await slot.stop(writingReportTo: reportsDirectory) { try mock.writeReports(to: $0) }
    }
}
