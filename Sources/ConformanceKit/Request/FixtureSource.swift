import ConformanceModel
import ConformanceRules
import Foundation
import Synchronization

/// Where file values come from: forged images and near-miss files. The runner uses ``media``
/// (Media's `FixtureForge`); tests may inject cheaper stand-ins.
public struct FixtureSource: Sendable {
    /// Forges an image of a `Media.ImageFormat` raw value, pixel size and optional exact byte size.
    public var image: @Sendable (_ format: String, _ width: Int, _ height: Int, _ byteSize: Int?) throws -> Data
    /// A near-miss or non-image file by its `Media.FixtureForge.NearMiss` raw value.
    public var nearMiss: @Sendable (_ name: String) throws -> Data

    /// Creates a source from two closures.
    public init(
        image: @escaping @Sendable (String, Int, Int, Int?) throws -> Data,
        nearMiss: @escaping @Sendable (String) throws -> Data
    ) {
        self.image = image
        self.nearMiss = nearMiss
    }
}

/// Caches forged files by recipe: a run that sends the same 10 MB image twenty times forges it once.
public final class FixtureCache: Sendable {
    private struct Key: Hashable {
        var format: String
        var width: Int
        var height: Int
        var byteSize: Int?
        var nearMiss: String?
    }

    private let source: FixtureSource
    private let cache = Mutex<[Key: Data]>([:])

    /// Creates a cache in front of `source`.
    public init(source: FixtureSource) { self.source = source }

    /// The bytes of an image recipe (filename and content type do not change the bytes).
    public func image(_ recipe: ImageRecipe) throws -> Data {
        let key = Key(format: recipe.format, width: recipe.width, height: recipe.height, byteSize: recipe.byteSize)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let data = try source.image(recipe.format, recipe.width, recipe.height, recipe.byteSize)
        cache.withLock { $0[key] = data }
        return data
    }

    /// The bytes of a near-miss file.
    public func nearMiss(_ name: String) throws -> Data {
        let key = Key(format: "", width: 0, height: 0, byteSize: nil, nearMiss: name)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let data = try source.nearMiss(name)
        cache.withLock { $0[key] = data }
        return data
    }

    /// Number of distinct files forged so far.
    public var count: Int { cache.withLock { $0.count } }
}
