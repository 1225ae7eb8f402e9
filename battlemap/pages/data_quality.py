"""The data-quality page (data-quality.html): rows skipped or merged, columns and sheets ignored."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from battlemap.pages.base import Context, Inputs, Metric, PageJob, metric


@dataclass(frozen=True)
class DataQualityPage:
    """data-quality.html: what was skipped, merged or ignored."""

    ignored: dict[str, list[str]] = field(
        metadata={"help": "columns ignored, with the files that have them"}
    )
    ignored_sheets: list = field(metadata={"help": "worksheets ignored, with why"})
    problems: list[str] = field(
        metadata={"help": "rows skipped with --skip-bad-rows, as located messages"}
    )
    m_rows: Metric = field(metadata={"help": "meta.rows"})
    m_merged: Metric = field(metadata={"help": "meta.merged_rows"})
    m_skipped: Metric = field(metadata={"help": "meta.skipped_rows"})


def data_quality_page(inputs: Inputs) -> dict:
    """Return the data-quality page's values: what was skipped, merged or ignored."""
    metrics = inputs.metrics
    return DataQualityPage(
        ignored=inputs.logs.ignored_columns,
        ignored_sheets=list(inputs.logs.ignored_sheets),
        problems=[
            inputs.privacy.text(p.text(inputs.plan.locale))
            for p in (*inputs.logs.problems, *(inputs.actions.problems if inputs.actions else ()))
        ],
        m_rows=metric(metrics, "meta.rows", "number"),
        m_merged=metric(metrics, "meta.merged_rows", "number"),
        m_skipped=metric(metrics, "meta.skipped_rows", "number"),
    )


def jobs(ctx: Context, inputs: Inputs, shared) -> list[PageJob]:
    """Return the data-quality page, when rows were skipped or merged or columns ignored."""
    if not ctx.has_data_quality:
        return []
    values = partial(data_quality_page, inputs)
    return [
        PageJob("data-quality.html", "data_quality.html", "", values, ctx.words["data_quality"])
    ]
