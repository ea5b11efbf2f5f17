import FeishuConformanceCLI

// The executable is a thin shell: parsing, commands and exit codes live in FeishuConformanceCLI.
await FeishuConformanceCLI.main(arguments: Array(CommandLine.arguments.dropFirst()))
