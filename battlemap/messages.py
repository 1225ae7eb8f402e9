"""Every message the tool prints or shows, in the plan's locale (zh-CN or en).

A message is a key of the catalog and its values, made where the problem is found and
rendered to text at the edge (the CLI, serve's overlay, the data-quality page) in the
project's locale: `str(message)` is its English text, `message.text(locale)` the user's.
"""

from __future__ import annotations

import errno
import socket
import string
import sys
from dataclasses import dataclass
from typing import Any

from battlemap.messages_inputs import INPUTS
from battlemap.messages_plan import PLAN
from battlemap.messages_run import RUN

LOCALES = ("zh-CN", "en")
DEFAULT_LOCALE = "zh-CN"  # a project whose plan cannot be read
CATALOG: dict[str, dict[str, str]] = INPUTS | PLAN | RUN


def placeholders(template: str) -> set[str]:
    """Return the names a template's `{…}` fields take."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def known_locale(locale: str | None) -> str:
    """Return a locale messages can speak: the given one, else the default."""
    return locale if locale in LOCALES else DEFAULT_LOCALE


@dataclass(frozen=True)
class Both:
    """A value said in both locales: a vocabulary's label, a listing of ids or labels."""

    zh: str
    en: str

    def text(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Message:
    """A message of the catalog with its values; rendered in a locale by `text`."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, locale: str) -> str:
        """Return the message in a locale (values that speak both are rendered in it too)."""
        template = CATALOG[self.key][locale if locale in LOCALES else DEFAULT_LOCALE]
        if not self.params:
            return template.format()  # `{{` in a template reads as `{`
        return template.format(**{name: localized(v, locale) for name, v in self.params})

    def __str__(self) -> str:
        return self.text("en")


def msg(name: str, /, **params: Any) -> Message:
    """Return the catalog's message `name` with its values."""
    if name not in CATALOG:
        raise KeyError(f"no message {name!r} in the catalog")
    return Message(name, tuple(params.items()))


def shown(value: str, width: int = 60) -> str:
    """Return a cell as a message shows it: its first line, cut at `width` characters."""
    first = value.splitlines()[0] if value.strip() else value
    return first if first == value and len(value) <= width else first[:width] + "…"


@dataclass(frozen=True)
class Problem:
    """One bad cell (or a whole file) with where it is; `line` 0 means the whole file.

    It reads `file:line: column: value — why` in either locale: the column as the file
    heads it (or the tool's name for it in the locale), the value as written.
    """

    file: str
    line: int
    column: str | Both
    value: str
    why: Message | Both

    def text(self, locale: str) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        why = localized(self.why, locale)
        if not self.column:
            return f"{where}: {why}"
        value = f" {shown(self.value)}" if self.value else ""
        return f"{where}: {localized(self.column, locale)}:{value} — {why}"

    def __str__(self) -> str:
        return self.text("en")


Text = Message | Problem  # what an error or a warning carries
ROW = Both("整行", "row")  # the column of a problem with a record as a whole


def localized(value: Any, locale: str) -> Any:
    """Return a value as a message shows it in a locale; other values are left as they are."""
    if isinstance(value, _LOCALIZED):
        return value.text(locale)
    return value


_LOCALIZED = (Message, Both, Problem)


def listing(items: list[Both] | list[str]) -> Both:
    """Return items listed as each locale lists them: `a, b, c` and `a、b、c`."""
    zh = "、".join(localized(i, "zh-CN") for i in items)
    return Both(zh, ", ".join(localized(i, "en") for i in items))


# the reasons an operating system gives, in Chinese; the English is the system's own text
_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EISDIR: "这是文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "只读的文件系统",
    errno.EIO: "读写出错（输入/输出错误）",
    errno.ELOOP: "链接太多层（链接指向自己？）",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被占用",
    errno.EEXIST: "文件已存在",
    errno.EMFILE: "打开的文件太多",
    errno.ETIMEDOUT: "连接超时",
    errno.ECONNREFUSED: "连接被拒绝",
    errno.EADDRINUSE: "地址已被占用",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
    errno.ENETUNREACH: "网络不可达",
    errno.EHOSTUNREACH: "主机不可达",
    errno.EAFNOSUPPORT: "不支持这种地址",
    socket.EAI_NONAME: "找不到这个主机名",
    socket.EAI_AGAIN: "暂时无法解析主机名",
}


def reason(exc: BaseException) -> Both:
    """Return why the system refused, as it says it (en) and in Chinese (zh-CN)."""
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    zh = _OS_REASONS.get(getattr(exc, "errno", None))
    if zh is None and isinstance(exc, TimeoutError):
        zh = _OS_REASONS[errno.ETIMEDOUT]
    return Both(zh or msg("system_says", detail=text).text("zh-CN"), text)


def say(kind: str, message: Text | str, locale: str, stream: Any = None) -> None:
    """Print one line of a kind (error_line, warning_line) in a locale, on stderr by default."""
    text = message if isinstance(message, str) else message.text(locale)
    print(CATALOG[kind][known_locale(locale)].format(message=text), file=stream or sys.stderr)


def internal_error(exc: BaseException) -> Message:
    """Return the message of an error no input should give (a bug), for the CLI and serve."""
    return msg("internal_error", kind=type(exc).__name__, detail=str(exc))
