/// One bound of a ``PixelLimits`` (a width, height or aspect-ratio minimum or maximum), with its
/// rule's provenance and error: the one place that says what each pixel limit means. The mock's
/// request validator reports the first bound an image breaks; the case deriver picks sizes that
/// break none, or exactly one.
public struct PixelBound: Sendable, Hashable {
    /// What is bounded.
    public enum Measure: String, Sendable, Hashable {
        /// Width in pixels.
        case width
        /// Height in pixels.
        case height
        /// Width divided by height.
        case aspectRatio
    }

    /// The bound's name in the spec: `minWidth`, `maxWidth`, `minHeight`, `maxHeight`,
    /// `minAspectRatio`, `maxAspectRatio`.
    public var name: String
    /// What is bounded.
    public var measure: Measure
    /// True for a maximum, false for a minimum.
    public var isMaximum: Bool
    /// The bound.
    public var value: Double
    /// Where the bound comes from.
    public var provenance: Provenance
    /// The error a violation gets; the endpoint's `invalidParamError` when nil.
    public var error: ErrorBinding?

    /// The measure of a `width` x `height` image (0 for the ratio of a zero height).
    public func measured(width: Int, height: Int) -> Double {
        switch measure {
        case .width: Double(width)
        case .height: Double(height)
        case .aspectRatio: height > 0 ? Double(width) / Double(height) : 0
        }
    }

    /// True when a `width` x `height` image is within this bound.
    public func admits(width: Int, height: Int) -> Bool {
        let v = measured(width: width, height: height)
        return isMaximum ? v <= value : v >= value
    }

    /// The bound in words: `width at least 320`, `width/height at most 3.0`.
    public var expected: String {
        let what = measure == .aspectRatio ? "width/height" : measure.rawValue
        let number = measure == .aspectRatio ? String(value) : String(Int(value))
        return "\(what) \(isMaximum ? "at most" : "at least") \(number)"
    }
}

extension PixelLimits {
    /// The bounds set here, in the spec's order (width, height, aspect ratio; minimum first).
    public var bounds: [PixelBound] {
        func int(_ r: Rule<Int>?, _ name: String, _ m: PixelBound.Measure, _ max: Bool) -> PixelBound? {
            r.map { PixelBound(name: name, measure: m, isMaximum: max, value: Double($0.value), provenance: $0.provenance, error: $0.error) }
        }
        func ratio(_ r: Rule<Double>?, _ name: String, _ max: Bool) -> PixelBound? {
            r.map { PixelBound(name: name, measure: .aspectRatio, isMaximum: max, value: $0.value, provenance: $0.provenance, error: $0.error) }
        }
        return [
            int(minWidth, "minWidth", .width, false), int(maxWidth, "maxWidth", .width, true),
            int(minHeight, "minHeight", .height, false), int(maxHeight, "maxHeight", .height, true),
            ratio(minAspectRatio, "minAspectRatio", false), ratio(maxAspectRatio, "maxAspectRatio", true),
        ].compactMap { $0 }
    }

    /// True when these limits apply to images of `format` (all formats when `formats` is nil).
    public func applies(to format: String) -> Bool { formats == nil || formats?.contains(format) == true }

    /// The first bound a `width` x `height` image breaks, or nil.
    public func firstBroken(width: Int, height: Int) -> PixelBound? {
        bounds.first { !$0.admits(width: width, height: height) }
    }
}

extension FileRules {
    /// The pixel limits that apply to images of `format`.
    public func pixelLimits(for format: String) -> [PixelLimits] { (pixels ?? []).filter { $0.applies(to: format) } }

    /// True when a `width` x `height` image of `format` is within every pixel limit (and not empty).
    public func admits(format: String, width: Int, height: Int) -> Bool {
        width > 0 && height > 0 && pixelLimits(for: format).allSatisfy { $0.firstBroken(width: width, height: height) == nil }
    }
}
