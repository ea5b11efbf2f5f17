import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Turns an `HTTPResponse` into HTTP/1.1 bytes: status line, headers with `Content-Length`,
/// `Date` and `Connection` filled in, then the body.
public enum HTTPResponseSerializer {
    /// The status line and header section (ending with the blank line) for `response`.
    ///
    /// Header fields whose name is not a token or whose value holds CR, LF or NUL are dropped,
    /// so a handler cannot split the response. `Content-Length`, `Transfer-Encoding` and
    /// `Connection` from the handler are replaced by the server's own.
    /// - Parameters:
    ///   - keepAlive: whether the connection stays open; false adds `Connection: close`.
    ///   - minorVersion: the request's HTTP minor version (1.0 keep-alive needs an explicit header).
    /// For `HEAD`, send this head alone: its `Content-Length` is the body's, as for `GET`.
    /// `date` is the `Date` value to add when the handler set none (default: now).
    public static func head(
        for response: HTTPResponse, keepAlive: Bool, minorVersion: Int = 1, date: String? = nil
    ) -> [UInt8] {
        let status = response.status
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &out)
        out.append(0x20)
        out.append(contentsOf: reasonPhrase(status).utf8)
        out.append(contentsOf: "\r\n".utf8)
        var hasDate = false
        for field in response.headers {
            if HTTPHeaders.sameName(field.name, "Content-Length") || HTTPHeaders.sameName(field.name, "Transfer-Encoding")
                || HTTPHeaders.sameName(field.name, "Connection")
            {
                continue
            }
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(HTTPRequestParser.isTokenByte),
                !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
            else { continue }
            if HTTPHeaders.sameName(field.name, "Date") { hasDate = true }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !hasDate {
            out.append(contentsOf: "Date: ".utf8)
            out.append(contentsOf: (date ?? HTTPDate.now()).utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        if status >= 200 && status != 204 && status != 304 {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if minorVersion == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        return out
    }

    /// Appends `value` in decimal, as `String(value)` spells it, without building a string.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else {
            out.append(contentsOf: String(value).utf8)
            return
        }
        var digits:
            (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while n > 0 {
                buffer[19 - count] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Whether a body is sent for this status and method.
    public static func sendsBody(status: Int, isHead: Bool) -> Bool {
        !isHead && status >= 200 && status != 204 && status != 304
    }

    /// A plain-text response for a parse error, which closes the connection.
    public static func errorResponse(_ error: HTTPParseError) -> HTTPResponse {
        HTTPResponse(
            status: error.status,
            headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Data((error.message + "\n").utf8))
    }

    /// The standard reason phrase for `status`, or an empty string for unknown codes.
    public static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: ""
        }
    }
}

/// IMF-fixdate formatting for the `Date` header, cached per second and independent of locale.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        let second = Int(time(nil))
        if let hit = cache.withLock({ $0.second == second ? $0.text : nil }) { return hit }
        let text = format(second)
        cache.withLock { $0 = (second, text) }
        return text
    }

    static func format(_ second: Int) -> String {
        var t = time_t(second)
        var tm = tm()
        gmtime_r(&t, &tm)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let text =
            "\(days[Int(tm.tm_wday) % 7]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon) % 12]) \(tm.tm_year + 1900) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
        return text
    }
}

/// A `Date` header value cached per second for one thread (no lock).
final class DateCache {
    private var second = -1
    private var text = ""

    /// The current IMF-fixdate.
    func now() -> String {
        let s = Int(time(nil))
        if s != second {
            second = s
            text = HTTPDate.format(s)
        }
        return text
    }
}
