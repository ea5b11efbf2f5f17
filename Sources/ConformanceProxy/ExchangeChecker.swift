import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

/// Checks one exchange against the specs: the request (auth header, body, fields: the rules the
/// mock enforces, minus what needs the platform's state) and the reply (envelope, documented
/// fields on success, error code and HTTP status on refusal, and whether a request that breaks a
/// rule was refused as documented).
struct ExchangeChecker: Sendable {
    let specs: SpecSet
    let router: EndpointRouter
    let validators: [String: RequestValidator]
    let replies: ResponseValidator
    /// Codes that answer checks made before or beside the field rules (auth, scope, rate limits,
    /// routing, capabilities, state): a request that breaks a field rule may meet one of them first.
    let otherStageCodes: Set<Int>

    init(specs: SpecSet) {
        self.specs = specs
        let endpoints = [specs.platform.tokenEndpoint] + specs.endpoints
        router = EndpointRouter(endpoints: endpoints)
        var validators: [String: RequestValidator] = [:]
        for endpoint in endpoints { validators[endpoint.id] = RequestValidator(endpoint: endpoint, platform: specs.platform) }
        self.validators = validators
        replies = ResponseValidator(platform: specs.platform)
        let roles = specs.platform.roles
        var codes: Set<Int> = [
            roles.missingToken.code, roles.malformedAuthorization.code, roles.badTokenPrefix.code, roles.invalidTenantToken.code,
            roles.invalidUserToken.code, roles.wrongTokenType.code, roles.missingScope.code, roles.rateLimited.code,
            roles.notFound.code, roles.methodMismatch.code, roles.badCredentials.code,
        ]
        for endpoint in specs.endpoints {
            for behaviour in endpoint.behaviours {
                for binding in behaviour.errorBindings { codes.insert(binding.code) }
            }
        }
        otherStageCodes = codes
    }

    /// What the request check found.
    struct RequestCheck {
        var violations: [RequestViolation]
        var values: RequestValues?
    }

    // MARK: Requests

    func checkRequest(_ request: HTTPRequest, endpoint: EndpointSpec, parameters: [String: String]) -> RequestCheck {
        guard let validator = validators[endpoint.id] else { return RequestCheck(violations: [], values: nil) }
        let validation = validator.validate(request, pathParameters: parameters)
        var violations = validation.violations.filter { [.body, .fields].contains($0.stage) }
        if let auth = authViolation(request, endpoint: endpoint) { violations.insert(auth, at: 0) }
        return RequestCheck(violations: validator.ordered(violations), values: validation.values)
    }

    /// The `Authorization` header against the token rules and the endpoint's token types (whether
    /// the token is valid only the upstream knows). Never shows the token.
    func authViolation(_ request: HTTPRequest, endpoint: EndpointSpec) -> RequestViolation? {
        let accepted = endpoint.auth.tokenTypes.value
        guard !accepted.isEmpty else { return nil }
        if case .failure(let violation) = AuthorizationRule(platform: specs.platform).check(request.headers["Authorization"], accepted: accepted) {
            return violation
        }
        return nil
    }

    /// The code the platform answers a violation with (the token endpoint answers every bad
    /// request with its own code).
    func expectedCode(_ violation: RequestViolation, endpoint: EndpointSpec) -> Int {
        endpoint.id == specs.platform.tokenEndpoint.id && violation.stage != .auth ? specs.platform.roles.tokenBadRequest.code : violation.code
    }

    // MARK: Replies

    /// What the reply check found.
    struct ReplyCheck {
        var verdict: ReplyVerdict
        var findings: [Finding]
        var code: Int?
        var failure: String?
    }

    func checkReply(_ response: HTTPResponse, endpoint: EndpointSpec, request: RequestCheck) -> ReplyCheck {
        let json = ResponseValidator.json(of: response)
        let code = json?["code"]?.intValue
        if response.status >= 500, code == nil {
            return ReplyCheck(
                verdict: .upstreamFailure, findings: [], code: nil,
                failure: "HTTP \(response.status) with no platform reply (\(ResponseValidatorText.body(response.body)))")
        }
        var findings: [Finding] = []
        let broken = request.violations.first
        if code == 0, (200..<300).contains(response.status) {
            findings += replies.validateSuccess(response, endpoint: endpoint, json: json, sent: Self.sentPaths(request.values))
            if let broken {
                findings.append(
                    Finding(
                        severity: broken.provenance.isDocumented ? .failure : .warning, rule: broken.rule, path: nil,
                        expected:
                            "the request refused with code \(expectedCode(broken, endpoint: endpoint)) (it breaks this rule: \(broken.expected), sent \(broken.observed))",
                        observed: "accepted (code 0)", provenance: broken.provenance))
            }
        } else {
            findings += replies.validateEnvelope(response, json: json)
            if let code {
                findings += errorFindings(code: code, response: response, endpoint: endpoint)
                if let broken, code != expectedCode(broken, endpoint: endpoint), !otherStageCodes.contains(code) {
                    findings.append(
                        Finding(
                            severity: .warning, rule: broken.rule, path: nil,
                            expected: "code \(expectedCode(broken, endpoint: endpoint)) for a request that breaks this rule",
                            observed: "code \(code)",
                            provenance: .inferred(
                                "The request may break rules checked before this one; the platform's order of checks is not always documented.")))
                }
            }
        }
        let verdict: ReplyVerdict = findings.contains { $0.severity == .failure } ? .differs : .asDocumented
        return ReplyCheck(verdict: verdict, findings: findings, code: code)
    }

    /// A refusal's code against the error tables: documented at all, with its HTTP status; a
    /// rate-limit answer with its headers.
    func errorFindings(code: Int, response: HTTPResponse, endpoint: EndpointSpec) -> [Finding] {
        var findings: [Finding] = []
        guard let entry = endpoint.error(code: code) ?? specs.platform.error(code: code) else {
            return [
                Finding(
                    severity: .warning, rule: "errors.\(code)", path: "$.code",
                    expected: "a code in \(endpoint.id)'s or the platform's error table", observed: "code \(code), undocumented",
                    provenance: .inferred("The error tables do not list this code: the platform added it or the spec is incomplete."))
            ]
        }
        if entry.httpStatus.value != response.status {
            findings.append(
                Finding(
                    severity: entry.httpStatus.provenance.isDocumented ? .failure : .warning,
                    rule: "errors.\(code).httpStatus", path: nil, expected: "HTTP \(entry.httpStatus.value) with code \(code)",
                    observed: "HTTP \(response.status)", provenance: entry.httpStatus.provenance))
        }
        let limiting = specs.platform.rateLimiting
        if code == specs.platform.roles.rateLimited.code {
            for (name, rule) in [("limitHeader", limiting.limitHeader), ("resetHeader", limiting.resetHeader)] where response.headers[rule.value] == nil {
                findings.append(
                    Finding(
                        severity: rule.provenance.isDocumented ? .failure : .warning, rule: "rateLimiting.\(name)", path: nil,
                        expected: "a \(rule.value) header", observed: "none", provenance: rule.provenance))
            }
        }
        return findings
    }

    /// The dotted paths of the request fields that were sent (`name`, `i18n_name.zh_cn`), for reply
    /// fields that echo one; nil when the request was not read.
    static func sentPaths(_ values: RequestValues?) -> Set<String>? {
        guard let values else { return nil }
        var paths: Set<String> = []
        func add(_ path: String, _ value: JSONValue) {
            guard value != .null else { return }
            paths.insert(path)
            if case .object(let members) = value { for (key, member) in members { add("\(path).\(key)", member) } }
        }
        for (name, value) in values.body { add(name, value) }
        for (name, value) in values.query { add(name, value) }
        for (name, value) in values.path { add(name, value) }
        for name in values.files.keys { paths.insert(name) }
        return paths
    }
}

/// Short descriptions of bodies for reports.
enum ResponseValidatorText {
    /// `an empty body`, or the byte count and the first characters.
    static func body(_ body: Data) -> String {
        if body.isEmpty { return "an empty body" }
        let text = String(decoding: body.prefix(60), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return "\(body.count) bytes: \(text)\(body.count > 60 ? "…" : "")"
    }
}
