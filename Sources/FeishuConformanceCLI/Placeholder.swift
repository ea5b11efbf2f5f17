import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Entry point of the `feishu-conformance` command line.
public enum FeishuConformanceCLI {
    /// Runs the command line and exits the process with its exit code.
    public static func main(arguments: [String]) async {
        FileHandle.standardError.write(Data("feishu-conformance: not built yet\n".utf8))
        exit(2)
    }
}
