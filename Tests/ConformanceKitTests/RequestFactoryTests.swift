import ConformanceKit
import ConformanceSpec
import Foundation
import HTTPWire
import Media
import Testing

@Suite("Request building")
struct RequestFactoryTests {
    let specs: SpecSet
    let fixtures = CountingFixtures()
    let factory: RequestFactory

    init() throws {
        specs = try TestSpecs.specSet()
        factory = RequestFactory(names: UniqueNames(runID: "r1"), fixtures: FixtureCache(source: fixtures.source))
    }

    func endpoint(_ id: String) throws -> EndpointSpec { try #require(specs.endpoint(id: id)) }

    @Test("JSON body keeps JSON types, objects, captures, unique text; Authorization and Content-Type set")
    func jsonBody() throws {
        let step = RequestStep(
            endpointID: "test.v1.widget.create",
            values: [
                "name": .uniqueText(length: 10, filler: "x"),
                "kind": .json(.int(2)),
                "i18n_name": .object(["zh_cn": .text("中文"), "en_us": .captured("en")]),
            ], expect: .success)
        let request = try factory.makeRequest(
            step, endpoint: endpoint("test.v1.widget.create"),
            context: RequestContext(captures: ["en": .string("English")], authorization: "Bearer t-abc"))
        #expect(request.method == "POST")
        #expect(request.target == "/open-apis/test/v1/widgets")
        #expect(request.headers["Authorization"] == "Bearer t-abc")
        #expect(request.headers["Content-Type"] == "application/json; charset=utf-8")
        let json = try JSONValue.parse(request.body)
        #expect(json["kind"] == .int(2))
        #expect(json["i18n_name"] == .object(["zh_cn": "中文", "en_us": "English"]))
        let name = try #require(json["name"]?.stringValue)
        #expect(name.unicodeScalars.count == 10)
        #expect(name.hasPrefix("fc-r1-"))
    }

    @Test("query values are percent-encoded and read back exactly; path parameters substituted")
    func queryAndPath() throws {
        let list = RequestStep(
            endpointID: "test.v1.widget.list", values: ["name": .text("a b&c=d/é"), "page_size": .json(.int(5))],
            expect: .success)
        let request = try factory.makeRequest(list, endpoint: endpoint("test.v1.widget.list"), context: RequestContext())
        #expect(request.method == "GET")
        #expect(request.body.isEmpty)
        #expect(request.headers["Content-Type"] == nil)
        #expect(!request.target.contains(" "))
        let items = Dictionary(request.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(items == ["name": "a b&c=d/é", "page_size": "5"])

        let get = RequestStep(endpointID: "test.v1.widget.get", values: ["widget_id": .text("w 1/2")], expect: .success)
        let built = try factory.makeRequest(get, endpoint: endpoint("test.v1.widget.get"), context: RequestContext())
        #expect(built.target == "/open-apis/test/v1/widgets/w%201%2F2")
    }

    @Test("multipart: text parts as text, files forged with filename and type, bytes parse back; images cached by recipe")
    func multipart() throws {
        let recipe = ImageRecipe(format: "png", width: 320, height: 320, byteSize: 64)
        let step = RequestStep(
            endpointID: "test.v1.upload.create",
            values: [
                "image_file": .image(recipe), "image_type": .json(.int(1)),
            ], expect: .success)
        let upload = try endpoint("test.v1.upload.create")
        let first = try factory.makeRequest(step, endpoint: upload, context: RequestContext(authorization: "Bearer t-x"))
        let contentType = try #require(first.headers["Content-Type"])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let parts = readMultipart(first.body, contentType: contentType)
        #expect(parts.map(\.name) == ["image_file", "image_type"])
        #expect(parts[0].filename == "image.png")
        #expect(parts[0].type == "image/png")
        #expect(parts[0].body.count == 64)
        #expect(parts[0].body.starts(with: Data("png:320x320|".utf8)))
        #expect(parts[1].filename == nil)
        #expect(String(decoding: parts[1].body, as: UTF8.self) == "1")

        var labelled = step
        labelled.values["image_file"] = .image(
            ImageRecipe(
                format: "png", width: 320, height: 320, byteSize: 64,
                filename: "x.jpg", contentType: "image/jpeg"))
        let second = try factory.makeRequest(labelled, endpoint: upload, context: RequestContext())
        let secondParts = readMultipart(second.body, contentType: second.headers["Content-Type"] ?? "")
        #expect(secondParts.first?.filename == "x.jpg")
        #expect(secondParts.first?.type == "image/jpeg")
        #expect(fixtures.forged.withLock { $0 } == 1, "the same recipe must be forged once")

        var nearMiss = step
        nearMiss.values["image_file"] = .nearMiss("truncatedPNG", filename: nil, contentType: nil)
        let third = try factory.makeRequest(nearMiss, endpoint: upload, context: RequestContext())
        let thirdParts = readMultipart(third.body, contentType: third.headers["Content-Type"] ?? "")
        #expect(String(decoding: thirdParts.first?.body ?? Data(), as: UTF8.self) == "near-miss:truncatedPNG")
        #expect(thirdParts.first?.type == "application/octet-stream")
    }

    @Test("rawBody and contentTypeOverride are sent as given; an empty override sends no Content-Type")
    func rawBody() throws {
        let create = try endpoint("test.v1.widget.create")
        var step = RequestStep(
            endpointID: create.id, values: ["name": .text("ignored")], rawBody: "{\"name\": ",
            contentTypeOverride: "text/plain", expect: .error(code: 1000001, httpStatus: 400))
        var request = try factory.makeRequest(step, endpoint: create, context: RequestContext())
        #expect(request.body == Data("{\"name\": ".utf8))
        #expect(request.headers["Content-Type"] == "text/plain")
        step.contentTypeOverride = ""
        request = try factory.makeRequest(step, endpoint: create, context: RequestContext())
        #expect(request.headers["Content-Type"] == nil)
    }

    @Test("a missing capture or a file in a JSON body is a RequestBuildError, not a crash")
    func buildErrors() throws {
        let create = try endpoint("test.v1.widget.create")
        let missing = RequestStep(endpointID: create.id, values: ["name": .captured("nope")], expect: .success)
        #expect(throws: RequestBuildError.self) { try factory.makeRequest(missing, endpoint: create, context: RequestContext()) }
        let file = RequestStep(endpointID: create.id, values: ["name": .image(ImageRecipe(format: "png", width: 1, height: 1))], expect: .success)
        #expect(throws: RequestBuildError.self) { try factory.makeRequest(file, endpoint: create, context: RequestContext()) }
    }

    @Test("unique text has exactly the asked length and is unique in the run", arguments: [0, 1, 3, 8, 10, 11, 30, 31])
    func uniqueText(length: Int) {
        let names = UniqueNames(runID: "abc123")
        let made = (0..<50).map { _ in names.next(length: length, filler: nil) }
        #expect(made.allSatisfy { $0.unicodeScalars.count == length })
        if length >= 3 { #expect(Set(made).count == made.count) }
        if length >= 12 { #expect(made.allSatisfy { $0.hasPrefix("fc-abc123-") && $0.hasSuffix("字") }) }
    }

    @Test("a long unique text is made in linear time (a documented length of 10^6 characters)")
    func longUniqueText() {
        let made = UniqueNames(runID: "abc123").next(length: 1_000_000, filler: "ab")
        #expect(made.unicodeScalars.count == 1_000_000)
        #expect(made.hasPrefix("fc-abc123-1abab"))
    }

    @Test("names too short for the prefix are the ones the runner checks free on the tenant; random ones have the asked length and alphabet")
    func shortNames() {
        let names = UniqueNames(runID: "abc123")
        #expect(!names.carriesPrefix(length: 11), "fc-abc123- plus one counter digit leaves no room for a second")
        #expect(names.carriesPrefix(length: 12))
        for length in [1, 2, 5] {
            let cjk = (0..<20).map { _ in names.random(length: length, filler: nil) }
            #expect(cjk.allSatisfy { $0.unicodeScalars.count == length && $0.unicodeScalars.allSatisfy { (0x4E00...0x9FA5).contains($0.value) } })
            let ascii = (0..<20).map { _ in names.random(length: length, filler: "a") }
            #expect(
                ascii.allSatisfy {
                    $0.unicodeScalars.count == length && $0.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isLowercase || ("0"..."9").contains($0)) }
                })
        }
        #expect(Set((0..<50).map { _ in names.random(length: 2, filler: nil) }).count > 40, "two CJK characters leave over 400 million names")
    }
}

@Suite("Media fixtures")
struct MediaFixtureTests {
    @Test("the default fixture source forges real images of the asked size and refuses unknown names")
    func media() throws {
        let specs = try TestSpecs.specSet()
        let upload = try #require(specs.endpoint(id: "test.v1.upload.create"))
        let factory = RequestFactory(names: UniqueNames(runID: "m"), fixtures: FixtureCache(source: .media))
        let step = RequestStep(
            endpointID: upload.id,
            values: [
                "image_file": .image(ImageRecipe(format: "png", width: 320, height: 200, byteSize: 4096)),
                "image_type": .json(1),
            ], expect: .success)
        let request = try factory.makeRequest(step, endpoint: upload, context: RequestContext())
        let parts = readMultipart(request.body, contentType: request.headers["Content-Type"] ?? "")
        let file = try #require(parts.first { $0.name == "image_file" })
        #expect(file.body.count == 4096)
        let info = try ImageInspector.inspect(file.body)
        #expect(info.format == .png && info.width == 320 && info.height == 200)
        var bad = step
        bad.values["image_file"] = .image(ImageRecipe(format: "svg", width: 1, height: 1))
        #expect(throws: RequestBuildError.self) { try factory.makeRequest(bad, endpoint: upload, context: RequestContext()) }
    }
}
