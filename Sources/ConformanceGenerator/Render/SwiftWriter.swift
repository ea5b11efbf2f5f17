/// Accumulates generated text and owns indentation: the only place that decides how far a line
/// is indented. Four spaces per level, `\n` line endings, one trailing newline.
public struct SwiftWriter: Sendable {
    private var lines: [String] = []
    private var current = ""
    private var lineStarted = false
    private var level = 0

    /// Creates an empty writer.
    public init() {}

    /// Appends text to the current line, indenting it first when the line is new.
    public mutating func write(_ text: String) {
        if !lineStarted {
            current = String(repeating: "    ", count: level)
            lineStarted = true
        }
        current += text
    }

    /// Appends text to the current line exactly, never indenting it (raw string content).
    public mutating func writeVerbatim(_ text: String) {
        lineStarted = true
        current += text
    }

    /// Ends the current line (an empty line when nothing was written).
    public mutating func newline() {
        lines.append(lineStarted ? current : "")
        current = ""
        lineStarted = false
    }

    /// Writes `text` as a whole line.
    public mutating func line(_ text: String) {
        write(text)
        newline()
    }

    /// Runs `body` one level deeper.
    public mutating func indented(_ body: (inout SwiftWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// The text written so far, trailing spaces trimmed, ending with exactly one newline.
    public var text: String {
        var all = lines
        if lineStarted { all.append(current) }
        while all.last == "" { all.removeLast() }
        return all.map { trimTrailingSpaces($0) }.joined(separator: "\n") + "\n"
    }

    private func trimTrailingSpaces(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
