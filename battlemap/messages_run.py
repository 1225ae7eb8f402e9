"""The messages about a run: the command line and its help, the build's summary, serve's
console and overlay, themes, publishing site/ (see battlemap/messages.py)."""

from __future__ import annotations

RUN: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ the lines the CLI prints
    "error_line": {"zh-CN": "错误：{message}", "en": "error: {message}"},
    "warning_line": {"zh-CN": "警告：{message}", "en": "warning: {message}"},
    "built": {
        "zh-CN": "已生成 site/（{files} 个文件）：{logs} 个文件中的 {rows} 行，截至 {as_of}；"
        "合并 {merged} 行，跳过 {skipped} 行（{seconds:.2f} 秒）。",
        "en": "Built site/ ({files} files) from {rows} rows in {logs} files as of {as_of}:"
        " {merged} merged, {skipped} skipped ({seconds:.2f} s).",
    },
    "up_to_date": {
        "zh-CN": "自上次构建以来没有任何变化：site/ 已是最新（{seconds:.2f} 秒）。",
        "en": "Nothing changed since the last build: site/ is up to date ({seconds:.2f} s).",
    },
    "open_site": {"zh-CN": "用浏览器打开 {path} 即可查看。", "en": "Open {path} in a browser."},
    "build_stopped_one": {
        "zh-CN": "构建已停止：{count} 个问题；site/ 保持原样。",
        "en": "Build stopped: {count} problem; site/ was left as it was.",
    },
    "build_stopped": {
        "zh-CN": "构建已停止：{count} 个问题；site/ 保持原样。",
        "en": "Build stopped: {count} problems; site/ was left as it was.",
    },
    "internal_error": {
        "zh-CN": "内部错误：{kind}: {detail}",
        "en": "internal error: {kind}: {detail}",
    },
    "internal_stopped": {
        "zh-CN": "构建已停止；site/ 保持原样。设置 BATTLEMAP_DEBUG=1 可查看详情。",
        "en": "Build stopped; site/ was left as it was. Set BATTLEMAP_DEBUG=1 for details.",
    },
    # ------------------------------------------------------------ flags
    "no_project": {
        "zh-CN": "--project {path}: 没有这个文件夹 — 请给出放着 content/plan.md 的文件夹",
        "en": "--project {path}: no such folder — give the folder that holds content/plan.md",
    },
    "project_is_file": {
        "zh-CN": "--project {path}: 这是文件，不是文件夹 — 请给出放着 content/plan.md 的文件夹",
        "en": "--project {path}: a file, not a folder — give the folder that holds content/plan.md",
    },
    "not_a_port": {
        "zh-CN": "不是端口号：{text!r}（0 到 65535；0 表示任选一个空闲端口）",
        "en": "not a port: {text!r} (0 to 65535; 0 takes any free port)",
    },
    "not_a_date_flag": {
        "zh-CN": "不是日期：{text!r}（请写 2026-03-31）",
        "en": "not a date: {text!r} (write 2026-03-31)",
    },
    "implausible_date_flag": {
        "zh-CN": "日期不合理：{text!r}（请写 2026-03-31）",
        "en": "not a plausible date: {text!r} (write 2026-03-31)",
    },
    "not_workers": {
        "zh-CN": "不是进程数：{text!r}（请写 1、2……）",
        "en": "not a number of processes: {text!r} (write 1, 2, …)",
    },
    "flag_problem": {"zh-CN": "参数 {flag}：{why}", "en": "argument {flag}: {why}"},
    "expects_value": {"zh-CN": "后面要跟一个值", "en": "expected one argument"},
    "invalid_choice": {
        "zh-CN": "不认识 {value}（可写：{choices}）",
        "en": "invalid choice: {value} (choose from {choices})",
    },
    "takes_no_value": {
        "zh-CN": "不接受值（去掉 {value}）",
        "en": "ignored explicit argument {value}",
    },
    "unknown_arguments": {
        "zh-CN": "不认识的参数：{args}（python build.py --help 列出所有参数）",
        "en": "unrecognized arguments: {args}",
    },
    "ambiguous_option": {
        "zh-CN": "{option} 可能是 {matches} 中的任何一个 — 请写全",
        "en": "ambiguous option: {option} could match {matches}",
    },
    "usage_other": {"zh-CN": "命令行有误：{detail}", "en": "{detail}"},
    "scheduler_unreachable": {
        "zh-CN": "--scheduler {address}: 连不上调度器 — {why}",
        "en": "--scheduler {address}: cannot reach the scheduler — {why}",
    },
    # ------------------------------------------------------------ --help
    "help_usage": {"zh-CN": "用法：", "en": "usage: "},
    "help_positionals": {"zh-CN": "命令", "en": "positional arguments"},
    "help_options": {"zh-CN": "选项", "en": "options"},
    "help_help": {"zh-CN": "显示这份帮助并退出", "en": "show this help message and exit"},
    "help_description": {
        "zh-CN": "用 content/plan.md 和 logs/**/*.csv（或 .xlsx、.xls、.ods 工作簿）生成网站。",
        "en": "Build the Battlemap site from content/plan.md and logs/**/*.csv"
        " (or .xlsx, .xls, .ods workbooks).",
    },
    "help_command": {
        "zh-CN": "build：构建一次［默认］；serve：预览 site/，每次保存后重建",
        "en": "build once [default], or serve site/ and rebuild on every save",
    },
    "help_project": {"zh-CN": "项目文件夹［.］", "en": "project folder [.]"},
    "help_as_of": {
        "zh-CN": "复盘日期，计划年份中的一天［该年最新的日志日期］",
        "en": "the review date, a day of the plan's year [the latest log date in it]",
    },
    "help_skip_bad_rows": {
        "zh-CN": "有问题的行也照样构建，并列出这些行",
        "en": "build anyway, listing bad rows",
    },
    "help_show_names": {
        "zh-CN": "显示客户全名（仅供自己看的网站）",
        "en": "full customer names (private build)",
    },
    "help_theme": {
        "zh-CN": "themes/ 下的主题文件夹［计划里的主题，否则 default］",
        "en": "theme folder under themes/ [the plan's, else default]",
    },
    "help_team": {
        "zh-CN": "团队项目（content/agents/）",
        "en": "team projects (content/agents/)",
    },
    "help_workers": {
        "zh-CN": "用 N 个进程构建：团队里各业务员的网站，或单人网站的页面［每个 CPU 核心一个］",
        "en": "build in N processes: a team's agent sites, a one-agent site's pages [one per core]",
    },
    "help_scheduler": {
        "zh-CN": "在这个 Dask 调度器的集群上构建各业务员的网站（各节点共用项目文件夹）",
        "en": "build the agents' sites on this Dask scheduler's cluster (workers share the folder)",
    },
    "help_serve": {"zh-CN": "预览（serve）", "en": "serve"},
    "help_port": {
        "zh-CN": "端口［8000；0：任选空闲端口］",
        "en": "port to serve on [8000; 0: any]",
    },
    "help_host": {"zh-CN": "监听的地址［127.0.0.1］", "en": "address to serve on [127.0.0.1]"},
    "help_poll": {
        "zh-CN": "定时检查文件变化（用于网络驱动器）",
        "en": "poll for changes (network drives)",
    },
    # ------------------------------------------------------------ serve
    "serving": {
        "zh-CN": "正在预览 http://{host}:{port}/ — 监视 content/、logs/ 和 themes/；"
        "按 Ctrl-C 停止。",
        "en": "Serving http://{host}:{port}/ — watching content/, logs/ and themes/; Ctrl-C stops.",
    },
    "rebuilt": {
        "zh-CN": "已重建 {n} 个页面，用时 {seconds:.2f} 秒。",
        "en": "Rebuilt {n} pages in {seconds:.2f} s.",
    },
    "stopped": {"zh-CN": "已停止。", "en": "Stopped."},
    "cannot_serve": {
        "zh-CN": "无法在 {host}:{port} 上预览 — {why}；请换一个 --port，或用 --host 127.0.0.1",
        "en": "cannot serve on {host}:{port} — {why}; try another --port, or --host 127.0.0.1",
    },
    "bad_address": {"zh-CN": "地址或端口无效（{detail}）", "en": "{detail}"},
    "serve_internal": {
        "zh-CN": "处理请求时出现内部错误：{detail}",
        "en": "internal error serving a request: {detail}",
    },
    "overlay_title": {
        "zh-CN": "上次重建失败 — 这是最后一次成功时的页面。请修正文件并保存：",
        "en": "The last rebuild failed — this is the last good page. Fix the file and save:",
    },
    "overlay_more": {"zh-CN": "……还有 {n} 条", "en": "… {n} more"},
    "misdirected": {
        "zh-CN": "421：此服务器只回应它自己的地址（Host 请求头）",
        "en": "421: this server answers only to its own address (Host header)",
    },
    "not_found": {"zh-CN": "找不到这个页面", "en": "not found"},
    # ------------------------------------------------------------ themes (SPEC §5)
    "no_such_theme": {
        "zh-CN": "themes/{name}/: 没有这个主题文件夹（现有的主题：{names}）",
        "en": "themes/{name}/: no such theme folder (themes there are: {names})",
    },
    "bad_theme_name": {
        "zh-CN": "主题 {name!r}：主题是 themes/ 下一个文件夹的名字，不能含 / 或 .."
        "（现有的主题：{names}）",
        "en": "theme {name!r}: a theme is the name of a folder under themes/, without / or .."
        " (themes there are: {names})",
    },
    "outside_link": {
        "zh-CN": "{path}: 是指向项目之外 {target} 的链接 — 请把文件复制进主题",
        "en": "{path}: a link to {target}, outside the project — copy the file into the theme",
    },
    "template_cycle": {
        "zh-CN": "{path}: 模板 {chain} — 它包含或继承了自己；要在自带的模板上修改，"
        '请写 {{% extends "default:{name}" %}}',
        "en": "{path}: the template {chain} — it includes or extends itself; to build on the"
        ' shipped one, write {{% extends "default:{name}" %}}',
    },
    "template_failed": {"zh-CN": "模板出错（Jinja2：{detail}）", "en": "{detail}"},
    "two_pages": {
        "zh-CN": "两个页面会写到同一个路径 {path}",
        "en": "two pages would be written to {path}",
    },
    # ------------------------------------------------------------ publishing site/
    "cannot_write": {
        "zh-CN": "{path}: 无法写入新网站 — {why}；{site} 保持原样",
        "en": "{path}: cannot write the new site — {why}; {site} was left as it was",
    },
    "site_is_file": {
        "zh-CN": "{site}: 这是文件，不是文件夹 — 请把它移走；网站要写在这里",
        "en": "{site}: a file, not a folder — move it away; Battlemap writes the site there",
    },
    "no_parent": {
        "zh-CN": "{site}: 是指向 {target} 的链接，但它所在的文件夹 {parent} 不存在",
        "en": "{site}: a link to {target}, whose folder {parent} does not exist",
    },
}
