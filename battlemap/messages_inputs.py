"""The messages about input files: log files and their cells, workbooks, the customer file,
review notes, files that are no regular file (see battlemap/messages.py)."""

from __future__ import annotations

INPUTS: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ a log cell (SPEC §2)
    "date_missing": {
        "zh-CN": "未填写（每一行都要填日期）",
        "en": "missing (every row needs a date)",
    },
    "not_a_date": {
        "zh-CN": "不是日期（请写 2026-03-05、2026/3/5 或 2026年3月5日）",
        "en": "not a date (write 2026-03-05, 2026/3/5 or 2026年3月5日)",
    },
    "implausible_date": {
        "zh-CN": "日期不合理（年份应在 {first} 到 {last} 之间）",
        "en": "not a plausible date (the years {first} to {last})",
    },
    "not_an_amount": {
        "zh-CN": "不是金额（请写 12000、12,000.50、¥12000、12000元 或 1.2万）",
        "en": "not an amount (write 12000, 12,000.50, ¥12000, 12000元 or 1.2万)",
    },
    "negative_premium": {"zh-CN": "保费是负数", "en": "negative premium"},
    "premium_too_large": {
        "zh-CN": "超过 {limit:,} 元：没有这么大的保费（是不是填了身份证号？）",
        "en": "more than {limit:,} yuan: no premium is that large (an ID number?)",
    },
    "count_not_whole": {
        "zh-CN": "不是整数（数量是这一行代表的活动次数）",
        "en": "not a whole number of activities",
    },
    "count_too_many": {
        "zh-CN": "一行超过 {limit:,} 次活动",
        "en": "more than {limit:,} activities on one row",
    },
    "type_missing": {
        "zh-CN": "未填写（每一行都要填类型）",
        "en": "missing (every row needs a type)",
    },
    "unknown_type": {
        "zh-CN": "未知的活动类型（可写：{choices}）",
        "en": "unknown activity type (one of {choices})",
    },
    "unknown_product": {
        "zh-CN": "未知的险种（可写：{choices}）",
        "en": "unknown product (one of {choices})",
    },
    "unknown_channel": {
        "zh-CN": "未知的渠道（可写：{choices}）",
        "en": "unknown channel (one of {choices})",
    },
    "needs_customer": {
        "zh-CN": "未填写（{type}记录需要填客户）",
        "en": "missing (a {type} row needs a customer)",
    },
    "needs_premium": {
        "zh-CN": "未填写（{type}记录需要填保费）",
        "en": "missing (a {type} row needs a premium)",
    },
    "needs_product": {
        "zh-CN": "未填写（{type}记录需要填险种）",
        "en": "missing (a {type} row needs a product)",
    },
    "needs_channel": {
        "zh-CN": "未填写（{type}记录需要填渠道）",
        "en": "missing (a {type} row needs a channel)",
    },
    "one_row_each": {
        "zh-CN": "一条{type}记录只代表一件{type}：请每件写一行",
        "en": "a {type} row stands for one {type}: write one row each",
    },
    "cell_too_long": {
        "zh-CN": "超过 {limit:,} 个字符：是不是有引号没有闭合？",
        "en": "longer than {limit:,} characters: is a quote left open?",
    },
    "quote_swallowed": {
        "zh-CN": "这个单元格里的引号没有闭合，第 {line} 行起的内容都被读进了这个单元格"
        " — 请补上（或删去）这个引号",
        "en": "a quote opens in this cell and is not closed, so the rows from line {line} on are"
        " read into it — close the quote (or remove it)",
    },
    "wider_than_header": {
        "zh-CN": "值的个数多于表头的列数",
        "en": "more values than the header has columns",
    },
    # ------------------------------------------------------------ a team's rows (SPEC §9)
    "no_agent_plan": {
        "zh-CN": "content/agents/ 里没有哪份计划是这位业务员的",
        "en": "no plan in content/agents/ names this agent",
    },
    "agent_missing": {
        "zh-CN": "未填写（团队项目的每一行都要填业务员）",
        "en": "missing (a team project's rows need an agent)",
    },
    # ------------------------------------------------------------ a log file's header
    "second_column": {
        "zh-CN": "又一个{column}列（每种列只能有一个）",
        "en": "a second {column} column",
    },
    "no_date_column": {"zh-CN": "没有日期（date）列", "en": "no date (日期) column"},
    "no_type_column": {"zh-CN": "没有类型（type）列", "en": "no type (类型) column"},
    "no_date_type_columns": {
        "zh-CN": "没有日期（date）或类型（type）列",
        "en": "no date (日期) or type (类型) column",
    },
    "column_ignored": {
        "zh-CN": "{files}: 不读取“{name}”列 — 已忽略",
        "en": "{files}: column {name!r} is not one Battlemap reads — ignored",
    },
    # ------------------------------------------------------------ the logs as a whole
    "no_logs": {
        "zh-CN": "logs/: 没有日志文件 — 请把活动日志以 .csv、.xlsx、.xls 或 .ods 文件放进 logs/",
        "en": "logs/: no log files — put the activity logs in logs/ as .csv, .xlsx, .xls or .ods",
    },
    "no_rows": {
        "zh-CN": "logs/: 日志文件里没有数据行 — 请导出一些活动记录",
        "en": "logs/: the log files hold no rows — export some activities",
    },
    "premiums_too_large": {
        "zh-CN": "logs/: 保费加起来超过 {limit:,} 元，超出了能精确求和的范围 — 请检查保费列",
        "en": "logs/: the premiums add up to more than {limit:,} yuan, more than Battlemap can sum"
        " exactly — check the premium (保费) column",
    },
    "no_row_in_year": {
        "zh-CN": "logs/: 没有日期在 {year} 年的行 — 请用 --as-of YYYY-MM-DD 给出复盘日期",
        "en": "logs/: no row is dated in {year} — give the review date with --as-of YYYY-MM-DD",
    },
    # ------------------------------------------------------------ a file as a whole
    "cannot_read": {"zh-CN": "无法读取 — {why}", "en": "cannot be read — {why}"},
    "empty_file": {
        "zh-CN": "空文件 — 请重新导出，要有表头和数据",
        "en": "empty file — export it again with a header row and data",
    },
    "not_text": {
        "zh-CN": "不是 UTF-8 或 GB18030 编码的文本文件 — 请在 Excel 里另存为 CSV",
        "en": "not a text file in UTF-8 or GB18030 — save it from Excel as CSV",
    },
    "looks_like": {
        "zh-CN": "不是 UTF-8 或 GB18030 文本（看起来是 {name}）"
        "— 请另存为 UTF-8（Excel：CSV UTF-8）",
        "en": "not UTF-8 or GB18030 text (it looks like {name}) — save it as UTF-8"
        " (Excel: CSV UTF-8)",
    },
    "no_header_row": {"zh-CN": "第一行不是表头", "en": "the first line is not a header row"},
    "too_many_columns": {
        "zh-CN": "表头有 {n:,} 列 — 日志最多只能有 {limit:,} 列",
        "en": "the header has {n:,} columns — more than the {limit:,} a log may have",
    },
    "special_folder": {
        "zh-CN": "是文件夹，不是普通文件 — 只读取普通文件",
        "en": "a folder, not a regular file — Battlemap reads only regular files",
    },
    "special_pipe": {
        "zh-CN": "是命名管道，不是普通文件 — 只读取普通文件",
        "en": "a named pipe, not a regular file — Battlemap reads only regular files",
    },
    "special_socket": {
        "zh-CN": "是套接字，不是普通文件 — 只读取普通文件",
        "en": "a socket, not a regular file — Battlemap reads only regular files",
    },
    "special_device": {
        "zh-CN": "是设备文件，不是普通文件 — 只读取普通文件",
        "en": "a device, not a regular file — Battlemap reads only regular files",
    },
    "file_too_large": {
        "zh-CN": "{size:,} 字节 — 超过这类文件允许的 {limit:,} 字节",
        "en": "{size:,} bytes — larger than the {limit:,} bytes such a file may have",
    },
    "system_says": {"zh-CN": "系统提示：{detail}", "en": "{detail}"},
    # ------------------------------------------------------------ workbooks (SPEC §8)
    "empty_workbook": {
        "zh-CN": "空文件 — 请重新导出工作簿",
        "en": "empty file — export the workbook again",
    },
    "password": {
        "zh-CN": "有密码保护或已加密 — 请去掉密码后重新保存",
        "en": "password-protected or encrypted — save it again without a password",
    },
    "not_xlsx": {
        "zh-CN": "不是 Excel（.xlsx）工作簿 — 请用 Excel 打开并另存为 .xlsx，或导出 CSV",
        "en": "not an Excel (.xlsx) workbook — open it in Excel and save it as .xlsx,"
        " or export CSV",
    },
    "not_xls": {
        "zh-CN": "不是 Excel 97-2003（.xls）工作簿 — 请用 Excel 打开并另存为 .xlsx，或导出 CSV",
        "en": "not an Excel 97-2003 (.xls) workbook — open it in Excel and save it as .xlsx,"
        " or export CSV",
    },
    "not_ods": {
        "zh-CN": "不是 OpenDocument（.ods）工作簿 — 请用 Excel 打开并另存为 .xlsx，或导出 CSV",
        "en": "not an OpenDocument (.ods) workbook — open it in Excel and save it as .xlsx,"
        " or export CSV",
    },
    "damaged_workbook": {
        "zh-CN": "工作簿已损坏或没有保存完整（{detail}）— 请重新保存或导出",
        "en": "a damaged or partly saved workbook ({detail}) — save or export it again",
    },
    "incomplete_zip": {"zh-CN": "zip 文件不完整", "en": "an incomplete zip file"},
    "empty_sheet": {"zh-CN": "已忽略此工作表 — 它是空的", "en": "sheet ignored — it is empty"},
    "not_a_log_sheet": {
        "zh-CN": "已忽略此工作表 — 它的第一个非空行不是含“日期”和“类型”的表头",
        "en": "sheet ignored — its first non-empty row is no header naming date (日期)"
        " and type (类型)",
    },
    # ------------------------------------------------------------ the customer file (SPEC §7)
    "missing_customer": {
        "zh-CN": "未填写（每一行都要填客户）",
        "en": "missing (every row needs a customer)",
    },
    "not_a_birthday": {
        "zh-CN": "不是生日（请写 1988-03-05、1988/3/5、1988年3月5日、03-05 或 3月5日）",
        "en": "not a birthday (write 1988-03-05, 1988/3/5, 1988年3月5日, 03-05 or 3月5日)",
    },
    "not_children": {
        "zh-CN": "子女数不是整数（请写 0、1、2……）",
        "en": "not a whole number of children (write 0, 1, 2, …)",
    },
    "two_customer_files": {
        "zh-CN": "有两个客户文件 — 请只保留一个",
        "en": "two customer files — keep one",
    },
    "no_customer_sheet": {
        "zh-CN": "没有哪个工作表的第一行有“客户”列",
        "en": "no sheet has a customer (客户) column in its first row",
    },
    "not_a_customer_sheet": {
        "zh-CN": "已忽略此工作表 — 它的第一行没有“客户”列",
        "en": "sheet ignored — its first row names no customer (客户) column",
    },
    "no_customer_column": {"zh-CN": "没有客户（customer）列", "en": "no customer (客户) column"},
    "listed_twice_here": {
        "zh-CN": "重复列出（第一次在第 {line} 行）",
        "en": "listed twice (first on line {line})",
    },
    "listed_twice_there": {
        "zh-CN": "重复列出（第一次在 {where}）",
        "en": "listed twice (first on {where})",
    },
    # ------------------------------------------------------------ plans' and notes' markdown
    "too_many_brackets": {
        "zh-CN": "超过 {limit:,} 个 [ 括号 — 计划或复盘笔记最多只能有 {limit:,} 个",
        "en": "more than {limit:,} [ brackets — a plan or a note may have at most {limit:,}",
    },
    "too_many_headings": {
        "zh-CN": "标题和 --- 行超过 {limit:,} 个 — 计划或复盘笔记最多只能有 {limit:,} 个",
        "en": "more than {limit:,} headings and --- lines — a plan or a note may have at most"
        " {limit:,}",
    },
}
