/// Where a spec came from: transcribed and decided by hand, or written by `import`.
public enum SpecTier: String, Sendable, Hashable, Codable, CaseIterable {
    /// Transcribed by hand, with decisions; `import` never overwrites it.
    case curated
    /// Written by `import` from the doc page; every fact quotes the page or names a convention.
    case imported
}
