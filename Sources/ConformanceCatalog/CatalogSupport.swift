// Hand-written support for the generated request builders (the one non-generated file here).
import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire

/// A file part: bytes plus the optional file name and content type sent with them.
public struct CatalogFile: Sendable, Equatable {
    /// The file's bytes.
    public var data: Data
    /// The part's file name.
    public var filename: String?
    /// The part's content type.
    public var contentType: String?

    /// Creates a file part.
    public init(data: Data, filename: String? = nil, contentType: String? = nil) {
        self.data = data
        self.filename = filename
        self.contentType = contentType
    }
}

/// A value sent for one request field.
public enum CatalogValue: Sendable, Equatable {
    /// A JSON value; in multipart, query and header fields its text form is sent (strings unquoted).
    case json(JSONValue)
    /// Text sent exactly (also into a JSON body, as a string).
    case text(String)
    /// A file part (multipart bodies).
    case file(CatalogFile)

    /// The text form: strings unquoted, other JSON compact.
    public var text: String {
        switch self {
        case .json(.string(let s)), .text(let s): s
        case .json(let j): j.jsonText
        case .file(let f): String(decoding: f.data, as: UTF8.self)
        }
    }
}

/// Method, path, encoding and field locations of an endpoint: enough to encode a request.
public struct CatalogRoute: Sendable, Equatable {
    /// `GET`, `POST`, ...
    public var method: String
    /// Path template with `:name` parameters.
    public var path: String
    /// How the body is encoded.
    public var encoding: BodyEncoding
    /// Field name -> where it travels.
    public var locations: [String: FieldLocation]

    /// Creates a route.
    public init(method: String, path: String, encoding: BodyEncoding, locations: [String: FieldLocation]) {
        self.method = method
        self.path = path
        self.encoding = encoding
        self.locations = locations
    }

    /// Encodes `values` into an origin-form request: path parameters substituted, query
    /// percent-encoded, body as JSON or multipart (fields in name order).
    public func request(values: [String: CatalogValue], authorization: String?, boundary: String = "conformance-boundary") -> HTTPRequest {
        var target = path
        var query: [String] = []
        var headers = HTTPHeaders()
        if let authorization { headers["Authorization"] = authorization }
        var json: [String: JSONValue] = [:]
        var form = MultipartFormData(boundary: boundary)
        // The runner's encoder (RFC 3986 unreserved characters only): one rule for both request builders.
        let encode = RequestTarget.percentEncode
        for name in values.keys.sorted() {
            guard let value = values[name] else { continue }
            switch locations[name] ?? .body {
            case .path: target = RequestTarget.substitute(target, parameter: name, with: encode(value.text))
            case .query: query.append("\(encode(name))=\(encode(value.text))")
            case .header: headers[name] = value.text
            case .body:
                switch (encoding, value) {
                case (.multipart, .file(let f)): form.addFile(name, data: f.data, filename: f.filename, contentType: f.contentType)
                case (.multipart, _): form.addField(name, value.text)
                case (_, .json(let j)): json[name] = j
                case (_, .text(let s)): json[name] = .string(s)
                case (_, .file(let f)): json[name] = .string(f.data.base64EncodedString())
                }
            }
        }
        if !query.isEmpty { target += "?" + query.joined(separator: "&") }
        var body = Data()
        switch encoding {
        case .json:
            headers["Content-Type"] = "application/json; charset=utf-8"
            body = JSONValue.object(json).jsonData()
        case .multipart:
            headers["Content-Type"] = form.contentType
            body = form.encoded()
        case .none:
            break
        }
        return HTTPRequest(method: method, target: target, headers: headers, body: body)
    }
}

/// Validation against the embedded specs, for the generated per-endpoint validators.
public enum CatalogValidation {
    /// The embedded endpoint `id` and the platform spec; throws `SpecLoadError` when it is not embedded.
    public static func endpoint(id: String) throws -> (endpoint: EndpointSpec, platform: PlatformSpec) {
        let specs = try EmbeddedSpecs.specSet()
        guard let endpoint = specs.endpoint(id: id) else {
            throw SpecLoadError(file: "\(id).json", path: "", message: "endpoint \(id) is not embedded: regenerate the catalog")
        }
        return (endpoint, specs.platform)
    }

    /// Findings for a success reply of endpoint `id` (envelope, documented fields, drift).
    public static func validateResponse(_ response: HTTPResponse, endpointID id: String) throws -> [Finding] {
        let (endpoint, platform) = try endpoint(id: id)
        return ResponseValidator(platform: platform).validateSuccess(response, endpoint: endpoint)
    }

    /// The rules a request to endpoint `id` breaks, in the spec's validation order.
    public static func validateRequest(_ request: HTTPRequest, endpointID id: String) throws -> RequestValidation {
        let (endpoint, platform) = try endpoint(id: id)
        return RequestValidator(endpoint: endpoint, platform: platform).validate(request, pathParameters: pathParameters(request.path, template: endpoint.path))
    }

    /// The `:name` segments of `template` read from `path` (percent-decoded); empty when they do not line up.
    static func pathParameters(_ path: String, template: String) -> [String: String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let names = template.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == names.count else { return [:] }
        var found: [String: String] = [:]
        for (name, part) in zip(names, parts) where name.hasPrefix(":") {
            found[String(name.dropFirst())] = String(part).removingPercentEncoding ?? String(part)
        }
        return found
    }
}
