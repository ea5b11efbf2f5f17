import Foundation
import HTTPWire

/// Serves a `ConformanceProxy` on a socket (our `HTTPServer`, with limits raised for uploads) and
/// writes its report when stopped.
public final class ProxyServer: Sendable {
    /// The proxy served.
    public let proxy: ConformanceProxy
    /// Where `stop()` writes `proxy-report.md` and `proxy-junit.xml`, if anywhere.
    public let reportsDirectory: URL?
    private let slot = ServerSlot(serviceName: "the proxy")

    /// The largest request body the proxy accepts (uploads are held whole, not streamed).
    public static let maxBodyBytes = 128 * 1024 * 1024

    /// A server for `proxy`.
    public init(proxy: ConformanceProxy, reportsDirectory: URL? = nil) {
        self.proxy = proxy
        self.reportsDirectory = reportsDirectory
    }

    /// Binds and starts serving; returns the bound port (port 0 picks a free one).
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0) throws -> Int {
        let configuration = HTTPServerConfiguration(host: host, port: port, maxBodyBytes: Self.maxBodyBytes, readTimeout: .seconds(300))
        return try slot.start(configuration, handler: proxy)
    }

    /// The bound port, or 0 when not running.
    public var port: Int { slot.port }

    /// Stops after the requests in flight and writes the report when a directory was given;
    /// returns (does not throw) an error writing it, so shutdown always completes.
    @discardableResult
    public func stop() async -> (any Error)? {
        await slot.stop(writingReportTo: reportsDirectory) { try proxy.report().write(to: $0) }
    }
}
