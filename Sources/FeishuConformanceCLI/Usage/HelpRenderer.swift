/// Generates `--help` text and usage lines from command configurations.
public enum HelpRenderer {
    /// The executable's name in usage lines.
    public static let toolName = "feishu-conformance"
    /// Width help text wraps at.
    public static let width = 80
    /// Column option descriptions start at.
    static let descriptionColumn = 26

    /// `USAGE: feishu-conformance run [--base-url <url>] ...`, wrapped.
    public static func usage(_ configuration: CommandConfiguration) -> String {
        let words =
            configuration.positionals.map(\.usage)
            + configuration.arguments.map { argument -> String in
                if argument.isFlag { return "[\(argument.flagName)]" }
                let word = "\(argument.flagName) <\(argument.valueName)>\(argument.isRepeatable ? " ..." : "")"
                return argument.isRequired ? word : "[\(word)]"
            }
        let head = "USAGE: \(toolName) \(configuration.name)" + (configuration.operands.isEmpty ? "" : " " + configuration.operands)
        return wrap(words, first: head, indent: String(repeating: " ", count: head.count + 1))
    }

    /// The full help of a subcommand.
    public static func help(_ configuration: CommandConfiguration, addendum: String = "") -> String {
        var out = paragraph("OVERVIEW: " + configuration.abstract) + "\n\n"
        if !configuration.discussion.isEmpty { out += paragraphs(configuration.discussion) + "\n\n" }
        if !addendum.isEmpty { out += addendum + "\n\n" }
        out += usage(configuration) + "\n\n"
        if !configuration.positionals.isEmpty {
            out += "ARGUMENTS:\n"
            for positional in configuration.positionals { out += optionRow(positional.usage, positional.help) }
            out += "\n"
        }
        out += "OPTIONS:\n"
        var rows = configuration.arguments.map { argument -> (String, String) in
            let left = argument.isFlag ? argument.flagName : "\(argument.flagName) <\(argument.valueName)>"
            var text = argument.help
            var notes: [String] = []
            if argument.isRepeatable { notes.append("repeatable") }
            if let value = argument.defaultDescription { notes.append("default: \(value)") }
            if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
            return (left, text)
        }
        rows.append(("-h, --help", "Show help information."))
        for (left, text) in rows { out += optionRow(left, text) }
        return out
    }

    /// The root help: overview, usage and the subcommands.
    public static func rootHelp(abstract: String, discussion: String, subcommands: [CommandConfiguration]) -> String {
        var out = paragraph("OVERVIEW: " + abstract) + "\n\n"
        if !discussion.isEmpty { out += paragraphs(discussion) + "\n\n" }
        out += "USAGE: \(toolName) <subcommand> [options]\n\n"
        out += "OPTIONS:\n"
        out += optionRow("--version", "Show the version.")
        out += optionRow("-h, --help", "Show help information.")
        out += "\nSUBCOMMANDS:\n"
        for command in subcommands { out += optionRow(command.name, command.abstract) }
        out += "\n  See '\(toolName) help <subcommand>' for detailed help.\n"
        return out
    }

    /// Text re-flowed to `width`; blank lines separate paragraphs.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map(paragraph).joined(separator: "\n\n")
    }

    static func paragraph(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard let first = words.first else { return "" }
        return wrap(Array(words.dropFirst()), first: first, indent: "")
    }

    static func optionRow(_ left: String, _ text: String) -> String {
        let lead = "  " + left
        let indent = String(repeating: " ", count: descriptionColumn)
        let words = text.split(separator: " ").map(String.init)
        if lead.count + 2 > descriptionColumn {
            return lead + "\n" + wrap(words, first: indent.dropLast(1).description, indent: indent) + "\n"
        }
        let first = lead + String(repeating: " ", count: descriptionColumn - lead.count - 1)
        return wrap(words, first: first, indent: indent) + "\n"
    }

    /// Joins `words` with spaces after `first`, breaking lines before `width` and indenting continuations.
    static func wrap(_ words: [String], first: String, indent: String) -> String {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in words {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + word
            } else {
                line += " " + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
