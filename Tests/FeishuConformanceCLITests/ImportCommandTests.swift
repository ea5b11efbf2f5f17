import Foundation
import Testing

@testable import FeishuConformanceCLI

/// `feishu-conformance import`: the command's contract (flags, one spec per endpoint page, exit
/// codes 0 / 1 / 2), on pages written here in the GFM export's shape.
@Suite("import: the command's contract")
struct ImportCommandTests {
    static let page = """
        ---
        title: "查看小部件"
        fullPath: "/uAjLw4CM/ukTMukTMukTM/reference/demo-v1/gadget/get"
        updateTime: "1700000000000"
        ---

        # 查看小部件

        ## 请求

        | 项目 | 值 |
        | --- | --- |
        | HTTP URL | https://open.feishu.cn/open-apis/demo/v1/gadgets/:gadget_id |
        | HTTP Method | GET |
        | 接口频率限制 | [100 次/分钟](https://open.larkoffice.com/document/ukTMukTMukTM/uUzN04SN3QjL1cDN) |
        | 支持的应用类型 | custom |
        | 权限要求 | `demo:gadget:read` 查看小部件 |

        ### 请求头

        | 名称 | 类型 | 必填 | 描述 |
        | --- | --- | --- | --- |
        | Authorization | string | 是 | `tenant_access_token` **值格式**："Bearer `access_token`" **示例值**："Bearer t-0123" |

        ### 路径参数

        | 名称 | 类型 | 描述 |
        | --- | --- | --- |
        | `gadget_id` | `string` | 小部件 ID<br>**示例值**："gd_1"<br>**数据校验规则**：<br>- 长度范围：`1` ～ `32` 字符 |

        ## 响应

        ### 响应体

        | 名称 | 类型 | 描述 |
        | --- | --- | --- |
        | `code` | `int` | 错误码 |
        | `msg` | `string` | 错误描述 |
        | `data` | `\\-` | \\- |
        | &nbsp;&nbsp;└ `label` | `string` | 名字 |

        ### 错误码

        | HTTP状态码 | 错误码 | 描述 | 排查建议 |
        | --- | --- | --- | --- |
        | 400 | 7770001 | invalid param | 参数错误 |
        """

    static let guide = "# 小部件概述\n\n小部件是租户里的一个小东西。\n"

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("import-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("pages/demo-v1"), withIntermediateDirectories: true)
        try Data(Self.page.utf8).write(to: dir.appendingPathComponent("pages/demo-v1/get.md"))
        try Data(Self.guide.utf8).write(to: dir.appendingPathComponent("pages/demo-v1/overview.md"))
        return dir
    }

    @Test("--help states the flags, the arguments and the exit codes")
    func help() async {
        let result = await invoke(["import", "--help"], actions: .standard)
        #expect(result.code == .success)
        #expect(result.stdout.contains("USAGE: feishu-conformance import <page.md|dir> ... [--out <dir>] [--check]\n"))
        #expect(result.stdout.contains("[--verbose]"))
        #expect(result.stdout.contains("ARGUMENTS:"))
        #expect(result.stdout.contains("Exit status: 0 when every endpoint page was imported lint clean"))
        #expect(result.stdout.contains("2 for usage errors"))
    }

    @Test(
        "usage errors exit 2 with a precise message",
        arguments: [
            (["import"], "error: missing argument <page.md|dir>: one or more doc pages or directories of them"),
            (
                ["import", "/nonexistent/feishu-docs"],
                "error: import: /nonexistent/feishu-docs: no such file or directory: give doc pages (*.md, *.markdown, *.txt) or directories holding them"
            ),
            (["import", "--out"], "error: --out needs a value: --out <dir>, where <dir> is a directory path"),
            (["import", "--frobnicate", "x.md"], "error: unknown option '--frobnicate'"),
        ])
    func usageErrors(_ arguments: [String], _ message: String) async {
        let result = await invoke(arguments, actions: .standard)
        #expect(result.code == .usageError)
        #expect(result.stderr.split(separator: "\n").first.map(String.init) == message)
    }

    @Test("a directory: one spec per endpoint page, platform.json beside it, exit 0; a second run changes nothing")
    func importsDirectory() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = await invoke(["import", "--out", "out", "pages"], actions: .standard, directory: dir)
        #expect(first.code == .success, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("specs imported: 1 (into out)"))
        #expect(first.stdout.contains("1 notEndpoint"))
        #expect(first.stderr.contains("1 spec(s) written"))
        let text = try String(contentsOf: dir.appendingPathComponent("out/demo.v1.gadget.get.json"), encoding: .utf8)
        #expect(text.contains("\"tier\": \"imported\""))
        #expect(text.contains("\"page\": \"pages/demo-v1/get.md\""))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/platform.json").path))
        let lint = await invoke(["lint", "--specs", "out"], actions: .standard, directory: dir)
        #expect(lint.code == .success, "\(lint.stdout)")
        let second = await invoke(["import", "--out", "out", "pages"], actions: .standard, directory: dir)
        #expect(second.code == .success)
        #expect(second.stderr.contains("0 spec(s) written, 1 unchanged"))
    }

    @Test("a page named that is not an endpoint page is a problem: exit 1, named")
    func explicitGuide() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = await invoke(["import", "--out", "out", "pages/demo-v1/overview.md"], actions: .standard, directory: dir)
        #expect(result.code == .failure)
        #expect(result.stdout.contains("pages/demo-v1/overview.md: not imported: not an endpoint page"))
    }

    @Test("a curated spec is never overwritten; --check prints the drift as Markdown and exits 1")
    func curatedAndCheck() async throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await invoke(["import", "--out", "out", "pages"], actions: .standard, directory: dir)
        // Curate it: no tier, a different rate limit than the page says today.
        let url = dir.appendingPathComponent("out/demo.v1.gadget.get.json")
        let curated = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "  \"tier\": \"imported\",\n", with: "")
            .replacingOccurrences(of: "\"count\": 100", with: "\"count\": 50")
        try Data(curated.utf8).write(to: url)

        let again = await invoke(["import", "--out", "out", "pages"], actions: .standard, directory: dir)
        #expect(again.code == .success)
        #expect(again.stdout.contains("1 curatedKept"))
        #expect(try String(contentsOf: url, encoding: .utf8) == curated)

        let check = await invoke(["import", "--check", "--out", "out", "pages"], actions: .standard, directory: dir)
        #expect(check.code == .failure)
        #expect(check.stdout.hasPrefix("# Doc drift"))
        #expect(check.stdout.contains("| changed | `rateLimits` | [50/minute] | [100/minute] |"))
        #expect(try String(contentsOf: url, encoding: .utf8) == curated, "--check writes nothing")
    }
}
