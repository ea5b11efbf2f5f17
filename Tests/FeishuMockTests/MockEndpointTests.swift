import ConformanceSpec
import FeishuMock
import Foundation
import HTTPWire
import Media
import Testing

@Suite("Mock: field rules, behaviours, rate limits, journal")
struct MockEndpointTests {
    static func pixelCode(_ e: EndpointSpec, _ field: String, _ key: KeyPath<PixelLimits, Rule<Int>?>) throws -> (Int, Int) {
        let limits = try #require(e.request.first { $0.name == field }?.file?.pixels?.first)
        let rule = try #require(limits[keyPath: key])
        return (rule.value, (rule.error ?? e.invalidParamError).code)
    }

    @Test("badge image upload: bytes, format, pixel and type rules answer the spec's codes", arguments: Wire.allCases)
    func badgeImageRules(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let e = try TestSpecs.endpoint("admin.v1.badge_image.create")
        let token = try await h.token(MockHarness.appA)
        let file = try #require(e.request.first { $0.name == "image_file" }?.file)
        let maxBytes = try #require(file.maxBytes)
        let (minH, minHCode) = try Self.pixelCode(e, "image_file", \.minHeight)
        let limits = try #require(file.pixels?.first)
        let ratioLow = try #require(limits.minAspectRatio)
        let ratioHigh = try #require(limits.maxAspectRatio)
        let (maxH, maxHCode) = try Self.pixelCode(e, "image_file", \.maxHeight)
        let w = minH
        let cases: [(String, [(String, String)], [TestFile], Int)] = [
            ("valid", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w, minH))], 0),
            (
                "no filename or content type", [("image_type", "2")],
                [TestFile(name: "image_file", data: TestImages.png(w, minH), filename: nil, contentType: nil)], 0
            ),
            ("at max bytes", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w, minH, byteSize: maxBytes.value))], 0),
            (
                "over max bytes", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w, minH, byteSize: maxBytes.value + 1))],
                maxBytes.error?.code ?? e.invalidParamError.code
            ),
            ("jpeg", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.jpegHeader)], file.formats?.error?.code ?? 0),
            ("empty", [("image_type", "1")], [TestFile(name: "image_file", data: Data())], file.minBytes?.error?.code ?? 0),
            ("height low", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w, minH - 1))], minHCode),
            ("height high", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w, maxH + 1))], maxHCode),
            ("narrow", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w - 1, minH))], (ratioLow.error ?? e.invalidParamError).code),
            ("wide", [("image_type", "1")], [TestFile(name: "image_file", data: TestImages.png(w + 1, minH))], (ratioHigh.error ?? e.invalidParamError).code),
            ("type 3", [("image_type", "3")], [TestFile(name: "image_file", data: TestImages.png(w, minH))], e.invalidParamError.code),
            ("type x", [("image_type", "x")], [TestFile(name: "image_file", data: TestImages.png(w, minH))], e.invalidParamError.code),
            ("no type", [], [TestFile(name: "image_file", data: TestImages.png(w, minH))], e.invalidParamError.code),
            ("no file", [("image_type", "1")], [], e.invalidParamError.code),
        ]
        for (name, fields, files, code) in cases {
            let r = try await h.multipart(e, token: token, fields: fields, files: files)
            #expect(r.code == code, "\(name): \(r.json)")
            if code == 0 {
                #expect(r.status == 200)
                #expect(r.data?["image_key"]?.stringValue?.isEmpty == false, "\(name)")
            } else {
                #expect(r.status == h.status(code, e), "\(name)")
            }
        }
        // Malformed multipart -> invalid param.
        let bad = try await h.send(
            HTTPRequest(
                method: "POST", target: e.path,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=zz"],
                body: Data("--zz\r\nno end".utf8)))
        #expect(bad.code == e.invalidParamError.code)
        // No badge plan -> the capability's code.
        let noPlan = try await h.token(MockHarness.appNoPlan)
        let refused = try await h.multipart(
            e, token: noPlan, fields: [("image_type", "1")], files: [TestFile(name: "image_file", data: TestImages.png(w, minH))])
        let cap = try #require(e.behaviours.compactMap { if case .requiresCapability(let b) = $0 { b } else { nil } }.first)
        #expect(refused.code == cap.error.code)
        #expect(refused.status == h.status(cap.error.code, e))
        await h.stop()
    }

    @Test("badge create: lengths in Unicode scalars, references, expiry, uniqueness, echo", arguments: Wire.allCases)
    func badgeCreate(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let e = try TestSpecs.endpoint("admin.v1.badge.create")
        let tokenA = try await h.token(MockHarness.appA)
        let tokenB = try await h.token(MockHarness.appB)
        let img = try await h.badgeImage(token: tokenA)
        let foreign = try await h.badgeImage(token: tokenB)
        let nameField = try #require(e.request.first { $0.name == "name" })
        let maxLen = try #require(nameField.maxLength)
        func badge(_ name: String, detail: String? = nil, extra: [String: JSONValue] = [:]) -> JSONValue {
            var o: [String: JSONValue] = ["name": .string(name), "detail_image": .string(detail ?? img), "show_image": .string(img)]
            for (k, v) in extra { o[k] = v }
            return .object(o)
        }
        let atMax = String(repeating: "勋", count: maxLen.value)
        let ok = try await h.json(e, token: tokenA, body: badge(atMax, extra: ["i18n_name": .object(["zh_cn": .string("中")])]))
        #expect(ok.code == 0, "\(ok.json)")
        #expect(ok.data?.value(at: "badge.name")?.stringValue == atMax)
        #expect(ok.data?.value(at: "badge.id")?.stringValue?.isEmpty == false)
        #expect(ok.data?.value(at: "badge.i18n_name.zh_cn")?.stringValue == "中")
        let long = try await h.json(e, token: tokenA, body: badge(String(repeating: "勋", count: maxLen.value + 1)))
        #expect(long.code == (maxLen.error ?? e.invalidParamError).code)
        let wrongType = try await h.json(e, token: tokenA, body: badge("typed", extra: ["name": .int(1)]))
        #expect(wrongType.code == (nameField.typeError ?? e.invalidParamError).code)
        let dup = try await h.json(e, token: tokenA, body: badge(atMax))
        let unique = try #require(e.behaviours.compactMap { if case .unique(let b) = $0 { b } else { nil } }.first)
        #expect(dup.code == unique.error.code)
        let refs = try #require(e.behaviours.compactMap { if case .references(let b) = $0 { b } else { nil } }.first)
        let unknown = try await h.json(e, token: tokenA, body: badge("u", detail: "no-such-key"))
        #expect(unknown.code == refs.unknownKeyError.code)
        let cross = try await h.json(e, token: tokenA, body: badge("c", detail: foreign))
        #expect(cross.code == refs.foreignTenantError.code)
        let maxAge = try #require(refs.maxAgeSeconds)
        try await h.advance(MockHarness.appA, Double(maxAge.value + 1))
        let stale = try await h.json(e, token: tokenA, body: badge("s"))
        #expect(stale.code == (refs.expiredError ?? refs.unknownKeyError).code)
        // Body that is not JSON.
        let broken = try await h.send(
            HTTPRequest(
                method: "POST", target: e.path, headers: ["Authorization": "Bearer \(tokenA)", "Content-Type": "application/json"], body: Data("{".utf8)))
        #expect(broken.code == e.invalidParamError.code)
        await h.stop()
    }

    @Test("parallel creates with one name: exactly one wins")
    func concurrentUnique() async throws {
        let h = MockHarness()
        let e = try TestSpecs.endpoint("admin.v1.badge.create")
        let token = try await h.token(MockHarness.appA)
        let img = try await h.badgeImage(token: token)
        let body = JSONValue.object(["name": .string("same"), "detail_image": .string(img), "show_image": .string(img)])
        let codes = try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<24 { group.addTask { try await h.json(e, token: token, body: body).code } }
            var all: [Int?] = []
            for try await c in group { all.append(c) }
            return all
        }
        #expect(codes.filter { $0 == 0 }.count == 1, "\(codes)")
    }

    @Test("quota: the limit+1-th create is refused")
    func quota() async throws {
        let h = MockHarness()
        let e = try TestSpecs.endpoint("admin.v1.badge.create")
        let quota = try #require(e.behaviours.compactMap { if case .quota(let b) = $0 { b } else { nil } }.first)
        let app = h.mock.addApp()
        let token = try await h.token(app)
        let img = try await h.badgeImage(token: token)
        var rateHits = 0
        var created = 0
        var i = 0
        while created < quota.limit {
            let r = try await h.json(e, token: token, body: .object(["name": .string("b\(i)"), "detail_image": .string(img), "show_image": .string(img)]))
            i += 1
            if r.code == h.platform.roles.rateLimited.code {
                rateHits += 1
                try await h.advance(app, 60)
                continue
            }
            #expect(r.code == 0)
            if r.code != 0 { return }
            created += 1
        }
        try await h.advance(app, 60)
        let over = try await h.json(e, token: token, body: .object(["name": .string("over"), "detail_image": .string(img), "show_image": .string(img)]))
        #expect(over.code == quota.error.code)
        #expect(rateHits > 0 || e.rateLimits.allSatisfy { $0.value.count >= quota.limit })
    }

    @Test("list: newest first, full pagination walk, page_token only when more, exact-name filter, bad token and page sizes", arguments: Wire.allCases)
    func list(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let create = try TestSpecs.endpoint("admin.v1.badge.create")
        let list = try TestSpecs.endpoint("admin.v1.badge.list")
        let token = try await h.token(MockHarness.appA)
        let img = try await h.badgeImage(token: token)
        for i in 0..<23 {
            let r = try await h.json(create, token: token, body: .object(["name": .string("n\(i)"), "detail_image": .string(img), "show_image": .string(img)]))
            #expect(r.code == 0)
            h.clock.advance(by: 1)
        }
        var names: [String] = []
        var pageToken: String?
        var pages = 0
        repeat {
            let q = "?page_size=10" + (pageToken.map { "&page_token=\($0)" } ?? "")
            let r = try await h.json(list, token: token, body: nil, query: q)
            #expect(r.code == 0, "\(r.json)")
            let items = r.data?["badges"]?.arrayValue ?? []
            names += items.compactMap { $0["name"]?.stringValue }
            let more = r.data?["has_more"]?.boolValue ?? false
            pageToken = r.data?["page_token"]?.stringValue
            #expect(more == (pageToken != nil))
            pages += 1
        } while pageToken != nil && pages < 10
        #expect(pages == 3)
        #expect(names == (0..<23).reversed().map { "n\($0)" })
        // Default page size.
        let sizeField = try #require(list.request.first { $0.name == "page_size" })
        let first = try await h.json(list, token: token, body: nil)
        #expect(first.data?["badges"]?.arrayValue?.count == sizeField.default?.value.intValue)
        // Filter.
        let one = try await h.json(list, token: token, body: nil, query: "?name=n7")
        #expect(one.data?["badges"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["n7"])
        #expect(one.data?["page_token"] == nil)
        let none = try await h.json(list, token: token, body: nil, query: "?name=n")
        #expect(none.data?["badges"]?.arrayValue?.isEmpty == true)
        // Bounds and garbage.
        if let max = sizeField.maximum {
            #expect(try await h.json(list, token: token, body: nil, query: "?page_size=\(max.value + 1)").code == (max.error ?? list.invalidParamError).code)
        }
        if let min = sizeField.minimum {
            #expect(try await h.json(list, token: token, body: nil, query: "?page_size=\(min.value - 1)").code == (min.error ?? list.invalidParamError).code)
        }
        #expect(try await h.json(list, token: token, body: nil, query: "?page_size=ten").code == (sizeField.typeError ?? list.invalidParamError).code)
        #expect(try await h.json(list, token: token, body: nil, query: "?page_token=garbage!!").code == list.invalidParamError.code)
        // Another tenant sees nothing.
        let other = try await h.json(list, token: try await h.token(MockHarness.appB), body: nil)
        #expect(other.data?["badges"]?.arrayValue?.isEmpty == true)
        await h.stop()
    }

    @Test("rate limits per app+tenant per endpoint, with headers and window reset", arguments: TestSpecs.set.endpoints.map(\.id))
    func rateLimits(endpointID: String) async throws {
        let h = MockHarness()
        let e = try TestSpecs.endpoint(endpointID)
        // With the tenant's clock frozen, the smallest count is reached first.
        guard let tightest = e.rateLimits.min(by: { $0.value.count < $1.value.count }) else { return }
        let app = h.mock.addApp()
        let other = h.mock.addApp()
        let token = try await h.token(app)
        let frozen = try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", body: Data(#"{"app_id":"\#(app.appID)","freeze":true}"#.utf8)))
        #expect(frozen.status == 200)
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        for i in 0..<tightest.value.count {
            let r = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
            #expect(r.code != h.platform.roles.rateLimited.code, "request \(i + 1) limited early")
        }
        let limited = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
        #expect(limited.code == h.platform.roles.rateLimited.code)
        #expect(limited.status == h.platform.rateLimiting.httpStatus.value)
        #expect(limited.response.headers[h.platform.rateLimiting.limitHeader.value] == String(tightest.value.count))
        let reset = try #require(limited.response.headers[h.platform.rateLimiting.resetHeader.value].flatMap(Int.init))
        #expect(reset >= 1 && reset <= tightest.value.window.seconds)
        // Another app (its own tenant) is not affected.
        let otherReply = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: ["Authorization": "Bearer \(try await h.token(other))"]))
        #expect(otherReply.code != h.platform.roles.rateLimited.code)
        try await h.advance(app, Double(reset))
        let after = try await h.send(HTTPRequest(method: e.method, target: e.path, headers: headers))
        #expect(after.code != h.platform.roles.rateLimited.code)
    }

    @Test("journal: verdicts, redaction, reset, reports", arguments: Wire.allCases)
    func journal(wire: Wire) async throws {
        let h = try MockHarness(wire: wire)
        let e = try TestSpecs.endpoint("admin.v1.badge_image.create")
        let token = try await h.token(MockHarness.appA)
        _ = try await h.multipart(e, token: token, fields: [("image_type", "1")], files: [TestFile(name: "image_file", data: TestImages.png(320, 320))])
        _ = try await h.multipart(e, token: token, fields: [("image_type", "9")], files: [TestFile(name: "image_file", data: TestImages.png(320, 320))])
        let doc = try await h.journalJSON()
        let entries = try #require(doc["entries"]?.arrayValue)
        #expect(entries.count == 3)
        #expect(entries.map { $0["verdict"]?.stringValue } == ["conforming", "conforming", "nonconforming"])
        #expect(entries[1]["endpoint"]?.stringValue == e.id)
        #expect(entries[1]["app_id"]?.stringValue == MockHarness.appA.appID)
        let rules = entries[2]["violations"]?.arrayValue?.compactMap { $0["rule"]?.stringValue } ?? []
        #expect(rules.contains("request.image_type.enum"))
        let text = doc.jsonText
        #expect(!text.contains(token) && !text.contains(MockHarness.appA.appSecret))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mock-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try h.mock.writeReports(to: dir)
        let md = try String(contentsOf: dir.appendingPathComponent("mock-report.md"), encoding: .utf8)
        let xml = try String(contentsOf: dir.appendingPathComponent("mock-junit.xml"), encoding: .utf8)
        #expect(md.contains("request.image_type.enum") && md.contains("3 requests"))
        #expect(xml.contains("<failure") && xml.contains("tests=\"3\"") && !xml.contains(token))
        let reset = try await h.send(HTTPRequest(method: "POST", target: "/__mock/reset"))
        #expect(reset.status == 200)
        #expect(h.mock.journal.isEmpty)
        let r = try await h.multipart(e, token: token, fields: [("image_type", "1")], files: [TestFile(name: "image_file", data: TestImages.png(320, 320))])
        #expect(r.code == h.platform.roles.invalidTenantToken.code, "tokens are cleared by reset")
        await h.stop()
    }

    @Test("admin: apps and per-tenant clocks")
    func admin() async throws {
        let h = MockHarness()
        let created = try await h.send(
            HTTPRequest(method: "POST", target: "/__mock/apps", body: Data(#"{"capabilities":{"bot":false,"badgePlan":true}}"#.utf8)))
        let appID = try #require(created.json["app_id"]?.stringValue)
        let secret = try #require(created.json["app_secret"]?.stringValue)
        let app = MockApp(appID: appID, appSecret: secret, tenantKey: "", capabilities: [])
        let token = try await h.token(app)
        let im = try TestSpecs.endpoint("im.v1.image.create")
        let r = try await h.multipart(im, token: token, fields: [("image_type", "message")], files: [TestFile(name: "image", data: TestImages.png(10, 10))])
        let cap = try #require(im.behaviours.compactMap { if case .requiresCapability(let b) = $0 { b } else { nil } }.first)
        #expect(r.code == cap.error.code)
        let before = h.clock.now()
        let moved = try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", body: Data(#"{"app_id":"\#(appID)","advanceSeconds":100}"#.utf8)))
        let now: Double? =
            switch moved.json["now"] {
            case .int(let i)?: Double(i)
            case .double(let d)?: d
            default: nil
            }
        #expect(now == before + 100)
        #expect(h.clock.now() == before, "the base clock does not move")
        #expect(try await h.send(HTTPRequest(method: "POST", target: "/__mock/clock", body: Data(#"{"app_id":"nobody"}"#.utf8))).status == 404)
        #expect(try await h.send(HTTPRequest(method: "GET", target: "/__mock/nothing")).status == 404)
    }
}

@Suite("Mock: file formats from the forge")
struct MockFileFormatTests {
    /// Every file field of every multipart spec: each accepted format at valid pixels is stored; each
    /// near miss from the forge is refused with the file rule's code (or the catch-all).
    // Curated uploads only: an imported upload's other fields need values this test cannot make up
    // (the mock's support for imported endpoints is a separate issue).
    @Test(
        "accepted formats and near misses",
        arguments: TestSpecs.set.endpoints.filter { $0.bodyEncoding == .multipart && $0.effectiveTier == .curated }.map(\.id))
    func formats(endpointID: String) async throws {
        let h = MockHarness()
        let e = try TestSpecs.endpoint(endpointID)
        let fileField = try #require(e.request.first { $0.type == .file })
        let rules = try #require(fileField.file)
        let token = try await h.token(MockHarness.appA)
        // Other body fields: their first enum value, else their example.
        let fields: [(String, String)] = e.fields(in: .body).filter { $0.type != .file }.compactMap { f in
            let v = f.enum?.value.first?.value ?? f.example
            return v.map { (f.name, $0.stringValue ?? $0.jsonText) }
        }
        var stored: [String] = []
        var unforgeable: [String] = []
        for name in rules.formats?.value ?? ["png"] {
            let format = try #require(ImageFormat(rawValue: name))
            // The first square side the spec's pixel limits admit (FileRules.admits is their one home).
            let side = try #require(
                [320, 256, 512, 64, 1024, 2048, 16].first { rules.admits(format: name, width: $0, height: $0) },
                "no square \(name) image meets the pixel limits of \(endpointID)")
            let minBytes = rules.minBytes?.value ?? 1
            let natural = (try? FixtureForge.minimumByteSize(format, width: side, height: side)) ?? 0
            let data: Data
            do {
                data = try FixtureForge.image(format, width: side, height: side, byteSize: max(minBytes, natural))
            } catch {
                // ICO directories cannot describe sides above 256 with a BMP payload: left to other cases, but counted.
                unforgeable.append("\(name) \(side)x\(side): \(error)")
                continue
            }
            let r = try await h.multipart(
                e, token: token, fields: fields,
                files: [TestFile(name: fileField.name, data: data, filename: "f.\(format.fileExtension)", contentType: format.mimeType)])
            #expect(r.code == 0, "\(name) \(side)x\(side): \(r.json)")
            stored.append(name)
            h.clock.advance(by: 60)
        }
        #expect(!stored.isEmpty, "no accepted format was exercised: \(unforgeable)")
        #expect(unforgeable.allSatisfy { $0.hasPrefix("ico ") }, "only ICO may be beyond the forge: \(unforgeable)")
        let refusals = Set([rules.formats?.error, rules.minBytes?.error].compactMap { $0?.code } + [e.invalidParamError.code])
        let accepted = rules.formats?.value ?? []
        for miss in FixtureForge.NearMiss.allCases {
            // A near miss that is a valid image of an accepted format (a JPEG named .png) is no miss here.
            if let info = try? ImageInspector.inspect(FixtureForge.nearMiss(miss)), accepted.contains(info.format.rawValue) { continue }
            let r = try await h.multipart(e, token: token, fields: fields, files: [TestFile(name: fileField.name, data: FixtureForge.nearMiss(miss))])
            let code = try #require(r.code)
            #expect(refusals.contains(code), "\(miss.rawValue) -> \(r.json)")
            h.clock.advance(by: 60)
        }
    }
}
