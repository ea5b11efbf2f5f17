import ConformanceModel
import ConformanceRules
import Foundation
import Media
import Synchronization

extension FixtureSource {
    /// Fixtures from Media's `FixtureForge`: forged images by `ImageFormat` raw value, and near-miss
    /// files by `FixtureForge.NearMiss` raw value. An unknown name is a ``FixtureError``.
    public static let media = FixtureSource(
        image: { format, width, height, byteSize in
            guard let imageFormat = ImageFormat(rawValue: format.lowercased()) else {
                throw FixtureError("unknown image format \"\(format)\": use one of \(ImageFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try FixtureForge.image(imageFormat, width: width, height: height, byteSize: byteSize)
        },
        nearMiss: { name in
            guard let kind = FixtureForge.NearMiss(rawValue: name) else {
                throw FixtureError("unknown near-miss file \"\(name)\": use one of \(FixtureForge.NearMiss.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return FixtureForge.nearMiss(kind)
        })
}
