import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceDiff

/// A scratch git repository with the class fixtures committed twice (`old`, then `new`) under `Specs/`.
struct ScratchRepository {
    let root: URL
    let git: URL

    static var gitPath: String? {
        GitReader(directory: URL(fileURLWithPath: "/"), searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "").locateGit()?.path
    }

    init() throws {
        guard let path = Self.gitPath else { throw CancellationError() }
        git = URL(fileURLWithPath: path)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("diff-git-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try run(["init", "-q"])
        try SpecFiles.load(Fixture.classes.appendingPathComponent("old")).write(to: root.appendingPathComponent("Specs"))
        try run(["add", "-A"])
        try run(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "old"])
        try run(["tag", "v1"])
        try SpecFiles.load(Fixture.classes.appendingPathComponent("new")).write(to: root.appendingPathComponent("Specs"))
        try run(["add", "-A"])
        try run(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "new"])
    }

    func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = git
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DiffInputError("git \(arguments.joined(separator: " ")) failed") }
    }

    func reader(searchPath: String? = nil) -> GitReader {
        GitReader(directory: root, searchPath: searchPath ?? git.deletingLastPathComponent().path)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite("spec diff: reading both sides")
struct InputTests {
    @Test("an existing path wins; REV:PATH and a bare revision (REV:Specs) are git sources")
    func resolve() throws {
        let directory = Fixture.classes
        #expect(SpecSource.resolve("old", relativeTo: directory) == .directory(directory.appendingPathComponent("old").standardizedFileURL))
        #expect(
            SpecSource.resolve("old/platform.json", relativeTo: directory)
                == .file(directory.appendingPathComponent("old/platform.json").standardizedFileURL))
        #expect(SpecSource.resolve("HEAD~1", relativeTo: directory) == .git(revision: "HEAD~1", path: "Specs"))
        #expect(SpecSource.resolve("v1:Specs/platform.json", relativeTo: directory) == .git(revision: "v1", path: "Specs/platform.json"))
        #expect(SpecSource.resolve(":Specs", relativeTo: directory) == .git(revision: "HEAD", path: "Specs"))
    }

    @Test("git revisions: HEAD~1 against HEAD, a tag with a path, one file at a revision", .enabled(if: ScratchRepository.gitPath != nil))
    func gitRevisions() throws {
        let repository = try ScratchRepository()
        defer { repository.remove() }
        let git = repository.reader()
        let old = try SpecSource.resolve("HEAD~1", relativeTo: repository.root).load(argument: "HEAD~1", git: git)
        let new = try SpecSource.resolve("HEAD", relativeTo: repository.root).load(argument: "HEAD", git: git)
        #expect(old.label.hasPrefix("HEAD~1:Specs @ "))
        #expect(old.endpoints.count == 7 && old.platform != nil)
        let diff = SpecDiffer().diff(old: old, new: new)
        #expect(diff.changes.count == ChangeClass.allCases.count)
        #expect(Set(diff.changes.map(\.changeClass)) == Set(ChangeClass.allCases))

        let tagged = try SpecSource.resolve("v1:Specs", relativeTo: repository.root).load(argument: "v1:Specs", git: git)
        #expect(SpecDiffer().diff(old: old, new: tagged).changes.isEmpty)

        let file = try SpecSource.resolve("HEAD:Specs/platform.json", relativeTo: repository.root).load(argument: "HEAD:Specs/platform.json", git: git)
        #expect(file.isSingleFile && file.platform != nil && file.endpoints.isEmpty)
    }

    @Test("clear errors: unknown revision, absent path, git missing, not a repository", .enabled(if: ScratchRepository.gitPath != nil))
    func gitErrors() throws {
        let repository = try ScratchRepository()
        defer { repository.remove() }
        #expect(throws: DiffInputError.self) { try SpecSource.git(revision: "nosuch", path: "Specs").load(argument: "nosuch", git: repository.reader()) }
        do {
            _ = try SpecSource.git(revision: "nosuch", path: "Specs").load(argument: "nosuch", git: repository.reader())
        } catch {
            #expect(error.message.contains("nosuch is neither a spec directory or file nor a git revision"))
        }
        do {
            _ = try SpecSource.git(revision: "HEAD", path: "Nope").load(argument: "HEAD:Nope", git: repository.reader())
            Issue.record("an absent path was read")
        } catch {
            #expect(error.message.contains("has nothing at 'Nope'"))
        }
        do {
            _ = try SpecSource.git(revision: "HEAD", path: "Specs").load(argument: "HEAD", git: repository.reader(searchPath: "/nonexistent"))
            Issue.record("read without git")
        } catch {
            #expect(error.message.contains("git (needed to read it as a revision) is not on PATH"))
        }
        let outside = GitReader(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("diff-no-repo-\(UUID().uuidString)"),
            searchPath: repository.git.deletingLastPathComponent().path)
        try FileManager.default.createDirectory(at: outside.directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside.directory) }
        do {
            _ = try SpecSource.git(revision: "HEAD", path: "Specs").load(argument: "HEAD", git: outside)
            Issue.record("read outside a repository")
        } catch {
            #expect(error.message.contains("not a git repository"))
        }
    }

    @Test("a spec that does not decode names its file and JSON path; an empty directory is an error")
    func decodeErrors() throws {
        var files = try #require(SpecFiles.cachedBase)
        files.set(badgeCreate, "request[name=name].maxLength.value", "thirty")
        do {
            _ = try files.snapshot("broken")
            Issue.record("a broken spec decoded")
        } catch {
            #expect("\(error)".contains("admin.v1.badge.create.json $.request[2].maxLength.value"), "\(error)")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("diff-empty-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: DiffInputError("empty: no spec files (*.json) in this directory")) {
            try SpecSource.directory(empty).load(argument: "empty", git: GitReader(directory: empty, searchPath: ""))
        }
    }

    @Test("two single files are compared whatever their ids; in sets, a new id for the same operation is a rename")
    func pairing() throws {
        let base = try #require(SpecFiles.cachedBase)
        let list = try #require(base.documents[badgeList])
        var renamed = list
        renamed = JSONValue.object((renamed.objectValue ?? [:]).merging(["id": "admin.v1.badge.index"]) { $1 })
        let a = try SpecSnapshot.decode(files: ["a.json": Data(JSONWriter.bytes(list))], label: "a", isSingleFile: true)
        let b = try SpecSnapshot.decode(files: ["b.json": Data(JSONWriter.bytes(renamed))], label: "b", isSingleFile: true)
        #expect(SpecDiffer().diff(old: a, new: b).changes.map(\.changeClass) == [.endpointIDChanged])
        var moved = base
        moved.documents[badgeList] = nil
        moved.documents["admin.v1.badge.index.json"] = renamed
        let diff = SpecDiffer().diff(old: try base.snapshot("old"), new: try moved.snapshot("new"))
        #expect(diff.changes.map(\.changeClass) == [.endpointIDChanged])
        #expect(diff.changes.first?.file == "admin.v1.badge.index.json")
    }

    @Test("a set against one file compares that endpoint (or the platform file) alone")
    func setAgainstFile() throws {
        let base = try #require(SpecFiles.cachedBase)
        let set = try #require(SpecFiles.cachedBaseSnapshot)
        var edited = base
        edited.set(badgeCreate, "request[name=name].maxLength.value", 20)
        let file = try SpecSnapshot.decode(
            files: [badgeCreate: Data(JSONWriter.bytes(try #require(edited.documents[badgeCreate])))],
            label: "file", isSingleFile: true)
        #expect(SpecDiffer().diff(old: set, new: file).changes.map(\.changeClass) == [.requestLimitTightened])
        #expect(SpecDiffer().diff(old: file, new: set).changes.map(\.changeClass) == [.requestLimitLoosened])
        let platformFile = try SpecSnapshot.decode(
            files: [platform: Data(JSONWriter.bytes(try #require(base.documents[platform])))],
            label: "platform", isSingleFile: true)
        #expect(SpecDiffer().diff(old: set, new: platformFile).changes.isEmpty)
    }
}
