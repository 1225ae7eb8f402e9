"""Markdown from the plan and review notes as safe HTML, and the plan's quarter sections."""

from __future__ import annotations

import functools
import re

import markdown
import nh3

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# python-markdown takes time quadratic in the `[` of a paragraph and the headings of a block:
# bounds far beyond a plan's or a note's needs keep a hostile text to a second
MAX_BRACKETS = 1000
MAX_HEADINGS = 1000
_HEADING_LINE = re.compile(r"^ {0,3}(?:#{1,6}(?:\s|$)|=+\s*$|-+\s*$)", re.M)
TOO_MUCH_MARKDOWN = "more than {limit:,} {what} — a plan or a note may have at most {limit:,}"
_FENCE = re.compile(r"^\s*(```|~~~)")
# no images (nothing outside site/ is copied) and no links to other hosts (SPEC §5: the site
# is read offline, and a team lead's page must not point readers elsewhere)
_ALLOWED_TAGS = (nh3.ALLOWED_TAGS | {"table", "thead", "tbody", "tr", "th", "td", "hr", "del"}) - {
    "img"
}


def _local_links_only(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src") and value.lstrip().startswith("//"):
        return None
    return value


@functools.lru_cache(maxsize=512)  # a rebuild renders the same plan and notes again
def render_markdown(source: str) -> str:
    """Return markdown as sanitised HTML: raw HTML is cleaned, scripts and handlers dropped."""
    html = markdown.markdown(source, extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        link_rel="noopener noreferrer",
        url_schemes={"mailto"},
        attribute_filter=_local_links_only,
    )


def markdown_problem(source: str) -> str | None:
    """Return why a plan's or note's markdown is too costly to render, or None."""
    if source.count("[") > MAX_BRACKETS:
        return TOO_MUCH_MARKDOWN.format(limit=MAX_BRACKETS, what="[ brackets")
    if len(_HEADING_LINE.findall(source)) > MAX_HEADINGS:
        return TOO_MUCH_MARKDOWN.format(limit=MAX_HEADINGS, what="headings and --- lines")
    return None


def quarter_sections(source: str) -> dict[str, str]:
    """Return the markdown of each section whose heading text starts with Q1…Q4."""
    sections: dict[str, list[str]] = {}
    current: tuple[str, int] | None = None
    fenced = False
    for line in source.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(line)
        if heading:
            level = len(heading[1])
            if current and level <= current[1]:
                current = None
            quarter = heading[2][:2].upper()
            if current is None and quarter in ("Q1", "Q2", "Q3", "Q4"):
                current = (quarter, level)
        if current:
            sections.setdefault(current[0], []).append(line)
    return {q: "\n".join(lines) + "\n" for q, lines in sections.items()}
