import ConformanceSpec
import Foundation
import Synchronization

/// Doc pages to specs in four typed stages, each replaceable for tests: parse (Markdown text to
/// ``MarkdownPage``), read (to ``EndpointPage``), translate (to ``EndpointSpec``), render (to the
/// file's JSON text); then every spec is linted. Pages are independent, so they run in parallel;
/// then one spec is kept per endpoint (pages repeating another page's method and path are
/// skipped, curated specs are never replaced) and ids are made unique.
public struct ImportPipeline: Sendable {
    /// The platform file the specs are linted against (domains, platform error codes).
    public var platform: PlatformSpec
    var parser: any MarkdownParsing = MarkdownParser()
    var reader: any PageReading = PageReader()
    var translator: any SpecTranslating = SpecTranslator()

    /// Creates a pipeline linting against `platform`.
    public init(platform: PlatformSpec) { self.platform = platform }

    /// Creates a pipeline with other stages (tests).
    public init(platform: PlatformSpec, parser: any MarkdownParsing, reader: any PageReading, translator: any SpecTranslating) {
        self.platform = platform
        self.parser = parser
        self.reader = reader
        self.translator = translator
    }

    static let exportNotes: Set<String> = ["SOURCE.md", "README.md"]

    /// One page's text to its outcome: read, translated, rendered and linted; examples or defaults
    /// that break the page's own rules are left out, named in the spec's decision
    /// import-example-contradiction (the page contradicts itself; its rule wins).
    public func importPage(text: String, name: String) -> PageOutcome {
        let fileName = name.split(separator: "/").last.map(String.init) ?? name
        if Self.exportNotes.contains(fileName) { return .skipped(.exportNotes, fileName) }
        let page: EndpointPage
        switch reader.read(parser.parse(text), file: name) {
        case .skipped(let reason, let detail): return .skipped(reason, detail)
        case .endpoint(let p): page = p
        }
        var spec = translator.translate(page, platform: platform)
        var json = SpecJSONRenderer.json(spec)
        var diagnostics = lint(spec, json: json)
        for _ in 0..<3 {
            var removed: [String] = []
            // Lint errors at an example or default, and warnings at an example (an Authorization
            // example of a token type the page does not accept).
            for d in diagnostics
            where (d.severity == .error && (d.jsonPath.includes(".example") || d.jsonPath.includes(".default")))
                || (d.severity == .warning && d.jsonPath.hasSuffix(".example"))
            {
                if let what = SpecEditing.removeValue(at: d.jsonPath, in: &spec) {
                    removed.append("\(what) (\(d.message.split(separator: ":").first ?? ""))")
                }
            }
            guard !removed.isEmpty else { break }
            // The page contradicts itself: its rule wins (decision import-example-contradiction).
            var decisions = spec.decisions ?? []
            ImportDecision.exampleContradiction.record(removed, in: &decisions)
            spec.decisions = decisions
            json = SpecJSONRenderer.json(spec)
            diagnostics = lint(spec, json: json)
        }
        return .imported(ImportedSpec(spec: spec, text: SpecJSONRenderer.render(json), diagnostics: diagnostics))
    }

    /// Lint of the spec as it will be written: its JSON form's shape and the model's consistency.
    func lint(_ spec: EndpointSpec, json: JSONValue) -> [Diagnostic] {
        SpecLinter.lint(endpoint: spec, json: json, file: "\(spec.id).json", platform: platform)
    }

    /// Imports every page. `curated` are the curated specs already in the output directory: a page
    /// of the same endpoint (same id, or same method and path) is skipped unless `replaceCurated`.
    public func run(_ inputs: [PageInput], curated: [EndpointSpec] = [], replaceCurated: Bool = false) -> ImportRun {
        let slots = Mutex([PageOutcome?](repeating: nil, count: inputs.count))
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
            let outcome: PageOutcome
            do {
                let data = try Data(contentsOf: inputs[i].url)
                outcome = importPage(text: String(decoding: data, as: UTF8.self), name: inputs[i].name)
            } catch {
                outcome = .skipped(.incomplete, "cannot read the file: \(error.localizedDescription)")
            }
            slots.withLock { $0[i] = outcome }
        }
        var outcomes = slots.withLock { $0 }.map { $0 ?? .skipped(.incomplete, "not read") }

        // One spec per endpoint: current pages before historic ones, then by name.
        let order = inputs.indices.sorted { a, b in
            let ha = inputs[a].name.includes("historic-version")
            let hb = inputs[b].name.includes("historic-version")
            return ha != hb ? !ha : inputs[a].name < inputs[b].name
        }
        // The token endpoint is specified by platform.json, which import never replaces.
        var curatedBySignature = Dictionary(curated.map { ($0.signature, $0.id) }, uniquingKeysWith: { a, _ in a })
        if !replaceCurated { curatedBySignature[platform.tokenEndpoint.signature] = "platform" }
        let curatedIDs = Set(curated.map(\.id))
        var firstPage: [String: String] = [:]
        var usedIDs: Set<String> = replaceCurated ? [] : curatedIDs
        for i in order {
            guard case .imported(var imported) = outcomes[i] else { continue }
            let signature = imported.spec.signature
            if !replaceCurated, curatedIDs.contains(imported.spec.id) || curatedBySignature[signature] != nil {
                let id = curatedBySignature[signature] ?? imported.spec.id
                outcomes[i] = .skipped(.curatedKept, "\(id).json specifies \(signature) and is curated")
                continue
            }
            if let other = firstPage[signature] {
                outcomes[i] = .skipped(.duplicateEndpoint, "\(signature) is also described by \(other)")
                continue
            }
            firstPage[signature] = inputs[i].name
            if usedIDs.contains(imported.spec.id) {
                var n = 2
                while usedIDs.contains("\(imported.spec.id)_\(n)") { n += 1 }
                imported.spec.id = "\(imported.spec.id)_\(n)"
                imported.text = SpecJSONRenderer.render(imported.spec)
                outcomes[i] = .imported(imported)
            }
            usedIDs.insert(imported.spec.id)
        }
        return ImportRun(results: zip(inputs, outcomes).map { PageResult(input: $0, outcome: $1) })
    }
}
