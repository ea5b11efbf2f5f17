import ConformanceKit
import ConformanceSpec
import Foundation
import Synchronization

@testable import FeishuConformanceCLI

/// Runs the real command line in a captured environment.
struct Invocation {
    var code: ExitCode
    var stdout: String
    var stderr: String
}

func invoke(
    _ arguments: [String], variables: [String: String] = [:], actions: CommandActions = .unwired,
    directory: URL = FileManager.default.temporaryDirectory, terminal: Bool = false,
    runClock: any RunClock = SystemRunClock()
) async -> Invocation {
    let out = CapturedOutput()
    let err = CapturedOutput()
    let environment = CommandEnvironment(
        stdout: out, stderr: err, variables: variables, currentDirectory: directory,
        stderrIsTerminal: terminal, actions: actions, runClock: runClock)
    let code = await FeishuConformanceCLI.run(arguments: arguments, environment: environment)
    return Invocation(code: code, stdout: out.text, stderr: err.text)
}

/// Records what the stub actions received.
final class Recorder: Sendable {
    let commands = Mutex<[String]>([])
    let configurations = Mutex<[RunConfiguration]>([])
    func note(_ text: String) { commands.withLock { $0.append(text) } }
}

func actions(recorder: Recorder, runResult: RunResult? = nil, lintCode: ExitCode = .success) -> CommandActions {
    CommandActions(
        lint: { command, _ in
            recorder.note("lint \(command.specsDirectory ?? "-")")
            return lintCode
        },
        generate: { command, _ in
            recorder.note("generate \(command.specsDirectory ?? "-") \(command.checkOnly)")
            return .success
        },
        mock: { command, _ in
            recorder.note("mock \(command.host) \(command.port) \(command.apps.map(\.id)) \(command.reportsDirectory) \(command.rateLimits)")
            return .success
        },
        executeRun: { configuration, progress, _ in
            recorder.configurations.withLock { $0.append(configuration) }
            let result = runResult ?? sampleRun([])
            progress.runPlanned(
                RunPlan(
                    endpoints: result.endpoints.map { endpoint in
                        RunPlan.Endpoint(
                            id: endpoint.id, signature: endpoint.signature, cases: result.cases.filter { $0.endpointID == endpoint.id }.count,
                            runnable: 0, skipped: [], objects: [:], floorSeconds: 0)
                    }, buckets: [], live: false))
            for item in result.cases { progress.caseFinished(item) }
            return result
        },
        mockDefaultApps: { ["cli_mock_primary:mock_secret_primary (tenant A)"] },
        export: { command, _ in
            recorder.note("export \(command.format.rawValue) \(command.specsDirectory ?? "-") \(command.endpointIDs) \(command.outFile ?? "-")")
            return .success
        })
}

func sampleCase(_ id: String, _ status: CaseStatus, endpoint: String = "admin.v1.badge.create") -> CaseResult {
    let provenance = Provenance.documented("最多30个字符")
    let findings: [Finding] =
        switch status {
        case .failed: [Finding(severity: .failure, rule: "request.name.maxLength", expected: "code 1051104", observed: "code 0", provenance: provenance)]
        case .warning:
            [Finding(severity: .warning, rule: "behaviours.unique", expected: "code 1051105", observed: "code 0", provenance: .inferred("silent docs"))]
        default: []
        }
    return CaseResult(
        caseID: "\(endpoint)/\(id)", endpointID: endpoint, title: "POST /x: \(id)", kind: .field,
        rule: "request.name", provenance: provenance, covers: [.field("name")], status: status,
        findings: findings, skipReason: status == .skipped ? "needs --allow-writes" : status == .error ? "connection reset" : nil)
}

func sampleRun(_ cases: [CaseResult]) -> RunResult {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let ids = Array(Set(cases.map(\.endpointID))).sorted()
    return RunResult(
        target: "embedded mock", toolVersion: "test", startedAt: start, finishedAt: start.addingTimeInterval(1),
        endpoints: ids.map { EndpointSummary(id: $0, signature: "POST /x", summary: "", coverage: [.field("name")]) },
        cases: cases)
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-tests-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
