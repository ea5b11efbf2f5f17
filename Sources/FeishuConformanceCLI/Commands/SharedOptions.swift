/// Options more than one subcommand declares.
enum SharedOptions {
    static let specs = OptionDeclaration<String>(
        "specs", valueName: "dir",
        help: "Read the specs from this directory instead of the ones compiled into the tool.",
        default: "the compiled-in specs", parser: .text("a directory path"))

    static func reports(_ help: String) -> OptionDeclaration<String> {
        OptionDeclaration("reports", valueName: "dir", help: help, default: "Reports", parser: .text("a directory path"))
    }
}
