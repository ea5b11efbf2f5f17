import ConformanceCatalog
import ConformanceSpec
import Foundation
import Testing

@testable import FeishuConformanceCLI

/// `run --specs DIR`: cases derived at start from a spec set on disk, served by an embedded mock of
/// the same set. The spec directories are written from the compiled-in copy of `Specs/`.
@Suite("run --specs: cases derived from a spec directory")
struct RunSpecsTests {
    static let endpoints = ["admin.v1.badge.create", "admin.v1.badge_image.create"]

    /// A temporary directory holding `specs/` with `platform.json` plus the files of `endpoints`.
    static func specsDirectory(endpoints: [String] = endpoints, platform: Bool = true) throws -> URL {
        let directory = temporaryDirectory()
        let specs = directory.appendingPathComponent("specs", isDirectory: true)
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        for name in endpoints.map({ "\($0).json" }) + (platform ? ["platform.json"] : []) {
            let text = try #require(EmbeddedSpecs.files[name], "\(name) is not compiled in")
            try Data(text.utf8).write(to: specs.appendingPathComponent(name))
        }
        return directory
    }

    @Test("runs the derived cases of exactly the directory's endpoints against a mock of them; the same cases as the catalog's")
    func runsTheDirectory() async throws {
        let directory = try Self.specsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = await invoke(["run", "--specs", "specs", "--reports", "out", "--quiet"], actions: .standard, directory: directory)
        #expect(result.code == .success, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("against embedded mock; exit 0"), "stderr: \(result.stderr)")
        let results = try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent("out/results.json")))
        let endpointIDs = results["endpoints"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(endpointIDs == Self.endpoints)
        let caseIDs = results["cases"]?.arrayValue?.compactMap { $0["caseID"]?.stringValue } ?? []
        #expect(caseIDs == Self.endpoints.flatMap { ConformanceCatalog.cases(endpoint: $0).map(\.id) })
        #expect(!caseIDs.isEmpty)
    }

    @Test("--endpoint and --plan work on the directory's endpoints")
    func endpointAndPlan() async throws {
        let directory = try Self.specsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = await invoke(
            ["run", "--specs", "specs", "--endpoint", "admin.v1.badge_image.create", "--plan"], actions: .standard,
            directory: directory)
        #expect(plan.code == .success, "stderr: \(plan.stderr)")
        #expect(plan.stdout.contains("| admin.v1.badge\\_image.create |"), "stdout: \(plan.stdout)")
        #expect(!plan.stdout.contains("| admin.v1.badge.create |"))
        // An endpoint compiled in but not in the directory is unknown to this run.
        let other = await invoke(["run", "--specs", "specs", "--endpoint", "admin.v1.badge.list"], actions: .standard, directory: directory)
        #expect(other.code == .usageError)
        #expect(other.stderr == "error: --endpoint admin.v1.badge.list: no such endpoint; known: admin.v1.badge.create, admin.v1.badge_image.create\n")
    }

    @Test("a missing directory, one without platform.json and a malformed spec are usage errors (exit 2) that say so")
    func usageErrors() async throws {
        let directory = try Self.specsDirectory(endpoints: ["admin.v1.badge.list"], platform: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = await invoke(["run", "--specs", "nowhere"], actions: .standard, directory: directory)
        #expect(missing.code == .usageError)
        #expect(missing.stderr == "error: --specs nowhere: no such directory\n")

        let file = await invoke(["run", "--specs", "specs/admin.v1.badge.list.json"], actions: .standard, directory: directory)
        #expect(file.code == .usageError)
        #expect(file.stderr == "error: --specs specs/admin.v1.badge.list.json: no such directory\n")

        let noPlatform = await invoke(["run", "--specs", "specs"], actions: .standard, directory: directory)
        #expect(noPlatform.code == .usageError)
        #expect(noPlatform.stderr.hasPrefix("error: cannot load the specs: platform.json"), "stderr: \(noPlatform.stderr)")
        #expect(noPlatform.stderr.contains("(run `feishu-conformance lint --specs specs` for every problem)"))

        let platform = try #require(EmbeddedSpecs.files["platform.json"])
        try Data(platform.utf8).write(to: directory.appendingPathComponent("specs/platform.json"))
        try Data("{ \"id\": ".utf8).write(to: directory.appendingPathComponent("specs/broken.json"))
        let malformed = await invoke(["run", "--specs", "specs", "--plan"], actions: .standard, directory: directory)
        #expect(malformed.code == .usageError)
        #expect(malformed.stderr.hasPrefix("error: cannot load the specs: broken.json"), "stderr: \(malformed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Reports").path))
    }

    @Test("--specs is parsed into the configuration and shown in its description")
    func parsing() throws {
        let command = try RunCommand.parse(["--specs", "imported", "--quiet"])
        #expect(command.specsDirectory == "imported")
        let environment = CommandEnvironment(
            stdout: CapturedOutput(), stderr: CapturedOutput(), variables: [:],
            currentDirectory: URL(fileURLWithPath: "/tmp"))
        let configuration = try command.configuration(environment)
        #expect(configuration.specsDirectory == "imported")
        #expect(configuration.target == .embeddedMock)
        #expect(configuration.description == "target embedded mock, specs imported, every endpoint, no writes")
        #expect(try RunCommand.parse([]).specsDirectory == nil)
    }
}
