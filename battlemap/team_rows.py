"""The team's rows: every agent's frame in one, coded again only for the agents that changed.

The frame is exactly what `union_categoricals` over the agents' frames (in member order,
categories in the order first seen) and a stable sort by date give, but each agent's part
is kept between rebuilds: in `serve` a row appended by one agent codes that agent's rows
only, and the rest is a few vectorised passes over the team's codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from battlemap.logs import LogSet
    from battlemap.team import Member


@dataclass
class Values:
    """Every category value one column has held, each with an id in the order first seen."""

    ids: dict = field(default_factory=dict)
    values: list = field(default_factory=list)
    last: tuple[np.ndarray, pd.Index] | None = None  # the last categories made, by their ids

    def of(self, categories: pd.Index) -> np.ndarray:
        """Return the ids of a part's categories (new values get the next ids)."""
        ids, values = self.ids, self.values
        out = np.empty(len(categories), dtype=np.int64)
        for i, value in enumerate(categories.tolist()):
            n = ids.get(value)
            if n is None:
                n = ids[value] = len(values)
                values.append(value)
            out[i] = n
        return out

    def index(self, ids: np.ndarray, dtype) -> pd.Index:
        """Return the categories of these ids (the last ones again when they are the same)."""
        if self.last is not None and np.array_equal(self.last[0], ids):
            if self.last[1].dtype == dtype:
                return self.last[1]
        made = pd.Index(np.asarray(self.values, dtype=object)[ids], dtype=dtype)
        self.last = (ids, made)
        return made


@dataclass(frozen=True)
class Part:
    """One agent's rows, coded against the team's `Values`."""

    rows: pd.DataFrame  # the agent's frame as read (its identity tells a changed agent)
    name: str
    categories: dict[str, np.ndarray]  # column -> the ids of its categories
    codes: dict[str, np.ndarray]  # column -> each row's category (-1: missing)
    plain: dict[str, np.ndarray]  # the other columns' values
    pairs: np.ndarray  # each row's customer among the agent's, in the customers' text order
    n_pairs: int


@dataclass
class TeamRowsMemo:
    """What the next team frame may reuse: each column's values and each agent's part."""

    values: dict[str, Values] = field(default_factory=dict)
    parts: dict[str, Part] = field(default_factory=dict)  # slug -> part


def team_rows(
    members: tuple[Member, ...], agents: dict[str, LogSet], memo: TeamRowsMemo | None = None
) -> pd.DataFrame:
    """Return every agent's rows in one frame, with `customer_id` = (agent, customer).

    `agents` maps each member's slug to its LogSet. Rows are ordered by date, then by member,
    then as the agent's frame has them; the pairs (agent, customer) are coded in the order
    of their texts, agent first.
    """
    memo = memo or TeamRowsMemo()
    if not members:
        return pd.DataFrame()
    chosen = [m for m in members if len(agents[m.slug].rows)] or [members[0]]
    parts = [_part(memo, m.slug, m.name, agents[m.slug].rows) for m in chosen]
    for gone in set(memo.parts) - {m.slug for m in members}:
        del memo.parts[gone]
    sizes = [len(p.rows) for p in parts]
    data: dict[str, object] = {}
    for column in parts[0].rows.columns:
        if column == "agent":  # the member's name (an agent without rows names none)
            names = pd.Index([p.name for p in parts if len(p.rows)])
            data[column] = pd.Categorical.from_codes(
                np.repeat(np.arange(len(parts)), sizes), categories=names
            )
        elif column in parts[0].codes:
            data[column] = _union(memo.values[column], parts, column, sizes)
        else:
            data[column] = np.concatenate([p.plain[column] for p in parts])
    rows = pd.DataFrame(data)
    rows["customer_id"] = _pairs(parts, sizes)
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def _part(memo: TeamRowsMemo, slug: str, name: str, rows: pd.DataFrame) -> Part:
    kept = memo.parts.get(slug)
    if kept is not None and kept.rows is rows and kept.name == name:
        return kept
    categories, codes, plain = {}, {}, {}
    for column in rows.columns:
        if column == "agent":
            continue
        values = rows[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            table = memo.values.setdefault(column, Values())
            categories[column] = table.of(values.cat.categories)
            codes[column] = values.cat.codes.to_numpy().astype(np.int64)
        else:
            plain[column] = values.to_numpy()
    customers = codes.get("customer", np.full(len(rows), -1, dtype=np.int64))
    texts = memo.values["customer"].values if "customer" in memo.values else []
    pairs, n_pairs = _own_pairs(customers, categories.get("customer"), texts)
    part = Part(rows, name, categories, codes, plain, pairs, n_pairs)
    memo.parts[slug] = part
    return part


def _own_pairs(codes: np.ndarray, ids: np.ndarray | None, texts: list) -> tuple[np.ndarray, int]:
    """Number an agent's customers in their texts' order (-1: a row without one)."""
    used = np.unique(codes[codes >= 0])
    names = np.asarray([str(texts[ids[c]]) for c in used.tolist()], dtype=object)
    keys, inverse = np.unique(names, return_inverse=True)
    pairs = np.full(len(codes), -1, dtype=np.int64)
    given = codes >= 0
    pairs[given] = inverse.reshape(-1)[np.searchsorted(used, codes[given])]
    return pairs, len(keys)


def _union(table: Values, parts: list[Part], column: str, sizes: list[int]) -> pd.Categorical:
    """The parts' column in one categorical, its categories in the order first seen."""
    ids = np.concatenate([p.categories[column] for p in parts])
    first = pd.unique(ids)
    where = np.full(len(table.values), -1, dtype=np.int64)
    where[first] = np.arange(len(first))
    starts = np.cumsum([0] + [len(p.categories[column]) for p in parts[:-1]])
    codes = np.concatenate([p.codes[column] for p in parts])
    given = codes >= 0
    team_codes = np.full(len(codes), -1, dtype=np.int64)
    team_codes[given] = where[ids][(codes + np.repeat(starts, sizes))[given]]
    categories = table.index(first, parts[0].rows[column].cat.categories.dtype)
    return pd.Categorical.from_codes(team_codes, categories=categories, validate=False)


def _pairs(parts: list[Part], sizes: list[int]) -> pd.Categorical:
    """The (agent, customer) pairs coded in their texts' order: agents by name, then each
    agent's customers (agents' names are distinct, so blocks never interleave)."""
    names = np.asarray([p.name for p in parts], dtype=object)
    order = np.argsort(names, kind="stable")
    counts = np.asarray([p.n_pairs for p in parts], dtype=np.int64)
    starts = np.empty(len(parts), dtype=np.int64)
    starts[order] = np.cumsum(np.concatenate([[0], counts[order]]))[:-1]
    pairs = np.concatenate([p.pairs for p in parts])
    codes = np.where(pairs < 0, -1, np.repeat(starts, sizes) + pairs)
    return pd.Categorical.from_codes(codes, categories=np.arange(int(counts.sum())))
