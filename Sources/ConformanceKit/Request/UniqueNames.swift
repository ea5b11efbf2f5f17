import ConformanceModel
import ConformanceRules
import Synchronization

/// Makes strings of an exact length that are unique within a run: `fc-<run id>-<counter>` padded
/// with a filler character, so everything a run creates on a live tenant is recognisable by its prefix.
public final class UniqueNames: Sendable {
    /// The run's id (lower-case base 36), part of every name.
    public let runID: String
    private let counter = Mutex(0)

    /// Creates a generator for the run `runID` (letters and digits; anything else is dropped).
    public init(runID: String) {
        let cleaned = String(runID.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") })
        self.runID = cleaned.isEmpty ? "run" : cleaned
    }

    /// The prefix of every created object's name: `fc-<run id>-`.
    public var prefix: String { "fc-\(runID)-" }

    /// A new random run id: 6 base-36 characters.
    public static func randomRunID() -> String {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        return String((0..<6).map { _ in digits[Int.random(in: 0..<digits.count)] })
    }

    /// True when a name of `length` scalars has room for the whole `fc-<run id>-<counter>` core
    /// (with a counter of up to two base-36 digits), which makes it unique across runs.
    public func carriesPrefix(length: Int) -> Bool { length >= prefix.unicodeScalars.count + 2 }

    /// A random string of exactly `length` scalars, for names too short to carry the prefix: CJK
    /// ideographs (U+4E00...U+9FA5, about 20,900) when `filler` is absent or not ASCII, else
    /// lower-case letters and digits. Uniqueness is the caller's to check.
    public func random(length: Int, filler: String?) -> String {
        guard length > 0 else { return "" }
        let ascii = filler.map { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCII) } ?? false
        var out = String.UnicodeScalarView()
        let digits = Array("abcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
        for _ in 0..<length {
            if ascii {
                out.append(digits[Int.random(in: 0..<digits.count)])
            } else if let scalar = Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FA5)) {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The next string of exactly `length` Unicode scalars (0 when `length` is negative).
    ///
    /// When `length` leaves room, the string is `fc-<run id>-<base-36 counter>` followed by the
    /// filler; when it is shorter, the string is the tail of `fc<run id><counter>` (still exactly
    /// `length` scalars, unique as long as the counter fits: best effort).
    /// `filler` defaults to `字` (3 UTF-8 bytes); a multi-scalar filler is cycled scalar by scalar.
    public func next(length: Int, filler: String? = nil) -> String {
        let n = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return Self.make(length: length, filler: filler, runID: runID, counter: n)
    }

    static func make(length: Int, filler: String?, runID: String, counter: Int) -> String {
        guard length > 0 else { return "" }
        let count36 = String(counter, radix: 36)
        let core = "fc-\(runID)-\(count36)"
        let coreScalars = Array(core.unicodeScalars)
        var out = String.UnicodeScalarView()
        if coreScalars.count <= length {
            out.append(contentsOf: coreScalars)
            var fill = Array((filler ?? "字").unicodeScalars)
            if fill.isEmpty { fill = Array("字".unicodeScalars) }
            // Counted here: `UnicodeScalarView.count` walks the whole string, so testing it per
            // appended scalar made a 64 Ki-character value cost billions of steps.
            var k = 0
            for _ in coreScalars.count..<length {
                out.append(fill[k % fill.count])
                k += 1
            }
        } else {
            let compact = Array("fc\(runID)\(count36)".unicodeScalars)
            out.append(contentsOf: compact.suffix(length))
            // `compact` is never shorter than `core` minus its two hyphens; pad from the front if needed.
            for _ in min(compact.count, length)..<length { out.insert("f", at: out.startIndex) }
        }
        return String(out)
    }
}
