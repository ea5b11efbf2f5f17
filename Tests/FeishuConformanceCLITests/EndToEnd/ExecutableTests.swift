import ConformanceCatalog
import ConformanceSpec
import Foundation
import HTTPWire
import Testing

@testable import FeishuConformanceCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `feishu-conformance` executable, run as a subprocess: what users and CI actually call.
@Suite("end to end: the built executable as a subprocess")
struct ExecutableTests {
    @Test("mock --port 0: announces its port, answers with the platform envelope and X-Tt-Logid, exits 0 on SIGTERM with its reports; no secret in any output")
    func mockServes() async throws {
        let executable = try BuiltExecutable.require()
        let specs = try EmbeddedSpecs.specSet()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let appID = "cli_e2e_exec"
        let secret = "execSECRET\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        let child = try ChildProcess(
            executable, ["mock", "--port", "0", "--reports", "mock-out", "--app", "\(appID):\(secret)"],
            directory: directory)
        let line = await child.firstLine(within: 30)
        guard let line, let match = line.wholeMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/), let port = Int(match.1), port > 0 else {
            child.send(SIGKILL)
            Issue.record("first stdout line \(String(describing: line)) is not `listening on http://127.0.0.1:PORT`; stderr: \(child.stderr)")
            return
        }

        let transport = URLSessionTransport(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), timeout: .seconds(10))
        let logID = specs.platform.envelope.logIdHeader.value
        // The token endpoint, with the --app credentials.
        let token = specs.platform.tokenEndpoint
        let tokenReply = try await transport.send(
            HTTPRequest(
                method: token.method, target: token.path, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object(["app_id": .string(appID), "app_secret": .string(secret)]).jsonData()))
        let tokenJSON = try JSONValue.parse(tokenReply.body)
        #expect(tokenReply.status == 200)
        #expect(tokenJSON["code"]?.intValue == 0)
        #expect(tokenReply.headers[logID]?.isEmpty == false)
        let issued = try #require(tokenJSON["tenant_access_token"]?.stringValue)

        // An endpoint with the token: the envelope {code, msg, data} and a log id.
        let list = try #require(specs.endpoint(id: "admin.v1.badge.list"))
        let listReply = try await transport.send(
            HTTPRequest(
                method: list.method, target: list.path,
                headers: ["Authorization": "Bearer \(issued)"]))
        let listJSON = try JSONValue.parse(listReply.body)
        #expect(listReply.status == 200)
        #expect(listJSON["code"]?.intValue == 0 && listJSON["msg"]?.stringValue != nil && listJSON["data"]?.objectValue != nil)
        #expect(listReply.headers[logID]?.isEmpty == false)

        // Without a token: the platform's error envelope, still with a log id.
        let refused = try await transport.send(HTTPRequest(method: list.method, target: list.path))
        let refusedJSON = try JSONValue.parse(refused.body)
        #expect(refusedJSON["code"]?.intValue == specs.platform.roles.missingToken.code)
        #expect(refused.headers[logID]?.isEmpty == false)

        child.send(SIGTERM)
        let exit = await child.exit(within: 10)
        #expect(exit?.status == 0 && exit?.bySignal == false, "exit \(String(describing: exit)); stderr: \(child.stderr)")
        #expect(child.stderr.contains("SIGTERM received"), "stderr: \(child.stderr)")
        let reports = directory.appendingPathComponent("mock-out")
        let markdown = try String(contentsOf: reports.appendingPathComponent("mock-report.md"), encoding: .utf8)
        let junit = try String(contentsOf: reports.appendingPathComponent("mock-junit.xml"), encoding: .utf8)
        #expect(markdown.contains("admin.v1.badge.list"))
        #expect(junit.contains("<testsuite"))

        let outputs = [("stdout", child.stdout), ("stderr", child.stderr)] + allFiles(under: reports)
        let found = leaks(of: [secret, issued], in: outputs)
        #expect(found.isEmpty, "secrets in the mock's outputs: \(found)")
    }

    @Test("run --endpoint nope: exit 2 naming every known endpoint")
    func unknownEndpoint() async throws {
        let executable = try BuiltExecutable.require()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try #require(try await ChildProcess.run(executable, ["run", "--endpoint", "nope", "--reports", "out"], directory: directory))
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("error: --endpoint nope: no such endpoint"), "stderr: \(outcome.stderr)")
        for endpoint in try EmbeddedSpecs.specSet().endpoints {
            #expect(outcome.stderr.contains(endpoint.id), "stderr: \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test("export openapi: the same OpenAPI 3.1 bytes on stdout and in --out, from any directory; a bad --specs exits 2")
    func exportOpenAPI() async throws {
        let executable = try BuiltExecutable.require()
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try #require(try await ChildProcess.run(executable, ["export", "openapi", "--out", "api.json"], directory: directory))
        #expect(written.status == 0, "stderr: \(written.stderr)")
        #expect(written.stdout.isEmpty)
        #expect(written.stderr.contains("api.json"))
        let file = try Data(contentsOf: directory.appendingPathComponent("api.json"))
        let printed = try #require(try await ChildProcess.run(executable, ["export", "openapi"], directory: directory))
        #expect(printed.status == 0)
        #expect(Data(printed.stdout.utf8) == file)
        let document = try JSONValue.parse(file)
        #expect(document["openapi"]?.stringValue == "3.1.0")
        let specs = try EmbeddedSpecs.specSet()
        let paths = document["paths"]?.objectValue ?? [:]
        for endpoint in specs.endpoints + [specs.platform.tokenEndpoint] {
            // OpenAPI writes path parameters as {name} where the specs write :name.
            let path = endpoint.path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            #expect(paths[path]?[endpoint.method.lowercased()]?["operationId"]?.stringValue == endpoint.id, "\(path)")
        }
        let bad = try #require(try await ChildProcess.run(executable, ["export", "openapi", "--specs", "no-such-dir"], directory: directory))
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("error: cannot load the specs"), "stderr: \(bad.stderr)")
        let unknown = try #require(try await ChildProcess.run(executable, ["export", "openapi", "--endpoint", "no.such.id"], directory: directory))
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no endpoint \"no.such.id\""), "stderr: \(unknown.stderr)")
    }

    @Test(
        "--help of the tool and of every subcommand exits 0 with its usage",
        arguments: [[String]()] + FeishuConformanceCLI.subcommands.map { [$0.configuration.name] })
    func help(_ prefix: [String]) async throws {
        let executable = try BuiltExecutable.require()
        let outcome = try #require(try await ChildProcess.run(executable, prefix + ["--help"], directory: FileManager.default.temporaryDirectory))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        let expected =
            prefix.isEmpty
            ? FeishuConformanceCLI.rootHelp()
            : FeishuConformanceCLI.help(
                try #require(FeishuConformanceCLI.subcommand(prefix[0])),
                CommandEnvironment(
                    stdout: CapturedOutput(), stderr: CapturedOutput(),
                    currentDirectory: FileManager.default.temporaryDirectory, actions: .standard))
        #expect(outcome.stdout == expected)
        #expect(outcome.stdout.contains("feishu-conformance"))
    }
}
