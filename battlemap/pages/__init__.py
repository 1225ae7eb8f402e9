"""Every page kind of the site, one module each, with its values, typed context and jobs.

A page kind module exports `jobs(ctx, inputs, shared) -> list[PageJob]`; the site is the
jobs of KINDS in order, and the nav is built from the jobs that name an entry. A team's
pages are these kinds over the team's figures, extended by `team.team_jobs`.
"""

from __future__ import annotations

from battlemap.pages import actions, data_quality, plan, prospects, quarter, reviews, year
from battlemap.pages.base import Context, Inputs, PageJob, Shared

KINDS = (year, quarter, reviews, plan, prospects, actions, data_quality)


def page_jobs(ctx: Context, inputs: Inputs, shared: Shared) -> list[PageJob]:
    """Return every page of the site, in order, each with what it depends on."""
    return [job for kind in KINDS for job in kind.jobs(ctx, inputs, shared)]
