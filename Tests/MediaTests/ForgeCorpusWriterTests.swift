import Foundation
import Media
import Testing

/// Writes the forge corpus to `MEDIA_FORGE_DIR` for the Pillow interop script (Benchmarks/media_interop.py).
/// Without the variable it only checks that every corpus item builds and inspects as declared.
@Test func writeForgeCorpus() throws {
    let dir = ProcessInfo.processInfo.environment["MEDIA_FORGE_DIR"]
    var manifest: [[String: Any]] = []
    for item in ForgeCorpus.all where dir != nil || item.width * item.height <= 4096 * 4096 {
        let data = try item.build()
        let info = try ImageInspector.inspect(data)
        #expect(info == ImageInfo(format: item.format, width: item.width, height: item.height), "\(item.name)")
        if let size = item.byteSize { #expect(data.count == size, "\(item.name)") }
        guard let dir else { continue }
        try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(item.name))
        manifest.append([
            "file": item.name, "format": item.format.rawValue, "width": item.width, "height": item.height,
            "bytes": data.count, "load": item.fullDecode,
        ])
    }
    if let dir {
        for kind in FixtureForge.NearMiss.allCases {
            let name = "nearmiss_\(kind.rawValue).bin"
            try FixtureForge.nearMiss(kind).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
            manifest.append(["file": name, "nearMiss": kind.rawValue, "expectedError": kind.expectedErrorKind?.rawValue ?? NSNull()])
        }
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: dir).appendingPathComponent("manifest.json"))
    }
}
