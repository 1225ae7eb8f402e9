"""The pipeline: load_plan → read_logs → compute_metrics → render_site → publish_site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.charts import ChartRenderer
from battlemap.logs import LogSet, read_logs
from battlemap.metrics import measure
from battlemap.plan import Plan, load_plan
from battlemap.publish import publish_site
from battlemap.site import render_site

SITE_DIR = "site"


@dataclass(frozen=True)
class Options:
    """What a build is asked to do (the CLI's flags)."""

    project: Path
    as_of: dt.date | None = None
    skip_bad_rows: bool = False
    show_names: bool = False
    theme: str | None = None


@dataclass
class BuildResult:
    """What a successful build read and wrote."""

    plan: Plan
    logs: LogSet
    metrics: dict
    files: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)


def build_site(options: Options, charts: ChartRenderer | None = None) -> BuildResult:
    """Read and compute everything, render every page, then publish site/ in one swap."""
    plan = load_plan(options.project)
    logs = read_logs(options.project, plan, options.skip_bad_rows)
    metrics, activities = measure(plan, logs, options.as_of)
    files = render_site(plan, logs, metrics, activities, options, charts)
    publish_site(options.project / SITE_DIR, files)
    warnings = list(plan.warnings) + [
        f"{', '.join(sorted(set(files_)))}: column {name!r} is not one Battlemap reads — ignored"
        for name, files_ in sorted(logs.ignored_columns.items())
    ]
    return BuildResult(plan, logs, metrics, files, warnings)
