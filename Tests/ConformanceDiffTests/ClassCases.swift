import ConformanceSpec
import Testing

@testable import ConformanceDiff

/// One change class with the one-fact edit of the fixture specs that shows it. Every edit touches
/// a fact no other edit touches, so applying all of them gives two spec sets that differ in
/// exactly one fact of each class (`Resources/Classes/new`).
struct ClassCase: Sendable, CustomTestStringConvertible {
    var changeClass: ChangeClass
    /// The rule the change is reported under.
    var subject: String
    var edit: @Sendable (inout SpecFiles) -> Void

    var testDescription: String { "\(changeClass.rawValue) (\(changeClass.severity.rawValue)): \(subject)" }

    init(_ changeClass: ChangeClass, _ subject: String, _ edit: @escaping @Sendable (inout SpecFiles) -> Void) {
        self.changeClass = changeClass
        self.subject = subject
        self.edit = edit
    }
}

let badgeCreate = "admin.v1.badge.create.json"
let badgeList = "admin.v1.badge.list.json"
let badgeImage = "admin.v1.badge_image.create.json"
let imImage = "im.v1.image.create.json"
let lingo = "lingo.v1.file.upload.json"
let platform = "platform.json"
let archive = "admin.v1.badge_archive.list.json"
let legacy = "admin.v1.badge_legacy.list.json"

extension ClassCase {
    /// One case per change class, in the order of ``ChangeClass/allCases``.
    static let all: [ClassCase] = [
        // Endpoints
        ClassCase(.endpointAdded, "endpoint") { specs in
            guard case .object(var copy)? = specs.documents[badgeList] else { return }
            copy["id"] = .string("admin.v1.badge_draft.list")
            copy["path"] = .string("/open-apis/admin/v1/badge_drafts")
            specs.documents["admin.v1.badge_draft.list.json"] = .object(copy)
        },
        ClassCase(.endpointRemoved, "endpoint") { $0.documents[legacy] = nil },
        ClassCase(.endpointIDChanged, "endpoint.id") { $0.set(archive, "id", "admin.v1.archived_badge.list") },
        ClassCase(.endpointMethodChanged, "endpoint.method") { $0.set(badgeList, "method", "POST") },
        ClassCase(.endpointPathChanged, "endpoint.path") { $0.set(lingo, "path", "/open-apis/lingo/v2/files/upload") },
        ClassCase(.endpointDomainAdded, "endpoint.domains") { $0.append(imImage, "domains.value", "feishu_gov") },
        ClassCase(.endpointDomainRemoved, "endpoint.domains") { $0.set(badgeCreate, "domains.value", ["feishu"]) },
        ClassCase(.endpointBodyEncodingChanged, "request.body.encoding") { $0.set(archive, "bodyEncoding", "json") },
        // Auth and rate limits
        ClassCase(.authTokenTypeAdded, "auth.tokenTypes") { $0.append(badgeImage, "auth.tokenTypes.value", "user") },
        ClassCase(.authTokenTypeRemoved, "auth.tokenTypes") { $0.set(lingo, "auth.tokenTypes.value", ["tenant"]) },
        ClassCase(.authScopeAdded, "auth.scopes") { $0.append(badgeCreate, "auth.scopes.value", "admin:badge:write") },
        ClassCase(.authScopeRemoved, "auth.scopes") { $0.set(imImage, "auth.scopes.value", ["im:resource"]) },
        ClassCase(.authAppTypeAdded, "auth.appTypes") { $0.append(lingo, "auth.appTypes.value", "store") },
        ClassCase(.authAppTypeRemoved, "auth.appTypes") { $0.set(badgeImage, "auth.appTypes.value", ["custom"]) },
        ClassCase(.rateLimitAdded, "rateLimits.second") {
            $0.append(badgeCreate, "rateLimits", ["value": ["count": 5, "window": "second"], "documented": "接口频率限制 | 5 次/秒"])
        },
        ClassCase(.rateLimitRemoved, "rateLimits.second") { $0.set(lingo, "rateLimits[window=second]", nil) },
        ClassCase(.rateLimitLowered, "rateLimits.minute") { $0.set(badgeImage, "rateLimits[window=minute].value.count", 10) },
        ClassCase(.rateLimitRaised, "rateLimits.minute") { $0.set(imImage, "rateLimits[window=minute].value.count", 2000) },
        // Request fields
        ClassCase(.requestFieldAddedRequired, "request.category") {
            $0.append(
                lingo, "request",
                [
                    "name": "category", "location": "body", "type": "string",
                    "required": ["value": true, "documented": "category | string | 是"],
                ])
        },
        ClassCase(.requestFieldAddedOptional, "request.tags") {
            $0.append(
                badgeCreate, "request",
                [
                    "name": "tags", "location": "body", "type": "array", "itemType": "string",
                    "required": ["value": false, "documented": "tags | string[] | 否"],
                ])
        },
        ClassCase(.requestFieldRemoved, "request.explanation") { $0.set(badgeCreate, "request[name=explanation]", nil) },
        ClassCase(.requestFieldRenamed, "request.badge_name") { $0.set(badgeList, "request[name=name].name", "badge_name") },
        ClassCase(.requestFieldLocationChanged, "request.name") { $0.set(lingo, "request[name=name].location", "query") },
        ClassCase(.requestFieldTypeChanged, "request.image_type.type") { $0.set(badgeImage, "request[name=image_type].type", "string") },
        ClassCase(.requestFieldRequired, "request.i18n_name.required") { $0.set(badgeCreate, "request[name=i18n_name].required.value", true) },
        ClassCase(.requestFieldOptional, "request.image_type.required") { $0.set(imImage, "request[name=image_type].required.value", false) },
        ClassCase(.requestLimitTightened, "request.name.maxLength") { $0.set(badgeCreate, "request[name=name].maxLength.value", 20) },
        ClassCase(.requestLimitLoosened, "request.page_size.maximum") { $0.set(badgeList, "request[name=page_size].maximum.value", 100) },
        ClassCase(.requestEnumValueAdded, "request.image_type.enum") {
            $0.append(imImage, "request[name=image_type].enum.value", ["value": "file", "description": "用于文件"])
        },
        ClassCase(.requestEnumValueRemoved, "request.image_type.enum") { $0.set(badgeImage, "request[name=image_type].enum.value[value=2]", nil) },
        ClassCase(.requestFileFormatAdded, "request.image_file.file.formats") {
            $0.append(badgeImage, "request[name=image_file].file.formats.value", "jpeg")
        },
        ClassCase(.requestFileFormatRemoved, "request.image.file.formats") {
            $0.set(imImage, "request[name=image].file.formats.value", ["jpeg", "png", "webp", "gif", "bmp", "ico"])
        },
        ClassCase(.requestDefaultChanged, "request.page_size.default") { $0.set(badgeList, "request[name=page_size].default.value", 20) },
        ClassCase(.fieldFixedValueChanged, "request.Content-Type.fixedValue") {
            $0.set(badgeImage, "request[name=Content-Type].fixedValue.value", "multipart/mixed")
        },
        ClassCase(.fieldValueFormatChanged, "request.Authorization.valueFormat") {
            $0.set(badgeList, "request[name=Authorization].valueFormat.value", "Bearer <tenant_access_token>")
        },
        // Responses
        ClassCase(.responseShapeChanged, "response.shape") { $0.set(archive, "response.shape", "flat") },
        ClassCase(.responseSuccessMessageChanged, "envelope.successMessage") {
            $0.set(badgeImage, "response.successMessage", ["value": "ok", "documented": "\"msg\": \"ok\""])
        },
        ClassCase(.responseFieldAdded, "response.image_url") {
            $0.append(imImage, "response.fields", ["name": "image_url", "type": "string", "required": ["value": true, "documented": "image_url | string"]])
        },
        ClassCase(.responseFieldRemoved, "response.badge.detail_image") { $0.set(badgeCreate, "response.fields[name=badge].fields[name=detail_image]", nil) },
        ClassCase(.responseFieldRenamed, "response.key") { $0.set(badgeImage, "response.fields[name=image_key].name", "key") },
        ClassCase(.responseFieldTypeChanged, "response.has_more.type") { $0.set(badgeList, "response.fields[name=has_more].type", "int") },
        ClassCase(.responseFieldOptional, "response.badge.name.conditional") {
            $0.set(
                badgeCreate, "response.fields[name=badge].fields[name=name].conditional",
                ["value": ["when": "the badge has a name"], "inferred": "fixture"])
        },
        ClassCase(.responseFieldRequired, "response.badges.explanation.conditional") {
            $0.set(badgeList, "response.fields[name=badges].fields[name=explanation].conditional", nil)
        },
        ClassCase(.responseFieldConditionChanged, "response.page_token.conditional") {
            $0.set(badgeList, "response.fields[name=page_token].conditional.value.when", "has_more is true and the page is full")
        },
        ClassCase(.responseLimitTightened, "response.badge.explanation.maxLength") {
            $0.set(badgeCreate, "response.fields[name=badge].fields[name=explanation].maxLength.value", 80)
        },
        ClassCase(.responseLimitLoosened, "response.badges.name.maxLength") {
            $0.set(badgeList, "response.fields[name=badges].fields[name=name].maxLength.value", 60)
        },
        ClassCase(.responseEnumValueAdded, "response.status.enum") { $0.append(archive, "response.fields[name=status].enum.value", ["value": "deleted"]) },
        ClassCase(.responseEnumValueRemoved, "response.status.enum") { $0.set(archive, "response.fields[name=status].enum.value[value=\"archived\"]", nil) },
        // Errors
        ClassCase(.errorAdded, "errors.1051107") {
            $0.append(
                badgeList, "errors",
                [
                    "code": 1051107, "httpStatus": ["value": 400, "documented": "400"], "message": "page token expired",
                    "documented": "400 | 1051107 | page token expired",
                ])
        },
        ClassCase(.errorRemoved, "errors.1051106") { $0.set(badgeCreate, "errors[code=1051106]", nil) },
        ClassCase(.errorHTTPStatusChanged, "errors.1051103.httpStatus") { $0.set(badgeCreate, "errors[code=1051103].httpStatus.value", 409) },
        ClassCase(.errorMessageChanged, "errors.1051101.message") { $0.set(badgeImage, "errors[code=1051101].message", "image format not supported") },
        ClassCase(.ruleErrorChanged, "request.i18n_name.zh_cn.maxLength") {
            $0.set(badgeCreate, "request[name=i18n_name].fields[name=zh_cn].maxLength.error.code", 1051106)
        },
        ClassCase(.validationOrderChanged, "validationOrder") {
            $0.set(badgeCreate, "validationOrder.value", ["auth", "scope", "capability", "rateLimit", "body", "fields", "state"])
        },
        // Behaviours
        ClassCase(.behaviourAdded, "behaviours.creates.archived_badge") {
            $0.append(
                archive, "behaviours",
                [
                    "kind": "creates", "resource": "archived_badge", "keyPath": "badge.id", "keyStyle": "uuid",
                    "provenance": ["inferred": "fixture"],
                ])
        },
        ClassCase(.behaviourRemoved, "behaviours.creates.im_image") { $0.set(imImage, "behaviours[kind=creates:im_image]", nil) },
        ClassCase(.behaviourConstraintAdded, "behaviours.unique.name") {
            $0.append(
                lingo, "behaviours",
                [
                    "kind": "unique", "resource": "lingo_file", "field": "name",
                    "error": ["code": 2250001, "inferred": "fixture"], "provenance": ["inferred": "fixture"],
                ])
        },
        ClassCase(.behaviourConstraintRemoved, "behaviours.requiresCapability.badgePlan") {
            $0.set(badgeImage, "behaviours[kind=requiresCapability:badgePlan]", nil)
        },
        ClassCase(.behaviourLimitTightened, "behaviours.quota.badge.limit") { $0.set(badgeCreate, "behaviours[kind=quota:badge].limit", 500) },
        ClassCase(.behaviourLimitLoosened, "behaviours.references.detail_image.maxAgeSeconds") {
            $0.set(badgeCreate, "behaviours[kind=references:detail_image].maxAgeSeconds.value", 7200)
        },
        ClassCase(.behaviourChanged, "behaviours.lists.badge.order") { $0.set(badgeList, "behaviours[kind=lists:badge].order.value.direction", "ascending") },
        // Platform
        ClassCase(.platformFactAdded, "platform.domains.feishu_gov") { $0.set(platform, "domains.feishu_gov", "https://open.feishu-gov.cn") },
        ClassCase(.platformFactChanged, "rateLimiting.httpStatus") { $0.set(platform, "rateLimiting.httpStatus.value", 400) },
        ClassCase(.platformLimitTightened, "tokens.tenantTokenLifetimeSeconds") { $0.set(platform, "tokens.tenantTokenLifetimeSeconds.value", 3600) },
        ClassCase(.platformLimitLoosened, "tokens.refreshWindowSeconds") { $0.set(platform, "tokens.refreshWindowSeconds.value", 2400) },
        // Documentation
        ClassCase(.provenanceChanged, "request.name.minLength") {
            $0.set(badgeCreate, "request[name=name].minLength.inferred", nil)
            $0.set(badgeCreate, "request[name=name].minLength.documented", "最小长度：`1` 字符")
        },
        ClassCase(.documentationChanged, "endpoint.summary") { $0.set(imImage, "summary", "Upload an image (IM)") },
        ClassCase(.unclassified, "$[\"x-owner\"]") { $0.set(lingo, "x-owner", "lingo-team") },
    ]

    /// The fixture base with every edit applied.
    static func allApplied(to base: SpecFiles) -> SpecFiles {
        var specs = base
        for item in all { item.edit(&specs) }
        return specs
    }
}
