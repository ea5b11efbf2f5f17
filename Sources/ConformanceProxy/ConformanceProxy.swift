import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

/// A reverse proxy that forwards every request to an upstream (the live platform or a mock)
/// unchanged, checks the request and the reply against the specs, and journals the verdicts.
///
/// Forwarding never depends on the checks: what the client sent goes upstream as it was (minus
/// hop-by-hop headers; `Host` names the upstream), and what the upstream answered goes back as it
/// was, error replies included. An upstream that cannot be reached gets `502 Bad Gateway` (`504`
/// on a timeout) with a plain-text reason. Requests under `/__mock/` (a mock's admin API) are
/// forwarded and not journaled. Nothing secret is journaled: credential values are redacted by the
/// validators, and every text passes a redactor that learns the tokens and app secrets it sees.
public final class ConformanceProxy: HTTPHandler {
    /// The specs traffic is checked against.
    public let specs: SpecSet
    /// Where requests go.
    public let upstream: any Transport
    /// The upstream, for reports (`http://127.0.0.1:8080`).
    public let upstreamDescription: String
    /// True when the upstream transport decodes content codings itself (`URLSession`): a reply
    /// whose body is no longer encoded then loses its `Content-Encoding`, so the client does not
    /// decode it twice.
    public let upstreamDecodesContent: Bool
    let checker: ExchangeChecker
    let journal: ProxyJournal
    let redactor = Redactor()

    /// How many exchanges are kept; older ones are dropped (and counted).
    public static let journalCapacity = 200_000

    /// A proxy to `upstream` checking against `specs`.
    public init(specs: SpecSet, upstream: any Transport, upstreamDescription: String, upstreamDecodesContent: Bool = false) {
        self.specs = specs
        self.upstream = upstream
        self.upstreamDescription = upstreamDescription
        self.upstreamDecodesContent = upstreamDecodesContent
        self.checker = ExchangeChecker(specs: specs)
        self.journal = ProxyJournal(capacity: Self.journalCapacity)
    }

    /// The transport for an upstream URL: byte-faithful sockets for `http://`, `URLSession` (which
    /// speaks TLS) for `https://`; the flag says whether it decodes content codings.
    public static func transport(for upstream: URL, timeout: Duration = .seconds(120)) -> (transport: any Transport, decodesContent: Bool) {
        if upstream.scheme?.lowercased() == "https" {
            return (URLSessionTransport(baseURL: upstream, timeout: timeout), true)
        }
        return (PlainHTTPTransport(baseURL: upstream, timeout: timeout), false)
    }

    /// Every exchange so far, in arrival order.
    public var entries: [ProxyEntry] { journal.snapshot.entries }

    /// The report over the journal.
    public func report() -> ProxyReport {
        let (entries, dropped) = journal.snapshot
        return ProxyReport(upstream: upstreamDescription, entries: entries, dropped: dropped)
    }

    /// Forwards `request`, checks the exchange, answers what the upstream answered.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var outbound = request
        outbound.headers = HopByHop.strip(request.headers, also: ["Host", "Content-Length", "Expect"])
        let admin = request.path == "/__mock" || request.path.hasPrefix("/__mock/")
        let reply: HTTPResponse
        var failure: String?
        do {
            reply = clean(try await upstream.send(outbound))
        } catch {
            let transportError = error as? TransportError ?? TransportError(.protocolError, "\(error)")
            let status = transportError.kind == .timeout ? 504 : 502
            failure = "no reply from \(upstreamDescription): \(transportError.description)"
            reply = HTTPResponse(
                status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: Data("feishu-conformance proxy: \(failure ?? "")\n".utf8))
        }
        if !admin { record(request, reply, failure: failure) }
        return reply
    }

    /// The upstream's reply without hop-by-hop headers (and without a `Content-Encoding` the
    /// transport has already undone).
    func clean(_ response: HTTPResponse) -> HTTPResponse {
        var out = response
        out.headers = HopByHop.strip(response.headers, also: ["Content-Length"])
        if upstreamDecodesContent, let coding = out.headers["Content-Encoding"]?.lowercased(), !Self.stillEncoded(out.body, coding: coding) {
            out.headers.remove("Content-Encoding")
        }
        return out
    }

    /// Whether a body still looks encoded with `coding` (gzip's magic, zlib's header; any other
    /// coding unless the body reads as JSON).
    static func stillEncoded(_ body: Data, coding: String) -> Bool {
        guard !body.isEmpty else { return false }
        if coding.contains("gzip") { return body.starts(with: [0x1F, 0x8B]) }
        if coding.contains("deflate") { return body.first == 0x78 }
        if coding == "identity" { return true }
        return (try? JSONValue.parse(body)) == nil
    }

    // MARK: Journal

    func record(_ request: HTTPRequest, _ reply: HTTPResponse, failure: String?) {
        learnSecrets(request)
        let logID = reply.headers[specs.platform.envelope.logIdHeader.value]
        guard let (endpoint, parameters) = checker.router.route(method: request.method, path: request.path) else {
            journal.record(
                ProxyEntry(
                    seq: 0, method: request.method, path: redactor.redact(request.path), endpoint: nil, httpStatus: reply.status,
                    code: ResponseValidator.json(of: reply)?["code"]?.intValue, logID: logID.map(redactor.redact),
                    request: .unknown, reply: failure == nil ? .unchecked : .upstreamFailure,
                    failure: failure.map(redactor.redact), findings: []))
            return
        }
        let requestCheck = checker.checkRequest(request, endpoint: endpoint, parameters: parameters)
        learnSecrets(requestCheck.values)
        var findings = requestCheck.violations.map { v in
            ProxyFinding(
                side: .request, severity: v.provenance.isDocumented ? .failure : .warning, rule: v.rule, location: v.field,
                expected: redactor.redact(v.expected), observed: redactor.redact(v.observed), provenance: v.provenance)
        }
        let replyCheck: ExchangeChecker.ReplyCheck
        if let failure {
            replyCheck = .init(verdict: .upstreamFailure, findings: [], code: nil, failure: failure)
        } else {
            learnSecrets(reply)
            replyCheck = checker.checkReply(reply, endpoint: endpoint, request: requestCheck)
        }
        findings += replyCheck.findings.map { f in
            ProxyFinding(
                side: .reply, severity: f.severity == .failure ? .failure : .warning, rule: f.rule, location: f.path,
                expected: redactor.redact(f.expected), observed: redactor.redact(f.observed), provenance: f.provenance)
        }
        journal.record(
            ProxyEntry(
                seq: 0, method: request.method, path: redactor.redact(request.path), endpoint: endpoint.id, httpStatus: reply.status,
                code: replyCheck.code, logID: logID.map(redactor.redact), request: requestCheck.violations.isEmpty ? .conforming : .nonconforming,
                reply: replyCheck.verdict, failure: replyCheck.failure.map(redactor.redact), findings: findings))
    }

    /// The credential of a request's `Authorization` header (the token after the scheme, or the
    /// whole value when it has no scheme), so it never reaches a report even if echoed.
    func learnSecrets(_ request: HTTPRequest) {
        guard let header = request.headers["Authorization"]?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return }
        let parts = header.split(separator: " ", maxSplits: 1)
        let credential = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : (header == specs.platform.tokens.scheme.value ? "" : header)
        if !credential.isEmpty { redactor.add(credential) }
    }

    /// The values of credential fields a request carried (`app_secret`).
    func learnSecrets(_ values: RequestValues?) {
        guard let values else { return }
        for (name, value) in values.body where RequestValidator.isSecretField(name) {
            if let text = value.stringValue { redactor.add(text) }
        }
    }

    /// Tokens a reply hands out (`tenant_access_token`).
    func learnSecrets(_ reply: HTTPResponse) {
        guard let json = ResponseValidator.json(of: reply) else { return }
        func visit(_ value: JSONValue, key: String?) {
            switch value {
            case .object(let members): for (name, member) in members { visit(member, key: name) }
            case .array(let items): for item in items { visit(item, key: key) }
            case .string(let text): if let key, RequestValidator.isSecretField(key) { redactor.add(text) }
            default: break
            }
        }
        visit(json, key: nil)
    }
}
