/// Which platform capabilities (`bot`, `badgePlan`, ...) an app has.
///
/// A spec's `requiresCapability` behaviour names the capability it checks, so "every capability"
/// is whatever the served specs name: `.allExcept([])` grants a capability a new spec introduces
/// without any change here. In a configuration file (and `POST /__mock/apps`) an array lists
/// exactly the capabilities granted (`["bot"]`), an object switches some off and leaves every
/// unnamed one on (`{"bot": false}`), and no `capabilities` key grants them all.
public enum MockCapabilities: Sendable, Hashable, Codable, ExpressibleByArrayLiteral {
    /// Exactly these capabilities.
    case only(Set<String>)
    /// Every capability except these.
    case allExcept(Set<String>)

    /// Every capability, whichever the specs name.
    public static let all = MockCapabilities.allExcept([])

    /// Creates `.only` from an array literal: `["bot"]`.
    public init(arrayLiteral elements: String...) { self = .only(Set(elements)) }

    /// From the admin API's and the configuration file's object form: `{"bot": false}` switches
    /// `bot` off; capabilities not named stay on.
    public init(switches: [String: Bool]) {
        self = .allExcept(Set(switches.filter { !$0.value }.keys))
    }

    /// True when the app has `capability`.
    public func contains(_ capability: String) -> Bool {
        switch self {
        case .only(let granted): granted.contains(capability)
        case .allExcept(let withheld): !withheld.contains(capability)
        }
    }

    /// The capabilities of `named` (those the served specs name) the app has, sorted.
    public func granted(of named: some Sequence<String>) -> [String] {
        Set(named).filter(contains).sorted()
    }

    /// Decodes the array form (exactly these) or the object form (switches, the rest on).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            self = .only(Set(list))
        } else if let switches = try? container.decode([String: Bool].self) {
            self.init(switches: switches)
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    "capabilities must be an array of names ([\"bot\"]: exactly these) or an object of booleans ({\"bot\": false}: every other one on)")
        }
    }

    /// Encodes `.only` as a sorted array and `.allExcept` as an object of `false` switches.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .only(let granted): try container.encode(granted.sorted())
        case .allExcept(let withheld): try container.encode(Dictionary(uniqueKeysWithValues: withheld.map { ($0, false) }))
        }
    }
}
