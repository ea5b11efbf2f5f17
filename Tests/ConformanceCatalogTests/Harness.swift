import ConformanceCatalog
import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

extension ConformanceCase: CustomTestStringConvertible {
    /// The case title: `POST /open-apis/admin/v1/badges: name of 31 characters -> 1051104`.
    public var testDescription: String { title }
}

/// Runs generated conformance cases through ConformanceKit's `Runner`: against an in-process
/// `FeishuMock` by default, against a live tenant when `FEISHU_BASE_URL` is set (credentials from
/// `FEISHU_APP_ID` / `FEISHU_APP_SECRET`, optional second tenant and user token; writes only with
/// `FEISHU_ALLOW_WRITES=1`). A case that cannot run is never reported as passed: `runnable(_:)`
/// leaves it out of the arguments and prints it with its reason; one the runner skips is cancelled
/// on a live tenant and fails on the mock, as does any warning there: against the mock, these
/// suites are the catalog run and fail on every disagreement.
enum Harness {
    static let environment = ProcessInfo.processInfo.environment
    static let liveBaseURL: URL? = environment["FEISHU_BASE_URL"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
    static let credentials = Credentials.fromEnvironment(environment)
    static let allowWrites = environment["FEISHU_ALLOW_WRITES"] == "1"

    /// The embedded specs, or why they cannot be loaded.
    static let specs: Result<SpecSet, any Error> = Result { try EmbeddedSpecs.specSet() }

    /// One mock shared by every case (the runner gives each case fresh apps on it).
    static let mock: Result<FeishuMock, any Error> = specs.map { FeishuMock(specs: $0) }

    static var options: RunOptions { RunOptions(allowWrites: allowWrites, mockConcurrency: 1) }

    /// Why `c` cannot run on this target, or nil: the runner's own reasons (one home for them).
    static func reasonNotRunnable(_ c: ConformanceCase) -> String? {
        guard let specs = try? specs.get(), let target = try? target() else { return nil }
        return Runner().skipReason(for: c, specs: specs, target: target, options: options)
    }

    /// The cases that can run here; prints every other case with the reason it is not exercised.
    static func runnable(_ cases: [ConformanceCase]) -> [ConformanceCase] {
        var runnable: [ConformanceCase] = []
        var skipped: [String] = []
        for c in cases {
            if let reason = reasonNotRunnable(c) { skipped.append("  - \(c.title): \(reason)") } else { runnable.append(c) }
        }
        if !skipped.isEmpty {
            print("Not exercised (\(skipped.count) of \(cases.count) cases):\n" + skipped.joined(separator: "\n"))
        }
        return runnable
    }

    static func target() throws -> RunTarget {
        if let url = liveBaseURL {
            return RunTarget(transport: URLSessionTransport(baseURL: url), description: url.absoluteString, isMock: false, credentials: credentials)
        }
        return RunTarget(transport: InProcessTransport(handler: try mock.get()), description: "embedded mock", isMock: true)
    }

    /// Runs one case; records an issue with expected vs observed, the rule and its provenance for each failure.
    static func run(_ conformanceCase: ConformanceCase) async throws {
        let specs = try Self.specs.get()
        let result = try await Runner().run(cases: [conformanceCase], specs: specs, target: target(), options: options)
        let caseResult = try #require(result.cases.first, "the runner returned no result for \(conformanceCase.id)")
        switch caseResult.status {
        case .passed:
            return
        case .warning:
            // A live tenant may differ from an inferred expectation (a warning); the mock implements
            // every decision, so on the mock any disagreement fails the case.
            for finding in caseResult.findings {
                if liveBaseURL == nil {
                    Issue.record(
                        """
                        \(conformanceCase.title)
                        rule: \(finding.rule)\(finding.path.map { " at \($0)" } ?? "") (inferred: \(finding.provenance.text))
                        expected: \(finding.expected)
                        observed: \(finding.observed)
                        """)
                } else {
                    print("warning: \(conformanceCase.title): \(finding) [\(finding.provenance.kind)]")
                }
            }
        case .skipped:
            // `runnable` already left out what cannot run here; the mock offers everything else.
            if liveBaseURL == nil {
                Issue.record("\(conformanceCase.title): skipped on the mock: \(caseResult.skipReason ?? "no reason given")")
                return
            }
            try Test.cancel("not exercised: \(caseResult.skipReason ?? "no reason given")")
        case .failed, .error:
            if caseResult.findings.isEmpty {
                Issue.record("\(conformanceCase.title): \(caseResult.status.rawValue) (\(caseResult.skipReason ?? "no findings"))")
            }
            for finding in caseResult.findings where finding.severity == .failure || caseResult.status == .error {
                Issue.record(
                    """
                    \(conformanceCase.title)
                    rule: \(finding.rule)\(finding.path.map { " at \($0)" } ?? "") (\(finding.provenance.kind): \(finding.provenance.text))
                    expected: \(finding.expected)
                    observed: \(finding.observed)
                    """)
            }
        }
    }
}

// MARK: Typed builders and validators (the generated `typedBaseline` tests)

extension Harness {
    /// An app of its own on a fresh embedded mock, with its tenant token: what a generated typed test sends with.
    struct TypedClient: Sendable {
        let mock: FeishuMock
        let authorization: String
        let platform: PlatformSpec

        /// Checks `request` with the generated request validator (no violation), sends it, and checks the
        /// reply with the generated reply validator (code 0, no failure); answers the reply's payload.
        func exchange(
            _ request: HTTPRequest, validateRequest: (HTTPRequest) throws -> RequestValidation,
            validateResponse: (HTTPResponse) throws -> [Finding],
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> JSONValue? {
            let checked = try validateRequest(request)
            #expect(checked.violations.isEmpty, "the typed builder's request breaks: \(checked.violations.map(\.rule))", sourceLocation: sourceLocation)
            let response = await mock.handle(request)
            let body = ResponseValidator.json(of: response)
            // A download answers the file's bytes, not an envelope.
            let download = response.status == 200 && body?.objectValue == nil
            #expect(
                response.status == 200 && (platform.code(of: body) == 0 || download),
                "\(request.method) \(request.path): HTTP \(response.status), \(body?.jsonText ?? "no JSON")", sourceLocation: sourceLocation)
            let failures = try validateResponse(response).filter { $0.severity == .failure }
            #expect(failures.isEmpty, "the reply breaks: \(failures.map(\.description))", sourceLocation: sourceLocation)
            return platform.code(of: body) == 0 ? body.flatMap { platform.payload(of: $0, shape: .envelope) } : nil
        }
    }

    /// A fresh embedded mock, one new app on it, and that app's tenant token.
    static func typedClient() async throws -> TypedClient {
        let specs = try Self.specs.get()
        let mock = FeishuMock(specs: specs)
        let app = await mock.handle(
            HTTPRequest(
                method: "POST", target: "/__mock/apps", headers: ["Content-Type": "application/json"],
                body: Data("{}".utf8)))
        let made = try #require(ResponseValidator.json(of: app), "the mock made no app")
        let id = try #require(made["app_id"]?.stringValue)
        let secret = try #require(made["app_secret"]?.stringValue)
        let names = specs.platform.tokens.endpointFields.value
        let endpoint = specs.platform.tokenEndpoint
        let reply = await mock.handle(
            HTTPRequest(
                method: endpoint.method.uppercased(), target: endpoint.path,
                headers: ["Content-Type": "application/json; charset=utf-8"],
                body: JSONValue.object([names.appID: .string(id), names.appSecret: .string(secret)]).jsonData()))
        let token = try #require(ResponseValidator.json(of: reply)?[names.token]?.stringValue, "no tenant token")
        return TypedClient(mock: mock, authorization: "\(specs.platform.tokens.scheme.value) \(token)", platform: specs.platform)
    }

    /// The string at `path` (dotted) of a reply's payload, for a later step's field.
    static func capture(_ payload: JSONValue?, path: String) throws -> String {
        try #require(payload?.value(at: path).map(RequestFactory.text(of:)), "nothing to capture at \(path)")
    }

    private static let names = UniqueNames(runID: UniqueNames.randomRunID())

    /// A string of exactly `length` scalars, unique in this test process.
    static func uniqueText(length: Int, filler: String?) -> String { names.next(length: length, filler: filler) }

    /// A forged file part for `recipe`.
    static func file(_ recipe: ImageRecipe) throws -> CatalogFile {
        CatalogFile(
            data: try FixtureSource.media.image(recipe.format, recipe.width, recipe.height, recipe.byteSize),
            filename: recipe.filename, contentType: recipe.contentType)
    }

    /// A JSON value from its text.
    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    /// A JSON array from its text.
    static func jsonArray(_ text: String) throws -> [JSONValue] {
        try #require(try JSONValue.parse(Data(text.utf8)).arrayValue)
    }
}
