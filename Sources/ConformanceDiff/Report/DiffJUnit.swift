import ConformanceModel

/// Renders a diff as JUnit XML (the common `junit-10.xsd` shape): one `<testsuite>` per endpoint
/// with changes, one `<testcase>` per change. A change at or above the `--fail-on` threshold is a
/// `<failure type="class">`; the others pass, with their detail in `<system-out>`. No changes at
/// all is one passing case, so CI test views show that the diff ran.
public enum DiffJUnit {
    /// The XML document, UTF-8, ending with a newline.
    public static func render(_ diff: SpecDiff, failOn threshold: ChangeSeverity) -> String {
        var endpoints: [String] = []
        for change in diff.changes where !endpoints.contains(change.endpoint) { endpoints.append(change.endpoint) }
        let failing = diff.failing(at: threshold).count
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml +=
            "<testsuites"
            + attributes([
                ("name", "feishu-conformance diff: \(diff.oldLabel) → \(diff.newLabel)"),
                ("tests", String(max(1, diff.changes.count))), ("failures", String(failing)),
                ("errors", "0"),
            ]) + ">\n"
        if diff.changes.isEmpty {
            xml += "  <testsuite" + attributes([("name", "spec diff"), ("tests", "1"), ("failures", "0"), ("errors", "0"), ("skipped", "0")]) + ">\n"
            xml += "    <testcase" + attributes([("name", "no spec changes"), ("classname", "spec diff"), ("time", "0")]) + "/>\n"
            xml += "  </testsuite>\n"
        }
        for endpoint in endpoints {
            let own = diff.changes.filter { $0.endpoint == endpoint }
            let ownFailing = own.filter { $0.severity >= threshold }.count
            xml +=
                "  <testsuite"
                + attributes([
                    ("name", endpoint), ("tests", String(own.count)), ("failures", String(ownFailing)),
                    ("errors", "0"), ("skipped", "0"),
                ]) + ">\n"
            for change in own {
                let open =
                    "    <testcase"
                    + attributes([
                        ("name", "\(change.severity.rawValue) \(change.changeClass.rawValue): \(change.subject)"),
                        ("classname", endpoint), ("time", "0"),
                    ]) + ">\n"
                xml += open
                if change.severity >= threshold {
                    xml += "      <failure" + attributes([("message", change.message), ("type", change.changeClass.rawValue)]) + ">"
                    xml += TextSanitizer.xml(detail(change)) + "</failure>\n"
                } else {
                    xml += "      <system-out>" + TextSanitizer.xml(detail(change)) + "</system-out>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// One fact per line: class and severity, rule, where, old, new, provenance.
    static func detail(_ change: SpecChange) -> String {
        var lines = [
            "class: \(change.changeClass.rawValue) (\(change.severity.rawValue))", "rule: \(change.subject)",
            "where: \(change.file) \(change.path)", "old: \(change.old ?? "(none)")", "new: \(change.new ?? "(none)")",
        ]
        if let provenance = change.oldProvenance { lines.append("old provenance: \(provenance.kind): \(provenance.text)") }
        if let provenance = change.newProvenance { lines.append("new provenance: \(provenance.kind): \(provenance.text)") }
        lines.append(change.message)
        return lines.joined(separator: "\n")
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(TextSanitizer.xml($0.1, attribute: true))\"" }.joined()
    }
}
