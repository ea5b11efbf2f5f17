import Foundation

/// One app registered with the mock; each app is its own tenant unless two apps share a `tenantKey`.
///
/// Credentials here are fake test values; they never appear in journals or reports.
public struct MockApp: Sendable, Hashable, Codable {
    /// The app id (`cli_...`).
    public var appID: String
    /// The app secret.
    public var appSecret: String
    /// The tenant the app is installed in.
    public var tenantKey: String
    /// Capabilities the platform grants (`bot`, `badgePlan`); a spec's `requiresCapability` checks them.
    public var capabilities: MockCapabilities
    /// Scopes granted; nil grants every scope any spec names.
    public var scopes: [String]?
    /// User access tokens (`u-...`) the mock accepts on behalf of a user of this app's tenant.
    public var userAccessTokens: [String]

    enum CodingKeys: String, CodingKey {
        case appID = "app_id"
        case appSecret = "app_secret"
        case tenantKey = "tenant_key"
        case capabilities, scopes
        case userAccessTokens = "user_access_tokens"
    }

    /// Creates an app.
    public init(appID: String, appSecret: String, tenantKey: String, capabilities: MockCapabilities, scopes: [String]? = nil, userAccessTokens: [String] = []) {
        self.appID = appID
        self.appSecret = appSecret
        self.tenantKey = tenantKey
        self.capabilities = capabilities
        self.scopes = scopes
        self.userAccessTokens = userAccessTokens
    }

    /// Decodes an app of a configuration file: `tenant_key` defaults to `tenant_<app_id>`,
    /// `capabilities` to every capability, `user_access_tokens` to none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        appID = try c.decode(String.self, forKey: .appID)
        appSecret = try c.decode(String.self, forKey: .appSecret)
        tenantKey = try c.decodeIfPresent(String.self, forKey: .tenantKey) ?? "tenant_\(appID)"
        capabilities = try c.decodeIfPresent(MockCapabilities.self, forKey: .capabilities) ?? .all
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes)
        userAccessTokens = try c.decodeIfPresent([String].self, forKey: .userAccessTokens) ?? []
    }
}

/// The apps and tenants the mock starts with. Codable, for `mock --config FILE`:
/// `{"apps": [{"app_id": "...", "app_secret": "...", "tenant_key": "...", "capabilities": ["bot"], "scopes": [...]}]}`;
/// `capabilities` is an array (exactly these), an object (`{"bot": false}`: every other one on) or
/// absent (every capability the served specs name).
public struct MockConfiguration: Sendable, Hashable, Codable {
    /// The registered apps.
    public var apps: [MockApp]

    /// Creates a configuration.
    public init(apps: [MockApp]) { self.apps = apps }

    /// Every capability the served specs' `requiresCapability` behaviours name (`MockCapabilities.all`).
    public static let allCapabilities = MockCapabilities.all

    /// Defaults for tests and SDK maintainers (fake credentials):
    /// - `cli_conformance_a` / `conformance-secret-a`, tenant `tenant_conformance_a`, every capability, user token `u-conformance-user-a`;
    /// - `cli_conformance_b` / `conformance-secret-b`, tenant `tenant_conformance_b`, every capability, user token `u-conformance-user-b`;
    /// - `cli_conformance_nobot` / `conformance-secret-nobot`, tenant `tenant_conformance_nobot`: every capability but the bot ability;
    /// - `cli_conformance_noplan` / `conformance-secret-noplan`, tenant `tenant_conformance_noplan`: every capability but the badge plan.
    public static let `default` = MockConfiguration(apps: [
        MockApp(
            appID: "cli_conformance_a", appSecret: "conformance-secret-a", tenantKey: "tenant_conformance_a",
            capabilities: allCapabilities, userAccessTokens: ["u-conformance-user-a"]),
        MockApp(
            appID: "cli_conformance_b", appSecret: "conformance-secret-b", tenantKey: "tenant_conformance_b",
            capabilities: allCapabilities, userAccessTokens: ["u-conformance-user-b"]),
        MockApp(
            appID: "cli_conformance_nobot", appSecret: "conformance-secret-nobot", tenantKey: "tenant_conformance_nobot",
            capabilities: .allExcept(["bot"])),
        MockApp(
            appID: "cli_conformance_noplan", appSecret: "conformance-secret-noplan", tenantKey: "tenant_conformance_noplan",
            capabilities: .allExcept(["badgePlan"])),
    ])

    /// Reads a configuration file; throws `MockConfigurationError` with a clear message.
    public static func load(from url: URL) throws -> MockConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MockConfigurationError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        let config: MockConfiguration
        do { config = try JSONDecoder().decode(MockConfiguration.self, from: data) } catch {
            throw MockConfigurationError(message: "\(url.lastPathComponent) is not a valid mock configuration: \(error)")
        }
        try config.validate()
        return config
    }

    /// Checks for duplicate app ids and empty credentials.
    public func validate() throws {
        var seen: Set<String> = []
        for app in apps {
            if app.appID.isEmpty || app.appSecret.isEmpty {
                throw MockConfigurationError(message: "every app needs a non-empty app_id and app_secret")
            }
            if !seen.insert(app.appID).inserted {
                throw MockConfigurationError(message: "app_id \(app.appID) appears twice")
            }
        }
    }
}

/// A configuration that cannot be used.
public struct MockConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String
    /// Creates an error.
    public init(message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
