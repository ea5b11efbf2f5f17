import ConformanceKit
import Testing

@Suite("JUnitDocument: the one JUnit writer")
struct JUnitDocumentTests {
    @Test("counts on every suite and on the root match the cases; attributes and text are escaped; an empty case is self-closing")
    func render() {
        let doc = JUnitDocument(
            name: "n <&>",
            suites: [
                JUnitDocument.Suite(
                    name: "a", properties: [(name: "signature", value: "POST /x?y=\"1\"")], timestamp: "2026-12-02T10:00:00",
                    cases: [
                        JUnitDocument.Case(name: "ok", classname: "a", seconds: 0.0015),
                        JUnitDocument.Case(
                            name: "bad", classname: "a",
                            outcome: .failed([
                                JUnitDocument.Detail(message: "m1", type: "rule", text: "x < y"),
                                JUnitDocument.Detail(message: "m2", type: "rule", text: ""),
                            ])),
                        JUnitDocument.Case(name: "skip", classname: "a", outcome: .skipped("needs a clock")),
                    ]),
                JUnitDocument.Suite(
                    name: "b",
                    cases: [
                        JUnitDocument.Case(
                            name: "err", classname: "b", seconds: 2, outcome: .error(JUnitDocument.Detail(message: "reset", type: "error", text: "t")),
                            systemOut: "warning: w")
                    ]),
            ])
        let xml = doc.render()
        #expect(xml.contains(#"<testsuites name="n &lt;&amp;&gt;" tests="4" failures="1" errors="1" time="2.002">"#), "\(xml)")
        #expect(xml.contains(#"<testsuite name="a" tests="3" failures="1" errors="0" skipped="1" time="0.002" timestamp="2026-12-02T10:00:00">"#))
        #expect(xml.contains(#"<property name="signature" value="POST /x?y=&quot;1&quot;"/>"#))
        #expect(xml.contains(#"<testcase name="ok" classname="a" time="0.002"/>"#))
        #expect(xml.contains(#"<failure message="m1" type="rule">x &lt; y</failure>"#))
        #expect(xml.components(separatedBy: "<failure ").count == 3, "one element per failure detail")
        #expect(xml.contains(#"<skipped message="needs a clock"/>"#))
        #expect(xml.contains(#"<testsuite name="b" tests="1" failures="0" errors="1" skipped="0" time="2.000">"#))
        #expect(xml.contains("<system-out>warning: w</system-out>"))
        #expect(JUnitDocument.seconds(.nan) == "0.000" && JUnitDocument.seconds(-1) == "0.000" && JUnitDocument.seconds(12.3456) == "12.346")
    }
}
