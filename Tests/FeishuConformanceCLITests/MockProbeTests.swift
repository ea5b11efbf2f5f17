import ConformanceCatalog
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Synchronization
import Testing

@testable import FeishuConformanceCLI

/// `run --base-url` tells a mock on a port from a live platform with `GET /__mock/health`, not by
/// downloading the journal.
@Suite("mock probe")
struct MockProbeTests {
    /// Records every path it is asked for, then lets `inner` answer.
    final class Recording: HTTPHandler {
        let paths = Mutex<[String]>([])
        let inner: any HTTPHandler
        init(_ inner: any HTTPHandler) { self.inner = inner }
        func handle(_ request: HTTPRequest) async -> HTTPResponse {
            paths.withLock { $0.append(request.path) }
            return await inner.handle(request)
        }
    }

    @Test("the mock answers health with its name and version and is recognised without a journal download")
    func mock() async throws {
        let mock = FeishuMock(specs: try EmbeddedSpecs.specSet())
        let health = await mock.handle(HTTPRequest(method: "GET", target: "/__mock/health"))
        #expect(health.status == 200)
        let body = try JSONValue.parse(health.body)
        #expect(body["mock"]?.stringValue == "feishu-conformance")
        #expect(body["version"]?.stringValue == FeishuConformanceCLI.version)
        #expect(mock.journal.isEmpty, "admin requests are not journaled")

        let recording = Recording(mock)
        guard case .mock = await StandardActions.probeMockAdmin(InProcessTransport(handler: recording)) else {
            Issue.record("the mock was not recognised")
            return
        }
        #expect(recording.paths.withLock { $0 } == ["/__mock/health"])
    }

    @Test("a platform that answers 404, or 200 with other JSON, is not the mock; no reply is unreachable")
    func notMock() async {
        let notFound = ClosureHandler { _ in HTTPResponse(status: 404, body: Data(#"{"code":99991201}"#.utf8)) }
        guard case .notMock = await StandardActions.probeMockAdmin(InProcessTransport(handler: notFound)) else {
            Issue.record("a 404 was taken for the mock")
            return
        }
        let other = ClosureHandler { _ in HTTPResponse(status: 200, body: Data(#"{"mock":"someone-else"}"#.utf8)) }
        guard case .notMock = await StandardActions.probeMockAdmin(InProcessTransport(handler: other)) else {
            Issue.record("another JSON reply was taken for the mock")
            return
        }
        struct Refused: Transport {
            func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw TransportError(.unreachable, "refused") }
        }
        guard case .unreachable = await StandardActions.probeMockAdmin(Refused()) else {
            Issue.record("a refused connection was not reported as unreachable")
            return
        }
    }
}
