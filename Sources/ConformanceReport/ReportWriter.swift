import ConformanceModel
import Foundation

/// Writes the three reports of a run into a directory.
public enum ReportWriter {
    /// The file names written, in order.
    public static let fileNames = ["conformance.md", "junit.xml", "results.json"]

    /// Creates `directory` (and parents) if needed and writes `conformance.md` (with a
    /// "Changed since baseline" section when `baseline` is given), `junit.xml` and
    /// `results.json`; returns their URLs. Files are replaced atomically.
    @discardableResult
    public static func write(_ result: RunResult, to directory: URL, baseline: RunResult?) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError.cannotWrite(path: directory.path, reason: (error as NSError).localizedDescription)
        }
        let comparison = baseline.map { BaselineComparison(current: result, baseline: $0) }
        let contents: [Data] = [
            Data(MarkdownReport.render(result, baseline: comparison).utf8),
            Data(JUnitReport.render(result).utf8),
            try ResultsJSON.encode(result),
        ]
        var urls: [URL] = []
        for (name, data) in zip(fileNames, contents) {
            let url = directory.appendingPathComponent(name)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw ReportError.cannotWrite(path: url.path, reason: (error as NSError).localizedDescription)
            }
            urls.append(url)
        }
        return urls
    }
}
