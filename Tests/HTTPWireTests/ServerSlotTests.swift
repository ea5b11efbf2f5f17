import Foundation
import HTTPWire
import Testing

@Suite("ServerSlot: one server at a time for a long-lived service")
struct ServerSlotTests {
    @Test("a second start while running is refused by name; stop frees the slot for a new start on another port")
    func oneAtATime() async throws {
        let slot = ServerSlot(serviceName: "the test service")
        let handler = ClosureHandler { _ in HTTPResponse(status: 204) }
        let port = try slot.start(HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: handler)
        #expect(port > 0 && slot.port == port)
        #expect(throws: HTTPServerError.self) { try slot.start(HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: handler) }
        do {
            _ = try slot.start(HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: handler)
        } catch let error as HTTPServerError {
            #expect("\(error)".contains("the test service is already running"), "\(error)")
        }
        await slot.stop()
        #expect(slot.port == 0)
        let again = try slot.start(HTTPServerConfiguration(host: "127.0.0.1", port: 0), handler: handler)
        #expect(again > 0)
        await slot.stop()
    }
}
