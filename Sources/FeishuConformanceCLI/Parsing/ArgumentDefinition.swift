import Foundation

/// Turns the text of an option's value into a typed value, and says what it expects.
public struct ValueParser<Value: Sendable>: Sendable {
    /// What a valid value is, for errors and help: `an integer 0-65535`.
    public var expectation: String
    /// The conversion; nil rejects the value.
    public var parse: @Sendable (String) -> Value?
    /// How a rejected value is shown in the error (`'abc'`); secret-bearing parsers describe it instead.
    public var describeRejected: @Sendable (String) -> String

    /// A parser with an expectation, a conversion and, optionally, a safe description of rejected input.
    public init(
        expectation: String, describeRejected: (@Sendable (String) -> String)? = nil,
        parse: @escaping @Sendable (String) -> Value?
    ) {
        self.expectation = expectation
        self.parse = parse
        self.describeRejected = describeRejected ?? { "'\(ArgumentParser.displayable($0))'" }
    }
}

extension ValueParser where Value == String {
    /// Any non-empty text.
    public static func text(_ expectation: String) -> ValueParser<String> {
        ValueParser(expectation: expectation) { $0.isEmpty ? nil : $0 }
    }
}

extension ValueParser where Value == Int {
    /// A decimal integer within `range`.
    public static func integer(in range: ClosedRange<Int>) -> ValueParser<Int> {
        let expectation = range.upperBound == Int.max ? "an integer >= \(range.lowerBound)" : "an integer \(range.lowerBound)-\(range.upperBound)"
        return ValueParser(expectation: expectation) { text in
            guard let value = Int(text), range.contains(value) else { return nil }
            return value
        }
    }
}

extension ValueParser where Value == URL {
    /// An absolute `http` or `https` URL with a host.
    public static var httpURL: ValueParser<URL> {
        ValueParser(expectation: "an http or https URL such as https://open.feishu.cn") { text in
            guard let components = URLComponents(string: text),
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = components.host, !host.isEmpty,
                components.query == nil, components.fragment == nil,
                let url = components.url
            else { return nil }
            return url
        }
    }
}

/// How the parser treats one declared option.
public struct ArgumentDefinition: Sendable {
    /// `true` for flags (no value), `false` for options with a value.
    public var isFlag: Bool
    /// The long name without dashes: `port`.
    public var name: String
    /// The value placeholder for help: `n`, `url`, `id:secret`.
    public var valueName: String
    /// One or two sentences for help.
    public var help: String
    /// The default shown in help, if any.
    public var defaultDescription: String?
    /// May be given several times.
    public var isRepeatable: Bool
    /// Values are never echoed (they may hold secrets).
    public var isSecret: Bool
    /// The command cannot run without it (usage shows it without brackets).
    public var isRequired: Bool = false
    /// What a valid value is.
    public var expectation: String
    /// Checks a value (nil when valid; otherwise how to show the rejected value).
    public var reject: @Sendable (String) -> String?

    /// `--port`.
    public var flagName: String { "--" + name }
}

/// A declared option that takes a value, with its typed parser.
public struct OptionDeclaration<Value: Sendable>: Sendable {
    /// The long name without dashes.
    public var name: String
    /// The value placeholder for help.
    public var valueName: String
    /// Help text.
    public var help: String
    /// The default shown in help.
    public var defaultDescription: String?
    /// May be given several times.
    public var isRepeatable: Bool
    /// Values are never echoed.
    public var isSecret: Bool
    /// The command cannot run without it; the command checks (usage shows it without brackets).
    public var isRequired: Bool
    /// Converts the text.
    public var parser: ValueParser<Value>

    /// Declares `--name <valueName>`.
    public init(
        _ name: String, valueName: String, help: String, default defaultDescription: String? = nil,
        repeatable: Bool = false, secret: Bool = false, required: Bool = false, parser: ValueParser<Value>
    ) {
        self.name = name
        self.valueName = valueName
        self.help = help
        self.defaultDescription = defaultDescription
        self.isRepeatable = repeatable
        self.isSecret = secret
        self.isRequired = required
        self.parser = parser
    }

    /// The untyped form the parser and the help renderer use.
    public var definition: ArgumentDefinition {
        let parser = parser
        return ArgumentDefinition(
            isFlag: false, name: name, valueName: valueName, help: help,
            defaultDescription: defaultDescription, isRepeatable: isRepeatable, isSecret: isSecret,
            isRequired: isRequired, expectation: parser.expectation,
            reject: { parser.parse($0) == nil ? parser.describeRejected($0) : nil })
    }
}

/// A declared positional argument: a bare word in a fixed place (`diff OLD NEW`).
public struct PositionalDefinition: Sendable {
    /// The placeholder in usage lines and help: `old`.
    public var name: String
    /// One or two sentences for help.
    public var help: String
    /// What a valid value is, for the error when it is missing.
    public var expectation: String
    /// True for the last positional when it takes every remaining bare word (`<page.md|dir> ...`),
    /// at least one.
    public var repeating: Bool

    /// Declares `<name>` (or `<name> ...` when `repeating`).
    public init(_ name: String, help: String, expectation: String, repeating: Bool = false) {
        self.name = name
        self.help = help
        self.expectation = expectation
        self.repeating = repeating
    }

    /// `<name>` or `<name> ...`.
    public var usage: String { "<\(name)>" + (repeating ? " ..." : "") }
}

/// A declared flag (an option without a value).
public struct FlagDeclaration: Sendable {
    /// The long name without dashes.
    public var name: String
    /// Help text.
    public var help: String

    /// Declares `--name`.
    public init(_ name: String, help: String) {
        self.name = name
        self.help = help
    }

    /// The untyped form the parser and the help renderer use.
    public var definition: ArgumentDefinition {
        ArgumentDefinition(
            isFlag: true, name: name, valueName: "", help: help, defaultDescription: nil,
            isRepeatable: false, isSecret: false, expectation: "", reject: { _ in nil })
    }
}
