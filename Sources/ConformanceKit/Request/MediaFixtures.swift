import Foundation

extension FixtureSource {
    /// Fixtures from Media's `FixtureForge` (forged images, near-miss files).
    // STAND-IN until Media lands on main: replaced by calls to `FixtureForge.image` / `FixtureForge.nearMiss`.
    public static let media = FixtureSource(
        image: { format, width, height, _ in
            throw FixtureError("cannot forge \(format) \(width)x\(height): Media's FixtureForge is not in this build")
        },
        nearMiss: { name in throw FixtureError("cannot make near-miss file \(name): Media's FixtureForge is not in this build") })
}
