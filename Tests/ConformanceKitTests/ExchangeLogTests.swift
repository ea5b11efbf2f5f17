import ConformanceKit
import Testing

@Suite("Exchange log")
struct ExchangeLogTests {
    private func record(_ i: Int) -> ExchangeRecord {
        ExchangeRecord(method: "POST", path: "/r\(i)", httpStatus: 200, code: 0, logID: "log-\(i)")
    }

    @Test("keeps every exchange while there are few")
    func few() {
        var log = ExchangeLog()
        for i in 0..<(2 * ExchangeLog.edge) { log.append(record(i)) }
        #expect(log.kept.map(\.path) == (0..<(2 * ExchangeLog.edge)).map { "/r\($0)" })
        #expect(log.omitted == 0)
    }

    @Test("keeps the first and last exchanges of a long case and counts the rest")
    func many() {
        var log = ExchangeLog()
        for i in 0..<1001 { log.append(record(i)) }
        let edge = ExchangeLog.edge
        let expected = (0..<edge).map { "/r\($0)" } + ((1001 - edge)..<1001).map { "/r\($0)" }
        #expect(log.kept.map(\.path) == expected)
        #expect(log.omitted == 1001 - 2 * edge)
    }

    @Test("a result records omitted exchanges only when there are some")
    func resultField() {
        let base = CaseResult(
            caseID: "c", endpointID: "e", title: "t", kind: .field, rule: "r",
            provenance: .documented("d"), covers: [], status: .passed, omittedExchanges: 0)
        #expect(base.omittedExchanges == nil)
        let long = CaseResult(
            caseID: "c", endpointID: "e", title: "t", kind: .field, rule: "r",
            provenance: .documented("d"), covers: [], status: .passed, omittedExchanges: 981)
        #expect(long.omittedExchanges == 981)
    }
}
