import ConformanceKit
import ConformanceReport
import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Testing

@testable import FeishuConformanceCLI

/// The verdicts follow the docs: a server that follows them conforms, and the same server with one
/// documented fact changed fails the run, with the rule and the field named in every report. The
/// server is our own test double (the mock behind a loopback socket with its admin API hidden, so
/// the runner treats it as a live tenant: writes budgeted, requests paced under the documented
/// rate limits) changed either through the spec it serves or by rewriting its replies. Server and
/// runner share one accelerated clock, so a paced run takes seconds and both agree on rate windows.
@Suite("end to end: verdicts against a documented server with one fact changed", .serialized)
struct VerdictDriftTests {
    static let imUpload = "im.v1.image.create"
    static let badgeCreate = "admin.v1.badge.create"
    static let badgeList = "admin.v1.badge.list"
    static let lingoUpload = "lingo.v1.file.upload"

    /// Runs `run` against `server` as a live tenant for one endpoint, writes allowed; answers the
    /// CLI's outcome and the reports (written to `reports` under `directory`).
    ///
    /// One endpoint per run: the CLI runs endpoint after endpoint in sessions that share the run id
    /// but not the name counter, so on one live tenant a second endpoint's names can repeat the
    /// first's (a duplicate-name refusal); that is outside what these tests are about.
    static func run(
        _ server: LoopbackMock, clock: AcceleratedClock, endpoint: String, extra: [String] = [],
        directory: URL, reports name: String = "out"
    ) async throws -> (Invocation, RunReports) {
        let arguments =
            [
                "run", "--base-url", server.baseURL, "--endpoint", endpoint,
                "--allow-writes", "--max-writes", "1000", "--reports", name, "--quiet",
            ] + extra
        let result = await invokeStandard(arguments, variables: try defaultAppVariables(), directory: directory, runClock: clock)
        #expect(!result.stderr.contains("error:"), "unexpected error: \(result.stderr)")
        let reports = try RunReports(directory: directory.appendingPathComponent(name))
        // A live tenant, not a mock the runner recognises.
        #expect(reports.results["target"]?.stringValue?.hasPrefix("mock") == false, "the server must be treated as a live tenant")
        return (result, reports)
    }

    /// A server with the shipped specs (or `specs`), its admin API hidden, on `clock`, replies rewritten by `rewrite`.
    static func server(specs: SpecSet? = nil, clock: AcceleratedClock, rewrite: ReplyRewrite? = nil) throws -> LoopbackMock {
        try LoopbackMock(specs: specs ?? shippedSpecs(), hidesAdmin: true, clock: clock, rewrite: rewrite)
    }

    /// A clock 50 times faster than real time (badge images are paced at 20 a minute).
    static func fastClock() -> AcceleratedClock { AcceleratedClock(scale: 50) }

    /// Case `caseID` failed on a finding of severity failure with `rule`, at a path starting with
    /// `path`, observed containing `observed`; conformance.md lists it under Failures with the rule
    /// and the path; junit.xml gives it a `<failure>` naming both.
    static func expectFailure(
        _ reports: RunReports, caseID: String, rule: String, path: String, observed: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let item = try #require(reports.resultCase(caseID), "results.json has no case \(caseID)", sourceLocation: sourceLocation)
        #expect(
            item["status"]?.stringValue == "failed", "\(caseID): \(item["status"]?.stringValue ?? "-") \(item["findings"]?.jsonText ?? "")",
            sourceLocation: sourceLocation)
        let findings = (item["findings"]?.arrayValue ?? []).filter {
            $0["severity"]?.stringValue == "failure" && $0["rule"]?.stringValue == rule && $0["path"]?.stringValue?.hasPrefix(path) == true
        }
        let finding = try #require(
            findings.first, "\(caseID): no failure on \(rule) at \(path) in \(item["findings"]?.jsonText ?? "")",
            sourceLocation: sourceLocation)
        let observedText = finding["observed"]?.stringValue ?? ""
        if let observed { #expect(observedText.contains(observed), "\(caseID): observed \(observedText)", sourceLocation: sourceLocation) }
        let foundPath = finding["path"]?.stringValue ?? path
        let title = try #require(item["title"]?.stringValue, sourceLocation: sourceLocation)

        // conformance.md: the case under Failures, with the rule and the path in code.
        let endpoint = try #require(item["endpointID"]?.stringValue, sourceLocation: sourceLocation)
        let section = try #require(reports.markdown.range(of: "## \(TextSanitizer.markdown(endpoint))\n"), sourceLocation: sourceLocation)
        let rest = reports.markdown[section.upperBound...]
        let body = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
        let failures = try #require(body.range(of: "### Failures"), "no Failures section for \(endpoint)", sourceLocation: sourceLocation)
        let listed = body[failures.upperBound..<(body.range(of: "### Warnings")?.lowerBound ?? body.endIndex)]
        #expect(listed.contains("**\(TextSanitizer.markdown(title))**"), "\(caseID) not under Failures", sourceLocation: sourceLocation)
        #expect(listed.contains(TextSanitizer.markdownCode(rule) + " at " + TextSanitizer.markdownCode(foundPath)), sourceLocation: sourceLocation)

        // junit.xml: a <failure> naming the rule and the path.
        let name = "name=\"\(TextSanitizer.xml(title, attribute: true))\""
        let testcase = try #require(reports.junit.range(of: name), "junit.xml has no testcase \(title)", sourceLocation: sourceLocation)
        let after = reports.junit[testcase.lowerBound...]
        let element = after[..<(after.range(of: "</testcase>")?.upperBound ?? after.endIndex)]
        #expect(element.contains("<failure"), sourceLocation: sourceLocation)
        #expect(element.contains("rule: \(TextSanitizer.xml(rule))"), sourceLocation: sourceLocation)
        #expect(element.contains("path: \(TextSanitizer.xml(foundPath))"), sourceLocation: sourceLocation)
    }

    /// The rules of every failure finding of every failed case.
    static func failureRules(_ reports: RunReports) -> Set<String> {
        var rules: Set<String> = []
        for item in reports.cases where item["status"]?.stringValue == "failed" {
            for finding in item["findings"]?.arrayValue ?? [] where finding["severity"]?.stringValue == "failure" {
                if let rule = finding["rule"]?.stringValue { rules.insert(rule) }
            }
        }
        return rules
    }

    // MARK: Reply rewriting

    /// `reply` with `change` applied to its `data` object when `request` is `method path`.
    static func editingData(
        _ request: HTTPRequest, _ reply: JSONValue, method: String, path: String,
        _ change: (inout [String: JSONValue]) -> Void
    ) -> JSONValue {
        guard request.method == method, request.path == path, case .object(var body) = reply,
            case .object(var data)? = body["data"]
        else { return reply }
        change(&data)
        body["data"] = .object(data)
        return .object(body)
    }

    /// `object` with member `old` under the name `new` (unchanged when `old` is absent).
    static func renaming(_ object: JSONValue, _ old: String, to new: String) -> JSONValue {
        guard case .object(var members) = object, let value = members.removeValue(forKey: old) else { return object }
        members[new] = value
        return .object(members)
    }

    // MARK: The control

    @Test(
        "the documented server unchanged: exit 0, no failure, no warning",
        arguments: [imUpload, badgeCreate, badgeList, lingoUpload])
    func unchanged(_ endpoint: String) async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: endpoint, directory: directory)
        await server.stop()
        #expect(result.code == .success, "stderr: \(result.stderr)")
        #expect(
            reports.caseIDs(status: "failed").isEmpty,
            "\(reports.cases.filter { $0["status"]?.stringValue == "failed" }.map { $0["findings"]?.jsonText ?? "" })")
        #expect(reports.caseIDs(status: "error").isEmpty)
        #expect(reports.caseIDs(status: "warning").isEmpty, "warnings: \(reports.caseIDs(status: "warning"))")
        #expect(reports.caseIDs(status: "passed").count > 10)
        #expect(reports.markdown.contains("**✅ conforms**"))
        #expect(!reports.junit.contains("<failure"))
        // Live: writes and pacing applied, cases a live tenant cannot offer not exercised.
        #expect(!reports.caseIDs(status: "skipped").isEmpty)
    }

    // MARK: Reply fields

    @Test("IM upload reply has data.key instead of data.image_key: exit 1, response.image_key named as a probable rename")
    func imageKeyRenamed() async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock) { request, reply in
            Self.editingData(request, reply, method: "POST", path: "/open-apis/im/v1/images") { data in
                if let key = data.removeValue(forKey: "image_key") { data["key"] = key }
            }
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.imUpload, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        try Self.expectFailure(
            reports, caseID: "\(Self.imUpload)/request/baseline", rule: "response.image_key", path: "$.data.image_key",
            observed: "absent; undocumented key (string \"img_v2_")
        #expect(
            reports.resultCase("\(Self.imUpload)/request/baseline")?["findings"]?.jsonText.contains("\"drift\"") == false,
            "the new key is reported with the missing one, not as separate drift")
        #expect(Self.failureRules(reports) == ["response.image_key"])
    }

    @Test("badge objects in create and list replies carry show_image_key instead of show_image: exit 1, the field named in both")
    func showImageRenamed() async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock) { request, reply in
            let created = Self.editingData(request, reply, method: "POST", path: "/open-apis/admin/v1/badges") { data in
                if let badge = data["badge"] { data["badge"] = Self.renaming(badge, "show_image", to: "show_image_key") }
            }
            return Self.editingData(request, created, method: "GET", path: "/open-apis/admin/v1/badges") { data in
                if let badges = data["badges"]?.arrayValue { data["badges"] = .array(badges.map { Self.renaming($0, "show_image", to: "show_image_key") }) }
            }
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (created, createReports) = try await Self.run(server, clock: clock, endpoint: Self.badgeCreate, directory: directory, reports: "create")
        // The same tenant, now holding the badges the create cases made.
        let (listed, listReports) = try await Self.run(server, clock: clock, endpoint: Self.badgeList, directory: directory, reports: "list")
        await server.stop()
        #expect(created.code == .failure, "stderr: \(created.stderr)")
        try Self.expectFailure(
            createReports, caseID: "\(Self.badgeCreate)/request/baseline", rule: "response.badge.show_image",
            path: "$.data.badge.show_image", observed: "undocumented show_image_key")
        #expect(Self.failureRules(createReports) == ["response.badge.show_image"])
        #expect(listed.code == .failure, "stderr: \(listed.stderr)")
        // Every item of a list is checked.
        try Self.expectFailure(
            listReports, caseID: "\(Self.badgeList)/request/baseline", rule: "response.badges.show_image",
            path: "$.data.badges[0].show_image", observed: "probably renamed")
        let baseline = listReports.resultCase("\(Self.badgeList)/request/baseline")?["findings"]?.arrayValue ?? []
        #expect(baseline.count == 10, "one finding per badge on the first page of 10: \(baseline.count)")
        // The list cases that create their own badges first see the create reply's rename too.
        #expect(Self.failureRules(listReports) == ["response.badges.show_image", "response.badge.show_image"])
    }

    @Test("list replies leave out has_more: exit 1, response.has_more named")
    func hasMoreMissing() async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock) { request, reply in
            Self.editingData(request, reply, method: "GET", path: "/open-apis/admin/v1/badges") { data in data["has_more"] = nil }
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.badgeList, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        try Self.expectFailure(
            reports, caseID: "\(Self.badgeList)/request/baseline", rule: "response.has_more", path: "$.data.has_more",
            observed: "absent")
        // Without has_more a walk stops after page one: the page token there and the order are wrong too.
        #expect(
            Self.failureRules(reports) == ["response.has_more", "behaviours.lists.pageTokenOnlyWhenMore", "behaviours.lists.badge"],
            "\(Self.failureRules(reports))")
    }

    @Test("has_more is the string \"true\"/\"false\": exit 1, response.has_more.type named")
    func hasMoreString() async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock) { request, reply in
            Self.editingData(request, reply, method: "GET", path: "/open-apis/admin/v1/badges") { data in
                if let more = data["has_more"]?.boolValue { data["has_more"] = .string(more ? "true" : "false") }
            }
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.badgeList, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        try Self.expectFailure(
            reports, caseID: "\(Self.badgeList)/request/baseline", rule: "response.has_more.type", path: "$.data.has_more",
            observed: "string \"false\"")
        // A string has_more is no boolean: as above, the walk stops after page one.
        #expect(
            Self.failureRules(reports) == ["response.has_more.type", "behaviours.lists.pageTokenOnlyWhenMore", "behaviours.lists.badge"],
            "\(Self.failureRules(reports))")
    }

    @Test("the badge create reply leaves out badge.i18n_name: exit 1 for the cases that sent it, response.badge.i18n_name named")
    func i18nNameOmitted() async throws {
        let clock = Self.fastClock()
        let server = try Self.server(clock: clock) { request, reply in
            Self.editingData(request, reply, method: "POST", path: "/open-apis/admin/v1/badges") { data in
                if case .object(var badge)? = data["badge"] {
                    badge["i18n_name"] = nil
                    data["badge"] = .object(badge)
                }
            }
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.badgeCreate, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        try Self.expectFailure(
            reports, caseID: "\(Self.badgeCreate)/request.i18n_name.zh_cn.maxLength/at", rule: "response.badge.i18n_name",
            path: "$.data.badge.i18n_name", observed: "absent")
        #expect(Self.failureRules(reports) == ["response.badge.i18n_name"])
        // A create that did not send i18n_name has nothing to echo.
        #expect(reports.resultCase("\(Self.badgeCreate)/request/baseline")?["status"]?.stringValue == "passed")
    }

    // MARK: Documented limits with inferred codes

    @Test("page_size 51 is accepted (documented 1-50, code inferred): exit 1, request.page_size.maximum named")
    func pageSizeAccepted() async throws {
        let specs = try driftedSpecs(endpoint: Self.badgeList) { endpoint in
            for index in endpoint.request.indices where endpoint.request[index].name == "page_size" {
                endpoint.request[index].maximum?.value = 51
            }
        }
        let clock = Self.fastClock()
        let server = try Self.server(specs: specs, clock: clock)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.badgeList, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        let caseID = "\(Self.badgeList)/request.page_size.maximum/above"
        try Self.expectFailure(reports, caseID: caseID, rule: "request.page_size.maximum", path: "$.code", observed: "accepted: code 0 (HTTP 200)")
        #expect(reports.caseIDs(status: "failed") == [caseID])
        // The finding carries the limit's documented words, not the inferred code's reason.
        let finding = reports.resultCase(caseID)?["findings"]?.arrayValue?.first
        #expect(finding?["provenance"]?["documented"]?.stringValue == "取值范围：`1` ～ `50`")
        #expect(reports.markdown.contains("documented: 取值范围："))
    }

    @Test("lingo accepts a file under 3 KB (documented 3 KB-10 MB, code inferred): exit 1, request.file.file.minBytes named")
    func lingoUnderMinBytes() async throws {
        let specs = try driftedSpecs(endpoint: Self.lingoUpload) { endpoint in
            for index in endpoint.request.indices where endpoint.request[index].name == "file" {
                endpoint.request[index].file?.minBytes?.value = 1024
            }
        }
        let clock = Self.fastClock()
        let server = try Self.server(specs: specs, clock: clock)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, clock: clock, endpoint: Self.lingoUpload, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        let caseID = "\(Self.lingoUpload)/request.file.file.minBytes/below"
        try Self.expectFailure(reports, caseID: caseID, rule: "request.file.file.minBytes", path: "$.code", observed: "accepted: code 0 (HTTP 200)")
        #expect(reports.caseIDs(status: "failed") == [caseID])
    }

    // MARK: --fail-on warning

    @Test("a refusal with another code than an inferred one is a warning: exit 0, or 1 with --fail-on warning")
    func otherCodeIsAWarning() async throws {
        // page_size 51 refused, but with the badge endpoints' 1051002 instead of the inferred catch-all 1051001.
        let clock = Self.fastClock()
        let rewrite: ReplyRewrite = { request, reply in
            guard request.path == "/open-apis/admin/v1/badges", request.target.contains("page_size=51"),
                case .object(var body) = reply
            else { return reply }
            body["code"] = .int(1051002)
            body["msg"] = .string("request to exceed authority")
            return .object(body)
        }
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lenient = try Self.server(clock: clock, rewrite: rewrite)
        let (first, reports) = try await Self.run(lenient, clock: clock, endpoint: Self.badgeList, directory: directory)
        await lenient.stop()
        #expect(first.code == .success, "stderr: \(first.stderr)")
        let caseID = "\(Self.badgeList)/request.page_size.maximum/above"
        #expect(reports.resultCase(caseID)?["status"]?.stringValue == "warning")
        #expect(reports.markdown.contains("### Warnings"))
        #expect(!reports.markdown.contains("### Failures"))

        let strict = try Self.server(clock: clock, rewrite: rewrite)
        let (second, _) = try await Self.run(
            strict, clock: clock, endpoint: Self.badgeList, extra: ["--fail-on", "warning"],
            directory: directory, reports: "strict")
        await strict.stop()
        #expect(second.code == .failure, "stderr: \(second.stderr)")
    }
}
