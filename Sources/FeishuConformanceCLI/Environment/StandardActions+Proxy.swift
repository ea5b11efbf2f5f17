import Foundation

extension StandardActions {
    /// `proxy`: not wired yet.
    static func proxy(_ command: ProxyCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        throw CommandFailure.notAvailable("proxy")
    }
}
