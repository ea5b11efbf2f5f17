import Foundation

/// Finds the pages to import: files as given, directories walked for `*.md`, `*.markdown` and
/// `*.txt` (the seeds' export), sorted by name so every run reads them in the same order. A page
/// found in a directory is named by its path from that directory's parent.
public enum PageCollector {
    /// A path that names nothing readable.
    public struct MissingPath: Error, Sendable, Equatable, CustomStringConvertible {
        /// The path as given.
        public var path: String
        /// What is wrong with it.
        public var reason: String
        /// `PATH: no such file or directory`.
        public var description: String { "\(path): \(reason)" }
    }

    static let extensions: Set<String> = ["md", "markdown", "txt"]

    /// The pages under `paths` (each resolved already); `given` are the paths as typed, for messages.
    public static func collect(_ paths: [(url: URL, given: String)]) throws(MissingPath) -> [PageInput] {
        var out: [PageInput] = []
        var seen: Set<String> = []
        let fm = FileManager.default
        for (url, given) in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw MissingPath(path: given, reason: "no such file or directory")
            }
            if !isDirectory.boolValue {
                if seen.insert(url.standardizedFileURL.path).inserted { out.append(PageInput(url: url, name: given, isExplicit: true)) }
                continue
            }
            guard let walker = fm.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw MissingPath(path: given, reason: "cannot read the directory")
            }
            var found: [PageInput] = []
            // Names start with the directory's own name (`admin-v1/badge/badge/get.md`), so a page
            // is named the same whether its directory or the export's root was given.
            let base = url.standardizedFileURL.deletingLastPathComponent().path
            for case let file as URL in walker where extensions.contains(file.pathExtension.lowercased()) {
                let path = file.standardizedFileURL.path
                guard seen.insert(path).inserted else { continue }
                var relative = path.hasPrefix(base) ? String(path.dropFirst(base.count)) : file.lastPathComponent
                while relative.hasPrefix("/") { relative.removeFirst() }
                found.append(PageInput(url: file, name: relative, isExplicit: false))
            }
            out += found.sorted { $0.name < $1.name }
        }
        return out
    }
}
