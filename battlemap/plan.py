"""Stage 1: read content/plan.md — YAML front matter through a declared schema (SPEC §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from battlemap.errors import PlanError
from battlemap.files import FileTooLarge, SpecialFile, read_regular
from battlemap.messages import CATALOG, DEFAULT_LOCALE, Both, Message, Problem, listing, msg, reason
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
# the plan's locale, read from its line even when the rest of the YAML cannot be
_LOCALE = re.compile(r"^locale:[ \t]*(['\"]?)(zh-CN|en)\1[ \t]*(?:#.*)?\r?$", re.M)


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
    warnings: tuple[Message, ...]
    lines: dict[str, int] = field(default_factory=dict)  # dotted key -> its plan.md line

    def type_id(self, text: str) -> str | None:
        """Return the activity type id of an id or label, or None when it is neither."""
        return _type_id(self.types, text)

    def where(self, key: str) -> str:
        """Return `content/plan.md:LINE` of a dotted key (or the file alone)."""
        line = self.lines.get(key)
        return f"{PLAN_PATH}:{line}" if line else PLAN_PATH

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # pickle and copy ask before `model` is set: not the model's
            raise AttributeError(name)
        return getattr(self.model, name)

    def type_label(self, type_id: str) -> str:
        return label(self.types, type_id, self.model.locale)

    def quarter_name(self, q: str) -> str:
        return getattr(self.model.quarters, q).name or DEFAULT_QUARTER_NAMES[self.model.locale][q]


PlanMemo = dict[str, tuple[tuple[int, int, int], "Plan"]]  # path -> (mtime, size, inode), plan


def load_plan(project: Path, rel: str = PLAN_PATH, memo: PlanMemo | None = None) -> Plan:
    """Read, validate and return a plan (content/plan.md); raise PlanError listing every problem.

    With a memo (serve's), a plan whose file is as it was (modification time, size, inode)
    is not read again.

    `rel` is the plan's path in the project: a team's agent plans are content/agents/*.md.
    """
    if memo is not None:
        try:
            stat = (project / rel).stat()
        except OSError:
            return load_plan(project, rel)  # it says what is wrong
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        kept = memo.get(rel)
        if kept is None or kept[0] != stamp:
            kept = memo[rel] = (stamp, load_plan(project, rel))
        return kept[1]
    text = _read_plan(project / rel, rel)
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PlanError(Problem(rel, 1, "", "", msg("no_front_matter")))
    try:
        data, lines = parse_front_matter(match[1], rel)
        body_line = text[: match.end()].count("\n") + 1
        costly = markdown_problem(text[match.end() :])
        if costly:
            raise PlanError(Problem(rel, 0, "", "", costly))
        return _validate(data, lines, text[match.end() :], body_line, rel)
    except PlanError as exc:
        exc.locale = exc.locale or plan_locale(match[1])
        raise


def plan_locale(front_matter: str) -> str | None:
    """Return the locale a plan's front matter names on its `locale:` line, if any."""
    found = _LOCALE.search(front_matter)
    return found[2] if found else None


def project_locale(project: Path) -> str:
    """Return the locale of a project's messages: its plan's, else zh-CN (no plan to read)."""
    try:
        text = read_regular(project / PLAN_PATH, PLAN_LIMIT).decode("utf-8-sig")
    except (OSError, SpecialFile, FileTooLarge, UnicodeDecodeError, ValueError):
        return DEFAULT_LOCALE
    match = _FRONT_MATTER.match(text)
    return (plan_locale(match[1]) if match else None) or DEFAULT_LOCALE


def _read_plan(path: Path, rel: str) -> str:
    try:
        data = read_regular(path, PLAN_LIMIT)
    except FileNotFoundError:
        raise PlanError(Problem(rel, 0, "", "", msg("plan_not_found"))) from None
    except (SpecialFile, FileTooLarge) as exc:
        raise PlanError(exc.message(rel)) from None
    except OSError as exc:
        raise PlanError(Problem(rel, 0, "", "", msg("cannot_read", why=reason(exc)))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanError(Problem(rel, 0, "", "", msg("plan_not_utf8"))) from None


class _Found:
    """The problems of a plan's keys, each located by the line of its key (or its parent's)."""

    def __init__(self, rel: str, lines: KeyLines) -> None:
        self.rel, self.lines = rel, lines
        self.errors: list[Problem] = []

    def where(self, path: tuple) -> str:
        line = line_of(self.lines, path)
        return f"{self.rel}:{line}" if line else self.rel

    def add(self, path: tuple, why: Message, value: Any = "", at: tuple | None = None) -> None:
        """Report a key's problem; `at` is the key whose line it names (else the key's own)."""
        line = line_of(self.lines, path if at is None else at) or 0
        self.errors.append(Problem(self.rel, line, dotted(path), _show(value), why))


def _validate(data: dict, lines: KeyLines, body: str, body_line: int, rel: str) -> Plan:
    found = _Found(rel, lines)
    try:
        model = PlanModel.model_validate(data)
    except ValidationError as exc:
        model = None
        for err in exc.errors():
            _describe(err, found)
    # the checks across keys read the raw mapping, so that they run even when the schema failed
    types = _vocabulary(TYPES, _section(data, "types"), "types", found)
    products = _vocabulary(PRODUCTS, _section(data, "products"), "products", found)
    _check_targets(data, found)
    _check_mix(_section(data, "mix"), products, found)
    windows, cadence_types = _check_cadences(data.get("cadences"), types, found)
    _check_actions(data, types, products, found)
    if found.errors or model is None:
        raise PlanError(list(dict.fromkeys(found.errors)))
    return Plan(
        model, body, body_line, types, products, windows, cadence_types,
        tuple(_warnings(model, found)), _baseline_lines(lines),
    )  # fmt: skip


def _warnings(model: PlanModel, found: _Found) -> list[Message]:
    """Return the warnings of a valid plan: unknown keys, quarter shares that do not add up."""
    warnings = [msg("unknown_key", where=found.where(p), key=dotted(p)) for p in _extras(model)]
    shares = sum(_quarter_share(model, q, "premium_share") for q in QUARTERS)
    if abs(shares - 1) > MIX_TOLERANCE:
        warnings.append(msg("quarter_shares", where=found.where(("quarters",)), total=shares))
    return warnings


def _baseline_lines(lines: KeyLines) -> dict[str, int]:
    return {
        f"baseline.{key}": line
        for key in ("premium", "policies", "new_customers")
        if (line := line_of(lines, ("baseline", key)))
    }


def _section(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


_WHY = {
    "float_parsing": "not_a_number",
    "float_type": "not_a_number",
    "finite_number": "not_finite",
    "int_parsing": "not_whole",
    "int_type": "not_whole",
    "int_from_float": "not_whole",
    "string_type": "not_a_text",
    "dict_type": "not_a_mapping",
    "model_type": "not_a_mapping",
    "model_attributes_type": "not_a_mapping",
    "list_type": "not_a_list",
    "bool_type": "true_or_false",
    "bool_parsing": "true_or_false",
    "too_short": "at_least_one",
}
_SHOWN = 60  # characters of a value a message shows


def _describe(err: dict, found: _Found) -> None:
    """Report one of the schema's errors in the catalog's words."""
    path = tuple(err["loc"])
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "missing":
        found.add(path, msg("required"), at=path[:-1])
    elif kind == "invalid_key":
        found.add(path, msg("key_not_text"), at=path[:-1])
    else:
        found.add(path, _why(kind, ctx, err["msg"]), err.get("input"))


def _why(kind: str, ctx: dict, text: str) -> Message:
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = ctx["le" if kind == "less_than_equal" else "ge"]
        bound = int(bound) if float(bound).is_integer() else bound
        return msg("more_than_allowed" if kind == "less_than_equal" else "at_least", bound=bound)
    if kind == "too_long":
        return msg("too_many_items", n=ctx.get("max_length"))
    if kind == "literal_error":
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        expected = Both("、".join(values), str(ctx.get("expected", "")))
        return msg("one_of_values", expected=expected)
    error = ctx.get("error")
    key = error.args[0] if isinstance(error, ValueError) and error.args else None
    if kind == "value_error" and isinstance(key, str) and key in CATALOG:
        return msg(key)  # the validators raise with a key of the catalog
    return msg(_WHY[kind]) if kind in _WHY else msg("invalid_value", detail=text)


def _show(value: Any) -> str:
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        text = f"[{', '.join(map(str, value))}]"
    elif isinstance(value, dict | list):
        return ""
    else:
        text = str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _quarter_share(model: PlanModel, q: str, key: str) -> float:
    quarter = getattr(model.quarters, q)
    share = getattr(quarter, key)
    if share is None and key != "premium_share":
        share = quarter.premium_share
    return DEFAULT_QUARTER_SHARES[q] if share is None else share


def _vocabulary(builtin, declared, key, found: _Found) -> dict[str, str]:
    """Return built-in + declared labels; declaring a built-in id or label again is an error."""
    merged = dict(builtin)
    known_labels = set(builtin.values()) | set(TYPE_ALIASES)
    for id_, text in declared.items():
        id_ = str(id_)
        if id_ in builtin:
            found.add((key, id_), msg("built_in_already", id=id_))
        elif str(text) in known_labels:
            found.add((key, id_), msg("label_in_use"), text)
        else:
            merged[id_] = str(text)
            known_labels.add(str(text))
    return merged


def _check_targets(data: dict, found: _Found) -> None:
    targets, baseline = _section(data, "targets"), _section(data, "baseline")
    for key in ("premium", "policies", "new_customers"):
        target = targets.get(key)
        if isinstance(target, dict):  # a key written with no value is a key not given
            target = {k: v for k, v in target.items() if v is not None}
        if isinstance(target, dict) and "growth" in target and baseline.get(key) is None:
            why = msg("growth_needs_baseline", key=key)
            found.add(("targets", key, "growth"), why, target["growth"])
        elif isinstance(target, dict) and ("growth" in target) == ("amount" in target):
            found.add(("targets", key), msg("growth_or_amount"))


_NOT_A_KEY = {"product": "not_a_product_key", "tier": "not_a_tier_key"}


def _keys(known: dict[str, str]) -> Both:
    """Return the ids a plan may write, with their labels in zh-CN: `health（健康险）`."""
    return listing([Both(f"{id_}（{label_}）", id_) for id_, label_ in known.items()])


def _check_mix(mix: dict, products: dict, found: _Found) -> None:
    allowed = {"product": products, "tier": TIERS, "channel": CHANNELS}
    for dim, known in allowed.items():
        shares = mix.get(dim)
        if not isinstance(shares, dict) or not shares:
            continue
        for key in shares:
            if key not in known:
                why = msg(_NOT_A_KEY.get(dim, "not_a_channel_key"), choices=_keys(known))
                found.add(("mix", dim, str(key)), why)
        try:
            total = sum(Decimal(repr(float(_share(v)))) for v in shares.values())
        except (TypeError, ValueError):
            continue  # the schema reports the share that is not a number
        if abs(total - 1) > Decimal(repr(MIX_TOLERANCE)):
            found.add(("mix", dim), msg("mix_sum"), f"{float(total):g}")


def _check_cadences(cadences: Any, types: dict, found: _Found):
    windows, ids = [], []
    for i, cadence in enumerate(cadences if isinstance(cadences, list) else []):
        cadence = cadence if isinstance(cadence, dict) else {}
        type_id, window = _check_rule(cadence, ("cadences", i), types, found)
        windows.append(window)
        ids.append(type_id)
    return tuple(windows), tuple(ids)


def _type_id(types: dict, text: str) -> str | None:
    by_label = {label_: id_ for id_, label_ in types.items()} | TYPE_ALIASES
    return text if text in types else by_label.get(text)


def _check_rule(rule: dict, path: tuple, types: dict, found: _Found):
    """Check a rule's `type` and `per` (a cadence's, a service tier's); return them resolved."""
    type_ = str(rule.get("type", ""))
    type_id = _type_id(types, type_)
    if type_id is None and "type" in rule:
        found.add((*path, "type"), msg("not_a_type_key"), type_)
    window = parse_per(rule.get("per", ""))
    why = None
    if window is None and "per" in rule:
        why = msg("per_help")
    elif window is not None and window.too_long:
        why, window = msg("window_too_long"), None
    if why:
        found.add((*path, "per"), why, rule["per"])
    return type_id, window


def _check_actions(data: dict, types: dict, products: dict, found: _Found) -> None:
    """Check the §7 keys: service tiers and their rules, the products renewals and combos name."""
    service = data.get("service")
    for tier, rule in service.items() if isinstance(service, dict) else []:
        if str(tier) not in TIERS:
            found.add(("service", str(tier)), msg("not_a_tier_key", choices=_keys(TIERS)))
        elif isinstance(rule, dict):
            _check_rule(rule, ("service", str(tier)), types, found)
    renewals = data.get("renewals")
    if isinstance(renewals, dict):
        _check_products(renewals.get("products"), ("renewals", "products"), products, found)
    combos = data.get("combos")
    for i, combo in enumerate(combos if isinstance(combos, list) else []):
        if isinstance(combo, dict):
            _check_products(combo.get("products"), ("combos", i, "products"), products, found)


def _check_products(names: Any, path: tuple, products: dict, found: _Found) -> None:
    for j, name in enumerate(names if isinstance(names, list) else []):
        if str(name) not in products:
            found.add((*path, j), msg("not_a_product_key", choices=_keys(products)), name)


def _extras(model: BaseModel, path: tuple = ()):
    """Yield the path of every unknown key, depth first."""
    for key in model.model_extra or {}:
        yield (*path, key)
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = (
            enumerate(value)
            if isinstance(value, list)
            else value.items()
            if isinstance(value, dict)
            else [(None, value)]
        )
        for index, item in items:
            if isinstance(item, BaseModel):
                sub = (*path, name) if index is None else (*path, name, index)
                yield from _extras(item, sub)
