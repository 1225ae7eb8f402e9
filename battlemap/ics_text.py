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
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start > 74:
        cut = start + 74
        while data[cut] & 0xC0 == 0x80:  # inside a character: cut before it
            cut -= 1
        if data[cut - 1] in b"\\^" and cut - 1 > start:  # keep an escape whole
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return (b"\r\n ".join(parts) + b"\r\n").decode("utf-8")


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
