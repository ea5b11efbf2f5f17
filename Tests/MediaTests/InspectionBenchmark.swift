import Foundation
import Media
import Testing

/// Benchmark hook for Benchmarks/media_bench.py, skipped unless `MEDIA_BENCH_DIR` is set: forges 10 KiB and
/// 10 MiB files of every format into that directory, times `ImageInspector.inspect` on each (in memory)
/// and writes `swift_timings.json` there. No timing is asserted; the script reports the figures.
@Test(.enabled(if: ProcessInfo.processInfo.environment["MEDIA_BENCH_DIR"] != nil))
func inspectionBenchmark() throws {
    let dir = try #require(ProcessInfo.processInfo.environment["MEDIA_BENCH_DIR"])
    let url = URL(fileURLWithPath: dir)
    var rows: [[String: Any]] = []
    let clock = ContinuousClock()
    // Metadata-padded 32x32 files of 10 KiB and 10 MiB, plus a JPEG whose size comes from its scan data.
    var plan: [(ImageFormat, String, Int, Int)] = ImageFormat.allCases.flatMap { f in
        [(f, "10KiB", 32, 10 * 1024), (f, "10MiB", 32, 10 * 1024 * 1024)]
    }
    plan.append((.jpeg, "10MiB-scan", 51200, 10 * 1024 * 1024))
    for (format, label, side, size) in plan {
        do {
            let data = try FixtureForge.image(format, width: side, height: side, byteSize: size)
            let name = "bench_\(format.rawValue)_\(label).\(format.fileExtension)"
            try data.write(to: url.appendingPathComponent(name))
            let expected = ImageInfo(format: format, width: side, height: side)
            #expect(try ImageInspector.inspect(data) == expected)
            var rounds: [Double] = []
            let iterations = 20_000
            for _ in 0..<7 {
                var sink = 0
                let elapsed = clock.measure {
                    for _ in 0..<iterations { sink &+= (try? ImageInspector.inspect(data))?.width ?? 0 }
                }
                #expect(sink == side * iterations)
                let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
                rounds.append(ns / Double(iterations))
            }
            rounds.sort()
            rows.append(["file": name, "format": format.rawValue, "label": label, "bytes": data.count, "ns_per_inspect": rounds[rounds.count / 2]])
        }
    }
    let json = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
    try json.write(to: url.appendingPathComponent("swift_timings.json"))
}
