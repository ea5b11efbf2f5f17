import Foundation

/// Locations of the repository's spec files and of the shared seed docs, found from this file's path.
enum SpecPaths {
    /// The repository root (three levels above this file).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Specs/` in the repository.
    static let specs: URL = repoRoot.appendingPathComponent("Specs")

    /// `../shared/seeds` beside the repository (CI clones the repo with `shared/` next to it).
    static let seeds: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// This test target's `Resources/` directory in the source tree.
    static let resources: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
}
