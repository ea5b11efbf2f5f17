import ConformanceKit
import ConformanceReport
import Synchronization

/// Where the runner reports progress while it works. Called from any task; implementations are thread-safe.
public protocol RunProgress: Sendable {
    /// An endpoint's cases are about to run.
    func endpointStarted(_ endpointID: String, caseCount: Int)
    /// One case finished.
    func caseFinished(_ result: CaseResult)
}

/// Prints progress to stderr: one line when an endpoint starts, one per difference as it happens,
/// the endpoint's counts when it ends, and a final summary. `terminal` adds colour; `plain` is for
/// logs (stderr not a TTY); `quiet` prints only the final summary.
public final class RunProgressPrinter: RunProgress {
    /// How much and how to print.
    public enum Style: Sendable, Hashable {
        /// Colour marks (stderr is a terminal).
        case terminal
        /// Plain lines for logs.
        case plain
        /// Only the final summary.
        case quiet
    }

    private struct State {
        var endpoint: String?
        var cases: [CaseResult] = []
    }

    private let output: any TextOutput
    private let style: Style
    private let state = Mutex(State())

    /// A printer writing to `output`.
    public init(output: any TextOutput, style: Style) {
        self.output = output
        self.style = style
    }

    /// Closes the previous endpoint (its counts) and announces the next.
    public func endpointStarted(_ endpointID: String, caseCount: Int) {
        finishEndpoint()
        state.withLock { $0.endpoint = endpointID }
        emit("\(endpointID): \(caseCount) case\(caseCount == 1 ? "" : "s")")
    }

    /// Prints a line for a failure, warning or error; counts every case.
    public func caseFinished(_ result: CaseResult) {
        state.withLock { $0.cases.append(result) }
        let mark: String
        let colour: String
        switch result.status {
        case .failed: mark = "FAIL"; colour = "31"
        case .warning:
            mark = result.findings.allSatisfy({ $0.rule == "drift" }) ? "DRIFT" : "WARN"
            colour = "33"
        case .error: mark = "ERROR"; colour = "35"
        case .passed, .skipped: return
        }
        let shown = style == .terminal ? "\u{1B}[\(colour)m\(mark)\u{1B}[0m" : mark
        let detail: String
        if result.status == .error {
            detail = "could not complete: " + (result.skipReason ?? "no detail")
        } else if let finding = result.findings.first(where: { $0.severity == (result.status == .failed ? .failure : .warning) }) {
            detail = finding.description
        } else {
            detail = result.rule
        }
        emit("  \(shown) \(oneLine(result.title)): \(oneLine(detail))")
    }

    /// Prints the counts of the endpoint in progress, if any (the runner need not call this).
    public func finishEndpoint() {
        let finished: (String, [CaseResult])? = state.withLock { state in
            guard let endpoint = state.endpoint else { return nil }
            defer { state.endpoint = nil; state.cases = [] }
            return (endpoint, state.cases)
        }
        guard let (endpoint, cases) = finished else { return }
        emit("\(endpoint): \(StatusCounts(cases).sentence)")
    }

    /// The final line: verdict, totals and exit status; printed in every style.
    public func summary(_ result: RunResult, exitCode: ExitCode) {
        let line = "\(MarkdownReport.verdict(result)): \(StatusCounts(result.cases).sentence) against \(oneLine(result.target)); exit \(exitCode.rawValue)\n"
        output.write(line)
    }

    private func emit(_ line: String) {
        guard style != .quiet else { return }
        output.write(line + "\n")
    }

    /// Control characters (including line breaks) made visible, so one difference is one line.
    private func oneLine(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += scalar == "\n" ? " " : "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
