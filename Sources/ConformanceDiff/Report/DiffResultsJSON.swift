import ConformanceModel
import Foundation

/// Renders a diff as `diff-results.json`: `{"formatVersion": 1, "tool", "toolVersion", "old", "new",
/// "failOn", "failing", "summary": {"breaking", "potentially-breaking", "non-breaking"}, "changes": [...]}`,
/// each change with `class`, `severity`, `endpoint`, `file`, `path`, `subject`, `old`, `new`,
/// `oldProvenance`, `newProvenance` (`{"documented": …}` or `{"inferred": …}`, or null) and
/// `message`. Keys sorted and no timestamps: the same inputs give the same bytes.
public enum DiffResultsJSON {
    /// The format version; a member removed, renamed or retyped, or a new class or severity, makes a new one.
    public static let formatVersion = 1

    struct Document: Encodable {
        var formatVersion: Int
        var tool: String
        var toolVersion: String
        var old: String
        var new: String
        var failOn: String
        var failing: Int
        var summary: [String: Int]
        var changes: [SpecChange]
    }

    /// The JSON bytes.
    public static func encode(_ diff: SpecDiff, failOn threshold: ChangeSeverity) throws -> Data {
        var summary: [String: Int] = [:]
        for severity in ChangeSeverity.allCases { summary[severity.rawValue] = diff.count(severity) }
        let document = Document(
            formatVersion: formatVersion, tool: ConformanceTool.name, toolVersion: ConformanceTool.version,
            old: diff.oldLabel, new: diff.newLabel, failOn: threshold.rawValue,
            failing: diff.failing(at: threshold).count, summary: summary, changes: diff.changes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(document)
        data.append(0x0A)
        return data
    }
}
