"""The rows up to as_of as arrays, with the per-customer facts every period's figures need."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from battlemap.plan import Plan
from battlemap.spans import Period


class Activities:
    """The rows up to as_of with the per-customer facts every period needs."""

    def __init__(self, rows: pd.DataFrame, plan: Plan, as_of: dt.date) -> None:
        if len(rows) and rows["date"].max() > pd.Timestamp(as_of):
            rows = rows[rows["date"] <= pd.Timestamp(as_of)].reset_index(drop=True)
        self.as_of = as_of
        self.rows = rows
        self.date = rows["date"].to_numpy()
        self.count = rows["count"].to_numpy()
        self._types = {str(t): i for i, t in enumerate(rows["type"].cat.categories)}
        self._type_codes = rows["type"].cat.codes.to_numpy()
        self._by_type: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.policy, self.cancel = self.of_type("policy"), self.of_type("cancel")
        self.renewal = self.of_type("renewal")
        cents = rows["premium"].clip(lower=0).to_numpy()
        self.nb_cents = np.where(self.policy, cents, np.where(self.cancel, -cents, 0))
        self.renewal_cents = np.where(self.renewal, cents, 0)
        self.visit_count = np.where(self.of_type("visit"), self.count, 0)
        # a customer is their name, or in a team the pair (agent, name): see team_rows.team_rows
        self.identity = "customer_id" if "customer_id" in rows else "customer"
        self.customer = rows[self.identity].cat.codes.to_numpy()
        self.keys = {
            d: (rows[d].cat.codes.to_numpy(), [str(c) for c in rows[d].cat.categories])
            for d in ("product", "channel")
        }
        self._customer_facts(rows, plan)

    def of_type(self, kind: str) -> np.ndarray:
        """Return which rows are of an activity type."""
        code = self._types.get(kind)
        return np.zeros(len(self.date), bool) if code is None else self._type_codes == code

    def type_names(self) -> list[str]:
        """Return the activity type of each type code."""
        return list(self._types)

    def type_codes(self) -> np.ndarray:
        return self._type_codes

    def dated(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a type's row dates, sorted, and the running Σ count (with a leading 0)."""
        if kind not in self._by_type:
            of_type = self.of_type(kind)
            order = np.argsort(self.date[of_type], kind="stable")
            counts = np.concatenate([[0], np.cumsum(self.count[of_type][order])])
            self._by_type[kind] = (self.date[of_type][order], counts)
        return self._by_type[kind]

    def _customer_facts(self, rows: pd.DataFrame, plan: Plan) -> None:
        n_customers = len(rows[self.identity].cat.categories)
        codes = self.customer[self.policy]
        dates = self.date[self.policy].astype("datetime64[ns]")
        self.first_policy = np.full(n_customers, np.datetime64("NaT"), dtype="datetime64[ns]")
        if len(codes):
            first = pd.Series(dates).groupby(codes).min()
            self.first_policy[first.index.to_numpy()] = first.to_numpy()
        first_day = dates == self.first_policy[codes]
        channel_codes, channels = self.keys["channel"]
        referral = channels.index("referral") if "referral" in channels else -1
        on_referral = first_day & (channel_codes[self.policy] == referral)
        self.referral_first = np.zeros(n_customers, bool)
        self.referral_first[codes[on_referral]] = True
        self.policy_rows = np.bincount(codes, minlength=n_customers)
        year = self.mask(Period(dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)))
        totals = np.bincount(
            self.customer[year],
            weights=(self.nb_cents + self.renewal_cents)[year],
            minlength=n_customers,
        )
        high, middle = (round(t * 100) for t in (plan.tiers.high, plan.tiers.middle))
        tier = np.where(totals >= high, 0, np.where(totals >= middle, 1, 2))
        self.keys["tier"] = (tier[self.customer], ["high", "middle", "ordinary"])

    def mask(self, period: Period) -> np.ndarray:
        return (self.date >= np.datetime64(period.start)) & (self.date <= np.datetime64(period.end))
