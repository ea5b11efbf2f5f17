import Foundation
import Synchronization

/// Somewhere text goes: the process's stdout or stderr, or a buffer in tests.
public protocol TextOutput: Sendable {
    /// Writes `text` as is (callers add line breaks).
    func write(_ text: String)
}

/// One of the process's standard streams.
public struct StandardStream: TextOutput {
    let handle: FileHandle

    /// The process's standard output.
    public static var standardOutput: StandardStream { StandardStream(handle: .standardOutput) }
    /// The process's standard error.
    public static var standardError: StandardStream { StandardStream(handle: .standardError) }

    /// Writes the UTF-8 bytes of `text`.
    public func write(_ text: String) { handle.write(Data(text.utf8)) }
}

/// Collects everything written, for tests and for callers that want the text.
public final class CapturedOutput: TextOutput {
    private let buffer = Mutex("")

    /// An empty buffer.
    public init() {}

    /// Appends `text`.
    public func write(_ text: String) { buffer.withLock { $0 += text } }

    /// Everything written so far.
    public var text: String { buffer.withLock { $0 } }
}

/// Replaces every occurrence of known secrets before passing text on: a last line of defence so
/// app secrets and tokens never reach a terminal or a CI log, whatever a lower layer puts in a message.
public struct RedactingOutput: TextOutput {
    /// Where redacted text goes.
    public var base: any TextOutput
    /// The secrets to hide (values shorter than 4 characters are ignored: too likely to be ordinary text).
    public var secrets: [String]

    /// Wraps `base`.
    public init(_ base: any TextOutput, secrets: [String]) {
        self.base = base
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// Writes `text` with every secret replaced by `<redacted>`.
    public func write(_ text: String) {
        var text = text
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: "<redacted>") }
        base.write(text)
    }
}
