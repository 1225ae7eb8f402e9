"""The team's frame, kept per agent between rebuilds, against the frame made in one go."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from battlemap.team_rows import TeamRowsMemo, team_rows


@dataclass(frozen=True)
class FakeMember:
    slug: str
    name: str


@dataclass(frozen=True)
class Rows:
    rows: pd.DataFrame


def in_one_go(members, agents) -> pd.DataFrame:
    """The team frame as first written: union_categoricals over the agents' frames in member
    order, the pairs as the sorted texts `agent\\x1fcustomer`, a stable sort by date."""
    frames = [agents[m.slug].rows.assign(agent=m.name) for m in members]
    frames = [f for f in frames if len(f)] or [frames[0]]
    data = {}
    for column in frames[0].columns:
        parts = [f[column] for f in frames]
        if isinstance(parts[0].dtype, pd.CategoricalDtype) or column == "agent":
            data[column] = pd.api.types.union_categoricals(
                [pd.Categorical(p) for p in parts], ignore_order=True
            )
        else:
            data[column] = np.concatenate([p.to_numpy() for p in parts])
    rows = pd.DataFrame(data)
    rows["customer_id"] = pd.Categorical(
        rows["agent"].astype(str) + "\x1f" + rows["customer"].astype(str)
    )
    return rows.sort_values("date", kind="stable").reset_index(drop=True)


def assert_same(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        a, b = expected[column], got[column]
        if isinstance(a.dtype, pd.CategoricalDtype):
            assert isinstance(b.dtype, pd.CategoricalDtype), column
            assert b.cat.codes.tolist() == a.cat.codes.tolist(), column
            assert len(b.cat.categories) == len(a.cat.categories), column
            if column != "customer_id":  # its categories are ids: only their order counts
                assert b.cat.categories.tolist() == a.cat.categories.tolist(), column
                if len(a.cat.categories):  # an empty one's type shows nowhere
                    assert b.cat.categories.dtype == a.cat.categories.dtype, column
        else:
            assert b.dtype == a.dtype and b.tolist() == a.tolist(), column


TEXTS = st.sampled_from(["王芳", "王芳芳", "李雷", "nan", "Zoe", "zoe", "a\x1fb", "", "陈"])
NAMES = ["张三", "张三丰", "Amy", "amy", "李四"]


@st.composite
def agent_rows(draw) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    customers = draw(st.lists(TEXTS, unique=True, max_size=5))
    notes = draw(st.lists(TEXTS, unique=True, min_size=1, max_size=3))
    days = draw(st.lists(st.integers(0, 4), min_size=n, max_size=n))
    who = draw(st.lists(st.integers(-1, len(customers) - 1), min_size=n, max_size=n))
    what = draw(st.lists(st.integers(0, len(notes) - 1), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "date": (np.datetime64("2026-01-01") + np.array(days, dtype="timedelta64[D]")).astype(
                "datetime64[s]"
            ),
            "customer": pd.Categorical.from_codes(who, pd.Index(customers, dtype=str)),
            "premium": np.arange(n, dtype=np.int64) * 100,
            "note": pd.Categorical.from_codes(what, pd.Index(notes, dtype=str)),
            "agent": pd.Categorical([""] * n),  # as read; the team frame names the member
        }
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(agent_rows(), min_size=1, max_size=len(NAMES)),
    st.lists(st.tuples(st.integers(0, len(NAMES) - 1), agent_rows()), max_size=4),
    st.permutations(NAMES),
)
def test_the_team_frame_kept_between_changes_is_the_frame_made_in_one_go(frames, edits, names):
    members = tuple(FakeMember(f"a{i}", names[i]) for i in range(len(frames)))
    agents = {m.slug: Rows(f) for m, f in zip(members, frames, strict=True)}
    memo = TeamRowsMemo()
    assert_same(in_one_go(members, agents), team_rows(members, agents, memo))
    for which, rows in edits:  # one agent's rows read anew, as serve does after a save
        slug = members[which % len(members)].slug
        agents[slug] = Rows(rows)
        assert_same(in_one_go(members, agents), team_rows(members, agents, memo))
        assert_same(in_one_go(members, agents), team_rows(members, agents))


@settings(max_examples=20, deadline=None)
@given(st.lists(agent_rows().filter(len), min_size=3, max_size=3))
def test_an_agent_left_out_is_forgotten_and_a_kept_part_is_not_coded_again(frames):
    members = tuple(FakeMember(f"a{i}", NAMES[i]) for i in range(3))
    agents = {m.slug: Rows(f) for m, f in zip(members, frames, strict=True)}
    memo = TeamRowsMemo()
    team_rows(members, agents, memo)
    kept = dict(memo.parts)
    assert set(kept) == {"a0", "a1", "a2"}
    team_rows(members[:2], agents, memo)
    assert set(memo.parts) == {"a0", "a1"}
    assert all(memo.parts[s] is kept[s] for s in ("a0", "a1"))
