import ConformanceKit
import ConformanceReport
import Synchronization

/// Where the runner reports progress while it works. Called from any task; implementations are thread-safe.
public protocol RunProgress: Sendable {
    /// The run starts: its plan (cases per endpoint and each endpoint's least time under the
    /// documented rate limits, for estimates).
    func runPlanned(_ plan: RunPlan)
    /// One case finished.
    func caseFinished(_ result: CaseResult)
}

/// Prints progress to stderr: the endpoints and their case counts when the run starts, one line
/// per difference as it happens, each endpoint's counts when its last case ends, and a final
/// summary. Endpoints of a live run proceed side by side, so progress is per endpoint: `i/N`
/// cases, the elapsed time and an estimate of what is left from the pacing the plan predicts.
/// `terminal` keeps that on one status line redrawn in place (with colour); `plain` (stderr not a
/// TTY) prints it as a line at most every ``heartbeatSeconds``; `quiet` prints only the summary.
public final class RunProgressPrinter: RunProgress {
    /// How much and how to print.
    public enum Style: Sendable, Hashable {
        /// Colour marks and a status line (stderr is a terminal).
        case terminal
        /// Plain lines for logs.
        case plain
        /// Only the final summary.
        case quiet
    }

    /// Seconds between two plain progress lines.
    public static let heartbeatSeconds = 10.0

    private struct Lane {
        var id: String
        var total: Int
        var floorSeconds: Double
        var done: [CaseResult] = []
        var finishedAt: Double?
    }

    private struct State {
        var lanes: [Lane] = []
        /// Endpoint id -> its lane's index (a whole imported corpus has 1,669 lanes).
        var laneIndex: [String: Int] = [:]
        var lastHeartbeat = 0.0
        var statusShown = false
    }

    private let output: any TextOutput
    private let style: Style
    private let clock: any RunClock
    private let startedAt: Double
    private let state = Mutex(State())

    /// A printer writing to `output`, timing by `clock`.
    public init(output: any TextOutput, style: Style, clock: any RunClock = SystemRunClock()) {
        self.output = output
        self.style = style
        self.clock = clock
        self.startedAt = clock.now
    }

    /// Lists the endpoints with their case counts.
    public func runPlanned(_ plan: RunPlan) {
        let lines = state.withLock { state -> [String] in
            state.lanes = plan.endpoints.map { Lane(id: $0.id, total: $0.cases, floorSeconds: $0.floorSeconds) }
            state.laneIndex = Dictionary(state.lanes.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
            state.lastHeartbeat = clock.now
            return plan.endpoints.map { "\($0.id): \($0.cases) case\($0.cases == 1 ? "" : "s")" }
        }
        for line in lines { emit(line) }
    }

    /// Prints a line for a failure, warning or error; counts every case; closes its endpoint when
    /// it was the last; refreshes the progress.
    public func caseFinished(_ result: CaseResult) {
        let now = clock.now
        let closed = state.withLock { state -> String? in
            guard let k = state.laneIndex[result.endpointID] else {
                state.laneIndex[result.endpointID] = state.lanes.count
                state.lanes.append(Lane(id: result.endpointID, total: 0, floorSeconds: 0))
                state.lanes[state.lanes.count - 1].done.append(result)
                return nil
            }
            state.lanes[k].done.append(result)
            guard state.lanes[k].done.count == state.lanes[k].total else { return nil }
            state.lanes[k].finishedAt = now
            return "\(result.endpointID): \(StatusCounts(state.lanes[k].done).sentence) (\(Self.clockText(now - startedAt)))"
        }
        if let line = difference(result) { emit(line) }
        if let closed { emit(closed) }
        refresh(now: now)
    }

    /// Clears the status line, if one is shown (the summary follows).
    public func finishEndpoint() {
        let shown = state.withLock { state -> Bool in
            defer { state.statusShown = false }
            return state.statusShown
        }
        if shown, style == .terminal { output.write("\r\u{1B}[K") }
    }

    /// The progress text: each unfinished endpoint's `i/N`, elapsed time and the estimate.
    func progressText(now: Double) -> String? {
        state.withLock { state -> String? in
            let open = state.lanes.filter { $0.finishedAt == nil && $0.total > 0 }
            guard !open.isEmpty else { return nil }
            let lanes = open.map { "\($0.id) \($0.done.count)/\($0.total)" }.joined(separator: ", ")
            let elapsed = now - startedAt
            return "\(Self.clockText(elapsed)) elapsed, \(lanes)" + (estimate(open, elapsed: elapsed).map { ", about \(Self.clockText($0)) left" } ?? "")
        }
    }

    /// Seconds left: the paced endpoint that needs longest (its least time under the documented
    /// limits, for its cases still to run), or, where nothing is paced, the pace so far.
    private func estimate(_ open: [Lane], elapsed: Double) -> Double? {
        let paced = open.map { $0.floorSeconds * Double($0.total - $0.done.count) / Double(max($0.total, 1)) }.max() ?? 0
        if paced > 0 { return paced }
        let done = open.reduce(0) { $0 + $1.done.count }
        let total = open.reduce(0) { $0 + $1.total }
        guard done > 0 else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    private func refresh(now: Double) {
        switch style {
        case .quiet: return
        case .terminal:
            guard let text = progressText(now: now) else {
                finishEndpoint()
                return
            }
            state.withLock { $0.statusShown = true }
            output.write("\r\u{1B}[K" + text)
        case .plain:
            let due = state.withLock { state -> Bool in
                guard now - state.lastHeartbeat >= Self.heartbeatSeconds else { return false }
                state.lastHeartbeat = now
                return true
            }
            if due, let text = progressText(now: now) { output.write("progress: \(text)\n") }
        }
    }

    /// `m:ss` (or `h:mm:ss`) for a number of seconds.
    static func clockText(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    /// The line for a failure, warning or error; nil for passed and skipped cases.
    private func difference(_ result: CaseResult) -> String? {
        let mark: String
        let colour: String
        switch result.status {
        case .failed:
            mark = "FAIL"
            colour = "31"
        case .warning:
            mark = result.findings.allSatisfy({ $0.rule == "drift" }) ? "DRIFT" : "WARN"
            colour = "33"
        case .error:
            mark = "ERROR"
            colour = "35"
        case .passed, .skipped: return nil
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
        return "  \(shown) \(oneLine(result.title)): \(oneLine(detail))"
    }

    /// The final line: verdict, totals and exit status; printed in every style.
    public func summary(_ result: RunResult, exitCode: ExitCode) {
        finishEndpoint()
        let line = "\(MarkdownReport.verdict(result)): \(StatusCounts(result.cases).sentence) against \(oneLine(result.target)); exit \(exitCode.rawValue)\n"
        output.write(line)
    }

    private func emit(_ line: String) {
        guard style != .quiet else { return }
        let clear = state.withLock { state -> Bool in
            defer { state.statusShown = false }
            return state.statusShown
        }
        output.write((clear && style == .terminal ? "\r\u{1B}[K" : "") + line + "\n")
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
