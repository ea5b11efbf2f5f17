import ConformanceKit
import Foundation
import Synchronization
import Testing

@testable import FeishuConformanceCLI

@Suite("run: progress, reports and exit codes")
struct RunOutputTests {
    @Test(
        "exit code by verdict",
        arguments: [
            ([CaseStatus.passed, .skipped, .warning], ExitCode.success),
            ([.passed, .failed], .failure),
            ([.passed, .error], .failure),
            ([.error, .error, .skipped], .usageError),
            ([.skipped], .success),
            ([], .success),
        ])
    func exitCodes(_ statuses: [CaseStatus], _ expected: ExitCode) {
        let run = sampleRun(statuses.enumerated().map { sampleCase("c\($0.offset)", $0.element) })
        #expect(RunCommand.exitCode(for: run) == expected)
        #expect(RunCommand.exitCode(for: run, failOn: .failure) == expected)
    }

    @Test(
        "--fail-on warning: any warning exits 1; otherwise as --fail-on failure",
        arguments: [
            ([CaseStatus.passed, .skipped, .warning], ExitCode.failure),
            ([.passed, .skipped], .success),
            ([.passed, .failed], .failure),
            ([.error, .error, .skipped], .usageError),
            ([.skipped], .success),
        ])
    func failOnWarning(_ statuses: [CaseStatus], _ expected: ExitCode) {
        let run = sampleRun(statuses.enumerated().map { sampleCase("c\($0.offset)", $0.element) })
        #expect(RunCommand.exitCode(for: run, failOn: .warning) == expected)
    }

    @Test("--fail-on parses failure and warning, defaults to failure, refuses anything else")
    func failOnParsing() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let warned = sampleRun([sampleCase("ok", .passed), sampleCase("odd", .warning)])
        let byDefault = await invoke(
            ["run", "--reports", "out", "--quiet"], actions: actions(recorder: Recorder(), runResult: warned),
            directory: directory)
        #expect(byDefault.code == .success, "stderr: \(byDefault.stderr)")
        let strict = await invoke(
            ["run", "--reports", "out", "--fail-on", "warning"],
            actions: actions(recorder: Recorder(), runResult: warned), directory: directory)
        #expect(strict.code == .failure, "stderr: \(strict.stderr)")
        #expect(strict.stderr.contains("--fail-on warning: 1 case with warnings fail the run"))
        #expect(strict.stderr.contains("exit 1"))
        let explicit = await invoke(
            ["run", "--reports", "out", "--quiet", "--fail-on", "failure"],
            actions: actions(recorder: Recorder(), runResult: warned), directory: directory)
        #expect(explicit.code == .success)
        let bad = await invoke(["run", "--fail-on", "error"], actions: actions(recorder: Recorder(), runResult: warned), directory: directory)
        #expect(bad.code == .usageError)
        #expect(bad.stderr.contains("failure or warning"), "stderr: \(bad.stderr)")
    }

    @Test("writes the three reports, prints their paths on stdout and progress on stderr")
    func endToEnd() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = sampleRun([
            sampleCase("ok", .passed), sampleCase("bad", .failed), sampleCase("odd", .warning),
            sampleCase("skip", .skipped), sampleCase("img", .error, endpoint: "admin.v1.badge_image.create"),
        ])
        let recorder = Recorder()
        let result = await invoke(
            ["run", "--reports", "out/reports", "--endpoint", "admin.v1.badge.create"],
            actions: actions(recorder: recorder, runResult: run), directory: directory)
        #expect(result.code == .failure)
        let reports = directory.appendingPathComponent("out/reports")
        #expect(result.stdout == ["conformance.md", "junit.xml", "results.json"].map { reports.appendingPathComponent($0).path + "\n" }.joined())
        for name in ["conformance.md", "junit.xml", "results.json"] {
            #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(name).path))
        }
        #expect(
            result.stderr == """
                admin.v1.badge.create: 4 cases
                admin.v1.badge_image.create: 1 case
                  FAIL POST /x: bad: request.name.maxLength: expected code 1051104, observed code 0
                  WARN POST /x: odd: behaviours.unique: expected code 1051105, observed code 0
                admin.v1.badge.create: 4 cases: 1 passed, 1 failed, 1 warning, 1 not exercised (0:00)
                  ERROR POST /x: img: could not complete: connection reset
                admin.v1.badge_image.create: 1 case: 0 passed, 1 could not complete (0:00)
                ❌ does not conform: 5 cases: 1 passed, 1 failed, 1 warning, 1 not exercised, 1 could not complete against embedded mock; exit 1

                """)
        #expect(recorder.configurations.withLock { $0.map(\.endpointIDs) } == [["admin.v1.badge.create"]])
    }

    @Test("--quiet prints only the summary; a terminal gets colour")
    func styles() async {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = sampleRun([sampleCase("ok", .passed), sampleCase("bad", .failed)])
        let quiet = await invoke(["run", "--quiet"], actions: actions(recorder: Recorder(), runResult: run), directory: directory, terminal: true)
        #expect(quiet.stderr == "❌ does not conform: 2 cases: 1 passed, 1 failed against embedded mock; exit 1\n")
        let colour = await invoke(["run"], actions: actions(recorder: Recorder(), runResult: run), directory: directory, terminal: true)
        #expect(colour.stderr.contains("  \u{1B}[31mFAIL\u{1B}[0m POST /x: bad"))
        let noColour = await invoke(
            ["run"], variables: ["NO_COLOR": "1"], actions: actions(recorder: Recorder(), runResult: run),
            directory: directory, terminal: true)
        #expect(!noColour.stderr.contains("\u{1B}"))
        let passing = await invoke(
            ["run"], actions: actions(recorder: Recorder(), runResult: sampleRun([sampleCase("ok", .passed)])),
            directory: directory)
        #expect(passing.code == .success)
    }

    @Test("a baseline adds the changes section; a malformed one fails before running")
    func baseline() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let earlier = sampleRun([sampleCase("bad", .passed)])
        let first = await invoke(["run", "--reports", "old"], actions: actions(recorder: Recorder(), runResult: earlier), directory: directory)
        #expect(first.code == .success)
        let now = sampleRun([sampleCase("bad", .failed)])
        let second = await invoke(
            ["run", "--baseline", "old/results.json"], actions: actions(recorder: Recorder(), runResult: now),
            directory: directory)
        #expect(second.code == .failure)
        let markdown = try String(contentsOf: directory.appendingPathComponent("Reports/conformance.md"), encoding: .utf8)
        #expect(markdown.contains("**New differences** (1)"))

        try Data("{ nope".utf8).write(to: directory.appendingPathComponent("broken.json"))
        let recorder = Recorder()
        let broken = await invoke(["run", "--baseline", "broken.json"], actions: actions(recorder: recorder), directory: directory)
        #expect(broken.code == .usageError)
        #expect(
            broken.stderr.hasPrefix(
                "error: baseline \(directory.appendingPathComponent("broken.json").path) is not a results.json written by feishu-conformance"))
        #expect(recorder.configurations.withLock { $0.isEmpty })
        let missing = await invoke(["run", "--baseline", "nope.json"], actions: actions(recorder: recorder), directory: directory)
        #expect(missing.code == .usageError)
        #expect(missing.stderr.hasPrefix("error: cannot read baseline "))
    }

    @Test("an unwritable reports directory is exit 2")
    func unwritable() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("file".utf8).write(to: directory.appendingPathComponent("blocker"))
        let result = await invoke(["run", "--reports", "blocker/sub"], actions: actions(recorder: Recorder()), directory: directory)
        #expect(result.code == .usageError)
        #expect(result.stderr.contains("error: cannot write report "))
    }
}

/// A clock that moves only when told to.
final class SteppedClock: RunClock {
    private let current = Mutex(0.0)
    var now: Double { current.withLock { $0 } }
    func sleep(seconds: Double) async { advance(seconds) }
    func advance(_ seconds: Double) { current.withLock { $0 += seconds } }
}

@Suite("run: progress while endpoints run side by side")
struct RunProgressTests {
    static func plan() -> RunPlan {
        RunPlan(
            endpoints: [
                RunPlan.Endpoint(id: "a.v1.x", signature: "POST /a", cases: 4, runnable: 4, skipped: [], objects: [:], floorSeconds: 120),
                RunPlan.Endpoint(id: "b.v1.y", signature: "POST /b", cases: 2, runnable: 2, skipped: [], objects: [:], floorSeconds: 10),
            ], buckets: [], live: true)
    }

    @Test("plain: i/N per endpoint, elapsed and the paced estimate, at most every 10 s; an endpoint's counts when its last case ends")
    func plainHeartbeat() {
        let out = CapturedOutput()
        let clock = SteppedClock()
        let printer = RunProgressPrinter(output: out, style: .plain, clock: clock)
        printer.runPlanned(Self.plan())
        printer.caseFinished(sampleCase("one", .passed, endpoint: "a.v1.x"))
        #expect(!out.text.contains("progress:"), "no heartbeat before 10 s:\n\(out.text)")
        clock.advance(12)
        printer.caseFinished(sampleCase("two", .passed, endpoint: "a.v1.x"))
        clock.advance(3)
        printer.caseFinished(sampleCase("three", .passed, endpoint: "b.v1.y"))
        #expect(
            out.text == """
                a.v1.x: 4 cases
                b.v1.y: 2 cases
                progress: 0:12 elapsed, a.v1.x 2/4, b.v1.y 0/2, about 1:00 left

                """)
        clock.advance(10)
        printer.caseFinished(sampleCase("four", .passed, endpoint: "b.v1.y"))
        #expect(
            out.text.hasSuffix(
                """
                b.v1.y: 2 cases: 2 passed (0:25)
                progress: 0:25 elapsed, a.v1.x 2/4, about 1:00 left

                """), "\(out.text)")
    }

    @Test("terminal: one status line redrawn in place, cleared before other lines and the summary")
    func terminalStatus() {
        let out = CapturedOutput()
        let clock = SteppedClock()
        let printer = RunProgressPrinter(output: out, style: .terminal, clock: clock)
        printer.runPlanned(Self.plan())
        clock.advance(5)
        printer.caseFinished(sampleCase("one", .passed, endpoint: "a.v1.x"))
        #expect(out.text.hasSuffix("\r\u{1B}[K0:05 elapsed, a.v1.x 1/4, b.v1.y 0/2, about 1:30 left"), "\(out.text.debugDescription)")
        printer.caseFinished(sampleCase("bad", .failed, endpoint: "a.v1.x"))
        #expect(out.text.contains("\r\u{1B}[K  \u{1B}[31mFAIL\u{1B}[0m POST /x: bad"), "\(out.text.debugDescription)")
        printer.summary(sampleRun([sampleCase("one", .passed, endpoint: "a.v1.x")]), exitCode: .success)
        #expect(out.text.hasSuffix("\r\u{1B}[K✅ conforms: 1 case: 1 passed against embedded mock; exit 0\n"), "\(out.text.debugDescription)")
    }
}
