"""The plan's schema: every key of SPEC §3 with its type, default and a help line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from battlemap.amounts import FIRST_YEAR, LAST_YEAR, parse_amount

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
DEFAULT_QUARTER_SHARES = {"Q1": 0.30, "Q2": 0.25, "Q3": 0.25, "Q4": 0.20}
DEFAULT_QUARTER_NAMES = {
    "zh-CN": {"Q1": "开门红", "Q2": "深耕期", "Q3": "巩固期", "Q4": "冲刺期"},
    "en": {"Q1": "Strong start", "Q2": "Deepening", "Q3": "Consolidation", "Q4": "Final sprint"},
}
MIX_TOLERANCE = 0.005
# bounds far beyond any agent's plan: a value past them is a typo (or an ID number pasted)
MAX_AMOUNT = 1e12  # yuan
MAX_COUNT = 1e9  # policies, customers
MAX_GROWTH = 100.0  # +10000%
MAX_CADENCE_COUNT = 1_000_000
MAX_CADENCES = 200
_PER = re.compile(
    r"^(?:every\s+|每)?\s*(\d+)?\s*个?\s*(days?|weeks?|months?|quarters?|天|日|周|星期|月|季度|季)$",
    re.I,
)
_PER_UNITS = {
    "季": "quarter",
    "天": "day",
    "日": "day",
    "周": "week",
    "星期": "week",
    "月": "month",
    "季度": "quarter",
}


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


Amount = Annotated[float, BeforeValidator(_amount), Field(ge=0, le=MAX_AMOUNT)]
Count = Annotated[float, Field(ge=0, le=MAX_COUNT)]


class Model(BaseModel):
    """A plan section: unknown keys are kept so that they can be warned about."""

    model_config = ConfigDict(extra="allow", frozen=True, allow_inf_nan=False)


class Baseline(Model):
    premium: Amount | None = Field(None, description="last year's premium, yuan")
    policies: Count | None = Field(None, description="last year's policies")
    new_customers: Count | None = Field(None, description="last year's new customers")


class Growth(Model):
    """A target given as growth over the baseline, or as an absolute amount."""

    growth: Annotated[float, Field(ge=-1, le=MAX_GROWTH)] | None = Field(
        None, description="growth over last year, 0.18 = +18%"
    )
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
    count: Annotated[int, Field(ge=1, le=MAX_CADENCE_COUNT)] = Field(
        description="activities required per window"
    )
    per: str = Field(description="window: day, week, 2 weeks, month, quarter")
    label: str | None = Field(None, description="shown name; defaults to the type's label")


class PlanModel(Model):
    title: str | None = Field(None, description="the plan's title")
    agent: str | None = Field(None, description="the agent's name")
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)] = Field(description="the plan's year")
    locale: Literal["zh-CN", "en"] = Field("zh-CN", description="language of every page")
    theme: str = Field("default", description="theme folder under themes/")
    baseline: Baseline = Baseline()
    targets: Targets = Targets()
    mix: Mix = Mix()
    tiers: Tiers = Tiers()
    quarters: Quarters = Quarters()
    products: dict[str, str] = Field({}, description="extra product lines with labels")
    types: dict[str, str] = Field({}, description="extra activity types with labels")
    cadences: list[Cadence] = Field(
        [], max_length=MAX_CADENCES, description="key actions with their cadence"
    )


@dataclass(frozen=True)
class Window:
    """A cadence window length: n days, or n calendar months."""

    days: int = 0
    months: int = 0

    @property
    def too_long(self) -> bool:
        """Tell a window longer than a year (cadences are judged within one)."""
        return self.days > 366 or self.months > 12

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
