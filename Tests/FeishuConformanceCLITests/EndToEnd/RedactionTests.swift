import FeishuMock
import Foundation
import Testing

@testable import FeishuConformanceCLI

/// No app secret, user token or issued tenant token reaches any output of a run: stdout, stderr,
/// or any file of the reports directory. The mock records every such value that crossed the wire.
@Suite("end to end: no secret or token in any output of a run", .serialized)
struct RedactionTests {
    /// Apps with distinctive, random credentials, and the environment that names them.
    static func distinctiveApps() -> (configuration: MockConfiguration, variables: [String: String]) {
        let nonce = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let primary = MockApp(
            appID: "cli_redact_primary", appSecret: "primarySECRET\(nonce)", tenantKey: "tenant_redact_primary",
            capabilities: MockConfiguration.allCapabilities, userAccessTokens: ["u-userTOKEN\(nonce)"])
        let second = MockApp(
            appID: "cli_redact_second", appSecret: "secondSECRET\(nonce)", tenantKey: "tenant_redact_second",
            capabilities: MockConfiguration.allCapabilities)
        let variables = [
            "FEISHU_APP_ID": primary.appID, "FEISHU_APP_SECRET": primary.appSecret,
            "FEISHU_SECOND_APP_ID": second.appID, "FEISHU_SECOND_APP_SECRET": second.appSecret,
            "FEISHU_USER_ACCESS_TOKEN": primary.userAccessTokens[0],
        ]
        return (MockConfiguration(apps: [primary, second]), variables)
    }

    static let secretVariables = ["FEISHU_APP_SECRET", "FEISHU_SECOND_APP_SECRET", "FEISHU_USER_ACCESS_TOKEN"]

    /// Runs the CLI against `server` and checks every output for every known secret and token.
    static func runAndScan(
        _ server: LoopbackMock, variables: [String: String], arguments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (Invocation, RunReports) {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await invokeStandard(
            ["run", "--base-url", server.baseURL, "--reports", "out"] + arguments,
            variables: variables, directory: directory)
        let reports = try RunReports(directory: directory.appendingPathComponent("out"))
        let seen = server.recorder.secretsSeen
        let tokens = seen.filter { $0.hasPrefix("t-") }
        #expect(!tokens.isEmpty, "the run was issued tenant tokens", sourceLocation: sourceLocation)
        let secrets = seen.union(secretVariables.compactMap { variables[$0] })
        let files = allFiles(under: directory)
        #expect(files.count >= 3, sourceLocation: sourceLocation)
        let outputs = [("stdout", result.stdout), ("stderr", result.stderr)] + files
        let found = leaks(of: secrets, in: outputs)
        #expect(found.isEmpty, "secrets in outputs: \(found)", sourceLocation: sourceLocation)
        // Control: the scan does find a token where one is.
        if let token = tokens.first { #expect(leaks(of: secrets, in: [("control", "<\(token)>")]).count == 1, sourceLocation: sourceLocation) }
        return (result, reports)
    }

    @Test("against the mock with its admin API: fresh apps' secrets, user tokens and every tenant token stay out")
    func mockTarget() async throws {
        let apps = Self.distinctiveApps()
        let server = try LoopbackMock(specs: shippedSpecs(), configuration: apps.configuration)
        let (result, _) = try await Self.runAndScan(
            server, variables: apps.variables,
            arguments: ["--endpoint", "admin.v1.badge.list"])
        await server.stop()
        #expect(result.code == .success, "stderr: \(result.stderr)")
        let seen = server.recorder.secretsSeen
        // The given credentials were checked at the token endpoint; fresh apps brought their own secrets.
        #expect(seen.contains(apps.variables["FEISHU_APP_SECRET"] ?? "-"))
        #expect(seen.filter { $0.hasPrefix("mock-secret-") }.count > 5)
        // The mock's own outputs (journal, report) hold none of them either.
        let reports = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: reports) }
        try server.mock.writeReports(to: reports)
        let journal = String(decoding: try JSONEncoder().encode(server.mock.journal), as: UTF8.self)
        let found = leaks(of: seen, in: allFiles(under: reports) + [("journal", journal)])
        #expect(found.isEmpty, "secrets in the mock's outputs: \(found)")
    }

    @Test("against a server without the admin API (live behaviour): the environment's secrets and user token are used, and stay out")
    func liveTarget() async throws {
        let apps = Self.distinctiveApps()
        let server = try LoopbackMock(specs: try listOrderDrift(), configuration: apps.configuration, hidesAdmin: true)
        let (result, reports) = try await Self.runAndScan(
            server, variables: apps.variables,
            arguments: ["--endpoint", "admin.v1.badge.list", "--allow-writes", "--max-writes", "20"])
        await server.stop()
        // A drifted list order, so the reports carry differences with observed values.
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        #expect(reports.caseIDs(status: "failed") == [DriftTests.listWalk])
        let seen = server.recorder.secretsSeen
        #expect(seen.contains(apps.variables["FEISHU_APP_SECRET"] ?? "-"), "the primary app asked for tokens")
        #expect(seen.contains(apps.variables["FEISHU_USER_ACCESS_TOKEN"] ?? "-"), "the user-token case sent the user token")
    }
}
