import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `feishu-conformance` executable: SwiftPM puts it in the products directory, beside
/// the test bundle (`.build/<triple>/<config>/feishu-conformancePackageTests.xctest`).
enum BuiltExecutable {
    static let name = "feishu-conformance"

    /// Directories the test bundle may live in, best guess first.
    static var productDirectories: [URL] {
        var directories: [URL] = []
        #if os(Linux)
            directories.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        #endif
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL { directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent()) }
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let first = CommandLine.arguments.first, first.contains("/") {
            directories.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var seen = Set<String>()
        return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The executable, or nil with the directories searched.
    static func locate() -> Result<URL, LocateError> {
        let directories = productDirectories
        for directory in directories {
            let candidate = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return .success(candidate) }
        }
        return .failure(LocateError(searched: directories.map(\.path)))
    }

    /// Why the executable was not found.
    struct LocateError: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the built \(BuiltExecutable.name) executable is not beside the test bundle (searched: \(searched.joined(separator: ", "))); "
                + "build the whole package (`swift build --build-tests` or `swift test`), not only the test target"
        }
    }

    /// The executable; throws (failing the test with a clear message) when it is missing.
    static func require() throws(LocateError) -> URL { try locate().get() }
}

/// A child process whose stdout and stderr are collected as they arrive.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let output = Mutex<(stdout: Data, stderr: Data, stdoutClosed: Bool, stderrClosed: Bool)>((Data(), Data(), false, false))

    /// Starts `executable` with `arguments` in `directory`, with the test's environment minus `FEISHU_*` variables.
    init(_ executable: URL, _ arguments: [String], directory: URL) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FEISHU_") }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        // One blocking reader thread per pipe (FileHandle.readabilityHandler can miss EOF on Linux).
        for (pipe, isStdout) in [(stdoutPipe, true), (stderrPipe, false)] {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            Thread.detachNewThread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { break }
                    let chunk = Data(buffer[0..<count])
                    output.withLock { isStdout ? $0.stdout.append(chunk) : $0.stderr.append(chunk) }
                }
                output.withLock {
                    if isStdout { $0.stdoutClosed = true } else { $0.stderrClosed = true }
                }
            }
        }
    }

    var stdout: String { String(decoding: output.withLock { $0.stdout }, as: UTF8.self) }
    var stderr: String { String(decoding: output.withLock { $0.stderr }, as: UTF8.self) }

    /// The first complete stdout line, waiting up to `seconds` (nil when none came).
    func firstLine(within seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let text = stdout
            if let newline = text.firstIndex(of: "\n") { return String(text[..<newline]) }
            if !process.isRunning && output.withLock({ $0.stdoutClosed }) { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Sends `signal` to the child.
    func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits up to `seconds` for the child to exit and its output to close; answers its exit
    /// status, or nil (after killing it) when it did not exit in time.
    func exit(within seconds: Double) async -> (status: Int32, bySignal: Bool)? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Exited: let the readers drain the pipes (bounded: a sibling child spawned at the same
        // moment may hold a copy of a write end for a while).
        let drained = ContinuousClock.now + .seconds(5)
        while !output.withLock({ $0.stdoutClosed && $0.stderrClosed }) && ContinuousClock.now < drained {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Runs to the end: exit status, stdout and stderr (nil when it ran longer than `seconds`).
    static func run(
        _ executable: URL, _ arguments: [String], directory: URL,
        within seconds: Double = 60
    ) async throws -> (status: Int32, stdout: String, stderr: String)? {
        let child = try ChildProcess(executable, arguments, directory: directory)
        guard let exit = await child.exit(within: seconds), !exit.bySignal else { return nil }
        return (exit.status, child.stdout, child.stderr)
    }
}
