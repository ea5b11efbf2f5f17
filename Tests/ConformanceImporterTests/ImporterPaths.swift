import Foundation
import Testing

/// Where the repository's specs are, and where the platform's doc pages are: never in the
/// repository, named by environment variables that `.ci/run` sets from the shared folder beside the clone.
enum ImporterPaths {
    /// The repository root (three levels above this file).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Specs/` in the repository.
    static let specs: URL = repoRoot.appendingPathComponent("Specs")

    /// The seed pages' directory (`FEISHU_SEEDS_DIR`), or nil when unset.
    static let seeds: URL? = directory("FEISHU_SEEDS_DIR")
    /// The GFM export's directory (`FEISHU_DOCS_DIR`), or nil when unset.
    static let docs: URL? = directory("FEISHU_DOCS_DIR")

    static func directory(_ variable: String) -> URL? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// Why seed-page tests are skipped.
    static let seedsSkipReason: Comment = """
        FEISHU_SEEDS_DIR is not set: the platform's seed doc pages are not part of the repository; \
        .ci/run points it at the seed pages (FEISHU_SEEDS_DIR=DIR swift test runs these checks)
        """

    /// Why tests of the GFM export are skipped.
    static let docsSkipReason: Comment = """
        FEISHU_DOCS_DIR is not set: the platform's doc pages are not part of the repository; \
        .ci/run points it at the GFM export (FEISHU_DOCS_DIR=DIR swift test runs these checks)
        """
}
