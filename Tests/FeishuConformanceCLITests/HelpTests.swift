import Testing

@testable import FeishuConformanceCLI

@Suite("generated help")
struct HelpTests {
    @Test("root help snapshot")
    func rootHelp() async {
        let result = await invoke(["--help"])
        #expect(result.code == .success)
        #expect(result.stderr.isEmpty)
        #expect(
            result.stdout == """
                OVERVIEW: Contract tests and a stateful mock for the Feishu/Lark Open Platform.

                Checks that the platform (or a mock of it) behaves as its documentation says,
                from machine-readable specs of each endpoint.

                USAGE: feishu-conformance <subcommand> [options]

                OPTIONS:
                  --version               Show the version.
                  -h, --help              Show help information.

                SUBCOMMANDS:
                  lint                    Validate every spec against the spec schema and the
                                          model's rules.
                  generate                Generate the request builders, validators, case
                                          catalog and test suites from the specs.
                  mock                    Serve the strict, stateful mock of every spec.
                  run                     Run the conformance cases against the embedded mock, a
                                          mock on a port, or a live tenant.
                  import                  Make endpoint specs from the platform's Markdown doc
                                          pages.
                  export                  Export the specs as an OpenAPI 3.1 document (JSON).
                  diff                    Classify the changes between two spec sets as
                                          breaking, potentially breaking or non-breaking.
                  proxy                   Forward traffic to the platform or a mock unchanged,
                                          checking requests and replies against the specs.

                  See 'feishu-conformance help <subcommand>' for detailed help.

                """)
    }

    @Test("run --help snapshot")
    func runHelp() async {
        let result = await invoke(["run", "--help"])
        #expect(result.code == .success)
        #expect(
            result.stdout == """
                OVERVIEW: Run the conformance cases against the embedded mock, a mock on a port,
                or a live tenant.

                Credentials come from the environment: FEISHU_APP_ID and FEISHU_APP_SECRET; a
                second tenant for cross-tenant cases: FEISHU_SECOND_APP_ID and
                FEISHU_SECOND_APP_SECRET; a user token for user-token cases:
                FEISHU_USER_ACCESS_TOKEN. Cases that cannot run against the target are skipped
                with their reason and reported as not exercised.

                A live tenant (a base URL without the mock's /__mock/ admin API) is someone's
                production: cases that create objects need --allow-writes and stay within
                --max-writes; endpoints run side by side, each paced under its documented rate
                limits; set-up objects (badge images) are made once and reused while fresh;
                names start with fc-<run id>- or, when too short for that, are checked free on
                the tenant first. Before creating objects under a documented quota the run
                counts what the tenant holds and refuses (exit 2) past --quota-share of it.
                --plan prints what a run would do and sends nothing that writes.

                --specs DIR runs the cases derived from that spec set at start (a spec set the
                tool was not built with: a fresh import of the doc pages, say); with no
                --base-url the embedded mock serves the same specs.

                Exit status: 0 everything documented conforms, 1 some documented behaviour does
                not (with --fail-on warning: or some warning was reported), 2 usage,
                configuration or connection error.

                USAGE: feishu-conformance run [--base-url <url>] [--specs <dir>]
                                              [--endpoint <id> ...] [--allow-writes]
                                              [--max-writes <n>] [--quota-share <fraction>]
                                              [--probe-rate-limits] [--reports <dir>]
                                              [--baseline <file>] [--quiet] [--fail-on <level>]
                                              [--plan]

                OPTIONS:
                  --base-url <url>        Run against this mock or live platform (http or
                                          https). (default: an embedded mock)
                  --specs <dir>           Derive the cases from the specs in this directory
                                          instead of running the compiled-in catalog; the
                                          embedded mock serves the same specs. (default: the
                                          compiled-in catalog)
                  --endpoint <id>         Only run this endpoint's cases, e.g.
                                          admin.v1.badge.create. (repeatable; default: every
                                          endpoint)
                  --allow-writes          Let cases create platform objects (uploads, badges);
                                          without it they are skipped.
                  --max-writes <n>        Create at most this many objects; cases past the
                                          budget are skipped. (default: 10)
                  --quota-share <fraction>
                                          Refuse a live run with writes that would take the
                                          tenant past this share of a documented quota.
                                          (default: 0.9)
                  --probe-rate-limits     On a live target, run the rate-limit probes: limit + 1
                                          requests in one window per endpoint, after the other
                                          cases (writes count in the budget).
                  --reports <dir>         Where conformance.md, junit.xml and results.json are
                                          written. (default: Reports)
                  --baseline <file>       A results.json from an earlier run: list new and fixed
                                          differences.
                  --quiet                 Print only the final summary to stderr.
                  --fail-on <level>       failure: exit 1 when a documented behaviour does not
                                          conform; warning: also on any warning (an inferred
                                          expectation missed, response drift). (default:
                                          failure)
                  --plan                  Print what the run would do (cases, objects created,
                                          least time under the rate limits) and send nothing
                                          that writes.
                  -h, --help              Show help information.

                """)
    }

    @Test("lint, generate and mock help list every option with value names and defaults")
    func subcommandHelp() async {
        let lint = await invoke(["lint", "-h"])
        #expect(lint.stdout.contains("USAGE: feishu-conformance lint [--specs <dir>]\n"))
        #expect(lint.stdout.contains("  --specs <dir>           Read the specs from this directory instead of the ones\n"))
        let generate = await invoke(["help", "generate"])
        #expect(generate.stdout.contains("USAGE: feishu-conformance generate [--specs <dir>] [--check]\n"))
        #expect(generate.stdout.contains("  --check                 Write nothing; exit 1 if the generated sources are\n"))
        let mock = await invoke(["mock", "--help"], actions: actions(recorder: Recorder()))
        #expect(
            mock.stdout.contains(
                "  --port <n>              Port to listen on; 0 picks a free one (see the first\n                          stdout line). (default: 0)\n"))
        #expect(mock.stdout.contains("  --app <id:secret>       Add an app that is its own tenant. (repeatable)\n"))
        #expect(mock.stdout.contains("DEFAULT APPS (fake test credentials):\n  cli_mock_primary:mock_secret_primary (tenant A)\n"))
        #expect(mock.stdout.contains("`listening on http://HOST:PORT`"))
    }

    @Test("export --help: the format operand in the usage line, every option, an example of feeding another tool")
    func exportHelp() async {
        let result = await invoke(["export", "--help"])
        #expect(result.code == .success)
        #expect(
            result.stdout.contains(
                """
                USAGE: feishu-conformance export openapi [--specs <dir>] [--endpoint <id> ...]
                                                         [--out <file>]
                """))
        #expect(result.stdout.contains("  --out <file>            Write the document to this file. (default: standard\n"))
        #expect(result.stdout.contains("schemathesis run openapi.json"))
        #expect(await invoke(["export", "openapi", "-h"]).stdout == result.stdout)
        let mock = await invoke(["mock", "--help"], actions: actions(recorder: Recorder()))
        #expect(mock.stdout.contains("  --rate-limits <policy>  documented: every rate limit as the specs give it;\n"))
    }

    @Test("diff and proxy help: positional arguments, the required --upstream, exit codes")
    func driftCommandsHelp() async {
        let diff = await invoke(["diff", "--help"])
        #expect(diff.stdout.contains("USAGE: feishu-conformance diff <old> <new> [--fail-on <level>] [--reports <dir>]\n"))
        #expect(diff.stdout.contains("ARGUMENTS:\n  <old>                   The old specs: a spec directory, a spec file, or a git\n"))
        #expect(diff.stdout.contains("  --fail-on <level>       Exit 1 when a change at or above this severity is\n"))
        #expect(diff.stdout.contains("Exit status: 0 no change at or above --fail-on, 1 some, 2 usage or configuration"))
        let proxy = await invoke(["help", "proxy"])
        #expect(proxy.stdout.contains("USAGE: feishu-conformance proxy --upstream <url> [--host <host>] [--port <n>]\n"))
        #expect(proxy.stdout.contains("`listening on http://HOST:PORT`"))
        #expect(proxy.stdout.contains("reported as unknown"))
    }

    @Test("help wins over other errors and every line fits 80 columns", arguments: ["lint", "generate", "mock", "run", "export", "diff", "proxy"])
    func helpEverywhere(_ name: String) async {
        let result = await invoke([name, "--bogus", "--help"])
        #expect(result.code == .success)
        let viaHelp = await invoke(["help", name])
        #expect(result.stdout == viaHelp.stdout)
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        let configuration = FeishuConformanceCLI.subcommands.first { $0.configuration.name == name }?.configuration
        for argument in configuration?.arguments ?? [] { #expect(result.stdout.contains("  " + argument.flagName)) }
        #expect(result.stdout.contains("  -h, --help"))
    }

    @Test("--version")
    func version() async {
        let result = await invoke(["--version"])
        #expect(result.code == .success)
        #expect(result.stdout == "feishu-conformance \(FeishuConformanceCLI.version)\n")
    }
}
