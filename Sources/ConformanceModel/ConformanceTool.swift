/// The tool's name and version, in one place: written into results, shown by `--version`, and
/// answered by the mock's `GET /__mock/health`.
public enum ConformanceTool {
    /// `feishu-conformance`.
    public static let name = "feishu-conformance"
    /// The tool's version.
    public static let version = "0.1.0"
}
