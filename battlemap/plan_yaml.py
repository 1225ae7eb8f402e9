"""The plan's YAML front matter, read within bounds: no aliases, bounded nesting, no key twice."""

from __future__ import annotations

import re
from typing import Any

import yaml

from battlemap.errors import PlanError

PLAN_PATH = "content/plan.md"
MAX_DEPTH = 32  # a plan nests 4 levels; a deeper one is a mistake or an attack
INVALID_YAML = "{where}: invalid YAML — {why}"
NO_ALIASES = (
    "an alias (*{name}) — a plan does not read YAML anchors and aliases; write the value out"
)
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
GIVEN_TWICE = "{where}: {key}: — given twice, {lines} (keep one)"
NOT_A_MAPPING = "{rel}:2: the front matter must be a mapping of keys"
NOT_TEXT = "{where}: {key}: — holds {code}, which is no character of text"
_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# a key path ('cadences', '0', 'per') -> its plan.md line
KeyLines = dict[tuple[str, ...], int]


class _Refused(Exception):
    def __init__(self, line: int, why: str) -> None:
        super().__init__(why)
        self.line, self.why = line, why


class _PlanLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (no alias bomb) and deep nesting (no recursion)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark.line, NO_ALIASES.format(name=event.anchor))
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line, TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_front_matter(source: str, rel: str = PLAN_PATH) -> tuple[dict, KeyLines]:
    """Return the front matter's mapping and the line of every key; raise PlanError.

    `rel` is the plan's path in the project, for the messages.
    """
    loader = _PlanLoader(source)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        where = f"{rel}:{exc.line + 2}"
        raise PlanError(INVALID_YAML.format(where=where, why=exc.why)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # the front matter starts on line 2
        raise PlanError(INVALID_YAML.format(where=f"{rel}:{line}", why=exc.problem)) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        raise PlanError(INVALID_YAML.format(where=rel, why=exc)) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PlanError(NOT_A_MAPPING.format(rel=rel))
    lines, twice = key_lines(node, rel)
    if twice:
        raise PlanError(twice)
    not_text = _not_text(data, lines, rel)
    if not_text:
        raise PlanError(not_text)
    return data, lines


def _not_text(data: dict, lines: KeyLines, rel: str) -> list[str]:
    """Return a message for every string holding a control character or a lone surrogate
    (YAML's "\ud800" and "\x00" escapes make them; no page or file can hold them)."""
    found = []
    stack: list[tuple[tuple, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack += [((*path, str(k)), v) for k, v in value.items()]
            stack += [((*path, k), k) for k in value if isinstance(k, str)]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in enumerate(value)]
        elif isinstance(value, str):
            bad = _BAD_CHARACTER.search(value)
            if bad:
                line = line_of(lines, path)
                where = f"{rel}:{line}" if line else rel
                code = f"U+{ord(bad[0]):04X}"
                found.append(NOT_TEXT.format(where=where, key=dotted(path), code=code))
    return sorted(set(found))


def key_lines(node: yaml.Node | None, rel: str = PLAN_PATH) -> tuple[KeyLines, list[str]]:
    """Return the line of every key path, and a message for every key given twice."""
    lines: KeyLines = {}
    twice: list[str] = []
    stack: list[tuple[tuple, Any]] = [((), node)]  # paths with int indices, for dotted()
    while stack:
        path, current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                line = key.start_mark.line + 2
                sub = (*path, str(key.value))
                if key.value in seen:
                    where = f"{rel}:{line}"
                    first = seen[key.value]
                    on = f"on line {line}" if first == line else f"on lines {first} and {line}"
                    twice.append(GIVEN_TWICE.format(where=where, key=dotted(sub), lines=on))
                else:
                    seen[key.value] = line
                    lines[tuple(map(str, sub))] = line
                stack.append((sub, value))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                sub = (*path, i)
                lines[tuple(map(str, sub))] = item.start_mark.line + 2
                stack.append((sub, item))
    return lines, sorted(twice, key=_line_of)


def _line_of(message: str) -> int:
    return int(message.split(":")[1])


def line_of(lines: KeyLines, path: tuple) -> int | None:
    """Return the line of a key path, or of its nearest parent that has one."""
    parts = tuple(str(p) for p in path)
    while parts:
        if parts in lines:
            return lines[parts]
        parts = parts[:-1]
    return None


def dotted(path: tuple) -> str:
    """Return a key path as the plan writes it: `cadences[0].per`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
