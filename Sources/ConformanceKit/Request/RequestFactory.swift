import ConformanceModel
import ConformanceRules
import ConformanceSpec
import Foundation
import HTTPWire
import Media

/// The run-time inputs of one request: values captured by earlier steps and the `Authorization`
/// header the caller's credential resolved to.
public struct RequestContext: Sendable {
    /// Variable name -> value captured from an earlier reply.
    public var captures: [String: JSONValue]
    /// The full `Authorization` header value (`Bearer t-…`), or nil to send none.
    public var authorization: String?

    /// Creates a context.
    public init(captures: [String: JSONValue] = [:], authorization: String? = nil) {
        self.captures = captures
        self.authorization = authorization
    }
}

/// Why a request could not be built from a step.
public struct RequestBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// Turns a ``RequestStep`` and its ``EndpointSpec`` into an ``HTTPRequest``.
///
/// Each value goes where the spec puts its field (path, query, header, body); a value whose name the
/// spec does not know goes into the body when the endpoint has one, else into the query (cases that
/// send undocumented fields). JSON bodies keep JSON types; multipart bodies send text parts as text
/// and file values as file parts. `rawBody` replaces the encoded body, `contentTypeOverride` the
/// `Content-Type` (an empty override sends no `Content-Type` at all).
public struct RequestFactory: Sendable {
    /// Source of unique names for `.uniqueText`.
    public let names: UniqueNames
    /// Forged files, cached by recipe.
    public let fixtures: FixtureCache

    /// Boundary used with a multipart `rawBody` when the step gives no `contentTypeOverride`.
    public static let rawMultipartBoundary = "fc-raw-boundary"

    /// Creates a factory.
    public init(names: UniqueNames, fixtures: FixtureCache) {
        self.names = names
        self.fixtures = fixtures
    }

    /// Builds the request for `step` against `endpoint`.
    public func makeRequest(_ step: RequestStep, endpoint: EndpointSpec, context: RequestContext) throws(RequestBuildError) -> HTTPRequest {
        var headers = HTTPHeaders()
        var path = endpoint.path
        var query: [(String, String)] = []
        var bodyValues: [(String, ValueRecipe)] = []

        let known = Dictionary(endpoint.request.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Spec order first, then undocumented names sorted: stable bytes.
        let specOrder = endpoint.request.map(\.name).filter { step.values[$0] != nil }
        let extra = step.values.keys.filter { known[$0] == nil }.sorted()
        var explicitAuthorization = false
        var explicitContentType: String?

        for name in specOrder + extra {
            guard let recipe = step.values[name] else { continue }
            let location = known[name]?.location ?? (endpoint.bodyEncoding == .none ? .query : .body)
            switch location {
            case .path:
                let text = try textForm(recipe, field: name, context: context)
                path = RequestTarget.substitute(path, parameter: name, with: RequestTarget.percentEncode(text))
            case .query:
                query.append((name, try textForm(recipe, field: name, context: context)))
            case .header:
                let text = try textForm(recipe, field: name, context: context)
                if name.caseInsensitiveCompare("Authorization") == .orderedSame { explicitAuthorization = true }
                if name.caseInsensitiveCompare("Content-Type") == .orderedSame {
                    explicitContentType = text
                } else {
                    headers[name] = text
                }
            case .body:
                bodyValues.append((name, recipe))
            }
        }

        if !explicitAuthorization, let auth = context.authorization { headers["Authorization"] = auth }

        var body = Data()
        var contentType: String?
        if let raw = step.rawBody {
            body = Data(raw.utf8)
            switch endpoint.bodyEncoding {
            case .json: contentType = "application/json; charset=utf-8"
            case .multipart: contentType = "multipart/form-data; boundary=\(Self.rawMultipartBoundary)"
            case .none: contentType = nil
            }
        } else {
            switch endpoint.bodyEncoding {
            case .json:
                var object: [String: JSONValue] = [:]
                for (name, recipe) in bodyValues { object[name] = try jsonForm(recipe, field: name, context: context) }
                // An endpoint with a JSON body gets `{}` even when every field is left out (missing-field cases).
                body = JSONValue.object(object).jsonData()
                contentType = "application/json; charset=utf-8"
            case .multipart:
                var form = MultipartFormData()
                for (name, recipe) in bodyValues {
                    switch recipe {
                    case .image(let image):
                        let data: Data
                        do { data = try fixtures.image(image) } catch {
                            throw RequestBuildError("field \(name): cannot forge \(image): \(error)")
                        }
                        let format = ImageFormat(name: image.format)
                        form.addFile(
                            name, data: data, filename: image.filename ?? "image.\(format?.fileExtension ?? image.format.lowercased())",
                            contentType: image.contentType ?? format?.mimeType ?? "application/octet-stream")
                    case .nearMiss(let kind, let filename, let partType):
                        let data: Data
                        do { data = try fixtures.nearMiss(kind) } catch {
                            throw RequestBuildError("field \(name): cannot make near-miss file \(kind): \(error)")
                        }
                        form.addFile(name, data: data, filename: filename ?? "\(kind).bin", contentType: partType ?? "application/octet-stream")
                    default:
                        form.addField(name, try textForm(recipe, field: name, context: context))
                    }
                }
                body = form.encoded()
                contentType = form.contentType
            case .none:
                if !bodyValues.isEmpty {
                    // Unknown names were routed to the query above; only spec body fields land here.
                    for (name, recipe) in bodyValues { query.append((name, try textForm(recipe, field: name, context: context))) }
                }
            }
        }
        if let explicitContentType { contentType = explicitContentType }
        if let override = step.contentTypeOverride { contentType = override.isEmpty ? nil : override }
        if let contentType { headers["Content-Type"] = contentType }

        var target = path
        if !query.isEmpty {
            target += "?" + query.map { "\(RequestTarget.percentEncode($0.0))=\(RequestTarget.percentEncode($0.1))" }.joined(separator: "&")
        }
        return HTTPRequest(method: endpoint.method.uppercased(), target: target, headers: headers, body: body)
    }

    /// A recipe as a JSON value (JSON bodies).
    public func jsonForm(_ recipe: ValueRecipe, field: String, context: RequestContext) throws(RequestBuildError) -> JSONValue {
        switch recipe {
        case .json(let value): return value
        case .text(let text): return .string(text)
        case .uniqueText(let length, let filler): return .string(names.next(length: length, filler: filler))
        case .captured(let name):
            guard let value = context.captures[name] else {
                throw RequestBuildError("field \(field): no value was captured as \"\(name)\" (an earlier step failed or its reply lacked it)")
            }
            return value
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                object[key] = try jsonForm(member, field: "\(field).\(key)", context: context)
            }
            return .object(object)
        case .image, .nearMiss:
            throw RequestBuildError("field \(field): a file value cannot travel in a JSON body, query or header")
        }
    }

    /// A recipe as text (multipart text parts, query parameters, headers, path parameters).
    public func textForm(_ recipe: ValueRecipe, field: String, context: RequestContext) throws(RequestBuildError) -> String {
        switch recipe {
        case .text(let text): return text
        case .uniqueText(let length, let filler): return names.next(length: length, filler: filler)
        default: return Self.text(of: try jsonForm(recipe, field: field, context: context))
        }
    }

    /// The text form of a JSON value: strings as they are, numbers and booleans as literals, the rest as JSON.
    public static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .array, .object: value.jsonText
        }
    }
}
