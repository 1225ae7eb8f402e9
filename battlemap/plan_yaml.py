"""The plan's YAML front matter, read within bounds: no aliases, bounded nesting, no key twice."""

from __future__ import annotations

import re
from typing import Any

import yaml

from battlemap.errors import PlanError
from battlemap.messages import Message, Problem, msg

PLAN_PATH = "content/plan.md"
MAX_DEPTH = 32  # a plan nests 4 levels; a deeper one is a mistake or an attack
# PyYAML's problems as the catalog says them (in zh-CN too); any other is quoted as it is
_YAML_PROBLEMS = [
    (re.compile(p), key)
    for p, key in (
        (r"^mapping values are not allowed here$", "yaml_colon"),
        (r"^could not find expected ':'$", "yaml_no_colon"),
        (r"^did not find expected key$", "yaml_no_key"),
        (r"^found character '\\t' that cannot start any token$", "yaml_tab"),
        (r"^found character (?P<char>.+) that cannot start any token$", "yaml_bad_character"),
        (r"^found unexpected end of stream$", "yaml_unclosed"),
        (r"^expected <block end>, but found (?P<found>.+)$", "yaml_block_end"),
        (r"^did not find expected node content$", "yaml_node"),
        (r"^did not find expected '-' indicator$", "yaml_item"),
        (r"^did not find expected ',' or (?P<closer>.+)$", "yaml_flow"),
        (r"^expected ',' or (?P<closer>.+), but got (?P<got>.+)$", "yaml_flow_end"),
        (r"^found unknown escape character (?P<char>.+)$", "yaml_escape"),
    )
]
_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

# a key path ('cadences', '0', 'per') -> its plan.md line
KeyLines = dict[tuple[str, ...], int]


class _Refused(Exception):
    def __init__(self, line: int, why: Message) -> None:
        super().__init__(why)
        self.line, self.why = line, why


class _PlanLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases (no alias bomb) and deep nesting (no recursion)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark.line, msg("no_aliases", name=event.anchor))
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line, msg("too_deep", depth=MAX_DEPTH))
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
        raise PlanError(_invalid(rel, exc.line + 2, exc.why)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # the front matter starts on line 2
        raise PlanError(_invalid(rel, line, yaml_problem(str(exc.problem)))) from None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        raise PlanError(_invalid(rel, 0, yaml_problem(str(exc)))) from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PlanError(Problem(rel, 2, "", "", msg("front_matter_not_mapping")))
    lines, twice = key_lines(node, rel)
    if twice:
        raise PlanError(twice)
    not_text = _not_text(data, lines, rel)
    if not_text:
        raise PlanError(not_text)
    return data, lines


def _invalid(rel: str, line: int, why: Message) -> Problem:
    return Problem(rel, line, "", "", msg("invalid_yaml", why=why))


def yaml_problem(text: str) -> Message:
    """Return PyYAML's problem as the catalog says it (quoted as it is when it is not there)."""
    for pattern, key in _YAML_PROBLEMS:
        match = pattern.match(text)
        if match:
            return msg(key, **match.groupdict())
    return msg("yaml_says", detail=text)


def _not_text(data: dict, lines: KeyLines, rel: str) -> list[Problem]:
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
                why = msg("no_character", code=f"U+{ord(bad[0]):04X}")
                found.append(Problem(rel, line_of(lines, path) or 0, dotted(path), "", why))
    return sorted(set(found), key=str)


def key_lines(node: yaml.Node | None, rel: str = PLAN_PATH) -> tuple[KeyLines, list[Problem]]:
    """Return the line of every key path, and a message for every key given twice."""
    lines: KeyLines = {}
    twice: list[Problem] = []
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
                    first = seen[key.value]
                    why = (
                        msg("given_twice_line", line=line)
                        if first == line
                        else msg("given_twice_lines", first=first, line=line)
                    )
                    twice.append(Problem(rel, line, dotted(sub), "", why))
                else:
                    seen[key.value] = line
                    lines[tuple(map(str, sub))] = line
                stack.append((sub, value))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                sub = (*path, i)
                lines[tuple(map(str, sub))] = item.start_mark.line + 2
                stack.append((sub, item))
    return lines, sorted(twice, key=lambda p: p.line)


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
