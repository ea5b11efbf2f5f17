import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

extension FeishuMock {
    /// Serves `/__mock/...` (see the type's documentation). Admin requests are not journaled.
    func admin(_ request: HTTPRequest) -> HTTPResponse {
        let method = request.method.uppercased()
        switch (method, request.path) {
        case ("GET", "/__mock/health"):
            // Cheap: tells a client it is talking to this mock without touching state or the journal.
            return adminJSON(200, ["mock": .string(ConformanceTool.name), "version": .string(ConformanceTool.version)])
        case ("GET", "/__mock/journal"):
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = (try? encoder.encode(JournalDocument(entries: journal))) ?? Data("{\"entries\":[]}".utf8)
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
        case ("POST", "/__mock/reset"):
            reset()
            return adminJSON(200, ["ok": .bool(true)])
        case ("POST", "/__mock/apps"):
            guard let body = adminBody(request) else { return adminError(400, "body must be a JSON object") }
            // Capabilities not named stay on, so a capability a new spec introduces needs no change here.
            var switches: [String: Bool] = [:]
            if let caps = body["capabilities"] {
                guard case .object(let object) = caps else { return adminError(400, "capabilities must be an object of booleans") }
                for (name, value) in object {
                    guard let on = value.boolValue else { return adminError(400, "capabilities.\(name) must be a boolean") }
                    switches[name] = on
                }
            }
            let capabilities = MockCapabilities(switches: switches)
            var scopes: [String]?
            if let list = body["scopes"] {
                guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                    return adminError(400, "scopes must be an array of strings")
                }
                scopes = items.compactMap(\.stringValue)
            }
            let app = addApp(capabilities: capabilities, scopes: scopes)
            return adminJSON(
                200,
                [
                    "app_id": .string(app.appID), "app_secret": .string(app.appSecret), "tenant_key": .string(app.tenantKey),
                    "user_access_token": .string(app.userAccessTokens.first ?? ""),
                    "capabilities": .array(capabilities.granted(of: self.capabilities).map { .string($0) }),
                ])
        case ("POST", "/__mock/clock"):
            guard let body = adminBody(request) else { return adminError(400, "body must be a JSON object") }
            let appID = body["app_id"]?.stringValue
            let advance: Double?
            switch body["advanceSeconds"] {
            case .int(let i)?: advance = Double(i)
            case .double(let d)?: advance = d
            case nil: advance = nil
            default: return adminError(400, "advanceSeconds must be a number")
            }
            let freeze = body["freeze"]?.boolValue
            if body["freeze"] != nil, freeze == nil { return adminError(400, "freeze must be a boolean") }
            switch checkedMoveClock(appID: appID, advanceSeconds: advance ?? 0, freeze: freeze) {
            case .success(let now): return adminJSON(200, ["now": .double(now)])
            case .failure(.unknownApp): return adminError(404, "unknown app_id")
            case .failure(.outOfRange):
                return adminError(
                    400,
                    "advanceSeconds would move a clock outside 1970-01-01...9999-12-31 (epoch seconds \(Int(FeishuMock.clockRange.lowerBound))...\(Int(FeishuMock.clockRange.upperBound))); nothing was changed"
                )
            }
        default:
            return adminError(
                404,
                "unknown admin path \(method) \(request.path): use GET /__mock/health, GET /__mock/journal, POST /__mock/reset, POST /__mock/apps or POST /__mock/clock"
            )
        }
    }

    /// Clears state, tokens, clocks, rate counters, the journal and apps added at runtime.
    public func reset() {
        state.withLock { s in s = MockState(configuration: configuration) }
        journalStore.withLock { $0 = JournalStore() }
    }

    /// Registers a fresh app that is its own tenant, with fake random credentials.
    public func addApp(capabilities: MockCapabilities = .all, scopes: [String]? = nil) -> MockApp {
        let suffix = MockIDs.random(16)
        let app = MockApp(
            appID: "cli_mock_\(suffix)", appSecret: "mock-secret-\(MockIDs.random(24))", tenantKey: "tenant_mock_\(suffix)",
            capabilities: capabilities, scopes: scopes,
            userAccessTokens: [specs.platform.tokens.userPrefix.value + "mock-\(MockIDs.random(24))"])
        state.withLock { $0.apps[app.appID] = app }
        return app
    }

    /// The times a mock clock may show: 1970-01-01T00:00:00Z through 9999-12-31T23:59:59Z (epoch
    /// seconds), so every time the mock formats or turns into whole seconds stays representable.
    public static let clockRange: ClosedRange<Double> = 0...253_402_300_799

    /// Moves (or freezes) the clock of `appID`'s tenant, or the base clock when nil. Returns the
    /// time that tenant now sees, or nil for an unknown app or for a move that would take any clock
    /// outside `clockRange` (refused: nothing changes).
    @discardableResult
    public func moveClock(appID: String?, advanceSeconds: Double, freeze: Bool? = nil) -> Double? {
        try? checkedMoveClock(appID: appID, advanceSeconds: advanceSeconds, freeze: freeze).get()
    }

    /// Why a clock move was refused.
    enum ClockMoveRefusal: Error { case unknownApp, outOfRange }

    /// `moveClock` with the reason for a refusal; a refused move changes nothing.
    func checkedMoveClock(appID: String?, advanceSeconds: Double, freeze: Bool?) -> Result<Double, ClockMoveRefusal> {
        guard advanceSeconds.isFinite else { return .failure(.outOfRange) }
        let base = clock.now()
        let range = Self.clockRange
        return state.withLock { s -> Result<Double, ClockMoveRefusal> in
            guard let appID else {
                // The base clock moves every tenant clock that is not frozen: all must stay in range.
                let offset = s.globalOffset + advanceSeconds
                guard range.contains(base + offset),
                    s.clocks.values.allSatisfy({ $0.frozenAt != nil || range.contains(base + offset + $0.offset) })
                else { return .failure(.outOfRange) }
                s.globalOffset = offset
                return .success(s.now(tenant: nil, base: base))
            }
            guard let tenant = s.apps[appID]?.tenantKey else { return .failure(.unknownApp) }
            var c = s.clocks[tenant] ?? TenantClock()
            if freeze == true, c.frozenAt == nil { c.frozenAt = base + s.globalOffset + c.offset }
            if freeze == false, let frozen = c.frozenAt {
                c.offset = frozen - base - s.globalOffset
                c.frozenAt = nil
            }
            if c.frozenAt != nil { c.frozenAt? += advanceSeconds } else { c.offset += advanceSeconds }
            guard range.contains(c.frozenAt ?? base + s.globalOffset + c.offset) else { return .failure(.outOfRange) }
            s.clocks[tenant] = c
            return .success(s.now(tenant: tenant, base: base))
        }
    }

    func adminBody(_ request: HTTPRequest) -> [String: JSONValue]? {
        if request.body.isEmpty { return [:] }
        return (try? JSONValue.parse(request.body))?.objectValue
    }

    func adminJSON(_ status: Int, _ object: [String: JSONValue]) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: Data(JSONWriter.bytes(.object(object))))
    }

    func adminError(_ status: Int, _ message: String) -> HTTPResponse {
        adminJSON(status, ["error": .string(message)])
    }
}
