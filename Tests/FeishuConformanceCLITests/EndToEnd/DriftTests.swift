import ConformanceKit
import ConformanceReport
import FeishuMock
import Foundation
import Testing

@testable import FeishuConformanceCLI

/// Issue #7: a server that drifts from the specs makes `run --base-url` exit 1, and every report
/// names the exact rule and case. Real sockets, the real CLI wiring, in process.
@Suite("end to end: run against a drifted mock on a loopback port", .serialized)
struct DriftTests {
    static let badgeCreate = "admin.v1.badge.create"
    static let nameAbove = "admin.v1.badge.create/request.name.maxLength/above"
    static let badgeList = "admin.v1.badge.list"
    static let listWalk = "admin.v1.badge.list/behaviours.lists.badge/walk"

    /// Runs `run --base-url` against `server` for one endpoint; answers the CLI's outcome and the reports.
    static func run(
        _ server: LoopbackMock, endpoint: String, extra: [String] = [],
        variables: [String: String]? = nil, directory: URL
    ) async throws -> (Invocation, RunReports) {
        let environment = try variables ?? defaultAppVariables()
        let result = await invokeStandard(
            ["run", "--base-url", server.baseURL, "--endpoint", endpoint, "--reports", "out"] + extra,
            variables: environment, directory: directory)
        #expect(!result.stderr.contains("error:"), "unexpected error: \(result.stderr)")
        return (result, try RunReports(directory: directory.appendingPathComponent("out")))
    }

    /// Every report names `rule` and the failed case `caseID`.
    static func expectNamed(
        rule: String, caseID: String, in reports: RunReports,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let item = try #require(reports.resultCase(caseID), "results.json has no case \(caseID)", sourceLocation: sourceLocation)
        #expect(item["status"]?.stringValue == "failed", sourceLocation: sourceLocation)
        let rules = (item["findings"]?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue }
        #expect(rules.contains(rule), "results.json findings of \(caseID): \(rules)", sourceLocation: sourceLocation)
        let title = try #require(item["title"]?.stringValue, sourceLocation: sourceLocation)

        // conformance.md: the case (by title) in the differences, with the rule in code.
        #expect(reports.markdown.contains("**\(TextSanitizer.markdown(title))**"), sourceLocation: sourceLocation)
        #expect(reports.markdown.contains("`\(rule)`"), sourceLocation: sourceLocation)

        // junit.xml: the case's testcase carries a failure that names the rule, and its id.
        let name = "name=\"\(TextSanitizer.xml(title, attribute: true))\""
        let testcase = try #require(reports.junit.range(of: name), "junit.xml has no testcase \(title)", sourceLocation: sourceLocation)
        let rest = reports.junit[testcase.lowerBound...]
        let element = rest[..<(rest.range(of: "</testcase>")?.upperBound ?? rest.endIndex)]
        #expect(element.contains("<failure"), sourceLocation: sourceLocation)
        #expect(element.contains("rule: \(rule)"), sourceLocation: sourceLocation)
        #expect(element.contains("case: \(caseID)"), sourceLocation: sourceLocation)
    }

    @Test("the shipped specs served on a port conform: exit 0 (the control for the drift tests)")
    func undrifted() async throws {
        let server = try LoopbackMock(specs: shippedSpecs())
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await Self.run(server, endpoint: Self.badgeCreate, directory: directory)
        await server.stop()
        #expect(outcome.0.code == .success, "stderr: \(outcome.0.stderr)")
        #expect(outcome.1.caseIDs(status: "failed").isEmpty)
        #expect(outcome.1.caseIDs(status: "error").isEmpty)
        #expect(outcome.1.caseIDs(status: "passed").count > 10)
        #expect(outcome.1.results["target"]?.stringValue == "mock at \(server.baseURL)")
    }

    @Test("badge name maxLength 31 on the server: exit 1, every report names request.name.maxLength and the case")
    func nameLimit() async throws {
        let server = try LoopbackMock(specs: try nameLimitDrift())
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, endpoint: Self.badgeCreate, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        #expect(reports.caseIDs(status: "failed") == [Self.nameAbove])
        #expect(reports.caseIDs(status: "error").isEmpty)
        try Self.expectNamed(rule: "request.name.maxLength", caseID: Self.nameAbove, in: reports)
        #expect(result.stderr.contains("FAIL"))
        #expect(result.stderr.contains("request.name.maxLength"))
        #expect(result.stdout.contains("junit.xml"))
        // The mock journal saw the 31-character name as conforming to *its* (drifted) spec.
        #expect(server.mock.journal.contains { $0.endpoint == Self.badgeCreate })
    }

    @Test("badge list in ascending order on the server: exit 1, the walk case fails on behaviours.lists.badge")
    func listOrder() async throws {
        let server = try LoopbackMock(specs: try listOrderDrift())
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (result, reports) = try await Self.run(server, endpoint: Self.badgeList, directory: directory)
        await server.stop()
        #expect(result.code == .failure, "stderr: \(result.stderr)")
        #expect(reports.caseIDs(status: "failed") == [Self.listWalk])
        try Self.expectNamed(rule: "behaviours.lists.badge", caseID: Self.listWalk, in: reports)
    }

    @Test("a baseline from a conforming run: the drifted run's Markdown lists the new difference under 'changed since baseline'")
    func baseline() async throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clean = try LoopbackMock(specs: shippedSpecs())
        let first = await invokeStandard(
            ["run", "--base-url", clean.baseURL, "--endpoint", Self.badgeList, "--reports", "first", "--quiet"],
            variables: try defaultAppVariables(), directory: directory)
        await clean.stop()
        #expect(first.code == .success, "stderr: \(first.stderr)")
        #expect(try RunReports(directory: directory.appendingPathComponent("first")).resultCase(Self.listWalk)?["status"]?.stringValue == "passed")

        let drifted = try LoopbackMock(specs: try listOrderDrift())
        let second = await invokeStandard(
            [
                "run", "--base-url", drifted.baseURL, "--endpoint", Self.badgeList, "--reports", "second",
                "--baseline", "first/results.json", "--quiet",
            ],
            variables: try defaultAppVariables(), directory: directory)
        await drifted.stop()
        #expect(second.code == .failure, "stderr: \(second.stderr)")
        let reports = try RunReports(directory: directory.appendingPathComponent("second"))
        let title = try #require(reports.resultCase(Self.listWalk)?["title"]?.stringValue)
        let section = try #require(reports.markdown.range(of: "## Changed since baseline"), "no baseline section:\n\(reports.markdown)")
        let changes = reports.markdown[section.upperBound...]
        let newDifferences = try #require(changes.range(of: "**New differences** (1)"), "changes:\n\(changes)")
        let listed = changes[newDifferences.upperBound...]
        let line = "- \(TextSanitizer.markdown(Self.badgeList)): \(TextSanitizer.markdown(title)) (passed → failed)"
        #expect(listed.hasPrefix("\n\n" + line + "\n"), "changes:\n\(changes)")
        for other in ["**Fixed**", "**New cases**", "**Removed cases**"] {
            #expect(!changes.contains(other), "only the new difference changed:\n\(changes)")
        }
    }
}
