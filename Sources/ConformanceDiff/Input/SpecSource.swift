import Foundation

/// Where one side of a diff comes from: a spec directory, one spec file, or a git revision of
/// either (`HEAD~1` means `HEAD~1:Specs`; `v1:Specs/x.json` names a path inside a revision).
public enum SpecSource: Sendable, Hashable, CustomStringConvertible {
    /// A directory of spec files.
    case directory(URL)
    /// One spec file (an endpoint or `platform.json`).
    case file(URL)
    /// A path (`Specs`, relative to the repository root as git reads `REV:PATH`) at a revision.
    case git(revision: String, path: String)

    /// The path git reads when an argument names only a revision.
    public static let defaultGitPath = "Specs"

    /// Reads a command-line argument: an existing file or directory (relative to `directory`)
    /// wins; otherwise `REV:PATH` or a bare revision (`REV:Specs`).
    public static func resolve(_ argument: String, relativeTo directory: URL) -> SpecSource {
        let url = argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : directory.appendingPathComponent(argument)
        var isDirectory: ObjCBool = false
        if !argument.isEmpty, FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? .directory(url.standardizedFileURL) : .file(url.standardizedFileURL)
        }
        if let colon = argument.firstIndex(of: ":") {
            let revision = String(argument[..<colon])
            let path = String(argument[argument.index(after: colon)...])
            return .git(revision: revision.isEmpty ? "HEAD" : revision, path: path.isEmpty ? "." : path)
        }
        return .git(revision: argument, path: defaultGitPath)
    }

    /// `Specs`, `old/x.json`, `HEAD~1:Specs`.
    public var description: String {
        switch self {
        case .directory(let url), .file(let url): url.path
        case .git(let revision, let path): "\(revision):\(path)"
        }
    }

    /// Reads the specs this source names. `argument` is how the user wrote it (used in labels and
    /// errors); `git` reads revisions.
    public func load(argument: String, git: GitReader) throws(DiffInputError) -> SpecSnapshot {
        switch self {
        case .directory(let url):
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: url.path)
            } catch {
                throw DiffInputError("\(argument): cannot read the directory: \((error as NSError).localizedDescription)")
            }
            var files: [String: Data] = [:]
            for name in names where name.hasSuffix(".json") && !name.hasSuffix(".schema.json") {
                do {
                    files[name] = try Data(contentsOf: url.appendingPathComponent(name))
                } catch {
                    throw DiffInputError("\(argument): cannot read \(name): \((error as NSError).localizedDescription)")
                }
            }
            guard !files.isEmpty else { throw DiffInputError("\(argument): no spec files (*.json) in this directory") }
            return try SpecSnapshot.decode(files: files, label: argument)
        case .file(let url):
            guard url.pathExtension == "json" else { throw DiffInputError("\(argument): not a spec file (*.json) or a directory of them") }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw DiffInputError("\(argument): cannot read: \((error as NSError).localizedDescription)")
            }
            return try SpecSnapshot.decode(files: [url.lastPathComponent: data], label: argument, isSingleFile: true)
        case .git(let revision, let path):
            let tree = try git.read(revision: revision, path: path, argument: argument)
            let label = "\(revision):\(path) @ \(tree.commit)"
            guard !tree.files.isEmpty else { throw DiffInputError("\(argument): no spec files (*.json) at \(revision):\(path)") }
            return try SpecSnapshot.decode(files: tree.files, label: label, isSingleFile: tree.isSingleFile)
        }
    }
}
