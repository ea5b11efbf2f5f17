import Foundation

/// Writes a diff's three reports into a directory.
public enum DiffReportWriter {
    /// The file names written, in order: Markdown, JUnit XML, JSON. Distinct from `run`'s and the
    /// mock's, so all can share one reports directory.
    public static let fileNames = ["diff-report.md", "diff-junit.xml", "diff-results.json"]

    /// Creates `directory` if needed and writes the reports (atomically); returns their URLs.
    @discardableResult
    public static func write(_ diff: SpecDiff, failOn threshold: ChangeSeverity, to directory: URL) throws(DiffInputError) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DiffInputError("cannot create the reports directory \(directory.path): \((error as NSError).localizedDescription)")
        }
        let json: Data
        do {
            json = try DiffResultsJSON.encode(diff, failOn: threshold)
        } catch {
            throw DiffInputError("cannot encode diff-results.json: \(error)")
        }
        let contents = [Data(DiffMarkdown.render(diff, failOn: threshold).utf8), Data(DiffJUnit.render(diff, failOn: threshold).utf8), json]
        var urls: [URL] = []
        for (name, data) in zip(fileNames, contents) {
            let url = directory.appendingPathComponent(name)
            do {
                try data.write(to: url, options: .atomic)
            } catch {
                throw DiffInputError("cannot write report \(url.path): \((error as NSError).localizedDescription)")
            }
            urls.append(url)
        }
        return urls
    }
}
