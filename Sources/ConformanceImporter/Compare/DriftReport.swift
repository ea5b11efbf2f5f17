import ConformanceSpec
import Foundation

/// Doc drift: for each page of a curated endpoint, what the page says today that differs from the
/// curated spec, as Markdown (`import --check`).
public struct DriftReport: Sendable {
    /// One compared endpoint.
    public struct Entry: Sendable {
        /// The page.
        public var page: String
        /// The curated spec's file.
        public var specFile: String
        /// `METHOD path`.
        public var signature: String
        /// The differences, sorted by key.
        public var differences: [FactDifference]
    }

    /// Compared endpoints, in page order.
    public var entries: [Entry]
    /// Pages imported whose endpoint has no curated spec (nothing to compare).
    public var uncurated: [String]

    /// Pairs each imported spec of `run` with the curated spec of the same id or method and path.
    public init(run: ImportRun, curated: [EndpointSpec]) {
        let byID = Dictionary(curated.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let bySignature = Dictionary(curated.map { ($0.signature, $0) }, uniquingKeysWith: { a, _ in a })
        var entries: [Entry] = []
        var uncurated: [String] = []
        for result in run.results {
            guard let imported = result.imported else { continue }
            guard let spec = bySignature[imported.spec.signature] ?? byID[imported.spec.id] else {
                uncurated.append(result.input.name)
                continue
            }
            entries.append(
                Entry(
                    page: result.input.name, specFile: "\(spec.id).json", signature: spec.signature,
                    differences: SpecComparison.drift(spec: spec, fromDocs: imported.spec)))
        }
        self.entries = entries
        self.uncurated = uncurated
    }

    /// True when some compared page differs from its spec.
    public var hasDrift: Bool { entries.contains { !$0.differences.isEmpty } }

    /// The report as Markdown.
    public func markdown() -> String {
        var out = "# Doc drift\n\n"
        let drifted = entries.filter { !$0.differences.isEmpty }
        out += "\(entries.count) page(s) compared with their curated spec: \(drifted.count) differ, \(entries.count - drifted.count) match.\n"
        if !uncurated.isEmpty { out += "\(uncurated.count) page(s) have no curated spec to compare with.\n" }
        for entry in entries {
            out += "\n## \(entry.specFile): `\(entry.signature)`\n\nPage: `\(entry.page)`\n\n"
            guard !entry.differences.isEmpty else {
                out += "No drift: every documented fact matches.\n"
                continue
            }
            out += "| what | fact | our spec | the page today |\n| --- | --- | --- | --- |\n"
            for d in entry.differences {
                let what: String
                switch d.kind {
                case .differs: what = "changed"
                case .added: what = "new on the page"
                case .missing: what = "no longer on the page"
                case .provenance: what = "provenance"
                }
                out += "| \(what) | `\(d.key)` | \(cell(d.reference)) | \(cell(d.other)) |\n"
            }
        }
        if !uncurated.isEmpty {
            out += "\n## Pages without a curated spec\n\n"
            for page in uncurated { out += "- `\(page)`\n" }
        }
        return out
    }

    func cell(_ text: String?) -> String {
        guard let text else { return "" }
        let short = text.count > 160 ? String(text.prefix(157)) + "..." : text
        return short.replacing("|", with: "\\|").replacing("\n", with: " ")
    }
}
