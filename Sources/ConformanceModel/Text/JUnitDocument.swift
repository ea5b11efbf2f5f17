/// A JUnit XML document in the common (Jenkins `junit-10.xsd`) shape, and its one writer: the run
/// report, the mock's request report and the proxy's build one of these and call ``render()``,
/// so escaping, counts and element order are written once.
public struct JUnitDocument: Sendable, Hashable {
    /// What a test case came to.
    public enum Outcome: Sendable, Hashable {
        /// Nothing to report.
        case passed
        /// One `<failure>` per entry (message and detail).
        case failed([Detail])
        /// An `<error>`: the case could not complete.
        case error(Detail)
        /// `<skipped message="...">`.
        case skipped(String)
    }

    /// A failure's or error's `message` attribute and text.
    public struct Detail: Sendable, Hashable {
        /// The one-line message.
        public var message: String
        /// The `type` attribute.
        public var type: String
        /// The element's text.
        public var text: String

        /// Creates a detail.
        public init(message: String, type: String, text: String) {
            self.message = message
            self.type = type
            self.text = text
        }
    }

    /// One `<testcase>`.
    public struct Case: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `classname`.
        public var classname: String
        /// `time` in seconds.
        public var seconds: Double
        /// What it came to.
        public var outcome: Outcome
        /// `<system-out>` text (warnings), if any.
        public var systemOut: String?

        /// Creates a test case.
        public init(name: String, classname: String, seconds: Double = 0, outcome: Outcome = .passed, systemOut: String? = nil) {
            self.name = name
            self.classname = classname
            self.seconds = seconds
            self.outcome = outcome
            self.systemOut = systemOut
        }
    }

    /// One `<testsuite>`.
    public struct Suite: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `<properties>` in order.
        public var properties: [(name: String, value: String)]
        /// `timestamp` (xs:dateTime without a zone), if any.
        public var timestamp: String?
        /// The cases.
        public var cases: [Case]

        /// Creates a suite.
        public init(name: String, properties: [(name: String, value: String)] = [], timestamp: String? = nil, cases: [Case]) {
            self.name = name
            self.properties = properties
            self.timestamp = timestamp
            self.cases = cases
        }

        /// Equal when every member is (properties compared pairwise).
        public static func == (a: Suite, b: Suite) -> Bool {
            a.name == b.name && a.timestamp == b.timestamp && a.cases == b.cases
                && a.properties.map(\.name) == b.properties.map(\.name) && a.properties.map(\.value) == b.properties.map(\.value)
        }

        /// Hashes the name and cases.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(cases)
        }
    }

    /// `<testsuites name>`.
    public var name: String
    /// Total `time` of `<testsuites>`, when known (else the sum of the cases).
    public var seconds: Double?
    /// The suites in order.
    public var suites: [Suite]

    /// Creates a document.
    public init(name: String, seconds: Double? = nil, suites: [Suite]) {
        self.name = name
        self.seconds = seconds
        self.suites = suites
    }

    /// The XML, UTF-8, ending with a newline: counts on every `<testsuite>` and on `<testsuites>`
    /// match the cases inside; every attribute and text is escaped.
    public func render() -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let all = suites.flatMap(\.cases)
        xml +=
            "<testsuites"
            + Self.attributes([
                ("name", name), ("tests", String(all.count)), ("failures", String(Self.count(all, \.isFailure))),
                ("errors", String(Self.count(all, \.isError))), ("time", Self.seconds(seconds ?? all.reduce(0) { $0 + max(0, $1.seconds) })),
            ]) + ">\n"
        for suite in suites {
            var attributes = [
                ("name", suite.name), ("tests", String(suite.cases.count)),
                ("failures", String(Self.count(suite.cases, \.isFailure))), ("errors", String(Self.count(suite.cases, \.isError))),
                ("skipped", String(Self.count(suite.cases, \.isSkipped))),
                ("time", Self.seconds(suite.cases.reduce(0) { $0 + max(0, $1.seconds) })),
            ]
            if let timestamp = suite.timestamp { attributes.append(("timestamp", timestamp)) }
            xml += "  <testsuite" + Self.attributes(attributes) + ">\n"
            if !suite.properties.isEmpty {
                xml += "    <properties>\n"
                for p in suite.properties { xml += "      <property" + Self.attributes([("name", p.name), ("value", p.value)]) + "/>\n" }
                xml += "    </properties>\n"
            }
            for c in suite.cases { xml += Self.testcase(c) }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    static func testcase(_ c: Case) -> String {
        let open = "    <testcase" + attributes([("name", c.name), ("classname", c.classname), ("time", seconds(c.seconds))])
        var body = ""
        switch c.outcome {
        case .passed: break
        case .skipped(let reason): body += "      <skipped" + attributes([("message", reason)]) + "/>\n"
        case .error(let d): body += "      <error" + attributes([("message", d.message), ("type", d.type)]) + ">" + TextSanitizer.xml(d.text) + "</error>\n"
        case .failed(let details):
            for d in details {
                body += "      <failure" + attributes([("message", d.message), ("type", d.type)]) + ">" + TextSanitizer.xml(d.text) + "</failure>\n"
            }
        }
        if let out = c.systemOut, !out.isEmpty { body += "      <system-out>" + TextSanitizer.xml(out) + "</system-out>\n" }
        return body.isEmpty ? open + "/>\n" : open + ">\n" + body + "    </testcase>\n"
    }

    static func count(_ cases: [Case], _ test: KeyPath<Outcome, Bool>) -> Int { cases.filter { $0.outcome[keyPath: test] }.count }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(TextSanitizer.xml($0.1, attribute: true))\"" }.joined()
    }

    /// Seconds with three decimals; `0.000` for anything not positive and finite.
    public static func seconds(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0.000" }
        let millis = Int((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

extension JUnitDocument.Outcome {
    var isFailure: Bool { if case .failed = self { true } else { false } }
    var isError: Bool { if case .error = self { true } else { false } }
    var isSkipped: Bool { if case .skipped = self { true } else { false } }
}
