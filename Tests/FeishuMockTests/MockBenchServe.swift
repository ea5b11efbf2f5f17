import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Synchronization
import Testing

/// Not a test: with `FEISHU_MOCK_BENCH=serve` this serves, until its parent goes away, the mock
/// (rate limits lifted, else wrk would measure 429s) beside a bare `HTTPServer` answering a fixed
/// body, for Benchmarks/mock_bench.sh. It writes `MOCKPORT BAREPORT PID` to
/// `$FEISHU_MOCK_BENCH_DIR/ports`, and one line per bench tenant `TOKEN IMAGEKEY` to
/// `$FEISHU_MOCK_BENCH_DIR/tenants` (fake mock credentials; `serveTenants` of them). With `FEISHU_MOCK_BENCH=memory` it
/// stores 1000 badges in each of 100 tenants in-process and writes RSS figures to
/// `$FEISHU_MOCK_BENCH_DIR/memory`.
@Suite("Mock benchmark server (env-guarded)")
struct MockBenchServe {
    static let mode = ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH"]
    static let tenants = 100
    /// Tenants for the wrk create run: each takes 1000 badges (the spec's quota), so the run needs
    /// more than `rate x seconds / 1000` of them or it measures quota refusals.
    static let serveTenants = 2000

    static func rssKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// A mock over the repository's specs without rate limits, plus `tenants` apps with a token and an image key each.
    static func prepare(tenants: Int = tenants) throws -> (FeishuMock, [(token: String, image: String)]) {
        var specs = TestSpecs.set
        specs.endpoints = specs.endpoints.map {
            var e = $0
            e.rateLimits = []
            return e
        }
        let mock = FeishuMock(specs: specs)
        let upload = try TestSpecs.endpoint("admin.v1.badge_image.create")
        var out: [(String, String)] = []
        for _ in 0..<tenants {
            let app = mock.addApp()
            let tokenReply = mock.respond(
                HTTPRequest(
                    method: "POST", target: specs.platform.tokenEndpoint.path,
                    body: JSONValue.object(["app_id": .string(app.appID), "app_secret": .string(app.appSecret)]).jsonData()))
            let token = try #require((try JSONValue.parse(tokenReply.body))["tenant_access_token"]?.stringValue)
            var form = MultipartFormData()
            form.addField("image_type", "1")
            form.addFile("image_file", data: TestImages.png(320, 320), filename: "b.png", contentType: "image/png")
            let reply = mock.respond(
                HTTPRequest(
                    method: "POST", target: upload.path,
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": form.contentType], body: form.encoded()))
            let key = try #require((try JSONValue.parse(reply.body)).value(at: "data.image_key")?.stringValue)
            out.append((token, key))
        }
        return (mock, out)
    }

    static func createBody(_ name: String, _ key: String) -> Data {
        JSONValue.object(["name": .string(name), "detail_image": .string(key), "show_image": .string(key)]).jsonData()
    }

    @Test("serve for wrk", .enabled(if: mode == "serve"))
    func serve() async throws {
        let dir = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_DIR"] ?? NSTemporaryDirectory())
        let (mock, tenants) = try Self.prepare(tenants: Self.serveTenants)
        let create = try TestSpecs.endpoint("admin.v1.badge.create")
        // 100 badges in the first tenant, for the list benchmark.
        for i in 0..<100 {
            _ = mock.respond(
                HTTPRequest(
                    method: "POST", target: create.path,
                    headers: ["Authorization": "Bearer \(tenants[0].token)", "Content-Type": "application/json; charset=utf-8"],
                    body: Self.createBody("seed-\(i)", tenants[0].image)))
        }
        let server = MockServer(mock: mock)
        let mockPort = try server.start()
        let fixed = Data(#"{"code":0,"data":{},"msg":"success"}"#.utf8)
        let bare = HTTPServer(
            configuration: HTTPServerConfiguration(),
            handler: ClosureHandler { _ in
                HTTPResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: fixed)
            })
        let barePort = try bare.start()
        try Data(tenants.map { "\($0.token) \($0.image)" }.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("tenants"))
        try Data("\(mockPort) \(barePort) \(getpid())\n".utf8).write(to: dir.appendingPathComponent("ports"))
        let parent = getppid()
        while getppid() == parent { try await Task.sleep(for: .milliseconds(500)) }
        await server.stop()
        await bare.stop()
    }

    /// In-process CPU per request (no sockets): `FEISHU_MOCK_BENCH=inprocess` times `respond` over
    /// prebuilt badge create and badge list requests and writes ns/request to
    /// `$FEISHU_MOCK_BENCH_DIR/inprocess`; the reference in the same run is parsing the same
    /// requests' bytes with `HTTPRequestParser` (what the bare server does for each of them).
    @Test("in-process respond cost", .enabled(if: mode == "inprocess"))
    func inprocess() throws {
        let dir = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_DIR"] ?? NSTemporaryDirectory())
        let n = Int(ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_N"] ?? "") ?? 50_000
        let (mock, tenants) = try Self.prepare(tenants: max(1, n / 1000 + 1))
        let create = try TestSpecs.endpoint("admin.v1.badge.create")
        let list = try TestSpecs.endpoint("admin.v1.badge.list")
        let creates = (0..<n).map { i -> HTTPRequest in
            let t = tenants[i / 1000]
            return HTTPRequest(
                method: "POST", target: create.path,
                headers: ["Authorization": "Bearer \(t.token)", "Content-Type": "application/json; charset=utf-8"],
                body: Self.createBody("bench-\(i)", t.image))
        }
        let lists = (0..<n).map { _ in
            HTTPRequest(method: "GET", target: list.path + "?page_size=20", headers: ["Authorization": "Bearer \(tenants[0].token)"])
        }
        let wire = creates.prefix(1000).map { r -> [UInt8] in
            var text = "\(r.method) \(r.target) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(r.body.count)\r\n"
            for (name, value) in r.headers { text += "\(name): \(value)\r\n" }
            return Array((text + "\r\n").utf8) + Array(r.body)
        }
        func time(_ body: () -> Void) -> Double {
            let start = ContinuousClock.now
            body()
            let d = ContinuousClock.now - start
            return (Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9) / Double(n)
        }
        let threads = max(1, Int(ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_THREADS"] ?? "") ?? 1)
        let failed = Atomic<Int>(0)
        /// `requests` answered by `threads` threads at once (thread `t` takes every `threads`-th request).
        func serve(_ requests: [HTTPRequest]) {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: requests.count, by: threads) where mock.respond(requests[i]).status != 200 {
                    failed.add(1, ordering: .relaxed)
                }
            }
        }
        let createNs = time { serve(creates) }
        let listNs = ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_ONLY"] == "create" ? 0 : time { serve(lists) }
        var failures = failed.load(ordering: .relaxed)
        let parseNs = time {
            for i in 0..<n {
                var parser = HTTPRequestParser()
                wire[i % wire.count].withUnsafeBytes { parser.append($0) }
                if case .request = parser.next() {} else { failures += 1 }
            }
        }
        let text = String(format: "create_ns=%.0f list_ns=%.0f parse_ns=%.0f failures=%d n=%d threads=%d\n", createNs, listNs, parseNs, failures, n, threads)
        try Data(text.utf8).write(to: dir.appendingPathComponent("inprocess"))
        #expect(failures == 0)
    }

    @Test("memory with 1000 badges in each of 100 tenants", .enabled(if: mode == "memory"))
    func memory() throws {
        let dir = URL(fileURLWithPath: ProcessInfo.processInfo.environment["FEISHU_MOCK_BENCH_DIR"] ?? NSTemporaryDirectory())
        let before = Self.rssKiB()
        let (mock, tenants) = try Self.prepare()
        let create = try TestSpecs.endpoint("admin.v1.badge.create")
        let afterSetup = Self.rssKiB()
        let start = Date()
        var failures = 0
        for (t, tenant) in tenants.enumerated() {
            for i in 0..<1000 {
                let r = mock.respond(
                    HTTPRequest(
                        method: "POST", target: create.path,
                        headers: ["Authorization": "Bearer \(tenant.token)", "Content-Type": "application/json; charset=utf-8"],
                        body: Self.createBody("badge-\(t)-\(i)", tenant.image)))
                if r.status != 200 { failures += 1 }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let after = Self.rssKiB()
        mock.reset()  // the journal holds 100k entries too; measure the state alone by difference
        let text =
            "rss_before_kib=\(before) rss_after_setup_kib=\(afterSetup) rss_after_100k_kib=\(after) create_failures=\(failures) seconds=\(String(format: "%.2f", seconds)) journal_entries=100000\n"
        try Data(text.utf8).write(to: dir.appendingPathComponent("memory"))
        #expect(failures == 0)
    }
}
