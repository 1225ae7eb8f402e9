"""Stage 1: read content/plan.md — YAML front matter through a declared schema (SPEC §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from battlemap.errors import PlanError
from battlemap.files import FileTooLarge, SpecialFile, read_regular
from battlemap.plan_schema import (
    DEFAULT_QUARTER_NAMES,
    DEFAULT_QUARTER_SHARES,
    MIX_TOLERANCE,
    QUARTERS,
    PlanModel,
    Window,
    _share,
    parse_per,
)
from battlemap.plan_yaml import PLAN_PATH, KeyLines, dotted, line_of, parse_front_matter
from battlemap.text import markdown_problem
from battlemap.vocab import CHANNELS, PRODUCTS, TIERS, TYPE_ALIASES, TYPES, label

PLAN_LIMIT = 1 << 18  # bytes: a year's plan is a few kB

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


@dataclass(frozen=True)
class Plan:
    """The validated plan, with the vocabulary it extends and its markdown body."""

    model: PlanModel
    body: str
    body_line: int  # line of plan.md where the body starts
    types: dict[str, str]  # id -> Chinese label, built-in + declared
    products: dict[str, str]
    windows: tuple[Window, ...]  # one per cadence, same order
    cadence_types: tuple[str, ...]  # the cadence types resolved to ids
    warnings: tuple[str, ...]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.model, name)

    def type_label(self, type_id: str) -> str:
        return label(self.types, type_id, self.model.locale)

    def quarter_name(self, q: str) -> str:
        return getattr(self.model.quarters, q).name or DEFAULT_QUARTER_NAMES[self.model.locale][q]


def load_plan(project: Path, rel: str = PLAN_PATH) -> Plan:
    """Read, validate and return a plan (content/plan.md); raise PlanError listing every problem.

    `rel` is the plan's path in the project: a team's agent plans are content/agents/*.md.
    """
    text = _read_plan(project / rel, rel)
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PlanError(f"{rel}:1: no YAML front matter — start the file with a --- line")
    data, lines = parse_front_matter(match[1], rel)
    body_line = text[: match.end()].count("\n") + 1
    costly = markdown_problem(text[match.end() :])
    if costly:
        raise PlanError(f"{rel}: {costly}")
    return _validate(data, lines, text[match.end() :], body_line, rel)


def _read_plan(path: Path, rel: str) -> str:
    try:
        data = read_regular(path, PLAN_LIMIT)
    except FileNotFoundError:
        raise PlanError(f"{rel}: not found — every project needs a plan") from None
    except (SpecialFile, FileTooLarge) as exc:
        raise PlanError(exc.message(rel)) from None
    except OSError as exc:
        raise PlanError(f"{rel}: cannot be read — {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError(f"{rel}: not UTF-8 text — save it as UTF-8") from None


def _validate(data: dict, lines: KeyLines, body: str, body_line: int, rel: str) -> Plan:
    def where(path: tuple) -> str:
        line = line_of(lines, path)
        return f"{rel}:{line}" if line else rel

    errors: list[str] = []
    try:
        model = PlanModel.model_validate(data)
    except ValidationError as exc:
        model = None
        errors += [_describe(err, where) for err in exc.errors()]
    # the checks across keys read the raw mapping, so that they run even when the schema failed
    types = _vocabulary(TYPES, _section(data, "types"), "types", where, errors)
    products = _vocabulary(PRODUCTS, _section(data, "products"), "products", where, errors)
    _check_targets(data, where, errors)
    _check_mix(_section(data, "mix"), products, where, errors)
    windows, cadence_types = _check_cadences(data.get("cadences"), types, where, errors)
    if errors or model is None:
        raise PlanError(list(dict.fromkeys(errors)))
    warnings = [f"{where(p)}: {dotted(p)}: unknown key ignored" for p in _extras(model)]
    shares = sum(_quarter_share(model, q, "premium_share") for q in QUARTERS)
    if abs(shares - 1) > MIX_TOLERANCE:
        warnings.append(f"{where(('quarters',))}: quarters: premium shares add up to {shares:g}")
    return Plan(model, body, body_line, types, products, windows, cadence_types, tuple(warnings))


def _section(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


_WHY = {
    "float_parsing": "not a number",
    "float_type": "not a number",
    "finite_number": "not a finite number",
    "int_parsing": "not a whole number",
    "int_type": "not a whole number",
    "int_from_float": "not a whole number",
    "string_type": "not text",
    "dict_type": "not a mapping of keys",
    "model_type": "not a mapping of keys",
    "model_attributes_type": "not a mapping of keys",
    "list_type": "not a list",
    "bool_type": "not true or false",
}
_SHOWN = 60  # characters of a value a message shows


def _describe(err: dict, where) -> str:
    path = tuple(err["loc"])
    key = dotted(path)
    value = err.get("input")
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        return f"{where(path[:-1])}: {key}: — required"
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = ctx.get("le", ctx.get("ge"))
        bound = int(bound) if float(bound).is_integer() else bound
        why = f"{'more' if kind == 'less_than_equal' else 'less'} than the {bound:,} a plan allows"
    elif kind == "invalid_key":
        return f"{where(path[:-1])}: {key}: — a key must be text (put it in quotes)"
    elif kind == "too_long":
        why = f"more than {ctx.get('max_length')} items"
    else:
        why = _WHY.get(kind, err["msg"].removeprefix("Value error, "))
    return f"{where(path)}: {key}: {_show(value)} — {why}"


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return ""
    text = str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _quarter_share(model: PlanModel, q: str, key: str) -> float:
    quarter = getattr(model.quarters, q)
    share = getattr(quarter, key)
    if share is None and key != "premium_share":
        share = quarter.premium_share
    return DEFAULT_QUARTER_SHARES[q] if share is None else share


def _vocabulary(builtin, declared, key, where, errors) -> dict[str, str]:
    """Return built-in + declared labels; declaring a built-in id or label again is an error."""
    merged = dict(builtin)
    known_labels = set(builtin.values()) | set(TYPE_ALIASES)
    for id_, text in declared.items():
        id_ = str(id_)
        if id_ in builtin:
            errors.append(f"{where((key, id_))}: {key}.{id_}: — {id_} is built in already")
        elif str(text) in known_labels:
            errors.append(f"{where((key, id_))}: {key}.{id_}: {text} — label already in use")
        else:
            merged[id_] = str(text)
            known_labels.add(str(text))
    return merged


def _check_targets(data: dict, where, errors: list[str]) -> None:
    targets, baseline = _section(data, "targets"), _section(data, "baseline")
    for key in ("premium", "policies", "new_customers"):
        target = targets.get(key)
        if isinstance(target, dict):  # a key written with no value is a key not given
            target = {k: v for k, v in target.items() if v is not None}
        if isinstance(target, dict) and "growth" in target and baseline.get(key) is None:
            errors.append(
                f"{where(('targets', key, 'growth'))}: targets.{key}.growth: {target['growth']}"
                f" — a growth target needs baseline.{key}"
            )
        elif isinstance(target, dict) and ("growth" in target) == ("amount" in target):
            errors.append(f"{where(('targets', key))}: targets.{key}: — give growth or an amount")


def _check_mix(mix: dict, products: dict, where, errors: list[str]) -> None:
    allowed = {"product": products, "tier": TIERS, "channel": CHANNELS}
    for dim, known in allowed.items():
        shares = mix.get(dim)
        if not isinstance(shares, dict) or not shares:
            continue
        for key in shares:
            if key not in known:
                errors.append(
                    f"{where(('mix', dim, key))}: mix.{dim}.{key}: — not a {dim}"
                    f" (one of {', '.join(known)})"
                )
        try:
            total = sum(Decimal(repr(float(_share(v)))) for v in shares.values())
        except (TypeError, ValueError):
            continue  # the schema reports the share that is not a number
        if abs(total - 1) > Decimal(repr(MIX_TOLERANCE)):
            errors.append(
                f"{where(('mix', dim))}: mix.{dim}: {float(total):g} — shares must add up to 1"
                " (100% ± 0.5%)"
            )


def _check_cadences(cadences: Any, types: dict, where, errors: list[str]):
    windows, ids = [], []
    by_label = {text: id_ for id_, text in types.items()} | TYPE_ALIASES
    for i, cadence in enumerate(cadences if isinstance(cadences, list) else []):
        cadence = cadence if isinstance(cadence, dict) else {}
        type_ = str(cadence.get("type", ""))
        type_id = type_ if type_ in types else by_label.get(type_)
        if type_id is None and "type" in cadence:
            errors.append(
                f"{where(('cadences', i, 'type'))}: cadences[{i}].type: {type_}"
                " — not an activity type (declare it under types:)"
            )
        window = parse_per(cadence.get("per", ""))
        why = None
        if window is None and "per" in cadence:
            why = "use day, week, 2 weeks, month or quarter"
        elif window is not None and window.too_long:
            why, window = "a window is at most a year (366 days, 12 months)", None
        if why:
            shown = _show(cadence["per"])
            errors.append(f"{where(('cadences', i, 'per'))}: cadences[{i}].per: {shown} — {why}")
        windows.append(window)
        ids.append(type_id)
    return tuple(windows), tuple(ids)


def _extras(model: BaseModel, path: tuple = ()):
    """Yield the path of every unknown key, depth first."""
    for key in model.model_extra or {}:
        yield (*path, key)
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if isinstance(item, BaseModel):
                sub = (*path, name) if index is None else (*path, name, index)
                yield from _extras(item, sub)
