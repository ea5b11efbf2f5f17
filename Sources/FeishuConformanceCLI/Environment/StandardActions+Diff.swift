import ConformanceDiff
import Foundation

extension StandardActions {
    /// `diff`: reads both sides (directories, files or git revisions), classifies the changes,
    /// writes the reports, lists every change on stderr and the report paths on stdout.
    static func diff(_ command: DiffCommand, _ environment: CommandEnvironment) async throws -> ExitCode {
        let git = GitReader(directory: environment.currentDirectory, searchPath: environment.variables["PATH"] ?? "/usr/bin:/bin")
        let old: SpecSnapshot
        let new: SpecSnapshot
        do {
            old = try SpecSource.resolve(command.oldArgument, relativeTo: environment.currentDirectory)
                .load(argument: command.oldArgument, git: git)
            new = try SpecSource.resolve(command.newArgument, relativeTo: environment.currentDirectory)
                .load(argument: command.newArgument, git: git)
        } catch {
            throw CommandFailure(error.description)
        }
        let threshold = command.failOn.threshold
        let diff = SpecDiffer().diff(old: old, new: new)
        let urls: [URL]
        do {
            urls = try DiffReportWriter.write(diff, failOn: threshold, to: environment.resolve(command.reportsDirectory))
        } catch {
            throw CommandFailure(error.description)
        }
        for change in diff.changes {
            var line = "\(change.severity.rawValue)  \(change.endpoint)  \(change.changeClass.rawValue)  \(change.subject)"
            if change.old != nil || change.new != nil { line += ": \(change.old ?? "(none)") -> \(change.new ?? "(none)")" }
            environment.stderr.write(line + "\n")
        }
        let failing = diff.failing(at: threshold).count
        environment.stderr.write(
            "diff: \(diff.oldLabel) -> \(diff.newLabel): \(diff.tally); "
                + "\(failing) at or above \(threshold.rawValue) (--fail-on \(command.failOn.rawValue))\n")
        for url in urls { environment.stdout.write(url.path + "\n") }
        return failing > 0 ? .failure : .success
    }
}
