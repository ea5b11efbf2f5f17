import ConformanceSpec
import Foundation

/// A small spec set made for these tests (not the real specs): a token endpoint, a JSON create
/// endpoint, a paginated list endpoint, a path-parameter endpoint and a multipart upload endpoint.
enum TestSpecs {
    static let platform = #"""
        {
          "domains": {"test": "https://open.example.test"},
          "envelope": {
            "logIdHeader": {"value": "X-Tt-Logid", "documented": "every reply carries X-Tt-Logid"},
            "successMessage": {"value": "success", "documented": "msg is success"},
            "members": {"value": {"code": "code", "message": "msg", "data": "data"}, "documented": "code, msg, data"},
            "contentType": {"value": "application/json; charset=utf-8", "documented": "JSON replies"}
          },
          "tokenEndpoint": {
            "id": "auth.v3.tenant_access_token.internal", "title": "token", "summary": "Get a tenant token",
            "source": {"url": "https://open.example.test/token"}, "method": "POST",
            "path": "/open-apis/auth/v3/tenant_access_token/internal",
            "domains": {"value": ["test"], "documented": "d"}, "bodyEncoding": "json",
            "auth": {"tokenTypes": {"value": [], "documented": "none"}, "scopes": {"value": [], "documented": "none"}},
            "rateLimits": [],
            "request": [
              {"name": "app_id", "location": "body", "type": "string", "required": {"value": true, "documented": "app_id"}},
              {"name": "app_secret", "location": "body", "type": "string", "required": {"value": true, "documented": "app_secret"}}
            ],
            "response": {"shape": "flat", "fields": [
              {"name": "tenant_access_token", "type": "string", "required": {"value": true, "documented": "token"}},
              {"name": "expire", "type": "int", "required": {"value": true, "documented": "expire"}}
            ]},
            "errors": [], "behaviours": [],
            "invalidParamError": {"code": 10003, "documented": "invalid param"}
          },
          "tokens": {
            "tenantPrefix": {"value": "t-", "documented": "t-"},
            "userPrefix": {"value": "u-", "documented": "u-"},
            "tenantTokenLifetimeSeconds": {"value": 7200, "documented": "2 hours"},
            "refreshWindowSeconds": {"value": 1800, "documented": "30 minutes"},
            "scheme": {"value": "Bearer", "documented": "Bearer"},
            "endpointFields": {"value": {"appID": "app_id", "appSecret": "app_secret", "token": "tenant_access_token", "expire": "expire"}, "documented": "token page"}
          },
          "errors": [],
          "roles": {
            "missingToken": {"code": 99991661, "documented": "x"},
            "malformedAuthorization": {"code": 99991661, "documented": "x"},
            "badTokenPrefix": {"code": 99991671, "documented": "x"},
            "invalidTenantToken": {"code": 99991663, "documented": "x"},
            "invalidUserToken": {"code": 99991668, "documented": "x"},
            "wrongTokenType": {"code": 99991672, "documented": "x"},
            "missingScope": {"code": 99991672, "documented": "x"},
            "rateLimited": {"code": 99991400, "documented": "x"},
            "notFound": {"code": 404, "inferred": "x"},
            "methodMismatch": {"code": 405, "inferred": "x"},
            "badCredentials": {"code": 10003, "documented": "x"},
            "tokenBadRequest": {"code": 10003, "documented": "x"}
          },
          "rateLimiting": {
            "httpStatus": {"value": 429, "documented": "429"},
            "limitHeader": {"value": "x-ogw-ratelimit-limit", "documented": "limit header"},
            "resetHeader": {"value": "x-ogw-ratelimit-reset", "documented": "reset header"},
            "scope": {"value": "app+tenant+api", "documented": "scope"}
          },
          "validationOrder": {"value": ["auth", "scope", "rateLimit", "capability", "body", "fields", "state"], "inferred": "x"},
          "routing": {"notFoundStatus": {"value": 404, "inferred": "x"}, "methodMismatchStatus": {"value": 405, "inferred": "x"}}
        }
        """#

    static func endpoint(
        id: String, method: String, path: String, encoding: String, rateLimit: String = "",
        request: String, response: String, behaviours: String = ""
    ) -> String {
        """
        {
          "id": "\(id)", "title": "\(id)", "summary": "\(id)", "source": {"url": "https://open.example.test/\(id)"},
          "method": "\(method)", "path": "\(path)", "domains": {"value": ["test"], "documented": "d"},
          "bodyEncoding": "\(encoding)",
          "auth": {"tokenTypes": {"value": ["tenant"], "documented": "tenant"}, "scopes": {"value": ["test:widget"], "documented": "s"}},
          "rateLimits": [\(rateLimit)],
          "request": [\(request)],
          "response": {"shape": "envelope", "fields": [\(response)]},
          "errors": [
            {"code": 1000001, "httpStatus": {"value": 400, "documented": "400"}, "message": "invalid param", "documented": "invalid"},
            {"code": 1000002, "httpStatus": {"value": 500, "documented": "500"}, "message": "server", "triggerable": false,
             "whyNotTriggerable": "server fault", "documented": "server"}
          ],
          "behaviours": [\(behaviours)],
          "invalidParamError": {"code": 1000001, "documented": "invalid"}
        }
        """
    }

    static let create = endpoint(
        id: "test.v1.widget.create", method: "POST", path: "/open-apis/test/v1/widgets", encoding: "json",
        rateLimit: #"{"value": {"count": 20, "window": "minute"}, "documented": "20/min"}"#,
        request: #"""
            {"name": "name", "location": "body", "type": "string", "required": {"value": true, "documented": "name"},
             "maxLength": {"value": 10, "documented": "10 chars"}},
            {"name": "kind", "location": "body", "type": "int", "required": {"value": false, "documented": "kind"}},
            {"name": "i18n_name", "location": "body", "type": "i18n", "required": {"value": false, "documented": "i18n"},
             "fields": [{"name": "zh_cn", "type": "string", "required": {"value": false, "documented": "zh"}}]}
            """#,
        response: #"""
            {"name": "widget", "type": "object", "required": {"value": true, "documented": "widget"}, "fields": [
              {"name": "id", "type": "string", "required": {"value": true, "documented": "id"}},
              {"name": "name", "type": "string", "required": {"value": true, "inferred": "the table says nothing"},
               "maxLength": {"value": 10, "documented": "10 chars"}},
              {"name": "kind", "type": "int", "required": {"value": false, "documented": "kind"},
               "enum": {"value": [{"value": 1}, {"value": 2}], "documented": "1 or 2"}},
              {"name": "i18n_name", "type": "i18n", "required": {"value": true, "documented": "i18n"},
               "conditional": {"value": {"when": "i18n_name was sent", "sent": "i18n_name"}, "inferred": "echoed when sent"}, "fields": [
                {"name": "zh_cn", "type": "string", "required": {"value": true, "documented": "zh_cn"}}
              ]}
            ]}
            """#,
        behaviours: #"""
            {"kind": "creates", "resource": "widget", "keyPath": "widget.id", "keyStyle": "uuid", "echoPath": "widget",
             "provenance": {"documented": "creates a widget"}}
            """#)

    static let list = endpoint(
        id: "test.v1.widget.list", method: "GET", path: "/open-apis/test/v1/widgets", encoding: "none",
        request: #"""
            {"name": "page_size", "location": "query", "type": "int", "required": {"value": false, "documented": "size"}},
            {"name": "page_token", "location": "query", "type": "string", "required": {"value": false, "documented": "token"}},
            {"name": "name", "location": "query", "type": "string", "required": {"value": false, "documented": "filter"}}
            """#,
        response: #"""
            {"name": "items", "type": "array", "itemType": "object", "required": {"value": false, "documented": "items"}, "fields": [
              {"name": "id", "type": "string", "required": {"value": true, "documented": "id"}},
              {"name": "name", "type": "string", "required": {"value": true, "documented": "name"}}
            ]},
            {"name": "page_token", "type": "string", "required": {"value": false, "documented": "next"}},
            {"name": "has_more", "type": "bool", "required": {"value": true, "documented": "more"}}
            """#,
        behaviours: #"""
            {"kind": "lists", "resource": "widget", "itemsPath": "items", "pageSizeParam": "page_size", "pageTokenParam": "page_token",
             "pageTokenPath": "page_token", "hasMorePath": "has_more",
             "pageTokenOnlyWhenMore": {"value": true, "documented": "only when has_more"},
             "order": {"value": {"by": "createdAt", "direction": "descending"}, "inferred": "newest first"},
             "filters": [{"param": "name", "field": "name", "provenance": {"documented": "exact name"}}],
             "provenance": {"documented": "lists widgets"}}
            """#)

    static let upload = endpoint(
        id: "test.v1.upload.create", method: "POST", path: "/open-apis/test/v1/uploads", encoding: "multipart",
        request: #"""
            {"name": "image_file", "location": "body", "type": "file", "required": {"value": true, "documented": "file"}},
            {"name": "image_type", "location": "body", "type": "int", "required": {"value": true, "documented": "type"}}
            """#,
        response: #"{"name": "image_key", "type": "string", "required": {"value": true, "inferred": "a key must come back"}}"#)

    static let item = endpoint(
        id: "test.v1.widget.get", method: "GET", path: "/open-apis/test/v1/widgets/:widget_id", encoding: "none",
        request: #"{"name": "widget_id", "location": "path", "type": "string", "required": {"value": true, "documented": "id"}}"#,
        response: "")

    static func specSet() throws -> SpecSet {
        try SpecSet.decode(files: [
            "platform.json": Data(platform.utf8),
            "test.v1.widget.create.json": Data(create.utf8),
            "test.v1.widget.list.json": Data(list.utf8),
            "test.v1.upload.create.json": Data(upload.utf8),
            "test.v1.widget.get.json": Data(item.utf8),
        ])
    }
}
