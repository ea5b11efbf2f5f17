/// A parameter or response row with the rows nested under it.
public struct ParamNode: Sendable, Equatable {
    /// The row itself.
    public var row: ParamRow
    /// Its members, in page order.
    public var children: [ParamNode]

    /// Creates a node.
    public init(row: ParamRow, children: [ParamNode] = []) {
        self.row = row
        self.children = children
    }
}
