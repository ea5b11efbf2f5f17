import ConformanceSpec
import Foundation
import Testing

@testable import ConformanceImporter

/// The platform file of the repository: what imported specs are linted against.
func repositoryPlatform() throws -> PlatformSpec {
    try SpecSet.load(directory: ImporterPaths.specs).platform
}

func importSnippet(_ text: String, name: String = "demo-v1/page.md") throws -> ImportedSpec {
    let pipeline = ImportPipeline(platform: try repositoryPlatform())
    guard case .imported(let spec) = pipeline.importPage(text: text, name: name) else {
        Issue.record("\(name) was not imported")
        throw CancellationError()
    }
    return spec
}

@Suite("Reading and translating a page")
struct TranslatorTests {
    @Test("GFM page: basics, auth, limits, fields, rules, errors, behaviours; every fact documented or a named convention")
    func gfmCreate() throws {
        let imported = try importSnippet(Snippets.gfmCreate)
        let spec = imported.spec
        #expect(imported.isLintClean, "\(imported.diagnostics)")
        #expect(spec.id == "demo.v1.gadget.create")
        #expect(spec.tier == .imported)
        #expect(spec.signature == "POST /open-apis/demo/v1/gadgets")
        #expect(spec.source.url == "https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/demo-v1/gadget/create")
        #expect(spec.source.updated == "2023-11-15")
        #expect(spec.bodyEncoding == .json)
        #expect(spec.auth.tokenTypes.value == [.tenant, .user])
        #expect(spec.auth.scopes.value == ["demo:gadget", "demo:gadget:write"])
        #expect(spec.auth.appTypes?.value == ["custom", "store"])
        #expect(spec.rateLimits.map(\.value) == [RateLimit(count: 50, window: .minute), RateLimit(count: 5, window: .second)])

        let auth = try #require(spec.request.first { $0.name == "Authorization" })
        #expect(auth.valueFormat?.value == "Bearer <access_token>")
        #expect(auth.example == "Bearer t-0123456789abcdef")
        #expect(spec.request.first { $0.name == "Content-Type" }?.fixedValue?.value == "application/json; charset=utf-8")

        let ownerType = try #require(spec.request.first { $0.name == "owner_id_type" })
        #expect(ownerType.location == .query)
        #expect(ownerType.enum?.value.map(\.value) == ["open_id", "user_id"])
        #expect(ownerType.default?.value == "open_id")

        let label = try #require(spec.request.first { $0.name == "label" })
        #expect(label.required.value && label.required.provenance.isDocumented)
        #expect(label.maxLength?.value == 20)
        #expect(label.maxLength?.error?.code == 7770002, "the row `label exceeds the max length` names the rule")

        let size = try #require(spec.request.first { $0.name == "size" })
        #expect(size.minimum?.value == 1 && size.maximum?.value == 9)
        #expect(!size.required.value && !size.required.provenance.isDocumented, "是 with a 默认值 is optional, by convention")

        #expect(spec.request.first { $0.name == "homepage" }?.pattern?.value == "(https?|ftp)://[-A-Za-z0-9+&@#/%?=~_|!:,.;]+")
        let tags = try #require(spec.request.first { $0.name == "tags" })
        #expect(tags.type == .array && tags.itemType == .string)
        #expect(tags.enum?.value.map(\.value) == ["red", "blue"], "an array's enum lists its items' values")
        #expect(tags.example == ["red"], "a one-item example of a string[] is a one-item array")
        #expect(tags.maxLength?.value == 5)
        let names = try #require(spec.request.first { $0.name == "names" })
        #expect(names.type == .i18n)
        #expect(names.fields?.map(\.name) == ["zh_cn", "en_us"])
        #expect(names.fields?.allSatisfy { $0.maxLength?.value == 20 } == true, "an i18n field's character limit holds for each translation")

        let gadget = try #require(spec.response.fields.first)
        #expect(gadget.name == "gadget" && gadget.type == .object)
        #expect(gadget.fields?.map(\.name) == ["gadget_id", "label", "memo"])
        #expect(gadget.fields?.first?.example == "gd_abc123", "response examples come from the page's JSON example")
        #expect(gadget.fields?.last?.required.provenance.isDocumented == true, "仅在…时返回: optional as documented")

        #expect(spec.errors.map(\.code) == [7770001, 7770002, 7770003])
        #expect(spec.errors.last?.advice == "稍后重试，或联系我们")
        #expect(spec.invalidParamError.code == 7770001 && spec.invalidParamError.provenance.isDocumented)
        guard case .creates(let creates)? = spec.behaviours.first else {
            Issue.record("a POST that answers gadget.gadget_id creates a gadget: \(spec.behaviours)")
            return
        }
        #expect(creates.keyPath == "gadget.gadget_id" && creates.echoPath == "gadget" && creates.keyStyle == "gd_")
        #expect(!creates.provenance.isDocumented)
        let decisions = Set((spec.decisions ?? []).map(\.id))
        #expect(decisions.isSuperset(of: ["import-catch-all-code", "import-required-with-default", "import-creates", "import-domains"]))
    }

    @Test("seeds page: nesting from the example, pagination, documented order and filter")
    func seedList() throws {
        let imported = try importSnippet(Snippets.seedList, name: "seeds/005_demo.txt")
        let spec = imported.spec
        #expect(imported.isLintClean, "\(imported.diagnostics)")
        #expect(spec.id == "demo.v1.gadget.list")
        #expect(spec.source.updated == "2024-01-02")
        #expect(spec.auth.scopes.value == ["demo:gadget:read", "demo:gadget"])
        #expect(spec.auth.appTypes?.value == ["custom", "store"])
        #expect(spec.response.fields.map(\.name) == ["items", "page_token", "has_more"])
        let items = try #require(spec.response.fields.first)
        #expect(items.type == .array && items.itemType == .object)
        #expect(items.fields?.map(\.name) == ["gadget_id", "label", "names"])
        #expect(items.fields?.last?.fields?.map(\.name) == ["zh_cn", "en_us"])
        let pageSize = try #require(spec.request.first { $0.name == "page_size" })
        #expect(pageSize.default?.value == 20 && !pageSize.required.value)
        guard case .lists(let lists)? = spec.behaviours.first else {
            Issue.record("page_size/page_token in, has_more/page_token out: a list (\(spec.behaviours))")
            return
        }
        #expect(lists.itemsPath == "items")
        #expect(lists.order.value == ListOrder(by: "createdAt", direction: .descending) && lists.order.provenance.isDocumented)
        #expect(lists.pageTokenOnlyWhenMore.provenance.isDocumented)
        #expect(lists.filters?.map(\.param) == ["label"])
    }

    @Test("download: path parameter required by convention, user tokens only, rate-limit tier, binary reply, an unknown table warned")
    func download() throws {
        let imported = try importSnippet(Snippets.gfmDownload)
        let spec = imported.spec
        #expect(spec.id == "demo.v1.gadget.download")
        #expect(spec.auth.tokenTypes.value == [.user])
        #expect(spec.rateLimits.isEmpty)
        #expect(spec.rateLimitTier?.value == "特殊频控")
        #expect(spec.response.shape == .binary && spec.response.fields.isEmpty)
        let id = try #require(spec.request.first { $0.location == .path })
        #expect(id.name == "gadget_id" && id.required.value && !id.required.provenance.isDocumented)
        #expect(spec.invalidParamError.code == 10003, "no invalid-param row: the platform's catch-all")
        #expect(spec.importWarnings?.map(\.location) == ["附加信息 table, line 32"])
        #expect(imported.diagnostics.map(\.jsonPath) == ["$.importWarnings[0]"])
    }

    @Test("pages that are not endpoints are skipped with the reason")
    func skipped() throws {
        let pipeline = ImportPipeline(platform: try repositoryPlatform())
        guard case .skipped(let event, _) = pipeline.importPage(text: Snippets.event, name: "e.md"),
            case .skipped(let guide, _) = pipeline.importPage(text: Snippets.guide, name: "g.md"),
            case .skipped(let notes, _) = pipeline.importPage(text: Snippets.guide, name: "x/SOURCE.md"),
            case .skipped(let incomplete, _) = pipeline.importPage(
                text: Snippets.gfmDownload.replacingOccurrences(of: "| HTTP Method | GET |\n", with: ""), name: "d.md")
        else {
            Issue.record("expected four skipped pages")
            return
        }
        #expect([event, guide, notes, incomplete] == [.event, .notEndpoint, .exportNotes, .incomplete])
    }

    @Test(
        "ids from the doc's fullPath, else from the method and path",
        arguments: [
            ("POST", "/open-apis/admin/v1/badge_images", nil, "admin.v1.badge_image.create"),
            ("GET", "/open-apis/admin/v1/badges", nil, "admin.v1.badge.list"),
            ("GET", "/open-apis/admin/v1/badges/:badge_id", nil, "admin.v1.badge.get"),
            ("POST", "/open-apis/admin/v1/badges/:badge_id/grants", nil, "admin.v1.badge_grant.create"),
            ("POST", "/open-apis/lingo/v1/files/upload", nil, "lingo.v1.file.upload"),
            ("POST", "/open-apis/im/v1/messages/reactions/batch_query", nil, "im.v1.message_reaction.batch_query"),
            ("POST", "/open-apis/auth/v3/tenant_access_token/internal", nil, "auth.v3.tenant_access_token.internal"),
            (
                "GET", "/open-apis/im/v1/messages/:message_id/read_users", "/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/read_users",
                "im.v1.message.read_users"
            ),
            (
                "POST", "/open-apis/im/v1/messages/:message_id/reactions", "/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-reaction/create",
                "im.v1.message_reaction.create"
            ),
        ] as [(String, String, String?, String)])
    func ids(_ method: String, _ path: String, _ fullPath: String?, _ id: String) {
        #expect(SpecIdentity(httpMethod: method, path: path, fullPath: fullPath).id == id)
    }

    @Test("the spec file is ordered like the curated ones and decodes back to the same spec")
    func rendering() throws {
        let imported = try importSnippet(Snippets.gfmCreate)
        #expect(imported.text.hasPrefix("{\n  \"id\": \"demo.v1.gadget.create\",\n  \"tier\": \"imported\",\n  \"title\""))
        let decoded = try SpecSet.decodeFile(EndpointSpec.self, Data(imported.text.utf8), file: imported.fileName)
        #expect(SpecFacts.facts(of: decoded) == SpecFacts.facts(of: imported.spec))
        #expect(SpecLinter.lint(endpointFile: imported.fileName, data: Data(imported.text.utf8), platform: try repositoryPlatform()).isEmpty)
    }
}
