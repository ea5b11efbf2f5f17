import FeishuMock
import Foundation
import Testing

@testable import FeishuConformanceCLI

/// Runs that cannot start exit 2 with one clear line on stderr, quickly, and write no reports.
@Suite("end to end: unreachable targets and refused credentials")
struct FailureModeTests {
    /// One `error: ...` line, nothing else (no stack trace, no progress), and no reports written.
    static func expectOneErrorLine(_ result: Invocation, directory: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.code == .usageError, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && result.stderr.hasPrefix("error: "), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let reports = directory.appendingPathComponent("out")
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent("results.json").path), sourceLocation: sourceLocation)
    }

    @Test("a port with nothing listening: exit 2 naming the URL, with or without credentials", arguments: [true, false])
    func unreachable(withCredentials: Bool) async throws {
        let port = try await closedLoopbackPort()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let variables = withCredentials ? try defaultAppVariables() : [:]
        let url = "http://127.0.0.1:\(port)"
        let result = try #require(
            await bounded(60, "run against a closed port") {
                await invokeStandard(
                    ["run", "--base-url", url, "--endpoint", "admin.v1.badge.list", "--reports", "out"],
                    variables: variables, directory: directory)
            })
        Self.expectOneErrorLine(result, directory: directory)
        #expect(result.stderr.hasPrefix("error: cannot reach \(url)"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("unreachable"), "stderr: \(result.stderr)")
    }

    @Test(
        "a wrong app secret against the mock on a port (admin API present or hidden): exit 2 with the platform's message",
        arguments: [false, true])
    func badCredentials(hidesAdmin: Bool) async throws {
        let server = try LoopbackMock(specs: shippedSpecs(), hidesAdmin: hidesAdmin)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var variables = try defaultAppVariables()
        let wrongSecret = "wrong-secret-\(UUID().uuidString)"
        variables["FEISHU_APP_SECRET"] = wrongSecret
        let environment = variables
        let result = try #require(
            await bounded(60, "run with a wrong secret") {
                await invokeStandard(
                    ["run", "--base-url", server.baseURL, "--endpoint", "admin.v1.badge.list", "--reports", "out"],
                    variables: environment, directory: directory)
            })
        await server.stop()
        Self.expectOneErrorLine(result, directory: directory)
        // The mock answers the platform's code and message for bad credentials; the CLI passes them on.
        let binding = server.mock.specs.platform.roles.badCredentials
        let message = try #require(server.mock.specs.platform.error(code: binding.code)?.message)
        #expect(result.stderr.contains("FEISHU_APP_ID / FEISHU_APP_SECRET"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("code \(binding.code)"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains(wrongSecret))
    }

    @Test("a server without the admin API and no credentials: exit 2 asking for them")
    func liveWithoutCredentials() async throws {
        let server = try LoopbackMock(specs: shippedSpecs(), hidesAdmin: true)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await invokeStandard(["run", "--base-url", server.baseURL, "--reports", "out"], directory: directory)
        await server.stop()
        Self.expectOneErrorLine(result, directory: directory)
        #expect(result.stderr.contains("FEISHU_APP_ID and FEISHU_APP_SECRET"), "stderr: \(result.stderr)")
    }
}
