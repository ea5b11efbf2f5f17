import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceGenerator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU seconds this process has used so far (`clock()` from the C library of either platform).
private func processCPUSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// Prints generation times for the spec folders in `GENERATOR_BENCH_DIRS` (colon separated);
/// run by `Benchmarks/generator_bench.sh`. Disabled otherwise; it asserts nothing about time.
@Suite("GeneratorBenchmark")
struct GeneratorBenchmark {
    static let dirs = ProcessInfo.processInfo.environment["GENERATOR_BENCH_DIRS"]?.split(separator: ":").map(String.init) ?? []

    static func endpointCount(_ dir: String) -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: dir))?.count ?? 1) - 1 }

    @Test("Generate for each benchmark folder", .enabled(if: !dirs.isEmpty, "set GENERATOR_BENCH_DIRS (Benchmarks/generator_bench.sh)"))
    func generate() throws {
        for dir in Self.dirs {
            let specs = URL(fileURLWithPath: dir)
            let root = specs.deletingLastPathComponent().appendingPathComponent("out")
            let pipeline = GeneratorPipeline(specsDirectory: specs, outputRoot: root)
            let clock = ContinuousClock()
            var files = 0
            let cpuStart = processCPUSeconds()
            let inMemory = try clock.measure { files = try pipeline.generate().files.count }
            let cpu = processCPUSeconds() - cpuStart
            var written = 0
            let withWrite = try clock.measure { written = try pipeline.run(check: false).written.count }
            let check = try clock.measure { _ = try pipeline.run(check: true) }
            let endpoints = (try FileManager.default.contentsOfDirectory(atPath: dir)).count - 1
            var parsed: ParsedSpecs?
            let files0 = try SpecSet.readSpecFiles(directory: specs)
            let parse = try clock.measure { parsed = try SpecParser().parse(files: files0, directoryName: "Specs") }
            var swiftFiles: [SwiftFile] = []
            let translate = try clock.measure { swiftFiles = try #require(parsed.map { CatalogTranslator().translate($0).files }) }
            let render = clock.measure { for f in swiftFiles { _ = SwiftRenderer().render(f) } }
            print("bench stages endpoints=\(Self.endpointCount(dir)) parse=\(parse) translate=\(translate) render=\(render)")
            print("bench endpoints=\(endpoints) files=\(files) generate=\(inMemory) (cpu \(cpu) s) write=\(withWrite) (\(written) written) check=\(check)")
            #expect(files == 2 * endpoints + 2)
        }
    }
}
