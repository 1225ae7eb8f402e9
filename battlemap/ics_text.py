"""iCalendar content lines (RFC 5545): TEXT values escaped and read back, lines folded."""

from __future__ import annotations

import re

_UNESCAPE = re.compile(r"\\([\\;,nN])")


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value: str) -> str:
    """Return a TEXT value escaped as RFC 5545 §3.3.11 writes it."""
    return value.replace("\r\n", "\n").translate(_TEXT_ESCAPES)


_UNITS = re.compile(r"\\.|.", re.S)  # what a fold may not cut: a character, an escape


def fold_line(line: str) -> str:
    """Return a content line folded at 75 octets, CRLF ended: never inside a character or an
    escape (`\\n`), as the icalendar library folds."""
    if len(line.encode("utf-8")) <= 75:
        return line + "\r\n"
    parts, current, size = [], [], 0
    for ch in _UNITS.findall(line):
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not parts else 74):  # a continuation line starts with a space
            parts.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def unescape_text(value: str) -> str:
    """Return a TEXT value as it reads, its escapes undone."""
    return _UNESCAPE.sub(lambda m: {"n": "\n", "N": "\n"}.get(m[1], m[1]), value)


def unfold(calendar: str) -> list[tuple[str, str]]:
    """Return each content line of a calendar unfolded, with its text as written."""
    lines: list[tuple[str, str]] = []
    for physical in calendar.splitlines(keepends=True):
        if physical[:1] in (" ", "\t") and lines:
            logical, written = lines[-1]
            lines[-1] = (logical + physical[1:].rstrip("\r\n"), written + physical)
        else:
            lines.append((physical.rstrip("\r\n"), physical))
    return lines
