import Foundation
import Testing

@testable import HTTPWire

/// Not a test: with `HTTPWIRE_BENCH_SERVE=1` this serves the benchmark routes until killed,
/// so `Benchmarks/httpwire_bench.sh` has a server without a dedicated executable target.
/// Writes `PORT PID` to `$HTTPWIRE_BENCH_PORT_FILE` (when set) and prints `listening on ...`.
@Suite("HTTPWire benchmark server")
struct BenchServe {
    static let enabled = ProcessInfo.processInfo.environment["HTTPWIRE_BENCH_SERVE"] == "1"

    /// The bytes nginx serves too, so both servers answer the same response body.
    static let json = Data(#"{"code":0,"msg":"success","data":{"image_key":"img_v2_041b28e4-1f2f-4a3a-9d1b-5c8e0f1a2b3g"}}"#.utf8)

    @Test("serve until killed", .enabled(if: BenchServe.enabled))
    func serve() async throws {
        let handler = ClosureHandler { request in
            switch request.path {
            case "/upload":
                do {
                    let parts = try MultipartFormData.parse(body: request.body, contentType: request.headers["Content-Type"] ?? "")
                    let bytes = parts.reduce(0) { $0 + $1.body.count }
                    return HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Data("\(parts.count) \(bytes)".utf8))
                } catch {
                    return HTTPResponse(status: 400, body: Data("\(error)".utf8))
                }
            default:
                return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: BenchServe.json)
            }
        }
        let env = ProcessInfo.processInfo.environment
        let port = Int(env["HTTPWIRE_BENCH_PORT"] ?? "0") ?? 0
        let server = HTTPServer(configuration: .init(port: port, maxConnections: 1024), handler: handler)
        let bound = try server.start()
        if let file = env["HTTPWIRE_BENCH_PORT_FILE"] {
            try "\(bound) \(getpid())\n".write(toFile: file, atomically: true, encoding: .utf8)
        }
        print("listening on http://127.0.0.1:\(bound)")
        fflush(nil)
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
