import Foundation
import Synchronization
import Testing

@testable import HTTPWire

/// Keeps every thread of the Swift concurrency pool busy with a spin loop until released (or a
/// deadline passes), like CPU-heavy synchronous tests running in parallel do. Spinning threads
/// stay runnable, so the runtime does not add threads to compensate as it may for blocked ones.
final class PoolHog: Sendable {
    let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
    private let running = Atomic<Int>(0)
    private let released = Atomic<Bool>(false)

    /// Queues one spinning task per pool thread.
    func start(for limit: Duration = .seconds(8)) {
        for _ in 0..<width {
            Task.detached { [self] in
                running.add(1, ordering: .relaxed)
                let clock = ContinuousClock()
                let end = clock.now + limit
                while !released.load(ordering: .relaxed) && clock.now < end {}
                running.subtract(1, ordering: .relaxed)
            }
        }
    }

    /// Blocks the calling (non-pool) thread until every spinner runs; false after `limit`.
    func waitUntilSaturated(limit: Duration = .seconds(10)) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while running.load(ordering: .relaxed) < width {
            if clock.now >= end { return false }
            usleep(1_000)
        }
        return true
    }

    /// Stops the spinners.
    func release() { released.store(true, ordering: .relaxed) }
}

/// Shared state a handler awaits, so requests hop to an actor and back.
actor HitCounter {
    private(set) var hits = 0
    func hit() -> Int {
        hits += 1
        return hits
    }
}

@Suite("HTTPServer answers without the concurrency pool")
struct PoolStarvationTests {
    // Not `Task.sleep`: this toolchain wakes a sleeping task through the global pool whatever
    // executor it prefers, so a handler that sleeps still needs a free pool thread to wake up.
    @Test("concurrent requests whose handler awaits an actor, child tasks and another thread are answered while every pool thread is busy")
    func answersWhilePoolIsSaturated() async throws {
        let counter = HitCounter()
        let handler = ClosureHandler { request in
            let n = await counter.hit()
            async let echoed = String(decoding: request.body, as: UTF8.self)
            await Task.yield()
            let fromThread = await offPool { request.target }
            let lengths = await withTaskGroup(of: Int.self) { group in
                group.addTask { fromThread.utf8.count }
                group.addTask { request.body.count }
                return await group.reduce(0, +)
            }
            return HTTPResponse(status: 200, headers: ["X-Hit": String(n), "X-Lengths": String(lengths)], body: Data(await echoed.utf8))
        }
        let server = try startServer(handler)
        let port = server.port
        let hog = PoolHog()
        hog.start()
        let clients = 16
        let bodies = await offPool { () -> [String?] in
            // Other tests may hold pool threads for a while; without full saturation the run
            // still checks every answer, it just proves less.
            _ = hog.waitUntilSaturated()
            defer { hog.release() }
            // All connections and requests go out before any answer is read, so the handlers
            // run concurrently; each client gives up after 5 s.
            let connections = (0..<clients).map { _ in RawClient(port: port, receiveTimeoutSeconds: 5) }
            for (i, c) in connections.enumerated() {
                let body = "client \(i)"
                c?.send("POST /c/\(i) HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            }
            let bodies = connections.map { c in c?.readResponse().map { String(decoding: $0.body, as: UTF8.self) + " " + ($0.headers["X-Lengths"] ?? "?") } }
            return bodies
        }
        #expect(bodies == (0..<clients).map { "client \($0) \("/c/\($0)".utf8.count + "client \($0)".utf8.count)" })
        #expect(await counter.hits == clients)
        #expect(await stopped(server))
    }
}
