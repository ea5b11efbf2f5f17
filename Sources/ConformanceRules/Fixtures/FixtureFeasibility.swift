import ConformanceModel
import Media
import Synchronization

/// Why a fixture could not be made.
public struct FixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, naming the recipe.
    public var message: String
    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// What Media's `FixtureForge` can make, asked of the forge itself (no estimates): the case
/// deriver uses it to pick fixtures that exist and to say exactly why a case has none.
/// Answers are cached per format and size, so asking again is cheap.
public enum FixtureFeasibility {
    private struct Key: Hashable {
        var format: String
        var width: Int
        var height: Int
        var byteSize: Int?
    }

    private static let minimums = Mutex<[Key: Result<Int, FixtureError>]>([:])
    private static let exact = Mutex<[Key: FixtureError?]>([:])

    /// Padding up to this many bytes is checked by forging the exact file; beyond it, by forging
    /// a file with this much padding plus the requested padding's parity (every format pads through
    /// chunks or comments of any length, and WEBP's RIFF padding only cares about parity).
    static let probedPadding = 65_536

    /// The smallest file of `format` (a `Media.ImageFormat` raw value) at width x height the forge
    /// can make, or why it cannot make that image at all (dimensions the format cannot store, over
    /// the forge's memory budget, unknown format).
    public static func minimumByteSize(format: String, width: Int, height: Int) -> Result<Int, FixtureError> {
        let key = Key(format: format, width: width, height: height, byteSize: nil)
        if let hit = minimums.withLock({ $0[key] }) { return hit }
        let answer: Result<Int, FixtureError>
        if let imageFormat = ImageFormat(rawValue: format) {
            do { answer = .success(try FixtureForge.minimumByteSize(imageFormat, width: width, height: height)) } catch {
                answer = .failure(FixtureError(error.message))
            }
        } else {
            answer = .failure(FixtureError("unknown image format \"\(format)\""))
        }
        minimums.withLock { $0[key] = answer }
        return answer
    }

    /// Why the forge cannot make this recipe (its pixel size, or its exact byte size), or nil when it can.
    public static func problem(_ recipe: ImageRecipe) -> FixtureError? {
        let minimum: Int
        switch minimumByteSize(format: recipe.format, width: recipe.width, height: recipe.height) {
        case .failure(let error): return error
        case .success(let m): minimum = m
        }
        guard let size = recipe.byteSize else { return nil }
        guard size >= minimum else {
            return FixtureError(
                "\(recipe.format.uppercased()) \(recipe.width)x\(recipe.height): \(size) bytes requested, "
                    + "but the smallest such file is \(minimum) bytes")
        }
        guard let imageFormat = ImageFormat(rawValue: recipe.format) else { return FixtureError("unknown image format \"\(recipe.format)\"") }
        let gap = size - minimum
        let probe = gap <= probedPadding ? size : minimum + probedPadding + gap % 2
        let key = Key(format: recipe.format, width: recipe.width, height: recipe.height, byteSize: probe)
        if let hit = exact.withLock({ $0[key] }) { return hit }
        var answer: FixtureError?
        do { _ = try FixtureForge.bytes(imageFormat, width: recipe.width, height: recipe.height, byteSize: probe) } catch {
            answer = FixtureError(error.message.replacingOccurrences(of: "exactly \(probe) bytes", with: "exactly \(size) bytes"))
        }
        exact.withLock { $0[key] = answer }
        return answer
    }
}
