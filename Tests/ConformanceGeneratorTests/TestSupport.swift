import ConformanceSpec
import Foundation

@testable import ConformanceGenerator

/// Paths and helpers shared by the generator tests.
enum Fixtures {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let referenceDirectory = testsDirectory.appendingPathComponent("Resources/Reference")
    static let referenceSpecs = referenceDirectory.appendingPathComponent("Specs")
    static let expectedDirectory = referenceDirectory.appendingPathComponent("Expected")
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static func specFiles() throws -> [String: Data] { try SpecSet.readSpecFiles(directory: referenceSpecs) }

    static func specSet() throws -> SpecSet { try SpecSet.load(directory: referenceSpecs) }

    /// The repository's own `Specs/`.
    static func shippedSpecs() throws -> SpecSet { try SpecSet.load(directory: repositoryRoot.appendingPathComponent("Specs")) }

    /// A unified diff of two texts (line based, whole-file hunk with three lines of context).
    static func unifiedDiff(expected: String, actual: String, name: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table, then a walk producing -/+/space lines.
        let n = a.count
        let m = b.count
        guard n * m <= 25_000_000 else { return "--- expected/\(name)\n+++ actual/\(name)\n(files too large to diff: \(n) vs \(m) lines)" }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                lines.append((" ", a[i]))
                i += 1
                j += 1
            } else if j < m, i == n || lcs[i][j + 1] >= lcs[i + 1][j] {
                lines.append(("+", b[j]))
                j += 1
            } else {
                lines.append(("-", a[i]))
                i += 1
            }
        }
        var out = ["--- expected/\(name)", "+++ actual/\(name)"]
        var lastPrinted = -1
        for (k, line) in lines.enumerated() where line.0 != " " {
            let start = max(k - 3, lastPrinted + 1)
            if start > lastPrinted + 1 { out.append("@@ line \(start + 1) @@") }
            for c in start..<min(k + 4, lines.count) where c > lastPrinted {
                out.append("\(lines[c].0)\(lines[c].1)")
                lastPrinted = c
            }
        }
        return out.joined(separator: "\n")
    }
}
