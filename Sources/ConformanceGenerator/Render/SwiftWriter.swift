/// Accumulates generated text and owns indentation: the only place that decides how far a line
/// is indented. Four spaces per level, `\n` line endings, one trailing newline.
///
/// Text goes straight into one UTF-8 byte buffer (no string per line, no join at the end):
/// trailing spaces are trimmed when a line ends, and trailing empty lines are cut when the text
/// is taken, so the cost is linear in the output's size.
public struct SwiftWriter: Sendable {
    /// Completed lines, each trimmed and ending in `\n`; then the current line's bytes from `lineStart`.
    private var buffer: [UInt8] = []
    /// Where the current line starts in `buffer`.
    private var lineStart = 0
    /// The end of the last completed line that was not empty before trimming (trailing empty lines are cut).
    private var contentEnd = 0
    private var lineStarted = false
    private var level = 0

    private static let space: UInt8 = 0x20
    private static let newlineByte: UInt8 = 0x0A

    /// Creates an empty writer.
    public init() {
        buffer.reserveCapacity(16 * 1024)
    }

    /// Appends text to the current line, indenting it first when the line is new.
    public mutating func write(_ text: String) {
        if !lineStarted {
            startLine()
        }
        append(text)
    }

    /// Ends the current line (an empty line when nothing was written).
    public mutating func newline() {
        let empty = buffer.count == lineStart
        // Trim trailing spaces of this line only.
        var end = buffer.count
        while end > lineStart && buffer[end - 1] == Self.space { end -= 1 }
        if end < buffer.count { buffer.removeSubrange(end...) }
        buffer.append(Self.newlineByte)
        if !empty { contentEnd = buffer.count }
        lineStart = buffer.count
        lineStarted = false
    }

    /// Writes `text` as a whole line.
    public mutating func line(_ text: String) {
        write(text)
        newline()
    }

    /// The width of the current line so far, in characters, counting the indentation a new line
    /// gets when written to.
    public var column: Int {
        let written = String(decoding: buffer[lineStart...], as: UTF8.self).count
        return lineStarted ? written : 4 * level
    }

    /// Runs `body` one level deeper.
    public mutating func indented(_ body: (inout SwiftWriter) -> Void) {
        level += 1
        body(&self)
        level -= 1
    }

    /// The text written so far, trailing spaces trimmed, ending with exactly one newline.
    public var text: String {
        if lineStarted && buffer.count > lineStart {
            // An unfinished, non-empty last line: everything before it stays, empty lines included.
            var end = buffer.count
            while end > lineStart && buffer[end - 1] == Self.space { end -= 1 }
            var bytes = Array(buffer[..<end])
            bytes.append(Self.newlineByte)
            return String(decoding: bytes, as: UTF8.self)
        }
        if contentEnd == 0 { return "\n" }
        return String(decoding: buffer[..<contentEnd], as: UTF8.self)
    }

    private mutating func startLine() {
        lineStarted = true
        if level > 0 {
            buffer.append(contentsOf: repeatElement(Self.space, count: 4 * level))
        }
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }
}
