import ConformanceModel
import Foundation
import HTTPWire
import Media

// Adapters between the validator and the decoders it relies on: HTTPWire's multipart codec and
// Media's header-only image inspector.

/// One decoded multipart part, as the validator needs it.
struct RequestPart: Sendable {
    var name: String
    var filename: String?
    var contentType: String?
    var body: Data
}

/// Format and pixel size of an image, as the validator needs them.
struct RequestImageFacts: Sendable {
    /// `Media` format name: `png`, `jpeg`, ...
    var format: String
    var width: Int
    var height: Int
}

/// Why a body or an image could not be decoded.
struct RequestDecodingError: Error, Sendable {
    var message: String
}

enum RequestBodyDecoding {
    /// Decodes a `multipart/form-data` body.
    static func multipartParts(body: Data, contentType: String) throws(RequestDecodingError) -> [RequestPart] {
        do {
            // Parts as large as the body itself: the spec's byte limits, not the codec's, judge files.
            let limits = MultipartLimits(maxPartBytes: max(body.count, 1))
            return try MultipartFormData.parse(body: body, contentType: contentType, limits: limits).map {
                RequestPart(name: $0.name, filename: $0.filename, contentType: $0.contentType, body: $0.body)
            }
        } catch {
            throw RequestDecodingError(message: error.description)
        }
    }

    /// The format named by the magic bytes alone.
    static func sniffFormat(_ data: Data) -> String? {
        ImageInspector.sniffFormat(data)?.rawValue
    }

    /// Format and pixel size from the headers; throws when they cannot be read.
    static func inspectImage(_ data: Data) throws(RequestDecodingError) -> RequestImageFacts {
        do {
            let info = try ImageInspector.inspect(data)
            return RequestImageFacts(format: info.format.rawValue, width: info.width, height: info.height)
        } catch {
            throw RequestDecodingError(message: error.message)
        }
    }
}
