import ConformanceCatalog
import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

extension ConformanceCase: CustomTestStringConvertible {
    /// The case title: `POST /open-apis/admin/v1/badges: name of 31 characters -> 1051104`.
    public var testDescription: String { title }
}

/// Runs generated conformance cases through ConformanceKit's `Runner`: against an in-process
/// `FeishuMock` by default, against a live tenant when `FEISHU_BASE_URL` is set (credentials from
/// `FEISHU_APP_ID` / `FEISHU_APP_SECRET`, optional second tenant and user token; writes only with
/// `FEISHU_ALLOW_WRITES=1`). A case that cannot run is never reported as passed: `runnable(_:)`
/// leaves it out of the arguments and prints it with its reason; one the runner skips is cancelled
/// on a live tenant and fails on the mock, as does any warning there: against the mock, these
/// suites are the catalog run and fail on every disagreement.
enum Harness {
    static let environment = ProcessInfo.processInfo.environment
    static let liveBaseURL: URL? = environment["FEISHU_BASE_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
    static let credentials = Credentials.fromEnvironment(environment)
    static let allowWrites = environment["FEISHU_ALLOW_WRITES"] == "1"

    /// The embedded specs, or why they cannot be loaded.
    static let specs: Result<SpecSet, any Error> = Result { try EmbeddedSpecs.specSet() }

    /// One mock shared by every case (the runner gives each case fresh apps on it).
    static let mock: Result<FeishuMock, any Error> = specs.map { FeishuMock(specs: $0) }

    static var options: RunOptions { RunOptions(allowWrites: allowWrites, mockConcurrency: 1) }

    /// Why `c` cannot run on this target, or nil: the runner's own reasons (one home for them).
    static func reasonNotRunnable(_ c: ConformanceCase) -> String? {
        guard let specs = try? specs.get(), let target = try? target() else { return nil }
        return Runner().skipReason(for: c, specs: specs, target: target, options: options)
    }

    /// The cases that can run here; prints every other case with the reason it is not exercised.
    static func runnable(_ cases: [ConformanceCase]) -> [ConformanceCase] {
        var runnable: [ConformanceCase] = []
        var skipped: [String] = []
        for c in cases {
            if let reason = reasonNotRunnable(c) { skipped.append("  - \(c.title): \(reason)") } else { runnable.append(c) }
        }
        if !skipped.isEmpty {
            print("Not exercised (\(skipped.count) of \(cases.count) cases):\n" + skipped.joined(separator: "\n"))
        }
        return runnable
    }

    static func target() throws -> RunTarget {
        if let url = liveBaseURL {
            return RunTarget(transport: URLSessionTransport(baseURL: url), description: url.absoluteString, isMock: false, credentials: credentials)
        }
        return RunTarget(transport: InProcessTransport(handler: try mock.get()), description: "embedded mock", isMock: true)
    }

    /// Runs one case; records an issue with expected vs observed, the rule and its provenance for each failure.
    static func run(_ conformanceCase: ConformanceCase) async throws {
        let specs = try Self.specs.get()
        let result = try await Runner().run(cases: [conformanceCase], specs: specs, target: target(), options: options)
        let caseResult = try #require(result.cases.first, "the runner returned no result for \(conformanceCase.id)")
        switch caseResult.status {
        case .passed:
            return
        case .warning:
            // A live tenant may differ from an inferred expectation (a warning); the mock implements
            // every decision, so on the mock any disagreement fails the case.
            for finding in caseResult.findings {
                if liveBaseURL == nil {
                    Issue.record("""
                        \(conformanceCase.title)
                        rule: \(finding.rule)\(finding.path.map { " at \($0)" } ?? "") (inferred: \(finding.provenance.text))
                        expected: \(finding.expected)
                        observed: \(finding.observed)
                        """)
                } else {
                    print("warning: \(conformanceCase.title): \(finding) [\(finding.provenance.kind)]")
                }
            }
        case .skipped:
            // `runnable` already left out what cannot run here; the mock offers everything else.
            if liveBaseURL == nil {
                Issue.record("\(conformanceCase.title): skipped on the mock: \(caseResult.skipReason ?? "no reason given")")
                return
            }
            try Test.cancel("not exercised: \(caseResult.skipReason ?? "no reason given")")
        case .failed, .error:
            if caseResult.findings.isEmpty {
                Issue.record("\(conformanceCase.title): \(caseResult.status.rawValue) (\(caseResult.skipReason ?? "no findings"))")
            }
            for finding in caseResult.findings where finding.severity == .failure || caseResult.status == .error {
                Issue.record("""
                    \(conformanceCase.title)
                    rule: \(finding.rule)\(finding.path.map { " at \($0)" } ?? "") (\(finding.provenance.kind): \(finding.provenance.text))
                    expected: \(finding.expected)
                    observed: \(finding.observed)
                    """)
            }
        }
    }
}
