import ConformanceCatalog
import ConformanceKit
import Testing

extension ConformanceCase: CustomTestStringConvertible {
    /// The case title: `POST /open-apis/admin/v1/badges: name of 31 characters -> 1051104`.
    public var testDescription: String { title }
}

/// Runs generated conformance cases. Cases that cannot run on this target are never reported as
/// passed: `runnable(_:)` leaves them out of the test arguments and prints each with its reason.
enum Harness {
    /// Why no case can run in this build, or nil when a runner is available.
    ///
    /// Interim: ConformanceKit's `Runner` and `FeishuMock` are not on this branch yet; until they
    /// are merged every case is reported as not exercised (never as passed).
    static let unavailableReason: String? = "the ConformanceKit runner and FeishuMock are not merged into this build yet"

    /// The cases that can run here; prints every other case with the reason it is not exercised.
    static func runnable(_ cases: [ConformanceCase]) -> [ConformanceCase] {
        var runnable: [ConformanceCase] = []
        var skipped: [(ConformanceCase, String)] = []
        for c in cases {
            if let reason = c.notExercisableReason ?? unavailableReason {
                skipped.append((c, reason))
            } else {
                runnable.append(c)
            }
        }
        if !skipped.isEmpty {
            print("Not exercised (\(skipped.count) of \(cases.count) cases):")
            for (c, reason) in skipped { print("  - \(c.title): \(reason)") }
        }
        return runnable
    }

    /// Runs one case; records an issue with expected vs observed and the rule for each difference.
    static func run(_ conformanceCase: ConformanceCase) async throws {
        Issue.record("\(conformanceCase.title): no runner in this build (\(unavailableReason ?? "unknown")), rule \(conformanceCase.rule)")
    }
}
