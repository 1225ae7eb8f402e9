"""The sample site in real Chromium (SPEC §5, STYLE "Tests"): clean loads from file://, no
request leaves site/, charts drawn as SVG without JavaScript with a tooltip on every mark, no
horizontal overflow on a phone, screenshots, and printing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import chromium  # tests/chromium.py
import pytest

chromium.require()

from playwright.sync_api import Browser, Page  # noqa: E402
from sample_site import REPO, built_sample  # noqa: E402

PAGES = [
    "index.html",
    "quarters/q1.html",
    "quarters/q2.html",
    "quarters/q3.html",
    "quarters/q4.html",
    "reviews/index.html",
    "reviews/2026-w05.html",
    "reviews/2026-03.html",
    "reviews/2026-q1.html",
    "plan.html",
    "prospects.html",
    "actions.html",
    "data-quality.html",
]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
MEASURE = "[document.querySelectorAll('figure.chart').length, document.documentElement.scrollWidth]"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample(tmp_path_factory) / "site"


@pytest.fixture(scope="module")
def browser() -> Browser:
    with chromium.launched() as browser:
        yield browser


class Watched:
    """A page with its console errors, page errors and requests recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, site: Path, name: str) -> Page:
        """Load a page of the site."""
        self.page.goto((site / name).as_uri(), wait_until="load")
        return self.page


def outside(site: Path, urls: list[str]) -> list[str]:
    """Return the URLs that are not file:// URLs of files inside site/."""
    root = site.resolve()
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme != "file" or not Path(unquote(parts.path)).resolve().is_relative_to(root):
            bad.append(url)
    return bad


@pytest.fixture(scope="module")
def context(browser: Browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly_from_file(context, site: Path, name: str):
    watched = Watched(context.new_page())
    try:
        watched.open(site, name)
        assert watched.errors == []
        assert watched.requests, "no request recorded"
        assert outside(site, watched.requests) == []
    finally:
        watched.page.close()


def test_charts_show_without_javascript(browser: Browser, site: Path):
    """Every chart is an SVG image drawn in the page: named, visible, its marks titled."""
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        for name in ("index.html", "quarters/q1.html", "quarters/q4.html"):
            page.goto((site / name).as_uri(), wait_until="load")
            figures = page.locator("figure.chart")
            assert figures.count() >= 2, name
            for i in range(figures.count()):
                svg = figures.nth(i).locator("svg").first
                assert svg.is_visible(), f"{name}: chart {i} has no visible svg"
                box = svg.bounding_box()
                assert box and box["width"] > 0 and box["height"] > 0, f"{name}: chart {i} {box}"
                caption = figures.nth(i).locator("figcaption").inner_text()
                assert svg.get_attribute("role") == "img", f"{name}: chart {i}"
                assert svg.get_attribute("aria-label") == caption, f"{name}: chart {i}"
                marks = svg.locator("g.mark")
                assert marks.count() > 0 and marks.count() == svg.locator("g.mark > title").count()
    finally:
        ctx.close()


# the title a pointer at the middle of each mark's visible shape would show (its <g>'s
# <title>), or of its hover area when the shape has no size (a week with no premium, a mix key
# with no target); where the weekly pace's dashed rule crosses a bar, the rule takes the pointer
HOVERED = """(selector) => [...document.querySelectorAll(selector + " svg g.mark")].map((g) => {
  let box = g.lastElementChild.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) box = g.children[1].getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  const owner = hit && hit.closest("g.mark");
  const shown = owner ? owner.querySelector("title").textContent : null;
  return [g.querySelector("title").textContent, shown, !!owner && owner.matches(".rule")];
})"""


def test_hovering_a_mark_shows_its_own_title(browser: Browser, site: Path):
    """The native tooltip is the <title> of the mark under the pointer: every bar of the
    sample's charts is the one hit at its middle, even a week with no premium."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 4000})
    try:
        watched = Watched(ctx.new_page())
        wrong, counted = [], 0
        for name in ("index.html", "quarters/q1.html", "quarters/q4.html"):
            page = watched.open(site, name)
            for chart in ("#chart-weekly", "#chart-activity", "#chart-funnel", "#chart-mix"):
                for own, shown, rule in page.evaluate(HOVERED, chart):
                    counted += 1
                    if own != shown and not rule:
                        wrong.append(f"{name} {chart}: {own!r} shows {shown!r}")
        assert counted > 200
        assert wrong == []
        assert not [u for u in watched.requests if u.endswith(".js")]  # no Vega, no charts.js
        assert watched.errors == []
    finally:
        ctx.close()


def test_nothing_overflows_a_phone_screen(browser: Browser, site: Path):
    """Every page at 375 px."""
    phone = {"width": 375, "height": 800}
    wide, with_charts = {}, []
    ctx = browser.new_context(viewport=phone)
    try:
        watched = Watched(ctx.new_page())
        for path in sorted(site.rglob("*.html")):
            name = path.relative_to(site).as_posix()
            page = watched.open(site, name)
            charts, width = page.evaluate(MEASURE)
            if charts:
                with_charts.append(name)
            if width > phone["width"]:
                wide[name] = width
        assert watched.errors == []
    finally:
        ctx.close()
    assert len(with_charts) >= 5  # the year and the four quarters
    assert wide == {}


PHONE = {"width": 375, "height": 800}
CHART_TEXT = """() => [...document.querySelectorAll("figure.chart svg text")]
  .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map((t) => {
    const ctm = t.getScreenCTM();
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    return [t.textContent.trim(), t.getBoundingClientRect().height, size];
  })"""
# how many lines each short cell takes: its text's boxes, grouped where they overlap vertically
LINES = """(selector) => {
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    const head = el.closest("thead");
    if (box.width < 2 || (head && getComputedStyle(head).position === "absolute")) continue;
    const spans = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) spans.push([r.top, r.bottom]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    let lines = 0, end = -Infinity;
    for (const [top, bottom] of spans) {
      if (top >= end - 1) { lines += 1; end = bottom; } else { end = Math.max(end, bottom); }
    }
    found.push([el.textContent.trim().slice(0, 24), lines]);
  }
  return found;
}"""
SHORT_CELLS = [
    ".figure",
    "td.num",
    "td.date",
    ".who",
    ".chip",
    ".badge",
    "thead th",
    ".strip .when",
    ".dates",
]
PAGE_KINDS = [
    "index.html",
    "quarters/q1.html",
    "quarters/q4.html",
    "reviews/index.html",
    "reviews/2026-w05.html",
    "reviews/2026-03.html",
    "reviews/2026-q1.html",
    "plan.html",
    "prospects.html",
    "data-quality.html",
]


def test_chart_text_is_at_least_8_px_on_a_phone(browser: Browser, site: Path):
    """Every text of every chart at 375 px: its box and its font, scaled as shown, >= 8 px."""
    ctx = browser.new_context(viewport=PHONE)
    try:
        watched = Watched(ctx.new_page())
        small, counted = [], 0
        for name in ("index.html", "quarters/q1.html", "quarters/q2.html", "quarters/q4.html"):
            page = watched.open(site, name)
            texts = page.evaluate(CHART_TEXT)
            counted += len(texts)
            small += [
                f"{name}: {t!r} {h:.1f} px high, font {f:.1f} px"
                for t, h, f in texts
                if h < 8 or f < 8
            ]
        assert counted > 100
        assert small == []
        assert watched.errors == []
    finally:
        ctx.close()


def test_short_cells_stay_on_one_line_on_a_phone(browser: Browser, site: Path):
    """Figures, names, dates, badges, headers and strip dates never break at 375 px."""
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = ctx.new_page()
        broken, counted = [], 0
        for name in PAGE_KINDS:
            page.goto((site / name).as_uri(), wait_until="load")
            for selector in SHORT_CELLS:
                cells = page.evaluate(LINES, selector)
                counted += len(cells)
                broken += [f"{name} {selector} {t!r}: {n} lines" for t, n in cells if n > 1]
        assert counted > 1000
        assert broken == []
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(browser: Browser, site: Path, width: int):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert "artifacts/" in (REPO / ".gitignore").read_text("utf-8").split()
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        watched = Watched(ctx.new_page())
        for name, stem in (
            ("index.html", "index"),
            ("quarters/q1.html", "q1"),
            ("quarters/q4.html", "q4"),
            ("reviews/2026-w05.html", "week-05"),
            ("prospects.html", "prospects"),
            ("actions.html", "actions"),
        ):
            page = watched.open(site, name)
            shot = SCREENSHOTS / f"{stem}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            print(f"screenshot: {shot.relative_to(REPO)}")
        assert watched.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("q", ["q1", "q2", "q3", "q4"])
def test_a_battle_map_prints_to_one_a4_page_with_its_key_actions(context, site: Path, q: str):
    watched = Watched(context.new_page())
    try:
        page = watched.open(site, f"quarters/{q}.html")
        page.emulate_media(media="print")
        # the print stylesheet keeps the weekly charts, the cadence strips and the plan's key
        # actions for the quarter, and leaves out the mix chart (its tables say the same)
        for name in ("#chart-weekly svg", "#chart-activity svg", "ol.strip", ".narrative li"):
            box = page.locator(name).first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"printed {name}: {box}"
        assert page.locator("#chart-mix").is_hidden()
        assert "关键动作" in page.locator(".narrative").inner_text()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"quarters/{q}.html prints to {pages} A4 pages"
        assert watched.errors == []
    finally:
        watched.page.close()
