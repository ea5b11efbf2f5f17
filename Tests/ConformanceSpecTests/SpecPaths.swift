import Foundation
import Testing

/// Locations of the repository's spec files (found from this file's path) and of the platform's seed
/// doc pages (named by `FEISHU_SEEDS_DIR`: they are the platform's text and never part of the repository).
enum SpecPaths {
    /// The repository root (three levels above this file).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Specs/` in the repository.
    static let specs: URL = repoRoot.appendingPathComponent("Specs")

    /// The environment variable that names the seed doc pages' directory (`.ci/run` sets it).
    static let seedsVariable = "FEISHU_SEEDS_DIR"

    /// The seed doc pages' directory from ``seedsVariable``, or nil when it is unset or empty (a
    /// user's clone): tests that need the pages are then skipped with ``seedsSkipReason``.
    static let seeds: URL? = ProcessInfo.processInfo.environment[seedsVariable].flatMap {
        $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true)
    }

    /// Why seed-page tests are skipped when ``seeds`` is nil.
    static let seedsSkipReason: Comment = """
        \(seedsVariable) is not set: the platform's seed doc pages are not part of the repository; \
        .ci/run points it at them (FEISHU_SEEDS_DIR=DIR swift test runs these checks)
        """

    /// This test target's `Resources/` directory in the source tree.
    static let resources: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
}
