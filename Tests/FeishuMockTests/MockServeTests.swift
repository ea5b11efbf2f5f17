import FeishuMock
import Foundation
import HTTPWire
import Testing

/// Serves the default mock on a socket until killed, for the lark-oapi interop script
/// (Benchmarks/interop/run.sh). Enabled only with `FEISHU_MOCK_SERVE=1`; prints
/// `listening on http://HOST:PORT` first (also into `FEISHU_MOCK_ADDRESS_FILE` when set). `FEISHU_MOCK_REPORTS=DIR` writes the reports every second.
@Suite("Mock server (env-guarded)")
struct MockServeTests {
    @Test("serve until killed", .enabled(if: ProcessInfo.processInfo.environment["FEISHU_MOCK_SERVE"] == "1"))
    func serveUntilKilled() async throws {
        let env = ProcessInfo.processInfo.environment
        let mock = FeishuMock(specs: TestSpecs.set)
        let server = MockServer(mock: mock)
        let port = try server.start(host: "127.0.0.1", port: Int(env["FEISHU_MOCK_PORT"] ?? "0") ?? 0)
        let line = "listening on http://127.0.0.1:\(port)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        // `swift test` may hold the test's stdout back; a file makes the address visible at once.
        if let file = env["FEISHU_MOCK_ADDRESS_FILE"] { try Data(line.utf8).write(to: URL(fileURLWithPath: file)) }
        // Stop when whoever started `swift test` goes away (the test binary runs in its own process group).
        let parent = getppid()
        while getppid() == parent {
            try await Task.sleep(for: .seconds(1))
            if let dir = env["FEISHU_MOCK_REPORTS"] { try? mock.writeReports(to: URL(fileURLWithPath: dir)) }
        }
        await server.stop()
    }
}
