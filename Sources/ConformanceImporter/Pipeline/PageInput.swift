import Foundation

/// A page to import: where it is and how reports name it.
public struct PageInput: Sendable, Hashable {
    /// The file.
    public var url: URL
    /// Its name in reports and in the spec's `source.page`: the path from the parent of the
    /// directory it was found in (`admin-v1/badge/badge/get.md`), or the path as given for a file.
    public var name: String
    /// True when the file was named on the command line (not found by walking a directory): it
    /// must then be an endpoint page.
    public var isExplicit: Bool

    /// Creates an input.
    public init(url: URL, name: String, isExplicit: Bool) {
        self.url = url
        self.name = name
        self.isExplicit = isExplicit
    }
}
