"""The messages about plans (content/plan.md, a team's content/agents/*.md): reading the file,
its YAML, its keys' values and the checks across keys (see battlemap/messages.py)."""

from __future__ import annotations

PLAN: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ the file and its YAML
    "plan_not_found": {
        "zh-CN": "找不到 — 每个项目都需要一份计划",
        "en": "not found — every project needs a plan",
    },
    "plan_not_utf8": {
        "zh-CN": "不是 UTF-8 文本 — 请另存为 UTF-8",
        "en": "not UTF-8 text — save it as UTF-8",
    },
    "no_front_matter": {
        "zh-CN": "没有 YAML 头部 — 请在文件第一行写 ---",
        "en": "no YAML front matter — start the file with a --- line",
    },
    "invalid_yaml": {"zh-CN": "YAML 写法有误 — {why}", "en": "invalid YAML — {why}"},
    "yaml_says": {"zh-CN": "YAML 解析器提示：{detail}", "en": "{detail}"},
    "yaml_colon": {
        "zh-CN": "这里不能出现“键: 值”（是缩进不对，还是值里的冒号要加引号？）",
        "en": "mapping values are not allowed here",
    },
    "yaml_no_colon": {
        "zh-CN": "这里应该有一个冒号 “:”",
        "en": "could not find expected ':'",
    },
    "yaml_no_key": {
        "zh-CN": "这里应该是一个键（缩进是否对齐？）",
        "en": "did not find expected key",
    },
    "yaml_tab": {
        "zh-CN": "有制表符（Tab）— YAML 只能用空格缩进",
        "en": "found character '\\t' that cannot start any token",
    },
    "yaml_bad_character": {
        "zh-CN": "有不能出现在这里的字符 {char}（要写它请加引号）",
        "en": "found character {char} that cannot start any token",
    },
    "yaml_unclosed": {
        "zh-CN": "文件在这里意外结束（引号或括号没有闭合？）",
        "en": "found unexpected end of stream",
    },
    "yaml_block_end": {
        "zh-CN": "缩进不一致（同一层的键要对齐；YAML 在这里读到 {found}）",
        "en": "expected <block end>, but found {found}",
    },
    "yaml_node": {
        "zh-CN": "这里应该有一个值",
        "en": "did not find expected node content",
    },
    "yaml_item": {
        "zh-CN": "这里应该是列表的一项（以 - 开头）",
        "en": "did not find expected '-' indicator",
    },
    "yaml_flow": {
        "zh-CN": "方括号或花括号里的写法有误（这里应为 ',' 或 {closer}）",
        "en": "did not find expected ',' or {closer}",
    },
    "yaml_flow_end": {
        "zh-CN": "方括号或花括号没有闭合（这里应为 ',' 或 {closer}，却是 {got}）",
        "en": "expected ',' or {closer}, but got {got}",
    },
    "yaml_escape": {
        "zh-CN": "引号里有不认识的转义字符 {char}",
        "en": "found unknown escape character {char}",
    },
    "no_aliases": {
        "zh-CN": "别名（*{name}）— 计划不读取 YAML 的锚点和别名；请把值直接写出来",
        "en": "an alias (*{name}) — a plan does not read YAML anchors and aliases;"
        " write the value out",
    },
    "too_deep": {
        "zh-CN": "嵌套超过 {depth} 层",
        "en": "nested more than {depth} levels deep",
    },
    "front_matter_not_mapping": {
        "zh-CN": "YAML 头部必须是“键: 值”的映射",
        "en": "the front matter must be a mapping of keys",
    },
    "given_twice_line": {
        "zh-CN": "重复给出，都在第 {line} 行（请只保留一个）",
        "en": "given twice, on line {line} (keep one)",
    },
    "given_twice_lines": {
        "zh-CN": "重复给出，在第 {first} 行和第 {line} 行（请只保留一个）",
        "en": "given twice, on lines {first} and {line} (keep one)",
    },
    "no_character": {
        "zh-CN": "含有 {code}，这不是文本里的字符",
        "en": "holds {code}, which is no character of text",
    },
    # ------------------------------------------------------------ a key's value (the schema)
    "required": {"zh-CN": "必填", "en": "required"},
    "not_a_number": {"zh-CN": "不是数字", "en": "not a number"},
    "not_finite": {"zh-CN": "不是有限的数", "en": "not a finite number"},
    "not_whole": {"zh-CN": "不是整数", "en": "not a whole number"},
    "not_a_text": {"zh-CN": "不是文本", "en": "not text"},
    "not_a_mapping": {"zh-CN": "不是“键: 值”的映射", "en": "not a mapping of keys"},
    "not_a_list": {"zh-CN": "不是列表", "en": "not a list"},
    "true_or_false": {"zh-CN": "请写 true 或 false", "en": "write true or false"},
    "at_least_one": {"zh-CN": "至少要写一项", "en": "give at least one"},
    "more_than_allowed": {
        "zh-CN": "超过计划允许的 {bound:,}",
        "en": "more than the {bound:,} a plan allows",
    },
    "at_least": {"zh-CN": "至少应为 {bound}", "en": "must be at least {bound}"},
    "key_not_text": {
        "zh-CN": "键必须是文本（请加引号）",
        "en": "a key must be text (put it in quotes)",
    },
    "too_many_items": {"zh-CN": "超过 {n} 项", "en": "more than {n} items"},
    "one_of_values": {"zh-CN": "应为 {expected} 之一", "en": "Input should be {expected}"},
    "share_range": {
        "zh-CN": "占比是 0 到 1 之间的小数（请写 0.40 或 40%）",
        "en": "a share is a fraction from 0 to 1 (write 0.40 or 40%)",
    },
    "age_range": {
        "zh-CN": "请写 [下限, 上限]：两个整数，下限 <= 上限",
        "en": "write [low, high]: two whole numbers with low <= high",
    },
    "invalid_value": {"zh-CN": "值不符合要求（{detail}）", "en": "{detail}"},
    # ------------------------------------------------------------ checks across keys
    "built_in_already": {
        "zh-CN": "{id} 已经是内置的，不用再声明",
        "en": "{id} is built in already",
    },
    "label_in_use": {"zh-CN": "这个名称已被使用", "en": "label already in use"},
    "growth_needs_baseline": {
        "zh-CN": "增长目标需要 baseline.{key}（去年的实际数）",
        "en": "a growth target needs baseline.{key}",
    },
    "growth_or_amount": {
        "zh-CN": "请写 growth（增长率）或一个金额，二者选一",
        "en": "give growth or an amount",
    },
    "not_a_product_key": {
        "zh-CN": "不是险种（可写：{choices}）",
        "en": "not a product (one of {choices})",
    },
    "not_a_tier_key": {
        "zh-CN": "不是客户分层（可写：{choices}）",
        "en": "not a tier (one of {choices})",
    },
    "not_a_channel_key": {
        "zh-CN": "不是渠道（可写：{choices}）",
        "en": "not a channel (one of {choices})",
    },
    "mix_sum": {
        "zh-CN": "各项占比加起来必须是 1（100% ± 0.5%）",
        "en": "shares must add up to 1 (100% ± 0.5%)",
    },
    "not_a_type_key": {
        "zh-CN": "不是活动类型（请在 types: 下声明）",
        "en": "not an activity type (declare it under types:)",
    },
    "per_help": {
        "zh-CN": "请写 day、week、2 weeks、month 或 quarter"
        "（也可写 每天、每周、每2周、每月、每季度）",
        "en": "use day, week, 2 weeks, month or quarter",
    },
    "window_too_long": {
        "zh-CN": "一个周期最长一年（366 天、12 个月）",
        "en": "a window is at most a year (366 days, 12 months)",
    },
    # ------------------------------------------------------------ warnings
    "unknown_key": {
        "zh-CN": "{where}: {key}: 不认识的键，已忽略",
        "en": "{where}: {key}: unknown key ignored",
    },
    "quarter_shares": {
        "zh-CN": "{where}: quarters: 各季度保费占比加起来是 {total:g}",
        "en": "{where}: quarters: premium shares add up to {total:g}",
    },
    "baseline_off": {
        "zh-CN": "{where}: baseline.{key}: {plan} — {year} 年的日志得出 {logs}（{gap:+.1%}）："
        "请核对基数或去年的日志",
        "en": "{where}: baseline.{key}: {plan} — the {year} logs give {logs} ({gap:+.1%}):"
        " check the baseline or last year's logs",
    },
    # ------------------------------------------------------------ a team's agent plans (§9)
    "agent_plan_name": {
        "zh-CN": "{file}: {name} — 业务员计划的文件名就是它在网站里的地址："
        "只能用小写字母、数字和 -（如 wang-xm.md）",
        "en": "{file}: {name} — an agent plan's name is its address in the site: lowercase"
        " letters, digits and - (wang-xm.md)",
    },
    "agent_required": {
        "zh-CN": "必填（即日志“业务员”列里的名字）",
        "en": "required (the name the logs' agent column carries)",
    },
    "agent_year": {"zh-CN": "团队计划是 {year} 年的", "en": "the team's plan is for {year}"},
    "agent_named_too": {"zh-CN": "{other} 也写了这个名字", "en": "{other} names it too"},
    # ------------------------------------------------------------ --as-of against the plan
    "as_of_outside": {
        "zh-CN": "--as-of: {as_of} — 不在 {year} 年内，而 content/plan.md 计划的是 {year} 年"
        "（请给出 {year}-01-01 到 {year}-12-31 之间的日期）",
        "en": "--as-of: {as_of} — not in {year}, the year content/plan.md plans"
        " (give a date from {year}-01-01 to {year}-12-31)",
    },
}
