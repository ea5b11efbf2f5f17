/// The bare words a command takes (`import PAGE.md|DIR...`), for the parser and for help.
public struct PositionalDefinition: Sendable {
    /// The placeholder in usage and help: `page.md|dir`.
    public var valueName: String
    /// What the words are, for help and for the error when too few are given.
    public var help: String
    /// Fewest words accepted.
    public var minimumCount: Int

    /// Declares positional arguments.
    public init(valueName: String, help: String, minimumCount: Int = 1) {
        self.valueName = valueName
        self.help = help
        self.minimumCount = minimumCount
    }
}
