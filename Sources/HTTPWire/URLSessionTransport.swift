import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `Transport` over Foundation's `URLSession`: a loopback mock or a live host.
///
/// One attempt per request: no automatic retries, redirects are returned as responses (never
/// followed), no cookies, no cache. Failures with no HTTP reply become `TransportError`s.
public struct URLSessionTransport: Transport {
    /// The URL every request target is resolved against (`https://open.feishu.cn`, `http://127.0.0.1:PORT`).
    public let baseURL: URL
    /// The timeout for a whole request, connection to last byte.
    public let timeout: Duration
    private let session: URLSession

    /// Creates a transport with its own ephemeral session.
    public init(baseURL: URL, timeout: Duration = .seconds(30)) {
        self.baseURL = baseURL
        self.timeout = timeout
        let config = URLSessionConfiguration.ephemeral
        let seconds = max(0.001, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        config.timeoutIntervalForRequest = seconds
        config.timeoutIntervalForResource = seconds
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.urlCache = nil
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        config.httpCookieStorage = nil
        self.session = URLSession(configuration: config, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// The full URL for a request target: absolute targets as given, others appended to `baseURL`.
    public func url(for target: String) throws(TransportError) -> URL {
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            guard let url = URL(string: target) else { throw TransportError(.invalidURL, "invalid URL '\(target)'") }
            return url
        }
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let path = target.hasPrefix("/") ? target : "/" + target
        guard let url = URL(string: base + path), url.host != nil else {
            throw TransportError(.invalidURL, "cannot build a URL from base '\(baseURL.absoluteString)' and target '\(target)'")
        }
        return url
    }

    /// Sends the request once and returns the reply, whatever its status.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: try url(for: request.target))
        urlRequest.httpMethod = request.method
        for field in request.headers {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = request.body }
        let holder = TaskHolder()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    if let error {
                        continuation.resume(throwing: Self.map(error))
                        return
                    }
                    guard let http = response as? HTTPURLResponse else {
                        continuation.resume(throwing: TransportError(.protocolError, "reply is not HTTP"))
                        return
                    }
                    var headers = HTTPHeaders()
                    for (key, value) in http.allHeaderFields {
                        headers.add("\(key)", "\(value)")
                    }
                    continuation.resume(returning: HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data()))
                }
                holder.set(task)
                task.resume()
            }
        } onCancel: {
            holder.cancel()
        }
    }

    /// Maps a `URLSession` error to a `TransportError` kind.
    static func map(_ error: any Error) -> TransportError {
        guard let urlError = error as? URLError else {
            return TransportError(.protocolError, "\(error)")
        }
        let text = urlError.localizedDescription
        switch urlError.code {
        case .timedOut:
            return TransportError(.timeout, "no complete reply in time: \(text)")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .internationalRoamingOff,
            .dataNotAllowed, .callIsActive:
            return TransportError(.unreachable, text)
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
            .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
            .clientCertificateRequired:
            return TransportError(.tls, text)
        case .badURL, .unsupportedURL:
            return TransportError(.invalidURL, text)
        case .cancelled:
            return TransportError(.cancelled, text)
        default:
            return TransportError(.protocolError, "\(urlError.code.rawValue): \(text)")
        }
    }
}

/// Refuses every redirect, so the 3xx reply itself is returned.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// Holds the data task so cancellation of the awaiting Swift task cancels it.
private final class TaskHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var cancelled = false

    func set(_ task: URLSessionDataTask) {
        lock.lock()
        self.task = task
        let cancelNow = cancelled
        lock.unlock()
        if cancelNow { task.cancel() }
    }

    func cancel() {
        lock.lock()
        cancelled = true
        let t = task
        lock.unlock()
        t?.cancel()
    }
}
