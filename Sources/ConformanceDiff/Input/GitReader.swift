import Foundation

/// Reads spec files from a git revision with the `git` command line (`git ls-tree`, `git cat-file`),
/// run in a working directory inside the repository.
public struct GitReader: Sendable {
    /// Where git runs (the repository or a directory inside it).
    public var directory: URL
    /// The environment's `PATH`, searched for `git`.
    public var searchPath: String

    /// A reader running git in `directory`, found on `searchPath` (a `PATH` value).
    public init(directory: URL, searchPath: String) {
        self.directory = directory
        self.searchPath = searchPath
    }

    /// What a revision holds at a path.
    public struct Tree: Sendable {
        /// Spec file name -> bytes.
        public var files: [String: Data]
        /// True when the path named one file rather than a directory.
        public var isSingleFile: Bool
        /// The revision's commit, abbreviated.
        public var commit: String
    }

    /// The `*.json` files (schema excepted) at `revision:path`, or the one file it names.
    /// Throws with git's own words when git is missing, the revision unknown or the path absent.
    public func read(revision: String, path: String, argument: String) throws(DiffInputError) -> Tree {
        guard let git = locateGit() else {
            throw DiffInputError("\(argument) is not a spec directory or file, and git (needed to read it as a revision) is not on PATH")
        }
        let commitRun = try run(git, ["rev-parse", "--short", "--verify", "--end-of-options", "\(revision)^{commit}"])
        guard commitRun.status == 0 else {
            throw DiffInputError(
                "\(argument) is neither a spec directory or file nor a git revision: \(Self.gitMessage(commitRun.stderr, fallback: "unknown revision '\(revision)'"))"
            )
        }
        let commit = String(decoding: commitRun.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let object = "\(revision):\(path)"
        let typeRun = try run(git, ["cat-file", "-t", object])
        guard typeRun.status == 0 else {
            throw DiffInputError(
                "\(argument): \(revision) (\(commit)) has nothing at '\(path)' (git reads REV:PATH from the repository root; use REV:./PATH for a path relative to here)"
            )
        }
        let type = String(decoding: typeRun.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch type {
        case "blob":
            let blob = try run(git, ["cat-file", "blob", object])
            guard blob.status == 0 else { throw DiffInputError("\(argument): git cat-file failed: \(Self.gitMessage(blob.stderr, fallback: "no output"))") }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return Tree(files: [name: blob.stdout], isSingleFile: true, commit: commit)
        case "tree":
            let list = try run(git, ["ls-tree", "-z", object])
            guard list.status == 0 else { throw DiffInputError("\(argument): git ls-tree failed: \(Self.gitMessage(list.stderr, fallback: "no output"))") }
            var wanted: [(name: String, sha: String)] = []
            for entry in list.stdout.split(separator: 0) {
                // <mode> SP <type> SP <object> TAB <name>
                let text = String(decoding: entry, as: UTF8.self)
                guard let tab = text.firstIndex(of: "\t") else { continue }
                let head = text[..<tab].split(separator: " ")
                let name = String(text[text.index(after: tab)...])
                guard head.count == 3, head[1] == "blob", name.hasSuffix(".json"), !name.hasSuffix(".schema.json") else { continue }
                wanted.append((name, String(head[2])))
            }
            let batch = try run(git, ["cat-file", "--batch"], input: Data(wanted.map { $0.sha + "\n" }.joined().utf8))
            guard batch.status == 0 else {
                throw DiffInputError("\(argument): git cat-file --batch failed: \(Self.gitMessage(batch.stderr, fallback: "no output"))")
            }
            let blobs = try Self.parseBatch(batch.stdout, count: wanted.count, argument: argument)
            var files: [String: Data] = [:]
            for (item, data) in zip(wanted, blobs) { files[item.name] = data }
            return Tree(files: files, isSingleFile: false, commit: commit)
        default:
            throw DiffInputError("\(argument): \(object) is a git \(type), not a directory or a file")
        }
    }

    /// Splits `git cat-file --batch` output (`<sha> <type> <size>\n<bytes>\n` per object).
    static func parseBatch(_ output: Data, count: Int, argument: String) throws(DiffInputError) -> [Data] {
        let bytes = [UInt8](output)
        var blobs: [Data] = []
        var index = 0
        while blobs.count < count {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else {
                throw DiffInputError("\(argument): git cat-file --batch output ended early")
            }
            let header = String(decoding: bytes[index..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]), newline + 1 + size <= bytes.count else {
                throw DiffInputError("\(argument): git cat-file --batch answered '\(header.joined(separator: " "))'")
            }
            blobs.append(Data(bytes[(newline + 1)..<(newline + 1 + size)]))
            index = newline + 1 + size + 1
        }
        return blobs
    }

    /// `git` on the search path, if any.
    func locateGit() -> URL? {
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("git")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The last line of git's stderr (`fatal: ...`), or `fallback`.
    static func gitMessage(_ stderr: Data, fallback: String) -> String {
        let lines = String(decoding: stderr, as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.last.map { String($0) } ?? fallback
    }

    /// Runs git with `arguments`; stdout and stderr are read side by side so neither pipe can fill up.
    func run(_ git: URL, _ arguments: [String], input: Data? = nil) throws(DiffInputError) -> (status: Int32, stdout: Data, stderr: Data) {
        let process = Process()
        process.executableURL = git
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        do {
            try process.run()
        } catch {
            throw DiffInputError("cannot run \(git.path): \((error as NSError).localizedDescription)")
        }
        if let input {
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(input)
                try? writer.close()
            }
        }
        let errors = PipeDrain(stderr.fileHandleForReading)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = errors.wait()
        process.waitUntilExit()
        return (process.terminationStatus, output, errorOutput)
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the pipe held, once it has closed.
    func wait() -> Data {
        done.wait()
        return data
    }
}
