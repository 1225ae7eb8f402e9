"""Every message in the plan's locale (issue 7, item 2): the catalog itself, and what a
Chinese and an English project are told on the command line, in serve and on the pages."""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Project

from battlemap.build import Builder, Options
from battlemap.cli import main
from battlemap.errors import InputError
from battlemap.i18n import STRINGS, strings
from battlemap.logs import read_logs
from battlemap.messages import CATALOG, LOCALES, localized, placeholders
from battlemap.plan import load_plan
from battlemap.serve import LiveSite, overlay, rebuild

PACKAGE = Path(__file__).resolve().parents[1] / "battlemap"
CATALOG_MODULES = {"messages_inputs.py", "messages_plan.py", "messages_run.py"}  # the texts
ZH_PLAN = "---\nyear: 2026\n---\n# 计划\n"  # no locale: zh-CN
EN_PLAN = "---\nyear: 2026\nlocale: en\n---\n# Plan\n"
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# ---------------------------------------------------------------- the catalog


def test_every_message_speaks_both_locales_with_the_same_placeholders():
    assert CATALOG, "the catalog is empty"
    for key, texts in CATALOG.items():
        assert set(texts) == set(LOCALES), key
        assert placeholders(texts["zh-CN"]) == placeholders(texts["en"]), key
        assert all(texts.values()), key


def test_the_page_words_have_the_same_keys_and_placeholders_in_both_locales():
    zh, en = STRINGS["zh-CN"], STRINGS["en"]
    assert set(zh) == set(en)
    assert {k for k in zh if _fields(zh[k]) != _fields(en[k])} == set()


def test_every_page_word_is_an_attribute_of_the_words_and_none_hides_a_dict_method():
    for locale in LOCALES:
        words = strings(locale)
        assert {k for k in words if hasattr(dict, k) or not k.isidentifier()} == set()
        assert all(getattr(words, k) == words[k] == STRINGS[locale][k] for k in STRINGS[locale])
        assert dict(words.items()) == STRINGS[locale]  # the methods are still dict's
        again = pickle.loads(pickle.dumps(words))  # a worker process gets the context
        assert again == words and again.prospects == words["prospects"]


def test_no_message_is_defined_twice():
    from battlemap import messages_inputs, messages_plan, messages_run

    parts = [messages_inputs.INPUTS, messages_plan.PLAN, messages_run.RUN]
    assert sum(len(p) for p in parts) == len(CATALOG)


def _calls() -> list[tuple[str, ast.Call]]:
    """Return every msg(...) call of the package, with its module."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg":
                found.append((path.name, node))
    return found


def test_every_message_made_is_in_the_catalog_with_exactly_its_values():
    calls = _calls()
    assert len(calls) > 100
    wrong = []
    for module, call in calls:
        if not isinstance(call.args[0], ast.Constant):
            continue  # a key chosen at run time: checked where it is chosen (below)
        key = call.args[0].value
        given = {k.arg for k in call.keywords}
        if key not in CATALOG or (None not in given and given != placeholders(CATALOG[key]["en"])):
            wrong.append((module, call.lineno, key, sorted(given - {None})))
    assert wrong == []


def test_every_message_of_the_catalog_is_said_somewhere():
    """A key is said when the code names it (msg("key"), or a table of keys it picks from)."""
    named = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name in CATALOG_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
    named |= {f"special_{kind}" for kind in ("folder", "pipe", "socket", "device")}
    assert set(CATALOG) - named == set()


# the Latin a Chinese message may hold: names of formats, programs and keys, paths, flags and
# the forms an agent types (ids of the plan's keys, `day`, `true`); no English word
ZH_LATIN_OK = {
    "BATTLEMAP", "DEBUG", "GB", "Jinja", "CPU", "CSV", "Ctrl", "Dask", "Excel", "GB18030", "Host", "Jinja2",
    "OpenDocument", "Tab", "UTF", "YAML", "YYYY", "MM", "DD", "as", "of", "baseline", "build",
    "content", "agents", "plan", "md", "csv", "xlsx", "xls", "ods", "customer", "date", "type",
    "day", "week", "weeks", "month", "quarter", "quarters", "types", "growth", "true", "false",
    "default", "extends", "help", "host", "port", "project", "python", "py", "scheduler",
    "serve", "site", "logs", "themes", "http", "wang", "xm", "zip",
}  # fmt: skip
# the Chinese an English message may hold: the forms an agent types (dates, amounts, headers)
EN_CJK_OK = ("2026年3月5日", "1988年3月5日", "3月5日", "12000元", "1.2万", "日期", "类型", "客户",
             "保费")  # fmt: skip


def test_chinese_messages_hold_no_english_word_and_english_ones_no_chinese():
    latin, cjk = {}, {}
    for key, texts in CATALOG.items():
        zh = re.sub(r"\{[^{}]*\}", " ", texts["zh-CN"])
        words = set(LATIN.findall(zh)) - ZH_LATIN_OK
        if words:
            latin[key] = sorted(words)
        en = texts["en"]
        for form in EN_CJK_OK:
            en = en.replace(form, "")
        if CJK.search(en):
            cjk[key] = en
    assert (latin, cjk) == ({}, {})


# ---------------------------------------------------------------- a log's bad rows

ZH_LOG = """\
日期,类型,客户,保费,险种,渠道
2026-01-05,拜访,张三,,,
2026-02-30,拜访,李四,,,
2026-01-06,跳舞,王五,,,
2026-01-07,新单,,1000,健康险,线下
2026-01-08,新单,赵六,一万,健康险,线下
2026-01-09,退保,钱七,500,,线下
"""
ZH_PROBLEMS = [
    "logs/a.csv:3: 日期: 2026-02-30 — 不是日期（请写 2026-03-05、2026/3/5 或 2026年3月5日）",
    "logs/a.csv:4: 类型: 跳舞 — 未知的活动类型（可写：拜访、电话回访、活动、说明会、短视频、朋友圈、"
    "社群推送、新单、续期、退保、转介绍、培训、学习、跟岗、复盘、运动）",
    "logs/a.csv:5: 客户: — 未填写（新单记录需要填客户）",
    "logs/a.csv:6: 保费: 一万 — 不是金额（请写 12000、12,000.50、¥12000、12000元 或 1.2万）",
    "logs/a.csv:7: 险种: — 未填写（退保记录需要填险种）",
]


def test_a_chinese_project_is_told_its_bad_rows_in_chinese(project: Project, capsys):
    project.plan(ZH_PLAN)
    project.log("a.csv", ZH_LOG)
    assert project.build() == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"错误：{p}" for p in ZH_PROBLEMS] + ["构建已停止：5 个问题；site/ 保持原样。"]


def test_an_english_project_is_told_the_same_rows_in_english(project: Project, capsys):
    project.plan(EN_PLAN)
    project.log("a.csv", ZH_LOG)
    assert project.build() == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "error: logs/a.csv:3: 日期: 2026-02-30 — not a date"
        " (write 2026-03-05, 2026/3/5 or 2026年3月5日)"
    )
    assert err[2:] == [  # the column as the file heads it, in either locale
        "error: logs/a.csv:5: 客户: — missing (a policy row needs a customer)",
        "error: logs/a.csv:6: 保费: 一万 — not an amount"
        " (write 12000, 12,000.50, ¥12000, 12000元 or 1.2万)",
        "error: logs/a.csv:7: 险种: — missing (a cancel row needs a product)",
        "Build stopped: 5 problems; site/ was left as it was.",
    ]


def test_a_missing_column_is_named_in_the_locale_of_the_project(project: Project, capsys):
    project.plan(ZH_PLAN)
    project.log("a.csv", "日期,客户\n2026-01-05,张三\n")
    project.log("b.csv", "date,type,customer\n2026-01-05,policy,张三\n")
    assert project.build() == 1
    assert capsys.readouterr().err.splitlines() == [
        "错误：logs/a.csv:1: 类型: — 没有类型（type）列",
        "错误：logs/b.csv:2: 保费: — 未填写（新单记录需要填保费）",  # the file has no such column
        "错误：logs/b.csv:2: 险种: — 未填写（新单记录需要填险种）",
        "错误：logs/b.csv:2: 渠道: — 未填写（新单记录需要填渠道）",
        "构建已停止：4 个问题；site/ 保持原样。",
    ]


def test_every_reason_a_row_is_refused_is_chinese_in_a_chinese_project(project: Project):
    """The tool's words of each problem (its column and why), not the file or the value."""
    project.plan(ZH_PLAN)
    project.log(
        "a.csv",
        "date,type,customer,premium,product,channel,count,note\n"
        "2026-01-05,visit,张三,,,,1.5,\n"
        "2026-01-05,policy,张三,100,health,offline,2,\n"
        "2026-01-05,policy,张三,100,car,tv,,\n"
        "2026-01-05,,张三,,,,,\n"
        ",visit,张三,,,,,\n"
        "1800-01-01,visit,张三,,,,,\n"
        "2026-01-05,policy,张三,-5,health,offline,,\n"
        "2026-01-05,policy,张三,99999999999,health,offline,,\n"
        "2026-01-05,visit,张三,,,,9999999,\n"
        "2026-01-08,visit,赵六,,,,,,,,多\n"
        '2026-01-06,visit,李四,,,,,"开头\n2026-01-07,visit,王五,,,,,\n',
    )
    with pytest.raises(InputError) as caught:
        read_logs(project.root, load_plan(project.root))
    problems = caught.value.items
    whys = {p.why.key for p in problems}
    assert len(whys) == 12, whys  # every reason the rows above give
    # the file heads its columns in English: they stay as it heads them; a record as a whole
    # is 整行
    assert {localized(p.column, "zh-CN") for p in problems} <= {
        "count", "date", "type", "premium", "product", "channel", "note", "整行"
    }  # fmt: skip
    said = {p.why.text("zh-CN") for p in problems}
    assert [why for why in said if LATIN.search(why)] == []


# ---------------------------------------------------------------- the logs and the plan


def test_no_logs_are_said_in_chinese(project: Project, errors):
    project.plan(ZH_PLAN)
    assert project.build() == 1
    assert errors() == [
        "logs/: 没有日志文件 — 请把活动日志以 .csv、.xlsx、.xls 或 .ods 文件放进 logs/"
    ]


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "year: 2026\nmix: {tier: {high: 30, middle: 0.5}}\n",
            "content/plan.md:3: mix.tier.high: 30 — 占比是 0 到 1 之间的小数（请写 0.40 或 40%）",
        ),
        (
            "year: 2026\nmix:\n  product: {health: 0.5, life: 0.4}\n",
            "content/plan.md:4: mix.product: 0.9 — 各项占比加起来必须是 1（100% ± 0.5%）",
        ),
        (
            "year: 2026\ntitle: 计划: 2026\n",
            "content/plan.md:3: YAML 写法有误 — 这里不能出现“键: 值”"
            "（是缩进不对，还是值里的冒号要加引号？）",
        ),
        (
            "year: 2026\nmix: {channel: {offline: 0.5, tv: 0.5}}\n",
            "content/plan.md:3: mix.channel.tv: — 不是渠道（可写：offline（线下）、online（线上）、"
            "referral（转介绍））",
        ),
        ("title: x\n", "content/plan.md: year: — 必填"),
        (
            "year: 2026\ncadences: [{type: visit, count: 1, per: fortnight}]\n",
            "content/plan.md:3: cadences[0].per: fortnight — 请写 day、week、2 weeks、month 或"
            " quarter（也可写 每天、每周、每2周、每月、每季度）",
        ),
    ],
    ids=["share", "mix-sum", "yaml", "mix-key", "required", "per"],
)
def test_plan_errors_are_said_in_chinese(project: Project, errors, front_matter, message):
    project.plan(f"---\n{front_matter}---\n")
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build() == 1
    assert errors() == [message]


def test_a_broken_plan_still_speaks_its_locale_line(project: Project, errors):
    project.plan("---\nyear: 2026\ntitle: plan: 2026\nlocale: en\n---\n")
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build() == 1
    assert errors() == ["content/plan.md:3: invalid YAML — mapping values are not allowed here"]


def test_a_plan_warning_is_said_in_chinese(project: Project, capsys):
    project.plan("---\nyear: 2026\nmotto: 加油\n---\n")
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build() == 0
    assert capsys.readouterr().err.splitlines() == [
        "警告：content/plan.md:3: motto: 不认识的键，已忽略"
    ]


# ---------------------------------------------------------------- themes and flags


def test_a_misspelt_theme_is_named_with_the_themes_there_are(project: Project, capsys):
    project.plan(ZH_PLAN)
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    (project.root / "themes" / "mine" / "templates").mkdir(parents=True)
    assert project.build("--theme", "mien") == 2  # the flag: a usage error
    assert capsys.readouterr().err.splitlines() == [
        "错误：themes/mien/: 没有这个主题文件夹（现有的主题：default、mine）"
    ]
    project.plan("---\nyear: 2026\ntheme: mien\n---\n")
    assert project.build() == 1  # the plan's: a build error
    assert capsys.readouterr().err.splitlines() == [
        "错误：themes/mien/: 没有这个主题文件夹（现有的主题：default、mine）",
        "构建已停止：1 个问题；site/ 保持原样。",
    ]


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (["--bogus"], "不认识的参数：--bogus（python build.py --help 列出所有参数）",
         "unrecognized arguments: --bogus"),
        (["publish"], "参数 command：不认识 'publish'（可写：build、serve）",
         "argument command: invalid choice: 'publish' (choose from build, serve)"),
        (["--s"], "--s 可能是 --skip-bad-rows, --show-names, --scheduler 中的任何一个 — 请写全",
         "ambiguous option: --s could match --skip-bad-rows, --show-names, --scheduler"),
        (["--theme"], "参数 --theme：后面要跟一个值", "argument --theme: expected one argument"),
        (["--poll=yes"], "参数 --poll：不接受值（去掉 'yes'）",
         "argument --poll: ignored explicit argument 'yes'"),
    ],
    ids=["unknown", "choice", "ambiguous", "no-value", "value"],
)  # fmt: skip
def test_a_mistyped_command_line_is_told_in_the_projects_locale(
    project: Project, capsys, args, zh, en
):
    for plan, said in ((ZH_PLAN, f"错误：{zh}"), (EN_PLAN, f"error: {en}")):
        project.plan(plan)
        with pytest.raises(SystemExit) as stop:
            main(["--project", str(project.root), *args])
        assert stop.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1] == said


# ---------------------------------------------------------------- what a build says


@pytest.mark.parametrize(
    ("plan", "built", "where"),
    [
        (
            ZH_PLAN,
            r"已生成 site/（\d+ 个文件）：1 个文件中的 2 行，截至 2026-01-06；"
            r"合并 0 行，跳过 1 行（[\d.]+ 秒）。",
            "用浏览器打开 {} 即可查看。",
        ),
        (
            EN_PLAN,
            r"Built site/ \(\d+ files\) from 2 rows in 1 files as of 2026-01-06:"
            r" 0 merged, 1 skipped \([\d.]+ s\)\.",
            "Open {} in a browser.",
        ),
    ],
    ids=["zh-CN", "en"],
)
def test_a_build_says_what_it_built_and_where_in_the_plans_locale(
    project: Project, capsys, plan, built, where
):
    project.plan(plan)
    project.log("a.csv", "date,type\n2026-01-05,review\n2026-01-06,review\n2026-13-01,review\n")
    assert project.build("--skip-bad-rows") == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(built, out[-2]), out
    assert out[-1] == where.format(project.root / "site" / "index.html")


def test_the_data_quality_page_gives_its_reasons_in_the_plans_locale(project: Project):
    project.log("a.csv", "date,type\n2026-01-05,review\n2026-13-01,review\n2026-01-06,dance\n")
    reasons = {}
    for plan in (ZH_PLAN, EN_PLAN):
        project.plan(plan)
        assert project.build("--skip-bad-rows") == 0
        page = BeautifulSoup(
            (project.root / "site" / "data-quality.html").read_text("utf-8"), "html.parser"
        )
        reasons[plan] = [li.get_text() for li in page.select("ul.problems li")]
    types = "拜访、电话回访、活动、说明会、短视频、朋友圈、社群推送、新单、续期、退保、转介绍、培训、学习、跟岗、复盘、运动"
    assert reasons[ZH_PLAN] == [
        "logs/a.csv:3: date: 2026-13-01 — 不是日期（请写 2026-03-05、2026/3/5 或 2026年3月5日）",
        f"logs/a.csv:4: type: dance — 未知的活动类型（可写：{types}）",
    ]
    assert reasons[EN_PLAN] == [
        "logs/a.csv:3: date: 2026-13-01 — not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)",
        "logs/a.csv:4: type: dance — unknown activity type (one of visit, call, event, briefing,"
        " video, post, group_post, policy, renewal, cancel, referral, training, study, shadow,"
        " review, exercise)",
    ]


# ---------------------------------------------------------------- serve


def test_serve_shows_and_prints_a_chinese_projects_errors_in_chinese(project: Project, capsys):
    project.plan(ZH_PLAN)
    log = project.log("a.csv", "date,type\n2026-01-05,review\n")
    builder, live = Builder(Options(project.root)), LiveSite()
    assert rebuild(builder, live) is not None
    first = capsys.readouterr()
    assert first.out.startswith("已生成 site/（")
    log.write_text("date,type\n2026-01-05,review\n2026-01-06,跳舞\n", "utf-8")
    assert rebuild(builder, live) is None
    message = "logs/a.csv:3: type: 跳舞 — 未知的活动类型（可写：拜访、"
    assert len(live.errors) == 1 and live.errors[0].startswith(message)
    assert capsys.readouterr().err.startswith(f"错误：{message}")
    page, _ = live.page("index.html")
    box = BeautifulSoup(page, "html.parser").find(id="battlemap-error")
    assert box.strong.get_text() == "上次重建失败 — 这是最后一次成功时的页面。请修正文件并保存："
    assert [li.get_text() for li in box.find_all("li")] == live.errors
    log.write_text("date,type\n2026-01-05,review\n2026-01-06,review\n", "utf-8")
    assert rebuild(builder, live) is not None
    assert re.fullmatch(r"已重建 \d+ 个页面，用时 [\d.]+ 秒。\n", capsys.readouterr().out)


def test_the_overlay_says_how_many_more_in_its_locale():
    errors = [f"logs/a.csv:{n}: date: x — why" for n in range(2, 55)]  # 53: 50 shown, 3 more
    zh = BeautifulSoup(overlay(errors, "zh-CN"), "html.parser")
    en = BeautifulSoup(overlay(errors, "en"), "html.parser")
    assert (len(zh.find_all("li")), zh.p.get_text()) == (50, "……还有 3 条")
    assert (len(en.find_all("li")), en.p.get_text()) == (50, "… 3 more")
    assert en.strong.get_text().startswith("The last rebuild failed")


def test_serve_answers_a_foreign_host_and_a_missing_page_in_the_locale():
    from battlemap.serve import Handler

    live = LiveSite(locale="zh-CN")
    sent = []
    handler = Handler.__new__(Handler)
    handler.live, handler.hosts, handler.port, handler.wildcard = live, frozenset(), 1, False
    handler.headers, handler.path = {"Host": "evil.example"}, "/"
    handler._send = lambda body, kind, status=200: sent.append((body.decode(), int(status)))
    handler.do_GET()
    handler.hosts, handler.headers = frozenset({"127.0.0.1"}), {"Host": "127.0.0.1:1"}
    handler.path = "/nope.html"
    handler.do_GET()
    assert sent == [
        ("421：此服务器只回应它自己的地址（Host 请求头）", 421),
        ("找不到这个页面", 404),
    ]


# ---------------------------------------------------------------- no word of the other locale


def _run(project: Project, capsys, *args: str) -> list[str]:
    """Return every line a build printed (stdout and stderr)."""
    project.build(*args)
    out = capsys.readouterr()
    return out.out.splitlines() + out.err.splitlines()


def test_a_chinese_projects_messages_hold_no_english_word_from_the_tool(project: Project, capsys):
    project.plan("---\nyear: 2026\nmotto: 加油\n---\n")
    project.log("a.csv", ZH_LOG)
    lines = _run(project, capsys)
    lines += _run(project, capsys, "--skip-bad-rows")
    lines += _run(project, capsys, "--theme", "mien")
    index = str(project.root / "site" / "index.html")
    found = [
        line
        for line in lines
        if LATIN.search(re.sub(r"(logs|content|themes)/[\w./]*|site/|motto|default", "",
                               line.replace(index, "")))
    ]  # fmt: skip
    assert len(lines) >= 10 and found == []


def test_an_english_projects_messages_hold_no_chinese_from_the_tool(project: Project, capsys):
    project.plan("---\nyear: 2026\nlocale: en\nmotto: go\n---\n")
    project.log(
        "a.csv",
        "date,type,customer,premium,product,channel,phone\n"
        "2026-01-05,visit,Ann,,,,\n2026-02-30,visit,Bob,,,,\n2026-01-06,dance,Cy,,,,\n"
        "2026-01-07,policy,,1000,health,offline,\n2026-01-08,policy,Di,lots,health,offline,\n",
    )
    lines = _run(project, capsys)
    lines += _run(project, capsys, "--skip-bad-rows")
    lines += _run(project, capsys, "--theme", "mien")
    found = [line for line in lines if CJK.search(re.sub("|".join(EN_CJK_OK), "", line))]
    assert len(lines) >= 10 and found == []


def test_an_as_of_outside_the_plans_year_is_said_in_chinese(project: Project, errors):
    project.plan(ZH_PLAN)
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build("--as-of", "2025-06-30") == 2
    assert errors() == [
        "--as-of: 2025-06-30 — 不在 2026 年内，而 content/plan.md 计划的是 2026 年"
        "（请给出 2026-01-01 到 2026-12-31 之间的日期）"
    ]


def test_an_error_keeps_its_messages_and_locale_across_processes():
    import pickle

    from battlemap.errors import PlanError
    from battlemap.messages import Problem, msg

    sent = PlanError([Problem("content/agents/li.md", 0, "year", "", msg("required"))], "zh-CN")
    got = pickle.loads(pickle.dumps(sent))
    assert (type(got), got.locale, got.messages) == (
        PlanError,
        "zh-CN",
        ["content/agents/li.md: year: — required"],
    )
    assert got.texts() == ["content/agents/li.md: year: — 必填"]


def test_an_up_to_date_build_says_so_and_its_warnings_again_in_chinese(project: Project, capsys):
    project.plan("---\nyear: 2026\nmotto: 加油\n---\n")
    project.log("a.csv", "date,type\n2026-01-05,review\n")
    assert project.build() == 0
    capsys.readouterr()
    assert project.build() == 0
    again = capsys.readouterr()
    assert again.err.splitlines() == ["警告：content/plan.md:3: motto: 不认识的键，已忽略"]
    out = again.out.splitlines()
    assert re.fullmatch(r"自上次构建以来没有任何变化：site/ 已是最新（[\d.]+ 秒）。", out[0]), out
    assert out[1] == f"用浏览器打开 {project.root / 'site' / 'index.html'} 即可查看。"
