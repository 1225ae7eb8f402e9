"""iCalendar content lines (RFC 5545): TEXT values escaped and read back, lines folded."""

from __future__ import annotations

import re

_UNESCAPE = re.compile(r"\\([\\;,nN])")


_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value: str) -> str:
    """Return a TEXT value escaped as RFC 5545 §3.3.11 writes it."""
    return value.replace("\r\n", "\n").translate(_TEXT_ESCAPES)


def fold_line(line: str) -> str:
    """Return a content line folded as the icalendar library folds it, CRLF ended.

    Every physical line stays within 75 octets with its leading space: at most 74 octets of
    the line, never cut inside a character, and never right after a backslash (or `^`), so
    that no escape is split across lines.
    """
    if len(line) < 19 and len(line.encode("utf-8")) < 75:  # the common short line
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if current and size + width >= 75:
            carried = [current.pop()] if len(current) > 1 and current[-1] in "\\^" else []
            parts.append("".join(current))
            current, size = carried, sum(len(c.encode("utf-8")) for c in carried)
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
