"""Stage 1: read content/plan.md — YAML front matter through a declared schema (SPEC §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from battlemap.amounts import parse_amount
from battlemap.errors import PlanError
from battlemap.vocab import CHANNELS, PRODUCTS, TIERS, TYPE_ALIASES, TYPES, label

PLAN_PATH = "content/plan.md"
QUARTERS = ("Q1", "Q2", "Q3", "Q4")
DEFAULT_QUARTER_SHARES = {"Q1": 0.30, "Q2": 0.25, "Q3": 0.25, "Q4": 0.20}
DEFAULT_QUARTER_NAMES = {
    "zh-CN": {"Q1": "开门红", "Q2": "深耕期", "Q3": "巩固期", "Q4": "冲刺期"},
    "en": {"Q1": "Strong start", "Q2": "Deepening", "Q3": "Consolidation", "Q4": "Final sprint"},
}
MIX_TOLERANCE = 0.005

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)
_PER = re.compile(
    r"^(?:every\s+|每)?\s*(\d+)?\s*个?\s*(days?|weeks?|months?|quarters?|天|日|周|星期|月|季度|季)$",
    re.I,
)
_PER_UNITS = {
    "天": "day",
    "日": "day",
    "周": "week",
    "星期": "week",
    "月": "month",
    "季度": "quarter",
}
_PER_UNITS["季"] = "quarter"


def _share(value: Any) -> Any:
    """Accept 0.40 or "40%"; reject anything outside 0..1."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            value = float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value <= 1:
        raise ValueError("a share is a fraction from 0 to 1 (write 0.40 or 40%)")
    return value


def _amount(value: Any) -> Any:
    """Accept 967600, "96.76万" or "¥967,600"."""
    if isinstance(value, str):
        try:
            return float(parse_amount(value))
        except ValueError:
            return value
    return value


Share = Annotated[float, BeforeValidator(_share)]
Amount = Annotated[float, BeforeValidator(_amount), Field(ge=0)]


class Model(BaseModel):
    """A plan section: unknown keys are kept so that they can be warned about."""

    model_config = ConfigDict(extra="allow", frozen=True)


class Baseline(Model):
    premium: Amount | None = Field(None, description="last year's premium, yuan")
    policies: Annotated[float, Field(ge=0)] | None = Field(None, description="last year's policies")
    new_customers: Annotated[float, Field(ge=0)] | None = Field(
        None, description="last year's new customers"
    )


class Growth(Model):
    """A target given as growth over the baseline, or as an absolute amount."""

    growth: float | None = Field(None, description="growth over last year, 0.18 = +18%")
    amount: Amount | None = Field(None, description="an absolute target")

    @model_validator(mode="before")
    @classmethod
    def _scalar(cls, data: Any) -> Any:
        return data if isinstance(data, dict) else {"amount": data}


class Targets(Model):
    premium: Growth | None = Field(None, description="premium target: {growth: g} or an amount")
    policies: Growth | None = Field(None, description="policy count target")
    new_customers: Growth | None = Field(None, description="new customer target")
    new_business_share: Share | None = Field(None, description="minimum new-business share")
    referral_customer_share: Share | None = Field(None, description="minimum referral share")
    renewal_share: Share | None = Field(None, description="minimum renewal share")


class Mix(Model):
    product: dict[str, Share] | None = Field(None, description="target shares by product line")
    tier: dict[str, Share] | None = Field(None, description="target shares by customer tier")
    channel: dict[str, Share] | None = Field(None, description="target shares by channel")


class Tiers(Model):
    high: Amount = Field(50000, description="a customer's yearly premium from which they are high")
    middle: Amount = Field(10000, description="... from which they are middle")


class Quarter(Model):
    name: str | None = Field(None, description="the quarter's name, e.g. 开门红")
    premium_share: Share | None = Field(None, description="share of the annual premium target")
    policies_share: Share | None = Field(None, description="share of the policy target")
    new_customer_share: Share | None = Field(None, description="share of the new-customer target")
    new_business_share: Share | None = Field(None, description="minimum new-business share")
    renewal_share: Share | None = Field(None, description="minimum renewal share")
    referral_customer_share: Share | None = Field(None, description="minimum referral share")


class Quarters(Model):
    Q1: Quarter = Quarter()
    Q2: Quarter = Quarter()
    Q3: Quarter = Quarter()
    Q4: Quarter = Quarter()


class Cadence(Model):
    quarter: Literal["Q1", "Q2", "Q3", "Q4"] | None = Field(None, description="None = the year")
    type: str = Field(description="activity type id or label")
    count: Annotated[int, Field(ge=1)] = Field(description="activities required per window")
    per: str = Field(description="window: day, week, 2 weeks, month, quarter")
    label: str | None = Field(None, description="shown name; defaults to the type's label")


class PlanModel(Model):
    title: str | None = Field(None, description="the plan's title")
    agent: str | None = Field(None, description="the agent's name")
    year: Annotated[int, Field(ge=1900, le=2999)] = Field(description="the plan's year")
    locale: Literal["zh-CN", "en"] = Field("zh-CN", description="language of every page")
    theme: str = Field("default", description="theme folder under themes/")
    baseline: Baseline = Baseline()
    targets: Targets = Targets()
    mix: Mix = Mix()
    tiers: Tiers = Tiers()
    quarters: Quarters = Quarters()
    products: dict[str, str] = Field({}, description="extra product lines with labels")
    types: dict[str, str] = Field({}, description="extra activity types with labels")
    cadences: list[Cadence] = Field([], description="key actions with their cadence")


@dataclass(frozen=True)
class Window:
    """A cadence window length: n days, or n calendar months."""

    days: int = 0
    months: int = 0

    @property
    def canonical(self) -> str:
        if self.months:
            unit, n = (
                ("quarter", self.months // 3) if self.months % 3 == 0 else ("month", self.months)
            )
        elif self.days % 7 == 0:
            unit, n = "week", self.days // 7
        else:
            unit, n = "day", self.days
        return unit if n == 1 else f"{n} {unit}s"


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


def load_plan(project: Path) -> Plan:
    """Read, validate and return content/plan.md; raise PlanError listing every problem."""
    path = project / PLAN_PATH
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanError(f"{PLAN_PATH}: not found — every project needs a plan") from None
    except UnicodeDecodeError:
        raise PlanError(f"{PLAN_PATH}: not UTF-8 text — save it as UTF-8") from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise PlanError(f"{PLAN_PATH}:1: no YAML front matter — start the file with a --- line")
    data, node = _parse_yaml(match[1])
    body_line = text[: match.end()].count("\n") + 1
    return _validate(data, node, text[match.end() :], body_line)


def _parse_yaml(source: str) -> tuple[dict, yaml.Node | None]:
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # the front matter starts on line 2
        raise PlanError(f"{PLAN_PATH}:{line}: invalid YAML — {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"{PLAN_PATH}: invalid YAML — {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PlanError(f"{PLAN_PATH}:2: the front matter must be a mapping of keys")
    return data, node


def _validate(data: dict, node: yaml.Node | None, body: str, body_line: int) -> Plan:
    def where(path: tuple) -> str:
        line = _key_line(node, path)
        return f"{PLAN_PATH}:{line}" if line else PLAN_PATH

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
    warnings = [f"{where(p)}: {'.'.join(map(str, p))}: unknown key ignored" for p in _extras(model)]
    shares = sum(_quarter_share(model, q, "premium_share") for q in QUARTERS)
    if abs(shares - 1) > MIX_TOLERANCE:
        warnings.append(f"{where(('quarters',))}: quarters: premium shares add up to {shares:g}")
    return Plan(model, body, body_line, types, products, windows, cadence_types, tuple(warnings))


def _section(data: dict, key: str) -> dict:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _describe(err: dict, where) -> str:
    path = tuple(err["loc"])
    key = _dotted(path)
    value = err.get("input")
    kind = err["type"]
    if kind == "missing":
        return f"{where(path[:-1])}: {key}: — required"
    why = {
        "float_parsing": "not a number",
        "float_type": "not a number",
        "int_parsing": "not a whole number",
        "int_type": "not a whole number",
        "int_from_float": "not a whole number",
    }.get(kind, err["msg"].removeprefix("Value error, "))
    return f"{where(path)}: {key}: {_show(value)} — {why}"


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any) -> str:
    return "" if isinstance(value, dict | list) else str(value)


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
        if window is None and "per" in cadence:
            errors.append(
                f"{where(('cadences', i, 'per'))}: cadences[{i}].per: {cadence['per']}"
                " — use day, week, 2 weeks, month or quarter"
            )
        windows.append(window)
        ids.append(type_id)
    return tuple(windows), tuple(ids)


def parse_per(text: str) -> Window | None:
    """Return the window of a cadence's `per` (`week`, `2 weeks`, `month`, `每2周`), or None."""
    match = _PER.match(str(text).strip())
    if not match:
        return None
    n = int(match[1] or 1)
    unit = _PER_UNITS.get(match[2], match[2].lower().rstrip("s"))
    if n < 1:
        return None
    return {
        "day": Window(days=n),
        "week": Window(days=7 * n),
        "month": Window(months=n),
        "quarter": Window(months=3 * n),
    }[unit]


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


def _key_line(node: yaml.Node | None, path: tuple) -> int | None:
    """Return the plan.md line of a key path in the composed YAML tree, or the nearest parent's."""
    line = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 2, found[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 2
        else:
            break
    return line
