// libFuzzer harness for HTTPWire's request parser and multipart decoder.
// Build and run: Benchmarks/fuzz/httpwire_fuzz.sh  (swiftc -sanitize=fuzzer,address).
// Input layout: byte 0 picks the feed chunk size and the target; the rest is the wire bytes.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let control = data[0]
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if control & 0x80 != 0 {
        fuzzMultipart(Data(buffer: bytes), control: control)
    } else {
        fuzzParser(bytes, chunk: Int(control & 0x3F) + 1)
    }
    return 0
}

private func fuzzParser(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int) {
    let limits = HTTPParserLimits(
        maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxHeaderCount: 16, maxBodyBytes: 4096,
        requireLengthForBodyMethods: chunk % 2 == 0)
    var parser = HTTPRequestParser(limits: limits)
    var offset = 0
    var steps = 0
    outer: while offset < bytes.count {
        let end = min(bytes.count, offset + chunk)
        parser.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<end])))
        offset = end
        while true {
            steps += 1
            // next() must always make progress: more events than input bytes means a loop.
            if steps > bytes.count * 4 + 16 { fatalError("parser did not make progress") }
            switch parser.next() {
            case .needMoreData: continue outer
            case .continueExpected: continue
            case .error(let e):
                if ![400, 411, 413, 414, 417, 431, 501, 505].contains(e.status) { fatalError("unexpected status \(e)") }
                break outer
            case .request(let r):
                if r.request.body.count > limits.maxBodyBytes { fatalError("body over the limit") }
                if !r.request.target.hasPrefix("/") && r.request.target != "*" { fatalError("bad target \(r.request.target)") }
                _ = HTTPResponseSerializer.head(for: HTTPResponse(status: 200, headers: r.request.headers), keepAlive: r.keepAlive)
            }
        }
    }
}

private func fuzzMultipart(_ body: Data, control: UInt8) {
    let boundary = control & 1 == 0 ? "b" : "\"----x y\""
    let limits = MultipartLimits(maxParts: 8, maxPartHeaderBytes: 256, maxPartBytes: 2048)
    if let parts = try? MultipartFormData.parse(body: body, contentType: "multipart/form-data; boundary=\(boundary)", limits: limits) {
        if parts.count > 8 { fatalError("too many parts") }
        for p in parts where p.body.count > 2048 { fatalError("part over the limit") }
        // Re-encoding what was decoded must decode to the same names and bodies.
        var form = MultipartFormData(boundary: "RoundTripBoundary0123456789")
        for p in parts { form.addFile(p.name, data: p.body, filename: p.filename, contentType: p.contentType) }
        if let again = try? MultipartFormData.parse(body: form.encoded(), contentType: form.contentType),
            again.map(\.body) != parts.map(\.body)
        {
            // Content containing the round-trip boundary is the only legitimate difference.
            if !parts.contains(where: { $0.body.range(of: Data("RoundTripBoundary".utf8)) != nil }) {
                fatalError("multipart round trip changed the bodies")
            }
        }
    }
}
