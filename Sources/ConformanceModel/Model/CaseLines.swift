import Foundation

/// Reads an endpoint's generated case catalog: JSON Lines, one `ConformanceCase` per line (sorted
/// keys), so a spec change shows as a diff of the cases it changes and the catalog of hundreds of
/// endpoints compiles as string literals rather than as Swift expressions.
public enum CaseLines {
    /// Why a catalog line did not decode.
    public struct DecodingFailure: Error, Sendable, CustomStringConvertible {
        /// The endpoint whose catalog it is.
        public var endpointID: String
        /// 1-based line number.
        public var line: Int
        /// What the decoder said.
        public var reason: String
        /// `catalog of <endpoint>, line <n>: <reason>`.
        public var description: String { "catalog of \(endpointID), line \(line): \(reason)" }
    }

    /// The cases of `jsonLines`, in order; fails on the first line that is not a case (the
    /// generator writes them, so this means the catalog is stale: run `feishu-conformance generate`).
    public static func decode(_ jsonLines: String, endpointID: String) -> Result<[ConformanceCase], DecodingFailure> {
        let decoder = JSONDecoder()
        var cases: [ConformanceCase] = []
        for (index, line) in jsonLines.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            do {
                cases.append(try decoder.decode(ConformanceCase.self, from: Data(line.utf8)))
            } catch {
                return .failure(DecodingFailure(endpointID: endpointID, line: index + 1, reason: "\(error)"))
            }
        }
        return .success(cases)
    }

    /// The JSON Lines text of `cases`, as the generator writes it.
    public static func encode(_ cases: [ConformanceCase]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try cases.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(separator: "\n")
    }
}
