/// How the mock applies the specs' rate limits (`mock --rate-limits documented|off|xN`).
///
/// `documented` is the default and what conformance needs: every limit as the specs give it. The
/// other two exist for tools that drive the mock hard and must reach the endpoints' logic rather
/// than rate-limit answers (Schemathesis, load tests): `off` never refuses a request for its rate,
/// `scaled(n)` multiplies every documented limit by `n`. Neither is the platform's behaviour, so
/// `run`'s rate-limit cases fail against such a mock.
public enum MockRateLimits: Sendable, Hashable, CustomStringConvertible {
    /// Every limit as documented.
    case documented
    /// No request is refused for its rate.
    case off
    /// Every documented limit multiplied by the factor (at least 1).
    case scaled(Int)

    /// Parses `documented`, `off` or `x<N>` with N >= 1 (`x10`); nil otherwise.
    public init?(argument text: String) {
        switch text {
        case "documented": self = .documented
        case "off": self = .off
        default:
            let digits = text.dropFirst()
            guard text.hasPrefix("x"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let factor = Int(digits), factor >= 1
            else { return nil }
            self = factor == 1 ? .documented : .scaled(factor)
        }
    }

    /// The limit applied for a documented `count`; nil when nothing is limited.
    public func limit(documented count: Int) -> Int? {
        switch self {
        case .documented: count
        case .off: nil
        case .scaled(let factor):
            count.multipliedReportingOverflow(by: factor).overflow ? Int.max : count * factor
        }
    }

    /// `documented`, `off` or `x<N>`, as the command line spells it.
    public var description: String {
        switch self {
        case .documented: "documented"
        case .off: "off"
        case .scaled(let factor): "x\(factor)"
        }
    }
}
