/// A parameter or response table read from the page, rows nested into a tree.
public struct ParamTable: Sendable, Equatable {
    /// What the table describes.
    public var section: ParamSection
    /// The heading it sits under, as written.
    public var heading: String
    /// Top-level rows with their members.
    public var nodes: [ParamNode]
    /// True when the table had no nesting marks and some nesting was guessed (no example showed it).
    public var nestingGuessed: Bool

    /// Creates a table.
    public init(section: ParamSection, heading: String, nodes: [ParamNode], nestingGuessed: Bool = false) {
        self.section = section
        self.heading = heading
        self.nodes = nodes
        self.nestingGuessed = nestingGuessed
    }
}
