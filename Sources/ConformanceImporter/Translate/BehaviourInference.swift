import ConformanceSpec
import Foundation

/// The resource behaviours the docs imply (each an inferred convention): a list with Feishu's
/// pagination (`page_size`/`page_token` in, `has_more`/`page_token` out) pages through the
/// tenant's items, and a POST that answers a new key creates one.
enum BehaviourInference {
    static func behaviours(for spec: EndpointSpec, identity: SpecIdentity, intro: [String], context: inout TranslationContext) -> [Behaviour] {
        var out: [Behaviour] = []
        if let lists = lists(spec, identity: identity, intro: intro, context: &context) { out.append(.lists(lists)) }
        if let creates = creates(spec, identity: identity, context: &context) { out.append(.creates(creates)) }
        return out
    }

    static func lists(_ spec: EndpointSpec, identity: SpecIdentity, intro: [String], context: inout TranslationContext) -> Behaviour.Lists? {
        guard spec.method == "GET", spec.response.shape == .envelope else { return nil }
        let query = spec.fields(in: .query)
        guard FeishuPagination.isPaginated(spec) else { return nil }
        let response = spec.response.fields
        guard let token = response.first(where: { $0.name == FeishuPagination.pageToken }),
            let items = response.first(where: { $0.name == "items" && $0.type == .array }) ?? response.first(where: { $0.type == .array })
        else { return nil }
        let onlyWhenMore: Rule<Bool>
        if let text = token.description, text.includes("has_more"), text.includes("否则不返回") {
            onlyWhenMore = Rule(true, .documented(TextRules.conditionalPresence(text) ?? text))
        } else {
            onlyWhenMore = Rule(true, context.inferred(.pagination, "Feishu's pagination answers page_token only while has_more is true"))
        }
        let order: Rule<ListOrder>
        if let found = intro.lazy.compactMap(TextRules.listOrder).first {
            order = Rule(ListOrder(by: "createdAt", direction: found.value), .documented(found.quote))
        } else {
            order = Rule(
                ListOrder(by: "createdAt", direction: .ascending), context.inferred(.listOrder, "The page does not say in which order the list answers"))
        }
        var filters: [ListFilter] = []
        let itemFields = Set((items.fields ?? []).map(\.name))
        for field in query where ![FeishuPagination.pageSize, FeishuPagination.pageToken].contains(field.name) && itemFields.contains(field.name) {
            if let text = field.description, text.includes("精确匹配") {
                filters.append(
                    ListFilter(
                        param: field.name, field: field.name,
                        provenance: .documented("\(field.name) | \(field.type.rawValue) | \(field.required.value ? "是" : "否") | \(text)")))
            }
        }
        return FeishuPagination.lists(
            resource: identity.resource, itemsPath: items.name, pageTokenOnlyWhenMore: onlyWhenMore, order: order,
            filters: filters.isEmpty ? nil : filters,
            provenance: context.inferred(.pagination, "page_size and page_token in, has_more and page_token out: Feishu's pagination over \(items.name)"))
    }

    static func creates(_ spec: EndpointSpec, identity: SpecIdentity, context: inout TranslationContext) -> Behaviour.Creates? {
        guard spec.method == "POST", ["create", "upload"].contains(identity.method), spec.response.shape == .envelope else { return nil }
        let fields = spec.response.fields
        var keyPath: String?
        var echoPath: String?
        var example: JSONValue?
        if let key = fields.first(where: isKey) {
            keyPath = key.name
            example = key.example ?? spec.response.example?["data"]?[key.name]
        } else if fields.count == 1, let object = fields.first, object.type == .object,
            let key = (object.fields ?? []).first(where: { $0.name == "id" || $0.name == "\(identity.resource)_id" || isKey($0) })
        {
            keyPath = "\(object.name).\(key.name)"
            echoPath = object.name
            example = key.example ?? spec.response.example?["data"]?[object.name]?[key.name]
        }
        guard let keyPath else { return nil }
        return Behaviour.Creates(
            resource: identity.resource, keyPath: keyPath, keyStyle: keyStyle(example?.stringValue), echoPath: echoPath, storedFields: nil,
            provenance: context.inferred(.creates, "\(spec.signature) answers \(keyPath), the key of a new \(identity.resource)"))
    }

    /// `image_key`, `file_token`, `message_id`, `id`.
    static func isKey(_ field: FieldSpec) -> Bool {
        guard field.type == .string else { return false }
        return field.name == "id" || field.name.hasSuffix("_key") || field.name.hasSuffix("_token") && field.name != "page_token" || field.name.hasSuffix("_id")
    }

    /// How the example key looks: `uuid`, or the prefix before its random part (`img_v2_`, `om_`).
    static func keyStyle(_ example: String?) -> String {
        guard let example else { return "uuid" }
        let uuidShape = example.split(separator: "-").map(\.count)
        if uuidShape == [8, 4, 4, 4, 12] { return "uuid" }
        if let last = example.lastIndex(of: "_") {
            let prefix = example[...last]
            if prefix.count <= 12, prefix.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) { return String(prefix) }
        }
        return "uuid"
    }
}
