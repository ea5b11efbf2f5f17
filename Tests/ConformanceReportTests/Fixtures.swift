import ConformanceKit
import ConformanceSpec
import Foundation

/// A small run over two endpoints that exercises every status and finding kind.
enum Fixtures {
    static let documented = Provenance.documented("最多30个字符")
    static let inferred = Provenance.inferred("the docs are silent; the platform's general rule applies")
    static let started = Date(timeIntervalSince1970: 1_790_000_000)

    static func run(cases: [CaseResult]? = nil) -> RunResult {
        RunResult(
            target: "embedded mock", toolVersion: "0.1.0-test",
            startedAt: started, finishedAt: started.addingTimeInterval(2.5),
            endpoints: [
                EndpointSummary(
                    id: "admin.v1.badge.create", signature: "POST /open-apis/admin/v1/badges",
                    summary: "Create a badge",
                    coverage: [
                        .field("name"), .limit("name.maxLength"), .errorCode(1051104), .errorCode(1051999),
                        .behaviour("unique.name"),
                    ]),
                EndpointSummary(
                    id: "admin.v1.badge_image.create", signature: "POST /open-apis/admin/v1/badge_images",
                    summary: "Upload a badge image", coverage: [.field("image_file"), .limit("image_file.bytes")],
                    tier: "curated"),
            ],
            cases: cases ?? defaultCases)
    }

    static let defaultCases: [CaseResult] = [
        CaseResult(
            caseID: "admin.v1.badge.create/name/valid", endpointID: "admin.v1.badge.create",
            title: "POST /open-apis/admin/v1/badges: name of 30 characters -> success", kind: .limit,
            rule: "request.name.maxLength", provenance: documented, covers: [.field("name"), .limit("name.maxLength")],
            status: .passed, durationSeconds: 0.25),
        CaseResult(
            caseID: "admin.v1.badge.create/name.maxLength/above", endpointID: "admin.v1.badge.create",
            title: "POST /open-apis/admin/v1/badges: name of 31 characters -> 1051104", kind: .limit,
            rule: "request.name.maxLength", provenance: documented, covers: [.limit("name.maxLength"), .errorCode(1051104)],
            status: .failed,
            findings: [
                Finding(
                    severity: .failure, rule: "request.name.maxLength", expected: "code 1051104 (HTTP 400)",
                    observed: "code 0 (HTTP 200)", provenance: documented)
            ],
            exchanges: [ExchangeRecord(method: "POST", path: "/open-apis/admin/v1/badges", httpStatus: 200, code: 0, logID: "LOG123")],
            durationSeconds: 0.5),
        CaseResult(
            caseID: "admin.v1.badge.create/unique.name/duplicate", endpointID: "admin.v1.badge.create",
            title: "POST /open-apis/admin/v1/badges: duplicate name -> 1051105", kind: .behaviour,
            rule: "behaviours.unique.name", provenance: inferred, covers: [.behaviour("unique.name")],
            status: .warning,
            findings: [
                Finding(
                    severity: .warning, rule: "behaviours.unique.name", expected: "code 1051105",
                    observed: "code 0", provenance: inferred)
            ]),
        CaseResult(
            caseID: "admin.v1.badge.create/errors.1051999/skip", endpointID: "admin.v1.badge.create",
            title: "POST /open-apis/admin/v1/badges: internal error -> 1051999", kind: .errorCode,
            rule: "errors.1051999", provenance: documented, covers: [.errorCode(1051999)], status: .skipped,
            skipReason: "server-side fault: cannot be provoked from outside"),
        CaseResult(
            caseID: "admin.v1.badge.create/errors.1051998/skip", endpointID: "admin.v1.badge.create",
            title: "POST /open-apis/admin/v1/badges: storage error -> 1051998", kind: .errorCode,
            rule: "errors.1051998", provenance: documented, covers: [], status: .skipped,
            skipReason: "server-side fault: cannot be provoked from outside"),
        CaseResult(
            caseID: "admin.v1.badge_image.create/image/png", endpointID: "admin.v1.badge_image.create",
            title: "POST /open-apis/admin/v1/badge_images: PNG 512x512 -> success", kind: .field,
            rule: "request.image_file.formats", provenance: documented, covers: [.field("image_file")],
            status: .warning,
            findings: [
                Finding(
                    severity: .warning, rule: "drift", path: "$.data.image_url", expected: "no such field",
                    observed: "string field image_url", provenance: inferred)
            ]),
        CaseResult(
            caseID: "admin.v1.badge_image.create/image_file.bytes/above", endpointID: "admin.v1.badge_image.create",
            title: "POST /open-apis/admin/v1/badge_images: file past the byte limit", kind: .limit,
            rule: "request.image_file.bytes", provenance: documented, covers: [.limit("image_file.bytes")],
            status: .error, skipReason: "connection reset by peer"),
    ]

    /// A case with a given id and status, for baseline tests.
    static func simple(_ id: String, _ status: CaseStatus) -> CaseResult {
        CaseResult(
            caseID: id, endpointID: "e", title: "case \(id)", kind: .field, rule: "r", provenance: documented,
            covers: [], status: status,
            findings: status == .failed ? [Finding(severity: .failure, rule: "r", expected: "a", observed: "b", provenance: documented)] : [])
    }
}
