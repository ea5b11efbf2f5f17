/// Which part of the request or response a parameter table describes.
public enum ParamSection: String, Sendable, Hashable, CaseIterable {
    /// 请求头, 扩展请求头.
    case header
    /// 路径参数.
    case path
    /// 查询参数 (and 请求参数 on a GET or DELETE).
    case query
    /// 请求体 (and 请求参数 otherwise).
    case body
    /// 响应体.
    case response
}
