"""What each template may use is written down: its page job's values plus ctx, root, here."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import jinja2
from jinja2 import meta

from battlemap.actions import compute_actions
from battlemap.build import Options
from battlemap.customers import read_customers
from battlemap.logs import read_logs
from battlemap.metrics import measure
from battlemap.pages import KINDS, page_jobs
from battlemap.pages.base import Inputs, Shared
from battlemap.pages.reviews import ReviewRows, periods_of
from battlemap.pages.team import TeamQuarterPage, TeamReviewPage, TeamYearPage
from battlemap.plan import load_plan
from battlemap.privacy import Privacy
from battlemap.site import RenderCache, _add_filters, _context, read_notes
from battlemap.theme import DEFAULT_THEME

REPO = Path(__file__).resolve().parent.parent
COMMON = {"ctx", "root", "here", "ui"}  # ui: the macros base.html imports


def sample_jobs(tmp_path: Path):
    project = tmp_path / "sample"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "logs", project / "logs")
    plan = load_plan(project)
    logs = read_logs(project, plan)
    metrics, acts = measure(plan, logs)
    actions = compute_actions(plan, acts, read_customers(project))
    names = [str(c) for c in logs.rows["customer"].cat.categories] + list(actions.customers)
    privacy = Privacy(names, False, plan.locale)
    inputs = Inputs(plan, logs, metrics, acts, read_notes(project), privacy, actions)
    ctx = _context(plan, logs, metrics, Options(project), RenderCache().charts)
    return page_jobs(ctx, inputs, Shared(periods_of(inputs), lambda: ReviewRows.read(inputs)))


def used_names(env: jinja2.Environment, name: str) -> set[str]:
    source = env.loader.get_source(env, name)[0]
    return meta.find_undeclared_variables(env.parse(source))


def test_every_template_uses_only_what_its_page_job_gives(tmp_path):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(DEFAULT_THEME / "templates"))
    _add_filters(env, "zh-CN")
    jobs = sample_jobs(tmp_path)
    assert {j.template for j in jobs} == {
        "index.html",
        "quarter.html",
        "reviews_index.html",
        "review.html",
        "plan.html",
        "prospects.html",
        "data_quality.html",
        "actions.html",
    }
    layout = used_names(env, "base.html") | used_names(env, "macros.html")
    for job in jobs[:8] + jobs[-4:]:
        context = job.values()
        assert dataclasses.is_dataclass(context), f"{job.path}: its values are not typed"
        given = {f.name for f in dataclasses.fields(context)} | COMMON
        missing = (used_names(env, job.template) | layout) - given
        assert not missing, f"{job.template} uses {missing} that its page job does not give"


def test_team_templates_use_only_their_typed_contexts():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(DEFAULT_THEME / "templates"))
    _add_filters(env, "zh-CN")
    layout = used_names(env, "base.html") | used_names(env, "macros.html")
    for template, kind in (
        ("team_index.html", TeamYearPage),
        ("team_quarter.html", TeamQuarterPage),
        ("team_review.html", TeamReviewPage),
    ):
        parent = template.removeprefix("team_")
        used = used_names(env, template) | used_names(env, parent) | layout
        missing = used - {f.name for f in dataclasses.fields(kind)} - COMMON
        assert not missing, f"{template} uses {missing} that {kind.__name__} does not give"


def test_every_page_kind_documents_its_context_and_names_its_nav_entry(tmp_path):
    jobs = sample_jobs(tmp_path)
    assert [j.nav for j in jobs if j.nav][:2] == ["年度总览", "Q1 开门红"]
    for job in jobs:
        for f in dataclasses.fields(job.values()):
            assert f.metadata.get("help"), f"{job.path}: {f.name} has no help line"
    assert {kind.__name__.rsplit(".", 1)[-1] for kind in KINDS} == {
        "year", "quarter", "reviews", "plan", "prospects", "actions", "data_quality",
    }  # fmt: skip


def test_page_values_have_the_documented_types(tmp_path):
    jobs = {j.path: j for j in sample_jobs(tmp_path)}
    year = jobs["index.html"].values()
    assert year.m("premium_total").path == "year.premium_total"
    assert {a.__class__.__name__ for a in year.alerts} <= {"Alert"}
    assert all(row.__class__.__name__ == "MixRow" for rows in year.mixes.values() for row in rows)
    quarter = jobs["quarters/q1.html"].values()
    assert quarter.q == "Q1" and quarter.figures["name"]
    assert all(c.__class__.__name__ == "CadenceView" for c in quarter.cadences)
    actions = jobs["actions.html"].values().page
    assert actions.__class__.__name__ == "ActionsView"
    assert {s.__class__.__name__ for s in actions.stages} == {"RenewalStage"}
    assert all(t.__class__.__name__ == "ServiceTier" for t in actions.service)
    assert actions.renewal_count == sum(len(s.items) for s in actions.stages)
    review = jobs["reviews/2026-03.html"].values()
    assert review.period.slug == "2026-03"
    assert review.won and all(c.__class__.__name__ == "Case" and c.date for c in review.won)
