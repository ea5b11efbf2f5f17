import ConformanceProxy
import FeishuMock
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A server the CLI serves until a signal: the mock's and the proxy's, which write their report
/// when stopped.
protocol SignalStoppedServer: Sendable {
    /// Starts listening; returns the port.
    func start(host: String, port: Int) throws -> Int
    /// Stops after in-flight requests; returns the error writing the report, if any.
    func stop() async -> (any Error)?
}

extension MockServer: SignalStoppedServer {}
extension ProxyServer: SignalStoppedServer {}

extension StandardActions {
    /// `mock` and `proxy`: starts `server` (SIGINT and SIGTERM caught from before it listens),
    /// prints `listening on http://HOST:PORT` as the first stdout line, runs `announce`, waits for
    /// SIGINT or SIGTERM, then stops the server so in-flight requests finish and its report is
    /// written to `reports`.
    static func serveUntilSignal(
        _ server: some SignalStoppedServer, name: String, host: String, port: Int, reports: URL,
        _ environment: CommandEnvironment, announce: () -> Void
    ) async throws {
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        let listening: Int
        do {
            listening = try server.start(host: host, port: port)
        } catch {
            throw CommandFailure("cannot listen on \(host):\(port): \(error)")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        environment.stdout.write("listening on http://\(shownHost):\(listening)\n")
        announce()
        let signal = await signals.wait()
        environment.stderr.write("\(name): \(signal == SIGINT ? "SIGINT" : "SIGTERM") received, finishing in-flight requests\n")
        if let error = await server.stop() {
            throw CommandFailure("\(name) stopped, but its report could not be written to \(reports.path): \(error)")
        }
    }
}

/// Waits for one of a set of signals without a handler that could run at an unsafe point.
final class SignalWaiter: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let queue = DispatchQueue(label: "feishu-conformance.signals")
    private let lock = NSLock()
    private var received: Int32?
    private var waiter: CheckedContinuation<Int32, Never>?

    init(signals: [Int32]) {
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            sources.append(source)
        }
        self.sources = sources
        for (source, number) in zip(sources, signals) {
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
        }
    }

    private func deliver(_ number: Int32) {
        lock.lock()
        guard received == nil else {
            lock.unlock()
            return
        }
        received = number
        let continuation = waiter
        waiter = nil
        lock.unlock()
        continuation?.resume(returning: number)
    }

    /// Suspends until a signal arrives; returns its number.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let received {
                lock.unlock()
                continuation.resume(returning: received)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
