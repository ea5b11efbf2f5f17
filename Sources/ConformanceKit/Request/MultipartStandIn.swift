import Foundation
import HTTPWire

// STAND-IN until HTTPWire's MultipartFormData lands on main; deleted after the merge.
struct MultipartFormData {
    let boundary = "fc-boundary-\(UInt64.random(in: 0...UInt64.max))"
    private var body = Data()
    mutating func addField(_ name: String, _ value: String) {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }
    mutating func addFile(_ name: String, data: Data, filename: String? = nil, contentType: String? = nil) {
        var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
        if let filename { head += "; filename=\"\(filename)\"" }
        head += "\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        body.append(Data((head + "\r\n").utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
    }
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
    func encoded() -> Data { body + Data("--\(boundary)--\r\n".utf8) }
}
