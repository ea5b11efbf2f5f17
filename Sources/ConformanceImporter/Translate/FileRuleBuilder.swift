import ConformanceSpec

/// The rules of an uploaded file, from the page's words: formats, byte sizes and pixel sizes
/// stated in the file field's description, in the other body fields' descriptions, in the page's
/// notes and in the error table's advice, each bound to the error row that names it.
struct FileRuleBuilder {
    /// Texts to search, most specific first: the file field's description, the other fields'
    /// descriptions, the page's own text, the error rows' messages and advice.
    var fileDescription: String
    var otherDescriptions: [String]
    var intro: [String]
    var errorTexts: [String]
    var binder: ErrorBinder

    func rules(fieldName: String, context: inout TranslationContext) -> FileRules? {
        var rules = FileRules()
        let ordered = [fileDescription] + intro + otherDescriptions
        // Formats.
        for text in [fileDescription] + otherDescriptions + intro {
            if let found = TextRules.formats(text) {
                rules.formats = Rule(found.value, .documented(found.quote), error: binder.binding(.formats, field: nil))
                break
            }
        }
        // Byte sizes.
        for text in ordered where rules.maxBytes == nil || rules.minBytes == nil {
            let (low, high) = TextRules.sizes(text)
            if rules.minBytes == nil, let low {
                rules.minBytes = Rule(low.value, .documented(low.quote), error: binder.binding(.minBytes, field: nil))
            }
            if rules.maxBytes == nil, let high {
                rules.maxBytes = Rule(high.value, .documented(high.quote), error: binder.binding(.maxBytes, field: nil))
            }
        }
        if rules.maxBytes.map({ $0.value > 1 }) == true || rules.minBytes.map({ $0.value > 1 }) == true { context.use(.sizeUnits) }
        // Pixels.
        var findings: [TextRules.PixelFinding] = []
        var reported: [String] = []
        for text in [fileDescription] + intro + errorTexts {
            let (found, conditional) = TextRules.pixels(text)
            for f in found where !findings.contains(where: { $0.scope == f.scope }) { findings.append(f) }
            for phrase in conditional where !reported.contains(where: { phrase.hasSuffix($0) || $0.hasSuffix(phrase) }) {
                reported.append(phrase)
                context.warn("\(fieldName) limits", "\"\(phrase)\" limits some images only, which a spec cannot say: that limit is not kept")
            }
        }
        let accepted = rules.formats?.value
        let named: [String] = findings.flatMap { finding -> [String] in
            if case .formats(let formats) = finding.scope { return formats }
            return []
        }
        var pixels: [PixelLimits] = []
        for f in findings {
            var limits: PixelLimits
            switch f.scope {
            case .all: limits = PixelLimits()
            case .formats(let formats):
                limits = PixelLimits(formats: accepted.map { a in formats.filter { a.contains($0) } } ?? formats)
                if limits.formats?.isEmpty == true { continue }
            case .others:
                guard let accepted else {
                    context.warn(
                        "\(fieldName) limits",
                        "\"\(f.quote)\" limits the other formats, but the page names no accepted formats: it is read as a limit on every format")
                    limits = PixelLimits()
                    break
                }
                limits = PixelLimits(formats: accepted.filter { !named.contains($0) })
            }
            let q = Provenance.documented(f.quote)
            let resolution = f.minWidth == nil && f.minHeight == nil ? binder.resolutionBinding() : nil
            if let v = f.minWidth { limits.minWidth = Rule(v, q, error: binder.binding(.minWidth, field: nil)) }
            if let v = f.maxWidth { limits.maxWidth = Rule(v, q, error: binder.binding(.maxWidth, field: nil) ?? resolution) }
            if let v = f.minHeight { limits.minHeight = Rule(v, q, error: binder.binding(.minHeight, field: nil)) }
            if let v = f.maxHeight { limits.maxHeight = Rule(v, q, error: binder.binding(.maxHeight, field: nil) ?? resolution) }
            // An exact size fixes the aspect ratio; when the codes speak of aspect ratio (and not of
            // width), the width is checked as height and ratio, bound to those codes.
            if let w = f.minWidth, w == f.maxWidth, let h = f.minHeight, h == f.maxHeight, h > 0 {
                let low = binder.binding(.minAspectRatio, field: nil)
                let high = binder.binding(.maxAspectRatio, field: nil)
                if low != nil || high != nil {
                    let ratio = Double(w) / Double(h)
                    let why = "\(f.quote) fixes width / height at \(ratio); the error table speaks of aspect ratio"
                    if let low { limits.minAspectRatio = Rule(ratio, context.inferred(.exactSizeAspectRatio, why), error: low) }
                    if let high { limits.maxAspectRatio = Rule(ratio, context.inferred(.exactSizeAspectRatio, why), error: high) }
                    if limits.minWidth?.error == nil && limits.maxWidth?.error == nil {
                        limits.minWidth = nil
                        limits.maxWidth = nil
                    }
                }
            }
            pixels.append(limits)
        }
        if !pixels.isEmpty { rules.pixels = pixels }
        if rules.formats == nil && rules.minBytes == nil && rules.maxBytes == nil && rules.pixels == nil { return nil }
        return rules
    }
}
