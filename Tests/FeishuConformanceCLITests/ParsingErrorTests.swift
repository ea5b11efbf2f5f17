import Testing

@testable import FeishuConformanceCLI

/// One rejected command line and the first line of stderr it must produce.
struct RejectedLine: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var message: String
    var testDescription: String { arguments.isEmpty ? "(no arguments)" : arguments.joined(separator: " ") }
}

@Suite("command-line errors exit 2 with a precise message")
struct ParsingErrorTests {
    static let lines: [RejectedLine] = [
        .init(arguments: [], message: "error: missing subcommand"),
        .init(arguments: ["rnu"], message: "error: unknown subcommand 'rnu'; did you mean 'run'?"),
        .init(arguments: ["frobnicate"], message: "error: unknown subcommand 'frobnicate'"),
        .init(arguments: ["help", "mokc"], message: "error: unknown subcommand 'mokc'; did you mean 'mock'?"),
        .init(
            arguments: ["--frobnicate"],
            message: "error: unknown option '--frobnicate' before the subcommand; start with one of: lint, generate, mock, run, import, export, diff, proxy"),
        .init(arguments: ["run", "--base-ur", "https://x.test"], message: "error: unknown option '--base-ur'; did you mean '--base-url'?"),
        .init(arguments: ["run", "--endpoints", "a"], message: "error: unknown option '--endpoints'; did you mean '--endpoint'?"),
        .init(arguments: ["run", "--allow"], message: "error: unknown option '--allow'; did you mean '--allow-writes'?"),
        .init(arguments: ["run", "--verbose"], message: "error: unknown option '--verbose'"),
        .init(arguments: ["run", "-q"], message: "error: unknown option '-q'"),
        .init(arguments: ["lint", "--spec", "x"], message: "error: unknown option '--spec'; did you mean '--specs'?"),
        .init(arguments: ["mock", "--port", "abc"], message: "error: --port expects an integer 0-65535, got 'abc'"),
        .init(arguments: ["mock", "--port=70000"], message: "error: --port expects an integer 0-65535, got '70000'"),
        .init(arguments: ["mock", "--port="], message: "error: --port expects an integer 0-65535, got ''"),
        .init(arguments: ["mock", "--port"], message: "error: --port needs a value: --port <n>, where <n> is an integer 0-65535"),
        .init(arguments: ["mock", "--port", "--host", "h"], message: "error: --port needs a value: --port <n>, where <n> is an integer 0-65535"),
        .init(arguments: ["mock", "--port", "1", "--port=2"], message: "error: --port was given more than once; it takes a single value"),
        .init(arguments: ["mock", "--host", "bad host"], message: "error: --host expects a host name or IP address such as 127.0.0.1, got 'bad host'"),
        .init(
            arguments: ["mock", "--app", "nocolon"],
            message: "error: --app expects ID:SECRET (an app id, a colon, then the app secret), got a value with no ':' (not shown: it may hold a secret)"),
        .init(
            arguments: ["mock", "--app", ":fake1"], message: "error: --app expects ID:SECRET (an app id, a colon, then the app secret), got an empty app id"),
        .init(arguments: ["mock", "--app=cli_a:"], message: "error: --app expects ID:SECRET (an app id, a colon, then the app secret), got an empty secret"),
        .init(arguments: ["mock", "--app", "a:one1", "--app", "a:two2"], message: "error: --app a is given twice; each app id may appear once"),
        .init(arguments: ["run", "--quiet", "--quiet"], message: "error: --quiet was given more than once"),
        .init(arguments: ["run", "--quiet=yes"], message: "error: --quiet is a flag and takes no value"),
        .init(arguments: ["generate", "--check=false"], message: "error: --check is a flag and takes no value"),
        .init(
            arguments: ["run", "--base-url", "ftp://example.com"],
            message: "error: --base-url expects an http or https URL such as https://open.feishu.cn, got 'ftp://example.com'"),
        .init(
            arguments: ["run", "--base-url=https://"], message: "error: --base-url expects an http or https URL such as https://open.feishu.cn, got 'https://'"),
        .init(
            arguments: ["run", "--base-url", "open.feishu.cn"],
            message: "error: --base-url expects an http or https URL such as https://open.feishu.cn, got 'open.feishu.cn'"),
        .init(arguments: ["run", "--max-writes", "-1", "--allow-writes"], message: "error: --max-writes expects an integer >= 0, got '-1'"),
        .init(arguments: ["run", "--max-writes", "3"], message: "error: --max-writes needs --allow-writes (without it no case writes)"),
        .init(arguments: ["run", "--endpoint", "bad id!"], message: "error: --endpoint expects an endpoint id such as admin.v1.badge.create, got 'bad id!'"),
        .init(arguments: ["run", "quiet"], message: "error: unexpected argument 'quiet'; did you mean '--quiet'?"),
        .init(arguments: ["run", "--", "x"], message: "error: unexpected argument 'x'"),
        .init(arguments: ["run", "--reports", "out", "stray\u{1B}[31m"], message: "error: unexpected argument 'stray\\u{1B}[31m'"),
        .init(arguments: ["export"], message: "error: missing format: expected openapi"),
        .init(arguments: ["export", "--out", "x.json"], message: "error: missing format: expected openapi"),
        .init(arguments: ["export", "opnapi"], message: "error: unknown format 'opnapi' (expected openapi); did you mean 'openapi'?"),
        .init(arguments: ["export", "yaml"], message: "error: unknown format 'yaml' (expected openapi)"),
        .init(arguments: ["export", "openapi", "--ot", "x"], message: "error: unknown option '--ot'; did you mean '--out'?"),
        .init(arguments: ["export", "openapi", "--out"], message: "error: --out needs a value: --out <file>, where <file> is a file path"),
        .init(
            arguments: ["export", "openapi", "--endpoint", "bad id!"],
            message: "error: --endpoint expects an endpoint id such as admin.v1.badge.create, got 'bad id!'"),
        .init(arguments: ["export", "openapi", "openapi"], message: "error: unexpected argument 'openapi'"),
        .init(
            arguments: ["mock", "--rate-limits", "x0"], message: "error: --rate-limits expects documented, off, or x<N> with N >= 1 (such as x10), got 'x0'"),
        .init(
            arguments: ["mock", "--rate-limits=none"], message: "error: --rate-limits expects documented, off, or x<N> with N >= 1 (such as x10), got 'none'"),
        .init(arguments: ["diff"], message: "error: missing argument <old>: the old specs (a spec directory or file, or a git revision such as HEAD~1)"),
        .init(
            arguments: ["diff", "Specs"], message: "error: missing argument <new>: the new specs (a spec directory or file, or a git revision such as HEAD)"),
        .init(arguments: ["diff", "a", "b", "c"], message: "error: unexpected argument 'c'"),
        .init(arguments: ["diff", "a", "b", "--fail-on", "major"], message: "error: --fail-on expects breaking, potentially-breaking or any, got 'major'"),
        .init(
            arguments: ["diff", "--fail-on", "any", "a"],
            message: "error: missing argument <new>: the new specs (a spec directory or file, or a git revision such as HEAD)"),
        .init(
            arguments: ["proxy"], message: "error: --upstream is required: --upstream <url>, where <url> is an http or https URL such as https://open.feishu.cn"
        ),
        .init(
            arguments: ["proxy", "--upstream", "localhost:8080"],
            message: "error: --upstream expects an http or https URL such as https://open.feishu.cn, got 'localhost:8080'"),
        .init(arguments: ["proxy", "--upstream", "http://x.test", "--port", "-1"], message: "error: --port expects an integer 0-65535, got '-1'"),
    ]

    @Test("rejected command line", arguments: lines)
    func rejected(_ line: RejectedLine) async {
        let result = await invoke(line.arguments)
        #expect(result.code == .usageError)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == line.message)
    }

    @Test("usage errors in a subcommand end with its usage line and a pointer to its help")
    func usageFooter() async {
        let result = await invoke(["mock", "--port", "abc"])
        #expect(
            result.stderr == """
                error: --port expects an integer 0-65535, got 'abc'
                USAGE: feishu-conformance mock [--host <host>] [--port <n>] [--config <file>]
                                               [--app <id:secret> ...] [--reports <dir>]
                                               [--specs <dir>] [--no-admin]
                                               [--rate-limits <policy>]
                  See 'feishu-conformance mock --help'.

                """)
    }

    @Test("an --app secret never reaches stderr, even when the value is malformed")
    func secretsNotEchoed() async {
        for arguments in [
            ["mock", "--app", "hunter2secret"], ["mock", "--app", "a:hunter2secret", "--app", "a:hunter2secret"],
            ["mock", "--app=a:hunter2secret", "--port", "x"],
        ] {
            let result = await invoke(arguments)
            #expect(result.code == .usageError)
            #expect(!result.stderr.contains("hunter2"), "\(arguments)")
        }
    }

    @Test("suggestions come only for near misses")
    func suggestions() {
        #expect(ArgumentParser.closest(to: "--reprots", among: ["--reports", "--quiet"]) == "--reports")
        #expect(ArgumentParser.closest(to: "--xyz", among: ["--reports", "--quiet"]) == nil)
        #expect(ArgumentParser.editDistance("kitten", "sitting") == 3)
        #expect(ArgumentParser.editDistance("", "abc") == 3)
    }
}
