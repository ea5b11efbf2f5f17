import ConformanceCatalog
import ConformanceGenerator
import ConformanceKit
import ConformanceOpenAPI
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CommandActions {
    /// What the shipped executable runs: each subcommand wired to its module.
    public static var standard: CommandActions {
        CommandActions(
            lint: StandardActions.lint,
            generate: StandardActions.generate,
            mock: StandardActions.mock,
            executeRun: StandardActions.executeRun,
            planRun: StandardActions.planRun,
            mockDefaultApps: StandardActions.defaultAppLines,
            export: StandardActions.export,
            diff: StandardActions.diff,
            proxy: StandardActions.proxy,
            importPages: ImportActions.importPages)
    }
}

/// The thin glue between the command types and the modules that do the work.
enum StandardActions {
    // MARK: Specs

    /// The compiled-in specs (generated `EmbeddedSpecs`), or the ones in `--specs DIR`.
    static func specSet(_ directory: String?, _ environment: CommandEnvironment) throws(CommandFailure) -> SpecSet {
        do {
            if let directory { return try SpecSet.load(directory: environment.resolve(directory)) }
            return try EmbeddedSpecs.specSet()
        } catch let error as SpecLoadError {
            let lint = directory.map { "feishu-conformance lint --specs \($0)" } ?? "feishu-conformance lint"
            throw CommandFailure("cannot load the specs: \(error.description) (run `\(lint)` for every problem)")
        } catch {
            throw CommandFailure("cannot load the specs: \(error)")
        }
    }

    // MARK: lint

    static func lint(_ command: LintCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let diagnostics: [Diagnostic]
        let source: String
        if let directory = command.specsDirectory {
            let url = environment.resolve(directory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure("--specs \(directory): no such directory")
            }
            diagnostics = SpecLinter.lint(directory: url)
            source = url.path
        } else {
            diagnostics = SpecLinter.lint(files: EmbeddedSpecs.files.mapValues { Data($0.utf8) })
            source = "the compiled-in specs"
        }
        for diagnostic in diagnostics { environment.stdout.write("\(diagnostic)\n") }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        environment.stderr.write("lint: \(source): \(errors) error(s), \(warnings) warning(s)\n")
        return errors > 0 ? .failure : .success
    }

    // MARK: generate

    static func generate(_ command: GenerateCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let specs = environment.resolve(command.specsDirectory ?? "Specs")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: specs.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("no specs directory at \(specs.path): run from the repository root or pass --specs DIR")
        }
        // Generated sources live beside Specs/ (Sources/ConformanceCatalog, Tests/ConformanceCatalogTests).
        let pipeline = GeneratorPipeline(specsDirectory: specs, outputRoot: specs.deletingLastPathComponent())
        let report: GenerateReport
        do {
            report = try pipeline.run(check: command.checkOnly)
        } catch {
            throw CommandFailure("generate: \(error)", exitCode: .failure)
        }
        for diagnostic in report.diagnostics { environment.stderr.write("\(diagnostic)\n") }
        if command.checkOnly {
            guard report.isUpToDate else {
                for path in report.stale { environment.stdout.write("stale: \(path)\n") }
                environment.stderr.write(
                    "generate --check: \(report.stale.count) generated file(s) are stale; run `swift run feishu-conformance generate` and commit the result\n")
                return .failure
            }
            environment.stderr.write("generate --check: \(report.unchanged.count) generated file(s) up to date\n")
            return .success
        }
        for path in report.written { environment.stdout.write("wrote \(path)\n") }
        for path in report.removed { environment.stdout.write("removed \(path)\n") }
        environment.stderr.write("generate: \(report.written.count) written, \(report.unchanged.count) unchanged, \(report.removed.count) removed\n")
        return .success
    }

    // MARK: mock

    /// The default apps for `mock --help`, each with the capabilities it has among those the
    /// compiled-in specs name (the ones the `mock` command serves).
    static func defaultAppLines() -> [String] {
        let named = (try? EmbeddedSpecs.specSet())?.capabilities ?? []
        return MockConfiguration.default.apps.map { app in
            let capabilities = app.capabilities.granted(of: named).joined(separator: ", ")
            let users = app.userAccessTokens.isEmpty ? "" : "; user token \(app.userAccessTokens.joined(separator: ", "))"
            return "\(app.appID):\(app.appSecret)  tenant \(app.tenantKey); capabilities: \(capabilities.isEmpty ? "none" : capabilities)\(users)"
        }
    }

    static func mock(_ command: MockCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let specs = try specSet(command.specsDirectory, environment)
        var configuration: MockConfiguration
        if let file = command.configFile {
            do {
                configuration = try MockConfiguration.load(from: environment.resolve(file))
            } catch {
                throw CommandFailure("--config \(file): \(error)")
            }
        } else {
            configuration = .default
        }
        for app in command.apps {
            guard !configuration.apps.contains(where: { $0.appID == app.id }) else {
                throw CommandFailure("--app \(app.id): an app with this id is already configured")
            }
            configuration.apps.append(
                MockApp(
                    appID: app.id, appSecret: app.secret, tenantKey: "tenant_\(app.id)",
                    capabilities: MockConfiguration.allCapabilities))
        }
        do {
            try configuration.validate()
        } catch {
            throw CommandFailure("mock configuration: \(error)")
        }
        let reports = environment.resolve(command.reportsDirectory)
        let server = MockServer(
            mock: FeishuMock(
                specs: specs, configuration: configuration, servesAdmin: !command.noAdmin,
                rateLimits: command.rateLimits),
            reportsDirectory: reports)
        try await serveUntilSignal(server, name: "mock", host: command.host, port: command.port, reports: reports, environment) {
            if command.rateLimits != .documented {
                environment.stderr.write(
                    "mock: --rate-limits \(command.rateLimits): the documented rate limits are lifted; this is not the platform's behaviour\n")
            }
        }
        environment.stderr.write("mock: report written to \(reports.path)/\(MockReport.markdownFileName) and \(MockReport.junitFileName)\n")
        return .success
    }

    // MARK: export

    static func export(_ command: ExportCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let specs = try specSet(command.specsDirectory, environment)
        let bytes: [UInt8]
        do {
            bytes = try OpenAPIExporter(toolVersion: FeishuConformanceCLI.version).export(specs, endpointIDs: command.endpointIDs)
        } catch {
            throw CommandFailure("export openapi: \(error.message)")
        }
        guard let out = command.outFile else {
            environment.stdout.write(String(decoding: bytes, as: UTF8.self))
            return .success
        }
        let url = environment.resolve(out)
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure("--out \(out): cannot write the document: \(error.localizedDescription)")
        }
        environment.stderr.write("export openapi: wrote \(url.path) (\(bytes.count) bytes)\n")
        return .success
    }

    // MARK: run

    /// What a run needs: the selected cases, the specs, the target and the options.
    struct RunSetup {
        var cases: [ConformanceCase]
        var specs: SpecSet
        var target: RunTarget
        var options: RunOptions
    }

    /// Checks the configuration and builds the target (probing a base URL for the mock's admin API).
    static func runSetup(_ configuration: RunConfiguration, _ environment: CommandEnvironment) async throws -> RunSetup {
        if let directory = configuration.specsDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: environment.resolve(directory).path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure("--specs \(directory): no such directory")
            }
        }
        let specs = try specSet(configuration.specsDirectory, environment)
        let known = Set(specs.endpoints.map(\.id))
        for id in configuration.endpointIDs where !known.contains(id) {
            // Every compiled-in id; a --specs directory of a whole imported corpus has too many to list.
            let list =
                configuration.specsDirectory == nil || known.count <= 100
                ? "known: \(known.sorted().joined(separator: ", "))"
                : "\(known.count) are known (`feishu-conformance export openapi` lists them)"
            throw CommandFailure("--endpoint \(id): no such endpoint; \(list)")
        }
        let target: RunTarget
        switch configuration.target {
        case .embeddedMock:
            let mock = FeishuMock(specs: specs)
            target = RunTarget(transport: InProcessTransport(handler: mock), description: "embedded mock", isMock: true)
        case .baseURL(let url):
            let transport = URLSessionTransport(baseURL: url, timeout: .seconds(30))
            let credentials = Credentials(
                primary: configuration.primaryApp.map { Credentials.App(appID: $0.id, appSecret: $0.secret) },
                second: configuration.secondApp.map { Credentials.App(appID: $0.id, appSecret: $0.secret) },
                userAccessToken: configuration.userAccessToken)
            let isMock: Bool
            switch await probeMockAdmin(transport) {
            case .mock: isMock = true
            case .notMock: isMock = false
            case .unreachable(let error):
                // No HTTP reply at all: say so before anything else (credentials, admin API).
                throw CommandFailure("cannot reach \(url.absoluteString): \(error.description)")
            }
            target = RunTarget(
                transport: transport, description: isMock ? "mock at \(url.absoluteString)" : url.absoluteString,
                isMock: isMock, credentials: credentials)
        }
        let options = RunOptions(
            allowWrites: configuration.allowWrites, maxWrites: configuration.maxWrites ?? 10,
            clock: environment.runClock, quotaShare: configuration.quotaShare,
            probeRateLimits: configuration.probeRateLimits)
        let selected = configuration.endpointIDs.isEmpty ? specs.endpoints.map(\.id) : configuration.endpointIDs
        let cases: [ConformanceCase]
        if configuration.specsDirectory != nil {
            // Derived now, as `generate` derives the compiled-in catalog, from the specs given.
            let derived = CaseDeriver().cases(in: specs)
            cases = selected.flatMap { derived[$0] ?? [] }
        } else {
            cases = selected.flatMap { ConformanceCatalog.cases(endpoint: $0) }
        }
        guard !cases.isEmpty else { throw CommandFailure("no case selected") }
        return RunSetup(cases: cases, specs: specs, target: target, options: options)
    }

    /// A runner error as the command's failure (exit 2), naming the URL when it could not be reached.
    static func failure(_ error: RunError, _ configuration: RunConfiguration) -> CommandFailure {
        if case .connection(let message) = error, case .baseURL(let url) = configuration.target {
            return CommandFailure("cannot reach \(url.absoluteString): \(message)")
        }
        return CommandFailure(error.description)
    }

    static func executeRun(
        _ configuration: RunConfiguration, _ progress: any RunProgress,
        _ environment: CommandEnvironment
    ) async throws -> RunResult {
        let setup = try await runSetup(configuration, environment)
        // One run over every selected endpoint: one name generator, one fixture store, one write
        // budget; a live target runs endpoints side by side, each paced under its own limits.
        do {
            return try await Runner().run(cases: setup.cases, specs: setup.specs, target: setup.target, options: setup.options) { event in
                switch event {
                // After the runner's preflight: a run that cannot start prints only its error.
                case .planned(let plan): progress.runPlanned(plan)
                case .caseFinished(let caseResult): progress.caseFinished(caseResult)
                default: break
                }
            }
        } catch {
            throw failure(error, configuration)
        }
    }

    static func planRun(_ configuration: RunConfiguration, _ environment: CommandEnvironment) async throws -> RunPlan {
        let setup = try await runSetup(configuration, environment)
        do {
            return try await Runner().plan(cases: setup.cases, specs: setup.specs, target: setup.target, options: setup.options)
        } catch {
            throw failure(error, configuration)
        }
    }

    /// What answers at a base URL.
    enum ProbeOutcome {
        /// The mock's admin API (`GET /__mock/health`) answered: a mock on a port, whose clock and
        /// fresh tenants the runner may use.
        case mock
        /// Something answered over HTTP, but not as the mock: a live platform (it answers 404).
        case notMock
        /// No HTTP reply at all (refused, unknown host, timeout, TLS failure).
        case unreachable(TransportError)
    }

    /// Probes `GET /__mock/health` (a few bytes, unlike the journal) to tell a mock on a port from a
    /// live platform or nothing at all.
    static func probeMockAdmin(_ transport: any Transport) async -> ProbeOutcome {
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", target: "/__mock/health"))
        } catch let error as TransportError {
            return .unreachable(error)
        } catch {
            return .unreachable(TransportError(.protocolError, "\(error)"))
        }
        guard response.status == 200, let body = try? JSONValue.parse(response.body), body["mock"]?.stringValue == ConformanceTool.name else {
            return .notMock
        }
        return .mock
    }
}
