import ConformanceModel
import Foundation

/// `results.json`: the whole run, machine-readable, and the baseline format `--baseline` reads back.
///
/// A public format: `Reports/results.schema.json` describes it (JSON Schema draft 2020-12) and
/// its top-level `formatVersion` is ``RunResult/formatVersion``; README.md states when it changes.
public enum ResultsJSON {
    /// Pretty-printed JSON with sorted keys and ISO 8601 dates (UTC, milliseconds), ending with a newline.
    public static func encode(_ result: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // ISO 8601 with milliseconds: `.iso8601` alone drops fractions, so durations would not round-trip.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatter(fractional: true).string(from: date))
        }
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var data = try encoder.encode(result)
        data.append(0x0A)
        return data
    }

    /// Reads a run back; `path` names the file in the error when the data is not a run.
    public static func decode(_ data: Data, path: String) throws(ReportError) -> RunResult {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 date, got '\(text)'")
            }
            return date
        }
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // The version first, so a file of another version gets its own message rather than
        // whatever member its shape happens to break first. Data that is not even an object with
        // an integer `formatVersion` (or none) falls through to the full decode and its error.
        if let probe = try? decoder.decode(VersionProbe.self, from: data), probe.formatVersion != RunResult.formatVersion {
            throw .unsupportedBaselineVersion(path: path, found: probe.formatVersion, supported: RunResult.formatVersion)
        }
        do {
            return try decoder.decode(RunResult.self, from: data)
        } catch let error as DecodingError {
            throw .malformedBaseline(path: path, reason: describe(error))
        } catch {
            throw .malformedBaseline(path: path, reason: "\(error)")
        }
    }

    /// Reads the baseline file at `url`.
    public static func load(from url: URL) throws(ReportError) -> RunResult {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableBaseline(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, path: url.path)
    }

    /// Only the version of a `results.json`.
    private struct VersionProbe: Decodable {
        var formatVersion: Int?
    }

    static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "at the top level" : "at " + path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\(($0 as NSError).localizedDescription))" } ?? ""
            return "invalid JSON \(at(context.codingPath)): \(context.debugDescription)\(underlying)"
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' \(at(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value \(at(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
