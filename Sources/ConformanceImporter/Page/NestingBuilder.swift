import ConformanceSpec

/// Nests a table's rows into a tree. Rows with `└` marks (the GFM export) nest by their depth; a
/// GFM table without marks is flat.
/// Rows without (the seeds' export) nest by the page's example: a row belongs to the deepest open
/// object whose example holds its name; an i18n row's locale rows (`zh_cn`, `en_us`) are its members;
/// with no example to go by, rows after an object row are read as its members and the table is
/// marked ``ParamTable/nestingGuessed``.
struct NestingBuilder {
    /// A container being filled: the path of child indices from the root, its example object, and its type.
    private struct Open {
        var path: [Int]
        var example: [String: JSONValue]?
        var isI18n: Bool
        var exampleKnown: Bool
    }

    /// Nests `rows`; `example` is the object the top-level rows are members of (request body, or
    /// the response's `data`). Returns the tree, whether any nesting was guessed, and rows whose
    /// depth skipped a level (attached to the deepest row above them).
    static func nest(_ rows: [ParamRow], example: JSONValue?, marksNesting: Bool) -> (nodes: [ParamNode], guessed: Bool, jumps: [ParamRow]) {
        if rows.contains(where: { ($0.depth ?? 0) > 0 }) {
            let marked = byDepth(rows)
            // Marks that do not show the levels (every member `∟` at one depth, so a member's
            // members repeat names beside it): the example tells, when it places every row.
            if repeatsSiblings(marked.nodes), let object = example?.objectValue {
                let (nodes, guessed) = byExample(rows, example: object)
                let roots = rows.filter { ($0.depth ?? 0) == 0 }.count
                if !guessed, !repeatsSiblings(nodes), nodes.count == roots { return (nodes, false, []) }
            }
            return marked
        }
        // The GFM export marks every nested row, so a table of it without marks is flat, unless
        // a name repeats (older pages list members unmarked): then the example tells.
        if marksNesting, Set(rows.map(\.name)).count == rows.count { return byDepth(rows) }
        let (nodes, guessed) = byExample(rows, example: example?.objectValue)
        return (nodes, guessed, [])
    }

    static func byDepth(_ rows: [ParamRow]) -> (nodes: [ParamNode], guessed: Bool, jumps: [ParamRow]) {
        var roots: [ParamNode] = []
        var openPath: [Int] = []  // child indices of the open chain, one per depth
        var jumps: [ParamRow] = []
        for row in rows {
            var depth = row.depth ?? 0
            if depth > openPath.count {
                jumps.append(row)
                depth = openPath.count
            }
            openPath = Array(openPath.prefix(depth))
            let index = insert(ParamNode(row: row), at: openPath, into: &roots)
            openPath.append(index)
        }
        return (roots, false, jumps)
    }

    static func byExample(_ rows: [ParamRow], example: [String: JSONValue]?) -> (nodes: [ParamNode], guessed: Bool) {
        var roots: [ParamNode] = []
        var stack: [Open] = [Open(path: [], example: example, isI18n: false, exampleKnown: example != nil)]
        var guessed = false
        for row in rows {
            var level: Int?
            for i in stack.indices.reversed() where stack[i].example?[row.name] != nil {
                level = i
                break
            }
            if level == nil, let top = stack.indices.last {
                if stack[top].isI18n && isLocale(row.name) {
                    level = top
                } else if let unknown = stack.indices.reversed().first(where: { !stack[$0].exampleKnown }) {
                    level = unknown
                    if unknown > 0 { guessed = true }
                } else {
                    level = 0
                }
            }
            var chosen = level ?? 0
            // A name cannot repeat in one object: a row whose name its chosen container already has
            // belongs to the deepest open container (`children` of `children`: a recursive type).
            if chosen < stack.count - 1, node(at: stack[chosen].path, in: roots).contains(where: { $0.row.name == row.name }) {
                chosen = stack.count - 1
            }
            stack = Array(stack.prefix(chosen + 1))
            let index = insert(ParamNode(row: row), at: stack[chosen].path, into: &roots)
            let kind = DocType(row.type)
            if kind.opensMembers {
                var member = stack[chosen].example?[row.name]
                if case .array(let items)? = member { member = items.first }
                let object = member?.objectValue
                stack.append(Open(path: stack[chosen].path + [index], example: object, isI18n: kind.isI18n, exampleKnown: object != nil))
            }
        }
        return (roots, guessed)
    }

    /// Whether two members of one node (or two roots) share a name.
    static func repeatsSiblings(_ nodes: [ParamNode]) -> Bool {
        var seen: Set<String> = []
        for node in nodes where !seen.insert(node.row.name).inserted { return true }
        return nodes.contains { repeatsSiblings($0.children) }
    }

    /// `zh_cn`, `en_us`, `ja_jp`: two lower-case letters, `_`, two letters.
    static func isLocale(_ name: String) -> Bool {
        let parts = name.split(separator: "_")
        return parts.count == 2 && parts[0].count == 2 && parts[1].count == 2 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_") }
    }

    /// The children of the node at `path` (the roots when empty).
    private static func node(at path: [Int], in roots: [ParamNode]) -> [ParamNode] {
        guard let first = path.first else { return roots }
        return node(at: Array(path.dropFirst()), in: roots[first].children)
    }

    /// Appends `node` as a child of the node at `path` (the roots when empty); returns its index.
    private static func insert(_ node: ParamNode, at path: [Int], into roots: inout [ParamNode]) -> Int {
        guard let first = path.first else {
            roots.append(node)
            return roots.count - 1
        }
        return insert(node, at: Array(path.dropFirst()), into: &roots[first].children)
    }
}
