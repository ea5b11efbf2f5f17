import Foundation
import Testing

@testable import FeishuConformanceCLI

@Suite("dispatch to subcommands")
struct DispatchTests {
    @Test("lint, generate and mock reach their actions with parsed values; exit codes pass through")
    func dispatch() async {
        let recorder = Recorder()
        let stubs = actions(recorder: recorder, lintCode: .failure)
        #expect(await invoke(["lint"], actions: stubs).code == .failure)
        #expect(await invoke(["lint", "--specs=Specs"], actions: stubs).code == .failure)
        #expect(await invoke(["generate", "--check", "--specs", "S"], actions: stubs).code == .success)
        #expect(await invoke(["mock", "--port", "8080", "--app", "cli_a:sa11", "--app=cli_b:sb22", "--host=0.0.0.0"], actions: stubs).code == .success)
        #expect(await invoke(["mock"], actions: stubs).code == .success)
        #expect(await invoke(["mock", "--rate-limits", "off"], actions: stubs).code == .success)
        #expect(await invoke(["mock", "--rate-limits=x10"], actions: stubs).code == .success)
        #expect(await invoke(["export", "openapi"], actions: stubs).code == .success)
        #expect(
            await invoke(
                ["export", "openapi", "--specs", "S", "--endpoint", "a.b", "--endpoint=c.d", "--endpoint", "a.b", "--out=o.json"],
                actions: stubs
            ).code == .success)
        #expect(
            recorder.commands.withLock { $0 } == [
                "lint -", "lint Specs", "generate S true",
                "mock 0.0.0.0 8080 [\"cli_a\", \"cli_b\"] Reports documented", "mock 127.0.0.1 0 [] Reports documented",
                "mock 127.0.0.1 0 [] Reports off", "mock 127.0.0.1 0 [] Reports x10",
                "export openapi - [] -", "export openapi S [\"a.b\", \"c.d\"] o.json",
            ])
    }

    @Test("unwired subcommands say so and exit 2")
    func unwired() async {
        for (name, arguments) in [("lint", ["lint"]), ("generate", ["generate"]), ("mock", ["mock"]), ("run", ["run"]), ("export", ["export", "openapi"])] {
            let result = await invoke(arguments)
            #expect(result.code == .usageError)
            #expect(result.stderr == "error: '\(name)' is not available in this build yet\n")
        }
    }

    @Test("parsed run options and credentials from the environment")
    func runConfiguration() throws {
        let command = try RunCommand.parse([
            "--base-url=https://open.feishu.cn", "--endpoint", "a.b", "--endpoint=c.d",
            "--endpoint", "a.b", "--allow-writes", "--max-writes", "0", "--quiet",
        ])
        #expect(command.baseURL?.absoluteString == "https://open.feishu.cn")
        #expect(command.endpointIDs == ["a.b", "c.d"])
        #expect(command.allowWrites && command.quiet)
        #expect(command.maxWrites == 0)
        #expect(command.reportsDirectory == "Reports")
        let environment = CommandEnvironment(
            stdout: CapturedOutput(), stderr: CapturedOutput(),
            variables: [
                "FEISHU_APP_ID": "cli_1", "FEISHU_APP_SECRET": "s3cret-one", "FEISHU_SECOND_APP_ID": "",
                "FEISHU_USER_ACCESS_TOKEN": "u-token-xyz",
            ],
            currentDirectory: URL(fileURLWithPath: "/tmp"))
        let configuration = try command.configuration(environment)
        #expect(configuration.primaryApp == AppCredential(id: "cli_1", secret: "s3cret-one"))
        #expect(configuration.secondApp == nil)
        #expect(configuration.userAccessToken == "u-token-xyz")
        #expect(
            configuration.description
                == "target https://open.feishu.cn/, endpoints a.b, c.d, writes allowed (at most 0), app cli_1:<redacted>, user token <redacted>"
                || configuration.description
                    == "target https://open.feishu.cn, endpoints a.b, c.d, writes allowed (at most 0), app cli_1:<redacted>, user token <redacted>"
        )
        #expect(!configuration.description.contains("s3cret"))
        #expect(try RunCommand.parse([]).configuration(environment).target == .embeddedMock)
    }

    @Test(
        "half a credential pair is a configuration error that names the missing variable",
        arguments: [
            (["FEISHU_APP_ID": "cli_1"], "error: FEISHU_APP_ID is set but FEISHU_APP_SECRET is not; set both or neither\n"),
            (["FEISHU_SECOND_APP_SECRET": "zz-secret"], "error: FEISHU_SECOND_APP_SECRET is set but FEISHU_SECOND_APP_ID is not; set both or neither\n"),
        ])
    func halfCredential(_ variables: [String: String], _ message: String) async {
        let recorder = Recorder()
        let result = await invoke(["run"], variables: variables, actions: actions(recorder: recorder))
        #expect(result.code == .usageError)
        #expect(result.stderr == message)
        #expect(recorder.configurations.withLock { $0.isEmpty })
    }

    @Test("secrets from the environment and --app are redacted from anything printed")
    func redaction() async {
        let leaky = CommandActions(
            lint: { _, _ in .success }, generate: { _, _ in .success },
            mock: { command, environment in
                environment.stdout.write("apps: \(command.apps.map { $0.id + "=" + $0.secret })\n")
                return .success
            },
            executeRun: { configuration, _, _ in
                throw CommandFailure("connection refused while sending \(configuration.primaryApp?.secret ?? "")")
            })
        let mock = await invoke(["mock", "--app", "cli_a:topsecret-a"], actions: leaky)
        #expect(mock.stdout == "apps: [\"cli_a=<redacted>\"]\n")
        let run = await invoke(["run"], variables: ["FEISHU_APP_ID": "cli_1", "FEISHU_APP_SECRET": "envsecret-1"], actions: leaky)
        #expect(run.code == .usageError)
        #expect(run.stderr == "error: connection refused while sending <redacted>\n")
    }
}
