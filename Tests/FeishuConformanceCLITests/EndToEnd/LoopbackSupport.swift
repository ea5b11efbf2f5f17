import ConformanceCatalog
import ConformanceKit
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Synchronization
import Testing

@testable import FeishuConformanceCLI

// Support for the end-to-end tests: the real CLI (standard actions) in process, against a
// FeishuMock served on a loopback socket, possibly with a deliberately drifted spec.

/// The shipped specs with one change applied to the endpoint `id` (the "drift" a server has).
func driftedSpecs(endpoint id: String, _ change: (inout EndpointSpec) -> Void) throws -> SpecSet {
    var specs = try EmbeddedSpecs.specSet()
    let index = try #require(specs.endpoints.firstIndex { $0.id == id }, "no shipped spec \(id)")
    let before = specs.endpoints[index]
    change(&specs.endpoints[index])
    let changed = specs.endpoints[index] != before  // a Bool: a failure must not print two whole specs
    #expect(changed, "the drift must change the spec of \(id)")
    return specs
}

/// The shipped specs, unchanged: a server that conforms.
func shippedSpecs() throws -> SpecSet { try EmbeddedSpecs.specSet() }

/// Badge name allows 31 characters instead of the documented 30.
func nameLimitDrift() throws -> SpecSet {
    try driftedSpecs(endpoint: "admin.v1.badge.create") { endpoint in
        for index in endpoint.request.indices where endpoint.request[index].name == "name" {
            endpoint.request[index].maxLength?.value += 1
        }
    }
}

/// The badge list comes back oldest first instead of the documented newest first.
func listOrderDrift() throws -> SpecSet {
    try driftedSpecs(endpoint: "admin.v1.badge.list") { endpoint in
        endpoint.behaviours = endpoint.behaviours.map { behaviour in
            guard case .lists(var lists) = behaviour else { return behaviour }
            lists.order.value.direction = lists.order.value.direction.reversed
            return .lists(lists)
        }
    }
}

/// Rewrites the JSON body of a reply: the request it answers and the reply's JSON in, the JSON to
/// send out. For drifts a spec change cannot express (a renamed reply key, a value of another type).
typealias ReplyRewrite = @Sendable (_ request: HTTPRequest, _ reply: JSONValue) -> JSONValue

/// Wraps a mock: remembers every credential and token that crosses the wire (so tests can look for
/// them in outputs), optionally hides the admin API so the runner treats the server as live, and
/// optionally rewrites the JSON of every platform reply.
final class RecordingHandler: HTTPHandler {
    let mock: FeishuMock
    let hidesAdmin: Bool
    let rewrite: ReplyRewrite?
    private let values = Mutex<Set<String>>([])

    /// JSON keys whose string values are secrets or tokens.
    static let secretKeys: Set<String> = ["tenant_access_token", "app_access_token", "app_secret", "user_access_token", "access_token"]

    init(mock: FeishuMock, hidesAdmin: Bool, rewrite: ReplyRewrite? = nil) {
        self.mock = mock
        self.hidesAdmin = hidesAdmin
        self.rewrite = rewrite
    }

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if hidesAdmin, request.path.hasPrefix("/__mock/") {
            return HTTPResponse(
                status: 404, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: Data(#"{"code":99991201,"msg":"resource not find"}"#.utf8))
        }
        var response = await mock.handle(request)
        if let rewrite, !request.path.hasPrefix("/__mock/"), let json = try? JSONValue.parse(response.body) {
            response.body = rewrite(request, json).jsonData()
        }
        var found: [String] = []
        for body in [request.body, response.body] {
            if let json = try? JSONValue.parse(body) { Self.collect(json, into: &found) }
        }
        if let authorization = request.headers["Authorization"], let space = authorization.firstIndex(of: " ") {
            found.append(String(authorization[authorization.index(after: space)...]).trimmingCharacters(in: .whitespaces))
        }
        let useful = found.filter { $0.count >= 8 }
        if !useful.isEmpty { values.withLock { $0.formUnion(useful) } }
        return response
    }

    /// Every secret and token seen so far (request bodies, replies, Authorization headers).
    var secretsSeen: Set<String> { values.withLock { $0 } }

    private static func collect(_ json: JSONValue, into found: inout [String]) {
        switch json {
        case .object(let object):
            for (key, value) in object {
                if secretKeys.contains(key), let text = value.stringValue { found.append(text) } else { collect(value, into: &found) }
            }
        case .array(let items):
            for item in items { collect(item, into: &found) }
        default:
            break
        }
    }
}

/// A mock served on 127.0.0.1, port 0, through a ``RecordingHandler``.
final class LoopbackMock: Sendable {
    let mock: FeishuMock
    let recorder: RecordingHandler
    let server: HTTPServer
    let port: Int

    init(
        specs: SpecSet, configuration: MockConfiguration = .default, hidesAdmin: Bool = false,
        clock: any MockClock = SystemMockClock(), rewrite: ReplyRewrite? = nil
    ) throws {
        mock = FeishuMock(specs: specs, configuration: configuration, clock: clock)
        recorder = RecordingHandler(mock: mock, hidesAdmin: hidesAdmin, rewrite: rewrite)
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: recorder)
        port = try server.start()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func stop() async { await server.stop() }
}

/// The default mock app every test run calls with (`FEISHU_APP_ID` / `FEISHU_APP_SECRET`).
func defaultAppVariables() throws -> [String: String] {
    let app = try #require(MockConfiguration.default.apps.first { $0.capabilities == MockConfiguration.allCapabilities })
    return ["FEISHU_APP_ID": app.appID, "FEISHU_APP_SECRET": app.appSecret]
}

/// Runs the real command line (standard actions) in process.
func invokeStandard(
    _ arguments: [String], variables: [String: String] = [:], directory: URL,
    runClock: any RunClock = SystemRunClock()
) async -> Invocation {
    await invoke(arguments, variables: variables, actions: .standard, directory: directory, runClock: runClock)
}

/// The three reports of a run, as text.
struct RunReports {
    var markdown: String
    var junit: String
    var resultsJSON: String
    var results: JSONValue

    init(directory: URL) throws {
        markdown = try String(contentsOf: directory.appendingPathComponent("conformance.md"), encoding: .utf8)
        junit = try String(contentsOf: directory.appendingPathComponent("junit.xml"), encoding: .utf8)
        resultsJSON = try String(contentsOf: directory.appendingPathComponent("results.json"), encoding: .utf8)
        results = try JSONValue.parse(Data(resultsJSON.utf8))
    }

    /// The case objects of results.json.
    var cases: [JSONValue] { results["cases"]?.arrayValue ?? [] }

    /// The case with this id in results.json.
    func resultCase(_ id: String) -> JSONValue? { cases.first { $0["caseID"]?.stringValue == id } }

    /// Ids of the cases with this status in results.json.
    func caseIDs(status: String) -> [String] {
        cases.filter { $0["status"]?.stringValue == status }.compactMap { $0["caseID"]?.stringValue }
    }
}

/// Every file under `directory`, as text (reports are UTF-8).
func allFiles(under directory: URL) -> [(name: String, text: String)] {
    guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
    var files: [(String, String)] = []
    for case let url as URL in enumerator {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = try? Data(contentsOf: url)
        else { continue }
        files.append((url.lastPathComponent, String(decoding: data, as: UTF8.self)))
    }
    return files
}

/// Names the outputs in which any of `secrets` appears (never the secret itself: test output is a log too).
func leaks(of secrets: Set<String>, in outputs: [(name: String, text: String)]) -> [String] {
    var found: [String] = []
    for (index, secret) in secrets.sorted().enumerated() {
        for output in outputs where output.text.contains(secret) {
            found.append("secret #\(index) (\(secret.count) characters, starts \(secret.prefix(2))…) in \(output.name)")
        }
    }
    return found
}

/// A loopback port with nothing listening: bound then closed by a server of our own.
func closedLoopbackPort() async throws -> Int {
    let server = HTTPServer(
        configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0),
        handler: ClosureHandler { _ in HTTPResponse(status: 500) })
    let port = try server.start()
    await server.stop()
    return port
}

/// Runs `operation`, failing the test (and answering nil) when it does not finish within `seconds`;
/// a hang guard, not a performance assertion.
func bounded<T: Sendable>(
    _ seconds: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let once = OnceContinuation<T?>()
    let value = await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        once.arm(continuation)
        Task { once.resume(await operation()) }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            once.resume(nil)
        }
    }
    if value == nil { Issue.record("\(what) did not finish within \(seconds) s", sourceLocation: sourceLocation) }
    return value
}

/// A continuation resumed by whichever caller comes first.
final class OnceContinuation<T: Sendable>: Sendable {
    private let slot = Mutex<CheckedContinuation<T, Never>?>(nil)
    func arm(_ continuation: CheckedContinuation<T, Never>) { slot.withLock { $0 = continuation } }
    func resume(_ value: T) { slot.withLock { $0.take() }?.resume(returning: value) }
}
