// libFuzzer harness for ConformanceSpec's strict JSON parser (`JSONValue.parse`), which reads every
// JSON request body the mock receives. Build and run: Benchmarks/fuzz/json_fuzz.sh.
//
// Crash-freedom under ASan, plus two checks whose failures are *findings*, not crashes
// (first input of each kind saved under $JSON_FUZZ_FINDINGS, default .build-json-fuzz/findings):
// - differential: accept/reject and the parsed value against Foundation's JSONSerialization;
// - round trip: parse -> jsonData() -> parse gives the same value.
// Invariants that do trap: the error message names a line and column; a parse never takes
// longer than linear-ish time (libFuzzer's -timeout catches hangs).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = Data(bytes: data, count: size)
    let ours: Result<JSONValue, JSONValue.ParseError> = Result { () throws(JSONValue.ParseError) -> JSONValue in try JSONValue.parse(input) }
    let theirs: Result<Any, any Error> = Result { try JSONSerialization.jsonObject(with: input, options: [.fragmentsAllowed]) }
    switch (ours, theirs) {
    case (.failure(let e), .failure):
        check(e)
    case (.failure(let e), .success):
        check(e)
        finding("rejected-only-by-JSONValue: \(normalise(e.message))", input)
    case (.success, .failure(let e)):
        finding("accepted-only-by-JSONValue: \(normalise(String(describing: e)))", input)
    case (.success(let v), .success(let any)):
        if let d = difference(v, any, path: "$") { finding("value-differs: \(d)", input) }
    }
    if case .success(let v) = ours {
        let text = v.jsonData()
        switch Result(catching: { () throws(JSONValue.ParseError) -> JSONValue in try JSONValue.parse(text) }) {
        case .failure(let e): finding("round-trip-unparsable: \(normalise(e.message))", input)
        case .success(let again) where again != v:
            finding("round-trip-differs: \(numericallyEqual(again, v) ? "number type only" : "value")", input)
        default: break
        }
    }
    return 0
}

private func check(_ e: JSONValue.ParseError) {
    if !e.message.hasPrefix("malformed JSON at line ") { fatalError("error without a position: \(e.message)") }
}

/// Compares our value with Foundation's; returns a short kind (no input text) when they differ.
private func difference(_ v: JSONValue, _ any: Any, path: String) -> String? {
    switch v {
    case .null: return any is NSNull ? nil : "null vs \(type(of: any))"
    case .string(let s):
        guard let t = any as? String else { return "string vs \(type(of: any))" }
        return s == t ? nil : (s.unicodeScalars.elementsEqual(t.unicodeScalars) ? nil : "string content")
    case .array(let a):
        guard let b = any as? [Any] else { return "array vs \(type(of: any))" }
        guard a.count == b.count else { return "array length" }
        for (x, y) in zip(a, b) { if let d = difference(x, y, path: path + "[]") { return d } }
        return nil
    case .object(let o):
        guard let p = any as? [String: Any] else { return "object vs \(type(of: any))" }
        guard o.count == p.count else { return "object member count" }
        for (k, x) in o {
            guard let y = p[k] else { return "object keys" }
            if let d = difference(x, y, path: path + ".") { return d }
        }
        return nil
    case .bool(let b):
        guard let n = any as? NSNumber else { return "bool vs \(type(of: any))" }
        return n.boolValue == b && String(cString: n.objCType) == "c" ? nil : (n.boolValue == b ? nil : "bool value")
    case .int(let i):
        guard let n = any as? NSNumber else { return "int vs \(type(of: any))" }
        if n.int64Value == Int64(i), n.doubleValue == Double(i) || abs(i) > 1 << 53 { return nil }
        return n.doubleValue == Double(i) ? nil : "int value"
    case .double(let d):
        guard let n = any as? NSNumber else { return "double vs \(type(of: any))" }
        if n.doubleValue == d || (n.doubleValue.isNaN && d.isNaN) { return nil }
        if n.doubleValue.isInfinite || d.isInfinite { return "double overflow" }
        return Double(n.int64Value) == d ? "double vs integer (precision)" : "double value"
    }
}

private func numericallyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(numericallyEqual)
    case (.object(let x), .object(let y)):
        return x.count == y.count && x.allSatisfy { k, v in y[k].map { numericallyEqual(v, $0) } ?? false }
    default: return a == b
    }
}

/// Strips positions and digits so one kind of disagreement is one finding.
private func normalise(_ s: String) -> String {
    var out = ""
    var lastDigit = false
    for c in s.prefix(160) {
        if c.isNumber { if !lastDigit { out.append("N") }; lastDigit = true } else { out.append(c); lastDigit = false }
    }
    return out.replacingOccurrences(of: "\n", with: " ")
}

nonisolated(unsafe) private var seen: Set<String> = []
private let findingsDir = ProcessInfo.processInfo.environment["JSON_FUZZ_FINDINGS"] ?? ".build-json-fuzz/findings"

private func finding(_ kind: String, _ input: Data) {
    guard seen.insert(kind).inserted else { return }
    let name = String(seen.count)
    try? FileManager.default.createDirectory(atPath: findingsDir, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: findingsDir + "/finding-\(name).json", contents: input)
    _ = FileManager.default.createFile(atPath: findingsDir + "/finding-\(name).txt", contents: Data((kind + "\n").utf8))
    FileHandle.standardError.write(Data("FINDING \(name): \(kind) (\(input.count) bytes)\n".utf8))
}
