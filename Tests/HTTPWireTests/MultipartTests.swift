import Foundation
import Testing

@testable import HTTPWire

private func crlf(_ s: String) -> Data { Data(s.replacingOccurrences(of: "\n", with: "\r\n").utf8) }

/// A malformed multipart body and the error kind it must produce.
struct BadMultipartCase: Sendable, CustomTestStringConvertible {
    let label: String
    let contentType: String
    let body: String
    let kind: MultipartError.Kind
    var limits = MultipartLimits()
    var testDescription: String { "\(label) -> \(kind.rawValue)" }

    static let all: [BadMultipartCase] = [
        .init(label: "JSON content type", contentType: "application/json", body: "{}", kind: .notMultipart),
        .init(label: "no boundary", contentType: "multipart/form-data", body: "", kind: .invalidBoundary),
        .init(label: "empty boundary", contentType: "multipart/form-data; boundary=", body: "", kind: .invalidBoundary),
        .init(label: "unterminated quoted boundary", contentType: "multipart/form-data; boundary=\"abc", body: "", kind: .invalidBoundary),
        .init(label: "boundary absent from body", contentType: "multipart/form-data; boundary=XYZ", body: "hello", kind: .missingOpeningBoundary),
        .init(
            label: "no closing boundary", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", kind: .truncated),
        .init(
            label: "ends inside headers", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Disposition: form-data; name=\"a\"", kind: .truncated),
        .init(label: "ends right after boundary", contentType: "multipart/form-data; boundary=b", body: "--b", kind: .truncated),
        .init(
            label: "header without colon", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nnonsense\r\n\r\nv\r\n--b--", kind: .malformedPartHeaders),
        .init(
            label: "no Content-Disposition", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", kind: .missingName),
        .init(
            label: "no name", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Disposition: form-data; filename=\"f\"\r\n\r\nv\r\n--b--", kind: .missingName),
        .init(
            label: "too many parts", contentType: "multipart/form-data; boundary=b",
            body: String(repeating: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n", count: 3) + "--b--",
            kind: .tooManyParts, limits: .init(maxParts: 2)),
        .init(
            label: "part too large", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n0123456789\r\n--b--", kind: .partTooLarge,
            limits: .init(maxPartBytes: 9)),
        .init(
            label: "part headers too large", contentType: "multipart/form-data; boundary=b",
            body: "--b\r\nContent-Disposition: form-data; name=\"" + String(repeating: "n", count: 200) + "\"\r\n\r\nv\r\n--b--",
            kind: .partHeadersTooLarge, limits: .init(maxPartHeaderBytes: 100)),
    ]
}

@Suite("Multipart codec")
struct MultipartTests {
    @Test("encode then parse round-trips fields and files with and without filename and type")
    func roundTrip() throws {
        var form = MultipartFormData(boundary: "test-boundary")
        form.addField("image_type", "message")
        form.addField("unicode", "名字 \"quoted\"")
        form.addFile("image", data: Data([0, 13, 10, 45, 45, 255]), filename: "a b.png", contentType: "image/png")
        form.addFile("bare", data: Data("raw".utf8))
        let parts = try MultipartFormData.parse(body: form.encoded(), contentType: form.contentType)
        #expect(parts.map(\.name) == ["image_type", "unicode", "image", "bare"])
        #expect(parts[0].text == "message")
        #expect(parts[1].text == "名字 \"quoted\"")
        #expect(parts[2].body == Data([0, 13, 10, 45, 45, 255]))
        #expect(parts[2].filename == "a b.png")
        #expect(parts[2].contentType == "image/png")
        #expect(parts[3].filename == nil)
        #expect(parts[3].contentType == nil)
        #expect(parts[3].body.startIndex == 0)
    }

    @Test("the encoder writes the exact bytes the official Python SDK's sync call sends")
    func encoderBytes() {
        var form = MultipartFormData(boundary: "B")
        form.addField("image_type", "message")
        form.addFile("image", data: Data("PNG".utf8))
        let expected = crlf(
            """
            --B
            Content-Disposition: form-data; name="image_type"

            message
            --B
            Content-Disposition: form-data; name="image"

            PNG
            --B--

            """)
        #expect(form.encoded() == expected)
        #expect(form.contentType == "multipart/form-data; boundary=B")
    }

    @Test("random default boundaries differ")
    func randomBoundary() {
        #expect(MultipartFormData().boundary != MultipartFormData().boundary)
    }

    @Test("a Python-SDK-style sync body (file part with no filename, no content type)")
    func pythonSyncStyle() throws {
        // requests_toolbelt-style encoding as sent by lark-oapi's sync client.
        let body = crlf(
            """
            --2f3c6ba1b8d0d8b0a2b0
            Content-Disposition: form-data; name="image_type"

            message
            --2f3c6ba1b8d0d8b0a2b0
            Content-Disposition: form-data; name="image"

            \u{89}PNG-bytes
            --2f3c6ba1b8d0d8b0a2b0--

            """)
        let parts = try MultipartFormData.parse(body: body, contentType: "multipart/form-data; boundary=2f3c6ba1b8d0d8b0a2b0")
        #expect(parts.count == 2)
        #expect(parts[1].name == "image")
        #expect(parts[1].filename == nil)
        #expect(parts[1].contentType == nil)
        #expect(parts[1].text == "\u{89}PNG-bytes")
    }

    @Test("curl-style (quoted boundary, filename, octet-stream) and aiohttp-style (quoted names, filename*)")
    func curlAndAsyncStyles() throws {
        let curl = crlf(
            """
            --------------------------d74496d66958873e
            Content-Disposition: form-data; name="image"; filename="cat.jpg"
            Content-Type: application/octet-stream

            JPEG
            --------------------------d74496d66958873e--

            """)
        let parts = try MultipartFormData.parse(
            body: curl, contentType: "multipart/form-data; boundary=\"------------------------d74496d66958873e\"")
        #expect(parts.first?.filename == "cat.jpg")
        #expect(parts.first?.contentType == "application/octet-stream")
        let aio = crlf(
            """
            --aio
            Content-Type: image/png
            Content-Disposition: form-data; name="image"; filename="x.png"; filename*=utf-8''%E5%9B%BE.png

            P
            --aio--
            """)
        let p2 = try MultipartFormData.parse(body: aio, contentType: "Multipart/Form-Data; charset=utf-8; Boundary=aio")
        #expect(p2.first?.filename == "图.png")
        #expect(p2.first?.contentType == "image/png")
    }

    @Test("preamble, epilogue, transport padding, LF-only lines and boundary look-alikes in content")
    func edgeCases() throws {
        let body = Data(
            ("This is the preamble.\r\n--b  \r\nContent-Disposition: form-data; name=a\r\n\r\n"
                + "line\r\n--bb not a boundary\r\n--b-x also not\r\n--b\n"
                + "Content-Disposition: form-data; name=\"empty\"\n\n\n"
                + "--b--\r\nepilogue --b\r\n").utf8)
        let parts = try MultipartFormData.parse(body: body, contentType: "multipart/form-data; boundary=b")
        #expect(parts.map(\.name) == ["a", "empty"])
        #expect(parts[0].text == "line\r\n--bb not a boundary\r\n--b-x also not")
        #expect(parts[1].body.isEmpty)
    }

    @Test("browser escapes in names and filenames are decoded")
    func browserEscapes() throws {
        let body = crlf("--b\nContent-Disposition: form-data; name=\"q%22x\"; filename=\"C:\\\\dir\\\\f.txt\"\n\nv\n--b--")
        let part = try #require(try MultipartFormData.parse(body: body, contentType: "multipart/form-data; boundary=b").first)
        #expect(part.name == "q\"x")
        #expect(part.filename == "C:\\dir\\f.txt")
    }

    @Test("malformed bodies are typed errors", arguments: BadMultipartCase.all)
    func malformed(_ c: BadMultipartCase) {
        do {
            let parts = try MultipartFormData.parse(body: Data(c.body.utf8), contentType: c.contentType, limits: c.limits)
            Issue.record("parsed \(parts.count) parts instead of failing")
        } catch {
            #expect(error.kind == c.kind, "\(error)")
            #expect(error.description.contains(c.kind.rawValue))
        }
    }

    @Test("random bytes after a valid opening never crash the decoder")
    func randomBodies() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<1000 {
            var bytes = Array("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n".utf8)
            let pieces = ["\r\n", "--b", "--", "\n", ":", "\"", "name=", ";", "a", "\r"]
            for _ in 0..<Int(rng.next() % 30) {
                if rng.next() % 3 == 0 { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
                bytes += Array(pieces[Int(rng.next() % UInt64(pieces.count))].utf8)
            }
            if let parts = try? MultipartFormData.parse(body: Data(bytes), contentType: "multipart/form-data; boundary=b") {
                #expect(parts.allSatisfy { $0.body.count <= bytes.count })
            }
        }
    }
}
