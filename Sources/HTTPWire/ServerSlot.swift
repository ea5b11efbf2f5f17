import Foundation
import Synchronization

/// One `HTTPServer` at a time for a long-lived service (the mock, the proxy): `start` refuses a
/// second start while one runs and forgets a server that failed to bind; `stop` stops the running
/// one after its requests in flight, then writes the service's report with the writer it passes.
public final class ServerSlot: Sendable {
    private let server = Mutex<HTTPServer?>(nil)
    /// Names the service in the "already running" error.
    public let serviceName: String

    /// A slot for the service `serviceName` (`the mock server`, `the proxy`).
    public init(serviceName: String) { self.serviceName = serviceName }

    /// Binds a server for `handler` with `configuration` and starts it; returns the bound port.
    /// Throws `HTTPServerError` when the address cannot be bound or a server already runs.
    public func start(_ configuration: HTTPServerConfiguration, handler: any HTTPHandler) throws -> Int {
        let http = HTTPServer(configuration: configuration, handler: handler)
        let fresh = server.withLock { current -> Bool in
            guard current == nil else { return false }
            current = http
            return true
        }
        guard fresh else { throw HTTPServerError(operation: "start", code: 0, message: "\(serviceName) is already running") }
        do {
            return try http.start()
        } catch {
            server.withLock { $0 = nil }
            throw error
        }
    }

    /// The bound port, or 0 when nothing runs.
    public var port: Int { server.withLock { $0?.port ?? 0 } }

    /// Stops the running server, if any, after its requests in flight.
    public func stop() async {
        let http = server.withLock { current -> HTTPServer? in
            defer { current = nil }
            return current
        }
        await http?.stop()
    }

    /// Stops as ``stop()`` does, then writes the service's report with `write` when
    /// `reportsDirectory` is set; returns (does not throw) an error writing it, so shutdown
    /// always completes.
    public func stop(writingReportTo reportsDirectory: URL?, _ write: (URL) throws -> Void) async -> (any Error)? {
        await stop()
        guard let reportsDirectory else { return nil }
        do {
            try write(reportsDirectory)
            return nil
        } catch {
            return error
        }
    }
}
