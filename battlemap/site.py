"""Stage 4: render every file of the site into memory (path -> bytes)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from battlemap.logs import LogSet
from battlemap.plan import Plan

if TYPE_CHECKING:
    from battlemap.build import Options


def metrics_json(metrics: dict) -> bytes:
    """Return metrics.json: sorted keys, two-space indent, UTF-8, a final newline."""
    text = json.dumps(metrics, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def render_site(plan: Plan, logs: LogSet, metrics: dict, options: Options) -> dict[str, bytes]:
    """Return every file of the site."""
    index = (
        "<!doctype html><meta charset=utf-8><title>Battlemap</title>"
        '<p><a href="data/metrics.json">data/metrics.json</a></p>\n'
    )
    return {"data/metrics.json": metrics_json(metrics), "index.html": index.encode("utf-8")}
