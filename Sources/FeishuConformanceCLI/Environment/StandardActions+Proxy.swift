import ConformanceProxy
import Foundation

extension StandardActions {
    /// `proxy`: serves a `ConformanceProxy` until SIGINT/SIGTERM, then writes its report.
    static func proxy(_ command: ProxyCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let specs = try specSet(command.specsDirectory, environment)
        let (transport, decodes) = ConformanceProxy.transport(for: command.upstream)
        let upstream = shown(command.upstream)
        let proxy = ConformanceProxy(specs: specs, upstream: transport, upstreamDescription: upstream, upstreamDecodesContent: decodes)
        let reports = environment.resolve(command.reportsDirectory)
        let server = ProxyServer(proxy: proxy, reportsDirectory: reports)
        try await serveUntilSignal(server, name: "proxy", host: command.host, port: command.port, reports: reports, environment) {
            environment.stderr.write("proxy: forwarding to \(upstream), checking against \(specs.endpoints.count) endpoint specs\n")
        }
        let entries = proxy.entries
        environment.stderr.write(
            "proxy: \(entries.count) exchanges, \(entries.filter { $0.reply == .differs }.count) replies differing from the specs, "
                + "\(entries.filter { $0.request == .nonconforming }.count) requests breaking a rule, \(entries.filter { $0.request == .unknown }.count) to endpoints without a spec; "
                + "report written to \(reports.path)/\(ProxyReport.markdownFileName) and \(ProxyReport.junitFileName)\n")
        return .success
    }

    /// The upstream URL without user info (which could hold a password), for output and reports.
    static func shown(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url.host ?? "upstream" }
        components.user = nil
        components.password = nil
        return components.string ?? (url.host ?? "upstream")
    }
}
