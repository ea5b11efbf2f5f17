import Foundation
import Testing

@testable import ConformanceSpec

/// What a seed doc's tables list: field rows (`name | type | 是/否 | ...`) per section and
/// error rows (`HTTP状态码 | 错误码 | 描述 | ...`).
struct SeedTables {
    struct FieldRow: Equatable {
        var section: String
        var name: String
        var required: Bool?
    }
    struct ErrorRow: Equatable {
        var status: Int
        var code: Int
        var message: String
    }

    var fields: [FieldRow] = []
    var errors: [ErrorRow] = []

    static let requestSections: [String: FieldLocation] = ["请求头": .header, "查询参数": .query, "路径参数": .path, "请求体": .body]
    static let envelopeNames: Set<String> = ["code", "msg", "data"]

    init(text: String) {
        var section = ""
        var inFence = false
        for rawLine in text.components(separatedBy: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if line.hasPrefix("#") {
                section = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                continue
            }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            if section == "错误码", cells.count >= 4, let status = Int(cells[0]), cells[0].count == 3, let code = Int(cells[1]) {
                errors.append(ErrorRow(status: status, code: code, message: cells[2]))
                continue
            }
            let name = cells[0]
            guard let first = name.first, first.isASCII, first.isLetter,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") })
            else { continue }
            if Self.requestSections[section] != nil {
                guard cells[2] == "是" || cells[2] == "否" else { continue }
                fields.append(FieldRow(section: section, name: name, required: cells[2] == "是"))
            } else if section == "响应体", !Self.envelopeNames.contains(name) {
                fields.append(FieldRow(section: section, name: name, required: nil))
            }
        }
    }
}

@Suite("Specs cover the seed docs", .enabled(if: SpecPaths.seeds != nil, SpecPaths.seedsSkipReason))
struct SeedCoverageTests {
    static func seedFiles() throws -> [URL] {
        let dir = try #require(SpecPaths.seeds, SpecPaths.seedsSkipReason)
        try #require(
            FileManager.default.fileExists(atPath: dir.path),
            "\(SpecPaths.seedsVariable) names \(dir.path), which does not exist: point it at the seed doc pages (*.txt)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        try #require(!names.isEmpty, "no seed docs (*.txt) in \(dir.path)")
        return names.map { dir.appendingPathComponent($0) }
    }

    static func allNames(_ fields: [FieldSpec]) -> Set<String> {
        var names: Set<String> = []
        for field in fields {
            names.insert(field.name)
            names.formUnion(allNames(field.fields ?? []))
        }
        return names
    }

    @Test("every seed is transcribed by exactly one spec")
    func everySeedHasASpec() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        for url in try Self.seedFiles() {
            let specs = set.endpoints.filter { $0.source.seed == url.lastPathComponent }
            #expect(specs.count == 1, "\(url.lastPathComponent) is transcribed by \(specs.map(\.id))")
        }
    }

    @Test("the parser finds the seeds' tables (guards against a parser that finds nothing)")
    func parserFindsRows() throws {
        var fieldRows = 0
        var errorRows = 0
        for url in try Self.seedFiles() {
            let tables = SeedTables(text: try String(contentsOf: url, encoding: .utf8))
            fieldRows += tables.fields.count
            errorRows += tables.errors.count
        }
        #expect(fieldRows >= 60)
        #expect(errorRows >= 35)
    }

    @Test("every field name and every error code of every seed is in its spec")
    func seedsCovered() throws {
        let set = try SpecSet.load(directory: SpecPaths.specs)
        for url in try Self.seedFiles() {
            let seed = url.lastPathComponent
            guard let spec = set.endpoints.first(where: { $0.source.seed == seed }) else {
                Issue.record("no spec transcribes \(seed)")
                continue
            }
            let tables = SeedTables(text: try String(contentsOf: url, encoding: .utf8))
            let requestNames = Self.allNames(spec.request)
            let responseNames = Self.allNames(spec.response.fields)
            for row in tables.fields {
                if let location = SeedTables.requestSections[row.section] {
                    #expect(requestNames.contains(row.name), "\(spec.id): request field \(row.name) (\(row.section)) missing")
                    if let top = spec.request.first(where: { $0.name == row.name && $0.location != nil }) {
                        #expect(top.location == location, "\(spec.id): \(row.name) should be a \(location) field")
                        // A documented required flag must match the doc; an inferred one is a recorded decision.
                        if top.required.provenance.isDocumented {
                            #expect(top.required.value == row.required, "\(spec.id): \(row.name) required flag differs from the doc")
                        }
                    }
                } else {
                    #expect(responseNames.contains(row.name), "\(spec.id): response field \(row.name) missing")
                }
            }
            for row in tables.errors {
                guard let entry = spec.error(code: row.code) else {
                    Issue.record("\(spec.id): error \(row.code) missing")
                    continue
                }
                #expect(entry.httpStatus.value == row.status, "\(spec.id): \(row.code) HTTP status")
                #expect(entry.message == row.message, "\(spec.id): \(row.code) message")
            }
            #expect(spec.errors.count == tables.errors.count, "\(spec.id): the error table has codes the doc does not list")
        }
    }
}
