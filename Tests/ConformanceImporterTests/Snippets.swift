/// Small doc pages written for these tests, shaped like the two exports of the platform's docs
/// (the wording is ours; no page of the platform is copied).
enum Snippets {
    /// The GFM export: front matter title/fullPath/updateTime, outer pipes, `<br>` in cells,
    /// nested rows marked `&nbsp;&nbsp;└`, a regex holding `|` inside a code span.
    static let gfmCreate = """
        ---
        title: "新建小部件"
        fullPath: "/uAjLw4CM/ukTMukTMukTM/reference/demo-v1/gadget/create"
        updateTime: "1700000000000"
        ---

        # 新建小部件

        新建一个小部件，一个租户最多可拥有 200 个小部件。

        ## 请求

        | 项目 | 值 |
        | --- | --- |
        | HTTP URL | https://open.feishu.cn/open-apis/demo/v1/gadgets |
        | HTTP Method | POST |
        | 接口频率限制 | [50 次/分钟、5 次/秒](https://open.larkoffice.com/document/ukTMukTMukTM/uUzN04SN3QjL1cDN) |
        | 支持的应用类型 | custom,isv |
        | 权限要求             调用该 API 所需的权限。开启其中任意一项权限即可调用 开启任一权限即可 | `demo:gadget` 管理小部件 `demo:gadget:write` 新建小部件 |

        ### 请求头

        | 名称 | 类型 | 必填 | 描述 |
        | --- | --- | --- | --- |
        | Authorization | string | 是 | `tenant_access_token` 或 `user_access_token` **值格式**："Bearer `access_token`" **示例值**："Bearer t-0123456789abcdef" [了解更多：令牌](https://example.invalid/token) |
        | Content-Type | string | 是 | **固定值**："application/json; charset=utf-8" |

        ### 查询参数

        | 名称 | 类型 | 必填 | 描述 |
        | --- | --- | --- | --- |
        | `owner_id_type` | `string` | 否 | 所有者 ID 的类型<br>**示例值**：open_id<br>**可选值有**：<br>- `open_id`: 应用内身份 - `user_id`: 租户内身份<br>**默认值**：`open_id` |

        ### 请求体

        | 名称 | 类型 | 必填 | 描述 |
        | --- | --- | --- | --- |
        | `label` | `string` | 是 | 小部件的名字，最多20个字符。<br>**示例值**："晴天" |
        | `size` | `int` | 是 | 尺寸<br>**示例值**：3<br>**默认值**：`1`<br>**数据校验规则**：<br>- 取值范围：`1` ～ `9` |
        | `homepage` | `string` | 否 | 主页地址<br>**示例值**："https://example.invalid/a"<br>**数据校验规则**：<br>- 正则校验：`(https?|ftp)://[-A-Za-z0-9+&@#/%?=~_|!:,.;]+` |
        | `tags` | `string\\[\\]` | 否 | 标签<br>**示例值**：red<br>**可选值有**：<br>- `red`: 红 - `blue`: 蓝<br>**数据校验规则**：<br>- 长度范围：`0` ～ `5` |
        | `names` | `i18n` | 否 | 多语言名字，最多20个字符。 |
        | &nbsp;&nbsp;└ `zh_cn` | `string` | 否 | 中文名<br>**示例值**："晴天" |
        | &nbsp;&nbsp;└ `en_us` | `string` | 否 | 英文名<br>**示例值**："Sunny" |

        ### 请求体示例

        ```json
        {
            "label": "晴天",
            "size": 3
        }
        ```

        ## 响应

        ### 响应体

        | 名称 | 类型 | 描述 |
        | --- | --- | --- |
        | `code` | `int` | 错误码，非 0 表示失败 |
        | `msg` | `string` | 错误描述 |
        | `data` | `\\-` | \\- |
        | &nbsp;&nbsp;└ `gadget` | `gadget` | 小部件 |
        | &nbsp;&nbsp;&nbsp;&nbsp;└ `gadget_id` | `string` | 小部件 ID |
        | &nbsp;&nbsp;&nbsp;&nbsp;└ `label` | `string` | 名字 |
        | &nbsp;&nbsp;&nbsp;&nbsp;└ `memo` | `string` | 备注，仅在设置了备注时返回 |

        ### 响应体示例

        ```json
        {
            "code": 0,
            "msg": "success",
            "data": {
                "gadget": {
                    "gadget_id": "gd_abc123",
                    "label": "晴天"
                }
            }
        }
        ```

        ### 错误码

        | HTTP状态码 | 错误码 | 描述 | 排查建议 |
        | --- | --- | --- | --- |
        | 400 | 7770001 | invalid param | 参数错误，按文档检查参数 |
        | 400 | 7770002 | label exceeds the max length | 名字过长 |
        | 500 | 7770003 | internal error | 稍后重试，或[联系我们](https://example.invalid/help) |
        """

    /// The seeds' export: no outer pipes, cells over hard-broken lines (two trailing spaces),
    /// nesting shown only by the JSON examples, a list with Feishu's pagination.
    static let seedList = """
        ---
        title: "列出小部件"
        source_url: https://open.feishu.cn/document/server-docs/demo-v1/gadget/list
        ---
        最后更新于 2024-01-02

        # 列出小部件

        列出租户的小部件，按照创建时间倒序排列。

        ## 请求

        基本 | 
        --- | ---
        HTTP URL | https://open.feishu.cn/open-apis/demo/v1/gadgets
        HTTP Method | GET
        接口频率限制 | [100 次/分钟](https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN)
        支持的应用类型 | 自建应用、商店应用
        权限要求  
                    **调用该 API 所需的权限。开启其中任意一项权限即可调用** | 查看小部件(demo:gadget:read)  
                    管理小部件(demo:gadget)

        ### 请求头

        名称 | 类型 | 必填 | 描述
        --- | --- | --- | ---
        Authorization | string | 是 | `tenant_access_token`  
        **值格式**："Bearer `access_token`"  
        **示例值**："Bearer t-0123456789abcdef"

        ### 查询参数

        名称 | 类型 | 必填 | 描述
        --- | --- | --- | ---
        page_size | int | 是 | 每页个数  
        **示例值**：10  
        **默认值**：`20`  
        **数据校验规则**：  
        - 取值范围：`1` ～ `50`
        page_token | string | 否 | 分页标记  
        **示例值**："pt1"
        label | string | 否 | 名字，精确匹配。  
        **示例值**："晴天"

        ## 响应

        ### 响应体

        名称 | 类型 | 描述
        --- | --- | ---
        code | int | 错误码，非 0 表示失败
        msg | string | 错误描述
        data | \\- | \\-
        items | gadget\\[\\] | 小部件列表
        gadget_id | string | 小部件 ID
        label | string | 名字
        names | i18n | 多语言名字
        zh_cn | string | 中文名
        en_us | string | 英文名
        page_token | string | 分页标记，当 has_more 为 true 时，会同时返回新的 page_token，否则不返回 page_token
        has_more | boolean | 是否还有更多项

        ### 响应体示例
        ```json
        {
            "code": 0,
            "msg": "success",
            "data": {
                "items": [
                    {
                        "gadget_id": "gd_abc123",
                        "label": "晴天",
                        "names": { "zh_cn": "晴天", "en_us": "Sunny" }
                    }
                ],
                "page_token": "pt2",
                "has_more": true
            }
        }
        ```

        ### 错误码

        HTTP状态码 | 错误码 | 描述 | 排查建议
        --- | --- | --- | ---
        400 | 7770001 | invalid param | 参数错误
        """

    /// A download by path parameter, user tokens only, with a rate limit given only as a tier.
    static let gfmDownload = """
        ---
        title: "下载小部件图标"
        fullPath: "/uAjLw4CM/ukTMukTMukTM/demo-v1/gadget/download"
        ---

        # 下载小部件图标

        ## 请求

        | 项目 | 值 |
        | --- | --- |
        | HTTP URL | https://open.feishu.cn/open-apis/demo/v1/gadgets/:gadget_id/download |
        | HTTP Method | GET |
        | 接口频率限制 | [特殊频控](https://open.larkoffice.com/document/ukTMukTMukTM/uUzN04SN3QjL1cDN) |
        | 支持的应用类型 | custom |
        | 权限要求 | `demo:gadget:read` 查看小部件 |

        ### 请求头

        | 名称 | 类型 | 必填 | 描述 |
        | --- | --- | --- | --- |
        | Authorization | string | 是 | `user_access_token` **值格式**："Bearer `access_token`" **示例值**："Bearer u-0123456789abcdef" |

        ### 路径参数

        | 名称 | 类型 | 描述 |
        | --- | --- | --- |
        | `gadget_id` | `string` | 小部件 ID<br>**示例值**："gd_abc123" |

        ### 附加信息

        | 列一 | 列二 |
        | --- | --- |
        | a | b |

        ## 响应

        HTTP状态码为 200 时，表示成功

        返回文件二进制流

        ### 错误码

        | HTTP状态码 | 错误码 | 描述 | 排查建议 |
        | --- | --- | --- | --- |
        | 404 | 7770404 | gadget not found | 小部件不存在 |
        """

    /// An event page: pushed to the app, nothing to call.
    static let event = """
        ---
        title: "小部件已删除"
        ---

        # 小部件已删除

        ## 事件

        | 基本 | |
        | --- | --- |
        | 事件类型 | demo.gadget.deleted_v1 |

        ### 事件体

        | 名称 | 类型 | 描述 |
        | --- | --- | --- |
        | `gadget_id` | `string` | 小部件 ID |
        """

    /// A guide: no basic-information table.
    static let guide = """
        # 小部件概述

        小部件是租户里的一个小东西。

        | 方法 | 说明 |
        | --- | --- |
        | 新建 | 新建一个小部件 |
        """
}
