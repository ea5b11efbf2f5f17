import Foundation
import Testing

@testable import HTTPWire

/// Feeds `text` to a parser and collects events until it needs more data or fails.
private func events(_ bytes: [UInt8], limits: HTTPParserLimits = .init(), chunkSize: Int? = nil) -> [HTTPRequestParser.Event] {
    var parser = HTTPRequestParser(limits: limits)
    var out: [HTTPRequestParser.Event] = []
    let step = chunkSize ?? max(1, bytes.count)
    var offset = 0
    repeat {
        let end = min(bytes.count, offset + step)
        parser.append(bytes[offset..<end])
        offset = end
        while true {
            let event = parser.next()
            if event == .needMoreData { break }
            out.append(event)
            if case .error = event { return out }
        }
    } while offset < bytes.count
    return out
}

private func requests(_ events: [HTTPRequestParser.Event]) -> [ParsedRequest] {
    events.compactMap { if case .request(let r) = $0 { r } else { nil } }
}

/// One malformed or over-limit input and the status the parser must answer.
struct BadRequestCase: Sendable, CustomTestStringConvertible {
    let label: String
    let raw: String
    let status: Int
    var limits = HTTPParserLimits(maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 5, maxBodyBytes: 100)
    var testDescription: String { "\(label) -> \(status)" }

    static let all: [BadRequestCase] = [
        .init(label: "garbage request line", raw: "HELLO\r\n\r\n", status: 400),
        .init(label: "two spaces", raw: "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        .init(label: "target without slash", raw: "GET abc HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        .init(label: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505),
        .init(label: "HTTP/1.2", raw: "GET / HTTP/1.2\r\nHost: x\r\n\r\n", status: 505),
        .init(label: "malformed version", raw: "GET / HTTX/1.1\r\nHost: x\r\n\r\n", status: 400),
        .init(label: "request line over limit", raw: "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\n\r\n", status: 414),
        .init(label: "request line over limit, no LF yet", raw: "GET /" + String(repeating: "a", count: 100), status: 414),
        .init(label: "header section over limit", raw: "GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 300) + "\r\n\r\n", status: 431),
        .init(label: "too many headers", raw: "GET / HTTP/1.1\r\nHost: x\r\n" + (1...5).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
        .init(label: "Content-Length over limit", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n", status: 413),
        .init(label: "chunked body over limit", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n", status: 413),
        .init(label: "unknown transfer coding", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
        .init(
            label: "POST without length when required", raw: "POST / HTTP/1.1\r\nHost: x\r\n\r\n", status: 411,
            limits: .init(requireLengthForBodyMethods: true)),
        .init(
            label: "Content-Length and Transfer-Encoding", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            status: 400),
        .init(label: "non-numeric Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", status: 400),
        .init(label: "negative Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", status: 400),
        .init(label: "conflicting Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", status: 400),
        .init(label: "huge Content-Length", raw: "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 400),
        .init(label: "missing Host in HTTP/1.1", raw: "GET / HTTP/1.1\r\n\r\n", status: 400),
        .init(label: "two Host headers", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        .init(label: "obsolete line folding", raw: "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n", status: 400),
        .init(label: "space before colon", raw: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", status: 400),
        .init(label: "header without colon", raw: "GET / HTTP/1.1\r\nHost: x\r\nnocolon\r\n\r\n", status: 400),
        .init(label: "NUL in header value", raw: "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{0}b\r\n\r\n", status: 400),
        .init(label: "bare CR in header", raw: "GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", status: 400),
        .init(label: "invalid chunk size", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400),
        .init(label: "chunk longer than its size", raw: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", status: 400),
        .init(label: "unsupported Expect", raw: "POST / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\na", status: 417),
        .init(label: "chunked in HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        .init(label: "control byte in target", raw: "GET /a\u{1}b HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
        .init(label: "non-token method", raw: "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400),
    ]
}

@Suite("HTTPRequestParser (no sockets)")
struct HTTPRequestParserTests {
    @Test("a GET with headers and query")
    func simpleGet() throws {
        let evs = events(Array("GET /open-apis/x?a=1&b=%20c HTTP/1.1\r\nHost: h\r\nX-Tt-Logid:  abc \r\n\r\n".utf8))
        let r = try #require(requests(evs).first)
        #expect(evs.count == 1)
        #expect(r.request.method == "GET")
        #expect(r.request.path == "/open-apis/x")
        #expect(r.request.queryItems.map(\.value) == ["1", " c"])
        #expect(r.request.headers["x-tt-logid"] == "abc")
        #expect(r.keepAlive)
        #expect(r.minorVersion == 1)
    }

    @Test("byte-at-a-time input gives the same requests as one buffer", arguments: [1, 2, 7, 64])
    func incremental(chunk: Int) {
        let raw = Array(
            ("\r\nPOST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n1;x=y\r\nd\r\n0\r\nT: 1\r\n\r\n"
                + "GET /c HTTP/1.0\r\n\r\n").utf8)
        let whole = requests(events(raw))
        let pieces = requests(events(raw, chunkSize: chunk))
        #expect(whole.map(\.request.target) == ["/a", "/b", "/c"])
        #expect(whole.map(\.request.body) == [Data("hello".utf8), Data("abcd".utf8), Data()])
        #expect(pieces == whole)
        #expect(whole.map(\.keepAlive) == [true, true, false])
    }

    @Test("connection persistence follows the version and Connection header")
    func persistence() {
        let raw = Array(
            ("GET /1 HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, Close\r\n\r\n"
                + "GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").utf8)
        #expect(requests(events(raw)).map(\.keepAlive) == [false, true])
    }

    @Test("Expect: 100-continue is reported once, before the body, and not when the body is already here")
    func expectContinue() {
        var parser = HTTPRequestParser()
        parser.append(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next() == .continueExpected)
        #expect(parser.next() == .needMoreData)
        parser.append(Array("ok".utf8))
        guard case .request(let r) = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(r.request.body == Data("ok".utf8))
        let early = events(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok".utf8))
        #expect(early.count == 1)
    }

    @Test("absolute-form target becomes origin-form")
    func absoluteForm() throws {
        let r = try #require(requests(events(Array("GET http://h:1/p?q=1 HTTP/1.1\r\nHost: h\r\n\r\n".utf8))).first)
        #expect(r.request.target == "/p?q=1")
    }

    @Test("hasPartialRequest tells a stalled request from an idle connection")
    func partial() {
        var parser = HTTPRequestParser()
        #expect(!parser.hasPartialRequest)
        parser.append(Array("GET / HT".utf8))
        #expect(parser.next() == .needMoreData)
        #expect(parser.hasPartialRequest)
        parser.append(Array("TP/1.1\r\nHost: h\r\n\r\n".utf8))
        if case .request = parser.next() {} else { Issue.record("expected a request") }
        #expect(!parser.hasPartialRequest)
    }

    @Test("malformed or over-limit input gets the right status", arguments: BadRequestCase.all)
    func badInput(_ c: BadRequestCase) {
        let evs = events(Array(c.raw.utf8), limits: c.limits)
        guard case .error(let error)? = evs.last else {
            Issue.record("no error for \(c.label): \(evs)")
            return
        }
        #expect(error.status == c.status, "\(error)")
        #expect(!error.message.isEmpty)
    }

    @Test("after an error the parser stays failed")
    func staysFailed() {
        var parser = HTTPRequestParser()
        parser.append(Array("BAD\r\n\r\n".utf8))
        guard case .error = parser.next() else {
            Issue.record("expected an error")
            return
        }
        parser.append(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .error = parser.next() else {
            Issue.record("expected the error again")
            return
        }
    }

    @Test("random bytes never crash the parser and always end in need-more or an error")
    func randomBytes() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let count = Int(rng.next() % 300)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if rng.next() % 2 == 0 { bytes = Array("POST / HTTP/1.1\r\nHost: h\r\n".utf8) + bytes }
            let evs = events(bytes, limits: .init(maxBodyBytes: 1000), chunkSize: Int(rng.next() % 20) + 1)
            for case .request(let r) in evs { #expect(r.request.body.count <= 1000) }
        }
    }
}

/// A small deterministic generator so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
