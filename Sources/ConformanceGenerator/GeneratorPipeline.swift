import ConformanceSpec
import Foundation

/// What one generation did.
public struct GenerateReport: Sendable, Equatable {
    /// Files written (paths relative to the output root), sorted.
    public var written: [String]
    /// Files whose bytes were already right, sorted.
    public var unchanged: [String]
    /// With `check`: files that are missing, differ, or are extra generated files, sorted. Without: empty.
    public var stale: [String]
    /// Extra generated files removed (without `check`), sorted.
    public var removed: [String]
    /// Warnings and notes from parsing and translation.
    public var diagnostics: [Diagnostic]

    /// Creates a report.
    public init(written: [String] = [], unchanged: [String] = [], stale: [String] = [], removed: [String] = [], diagnostics: [Diagnostic] = []) {
        self.written = written
        self.unchanged = unchanged
        self.stale = stale
        self.removed = removed
        self.diagnostics = diagnostics
    }

    /// True when `--check` found nothing out of date.
    public var isUpToDate: Bool { stale.isEmpty }
}

/// Specs to Swift source in three stages: parse (files -> spec set), translate (spec set ->
/// structured Swift), render (structured Swift -> text). Output is sorted and stable, and a file
/// is rewritten only when its bytes change.
public struct GeneratorPipeline: Sendable {
    /// The folder holding `platform.json` and the endpoint specs.
    public var specsDirectory: URL
    /// The repository root; generated paths are relative to it.
    public var outputRoot: URL
    var parser: any SpecParsing = SpecParser()
    var translator: any CatalogTranslating = CatalogTranslator()
    var renderer: any SwiftRendering = SwiftRenderer()

    /// Creates a pipeline reading `specsDirectory` and writing under `outputRoot`.
    public init(specsDirectory: URL, outputRoot: URL) {
        self.specsDirectory = specsDirectory
        self.outputRoot = outputRoot
    }

    /// The generated files in memory: path relative to the output root -> text.
    public func generate() throws -> (files: [String: String], diagnostics: [Diagnostic]) {
        let data: [String: Data]
        do {
            data = try SpecSet.readSpecFiles(directory: specsDirectory)
        } catch let error as SpecLoadError {
            throw GeneratorError(diagnostics: [
                Diagnostic(
                    severity: .error, file: specsDirectory.path, jsonPath: "",
                    message: "\(error.message); pass the folder holding platform.json with --specs")
            ])
        }
        let parsed = try parser.parse(files: data, directoryName: specsDirectory.lastPathComponent)
        let (swiftFiles, translateDiagnostics) = translator.translate(parsed)
        var out: [String: String] = [:]
        for file in swiftFiles { out[file.path] = renderer.render(file) }
        return (out, parsed.diagnostics + translateDiagnostics)
    }

    /// Generates, then writes changed files and removes stale generated ones; with `check`, writes
    /// nothing and lists what is out of date in `stale`.
    public func run(check: Bool) throws -> GenerateReport {
        let (files, diagnostics) = try generate()
        var report = GenerateReport(diagnostics: diagnostics)
        let fm = FileManager.default
        for path in files.keys.sorted() {
            guard let text = files[path] else { continue }
            let url = outputRoot.appendingPathComponent(path)
            let bytes = Data(text.utf8)
            if let existing = try? Data(contentsOf: url), existing == bytes {
                report.unchanged.append(path)
                continue
            }
            if check {
                report.stale.append(path)
                continue
            }
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: url, options: .atomic)
            } catch {
                throw GeneratorError(diagnostics: [
                    Diagnostic(severity: .error, file: path, jsonPath: "", message: "cannot write: \(error.localizedDescription)")
                ])
            }
            report.written.append(path)
        }
        for directory in [CatalogTranslator.sourcesDirectory, CatalogTranslator.testsDirectory] {
            let names = (try? fm.contentsOfDirectory(atPath: outputRoot.appendingPathComponent(directory).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".swift") {
                let path = "\(directory)/\(name)"
                guard files[path] == nil else { continue }
                if check {
                    report.stale.append(path)
                } else {
                    do {
                        try fm.removeItem(at: outputRoot.appendingPathComponent(path))
                    } catch {
                        throw GeneratorError(diagnostics: [
                            Diagnostic(
                                severity: .error, file: path, jsonPath: "",
                                message: "cannot remove stale file: \(error.localizedDescription)")
                        ])
                    }
                    report.removed.append(path)
                }
            }
        }
        report.stale.sort()
        return report
    }
}
