import ConformanceCatalog
import ConformanceImporter
import ConformanceSpec
import Foundation

/// The glue between `import` and `ConformanceImporter`: find the pages, read the output
/// directory's platform file and curated specs, run the pipeline, write or compare, print.
enum ImportActions {
    static func importPages(_ command: ImportCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let started = ContinuousClock.now
        let inputs: [PageInput]
        do {
            inputs = try PageCollector.collect(command.paths.map { (environment.resolve($0), $0) })
        } catch {
            throw CommandFailure("import: \(error.description): give doc pages (*.md, *.markdown, *.txt) or directories holding them")
        }
        guard !inputs.isEmpty else {
            throw CommandFailure("import: no doc pages (*.md, *.markdown, *.txt) under \(command.paths.joined(separator: ", "))")
        }
        let outName = command.outDirectory ?? "Specs"
        let out = environment.resolve(outName)
        var isDirectory: ObjCBool = false
        let outExists = FileManager.default.fileExists(atPath: out.path, isDirectory: &isDirectory)
        if outExists && !isDirectory.boolValue {
            throw CommandFailure("import: --out \(outName) is a file: give a directory")
        }
        let (platform, curated, protected) = try existingSpecs(out, exists: outExists, name: outName)
        let pipeline = ImportPipeline(platform: platform)
        let run = pipeline.run(inputs, curated: curated, replaceCurated: command.checkOnly)
        let seconds = (ContinuousClock.now - started).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18

        if command.checkOnly {
            let report = DriftReport(run: run, curated: curated)
            environment.stdout.write(report.markdown())
            let problems = run.problems
            for (page, message) in problems { environment.stderr.write("problem: \(page): \(message)\n") }
            let drifted = report.entries.filter { !$0.differences.isEmpty }.count
            environment.stderr.write(
                "import --check: \(run.results.count) page(s) in \(format(elapsed)) s; \(report.entries.count) compared with a curated spec, \(drifted) differ; \(problems.count) problem(s)\n"
            )
            return report.hasDrift || !problems.isEmpty ? .failure : .success
        }

        var written = 0
        var unchanged = 0
        var refused: [String] = []
        if !run.imported.isEmpty {
            do {
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure("import: cannot create --out \(outName): \(error.localizedDescription)")
            }
        }
        // A directory without platform.json gets the one the specs were linted against, so
        // `lint --specs DIR` checks them as import did.
        let platformURL = out.appendingPathComponent(SpecSet.platformFileName)
        if !run.imported.isEmpty, !FileManager.default.fileExists(atPath: platformURL.path),
            let text = EmbeddedSpecs.files[SpecSet.platformFileName]
        {
            do {
                try Data(text.utf8).write(to: platformURL, options: .atomic)
            } catch {
                throw CommandFailure("import: cannot write \(platformURL.path): \(error.localizedDescription)")
            }
        }
        for spec in run.imported {
            if protected.contains(spec.fileName) {
                refused.append(spec.fileName)
                continue
            }
            let url = out.appendingPathComponent(spec.fileName)
            let bytes = Data(spec.text.utf8)
            if let existing = try? Data(contentsOf: url), existing == bytes {
                unchanged += 1
                continue
            }
            do {
                // Not atomic: a temporary file and a rename per spec cost more than the import of its page.
                try bytes.write(to: url)
            } catch {
                throw CommandFailure("import: cannot write \(url.path): \(error.localizedDescription)")
            }
            written += 1
        }
        environment.stdout.write(ImportReportText.render(run, destination: outName, verbose: command.verbose))
        for name in refused {
            environment.stdout.write("not written: \(outName)/\(name) exists and is not an imported spec (it does not decode); fix or move it\n")
        }
        let problems = run.problems.count + refused.count
        environment.stderr.write(
            "import: \(run.results.count) page(s) in \(format(elapsed)) s: \(written) spec(s) written, \(unchanged) unchanged, \(problems) problem(s)\n")
        return problems > 0 ? .failure : .success
    }

    /// The platform spec to lint against (the output directory's, else the compiled-in one), the
    /// curated specs there, and spec files there that do not decode (never overwritten).
    static func existingSpecs(_ out: URL, exists: Bool, name: String) throws(CommandFailure) -> (PlatformSpec, [EndpointSpec], Set<String>) {
        var platform: PlatformSpec?
        var curated: [EndpointSpec] = []
        var protected: Set<String> = []
        if exists {
            let files: [String: Data]
            do {
                files = try SpecSet.readSpecFiles(directory: out)
            } catch {
                throw CommandFailure("import: cannot read --out \(name): \(error)")
            }
            for (file, data) in files.sorted(by: { $0.key < $1.key }) {
                if file == SpecSet.platformFileName {
                    do {
                        platform = try SpecSet.decodeFile(PlatformSpec.self, data, file: file)
                    } catch {
                        throw CommandFailure("import: \(name)/\(error.description): fix platform.json (run `feishu-conformance lint --specs \(name)`)")
                    }
                    continue
                }
                guard let spec = try? SpecSet.decodeFile(EndpointSpec.self, data, file: file) else {
                    protected.insert(file)
                    continue
                }
                if spec.effectiveTier == .curated { curated.append(spec) }
            }
        }
        if platform == nil {
            do {
                platform = try EmbeddedSpecs.specSet().platform
            } catch {
                throw CommandFailure("import: the compiled-in platform spec does not decode: \(error)")
            }
        }
        guard let platform else { throw CommandFailure("import: no platform spec") }
        return (platform, curated, protected)
    }

    static func format(_ seconds: Double) -> String {
        let hundredths = Int((seconds * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
