"""The sample site in real Chromium (SPEC §5, STYLE "Tests"): clean loads from file://, no
request leaves site/, charts readable without JavaScript and upgraded with it, no horizontal
overflow on a phone, screenshots, and printing."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import chromium  # tests/chromium.py
import pytest

chromium.require()

from playwright.sync_api import Browser, Page  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
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
ALL_UPGRADED = "document.querySelectorAll('figure.chart .chart-body').length === 0"


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

    def open(self, site: Path, name: str, settle: bool = True) -> Page:
        """Load a page of the site; with settle, wait for its charts to become interactive."""
        self.page.goto((site / name).as_uri(), wait_until="load")
        if settle and self.page.locator("figure.chart").count():
            try:
                self.page.wait_for_function(ALL_UPGRADED, timeout=10_000)
            except PlaywrightTimeout:
                pass  # the test that needs the upgrade says so; the static SVG stays
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
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        for name in ("index.html", "quarters/q1.html"):
            page.goto((site / name).as_uri(), wait_until="load")
            figures = page.locator("figure.chart")
            assert figures.count() >= 2, name
            for i in range(figures.count()):
                svg = figures.nth(i).locator("svg").first
                assert svg.is_visible(), f"{name}: chart {i} has no visible svg"
                box = svg.bounding_box()
                assert box and box["width"] > 0 and box["height"] > 0, f"{name}: chart {i} {box}"
            assert page.locator(".chart-live").count() == 0
    finally:
        ctx.close()


def test_charts_become_interactive_with_javascript(context, site: Path):
    watched = Watched(context.new_page())
    try:
        page = watched.open(site, "index.html", settle=False)
        page.wait_for_selector(".chart-live", timeout=10_000)
        page.wait_for_function(ALL_UPGRADED, timeout=10_000)
        live = page.locator("figure.chart .chart-live")
        assert live.count() == page.locator("figure.chart").count()
        for i in range(live.count()):
            box = live.nth(i).locator("svg").first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"live chart {i}: {box}"
        assert watched.errors == []
        assert outside(site, watched.requests) == []
    finally:
        watched.page.close()


def test_nothing_overflows_a_phone_screen(browser: Browser, site: Path):
    """Every page at 375 px: pages with charts once upgraded by JavaScript; the others, whose
    layout charts.js does not touch, with JavaScript off (loading Vega 75 times is slow)."""
    phone = {"width": 375, "height": 800}
    wide, with_charts = {}, []
    static = browser.new_context(viewport=phone, java_script_enabled=False)
    try:
        page = static.new_page()
        for path in sorted(site.rglob("*.html")):
            name = path.relative_to(site).as_posix()
            page.goto(path.as_uri(), wait_until="load")
            charts, width = page.evaluate(MEASURE)
            if charts:
                with_charts.append(name)
            if width > phone["width"]:
                wide[name] = width
    finally:
        static.close()
    assert len(with_charts) >= 5  # the year and the four quarters
    live = browser.new_context(viewport=phone)
    try:
        watched = Watched(live.new_page())
        for name in with_charts:
            page = watched.open(site, name)
            assert page.locator(".chart-live").count() > 0, f"{name}: charts not upgraded"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > phone["width"]:
                wide[f"{name} (charts upgraded)"] = width
        assert watched.errors == []
    finally:
        live.close()
    assert wide == {}


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


def test_q1_prints_to_pdf_with_its_charts(context, site: Path):
    watched = Watched(context.new_page())
    try:
        page = watched.open(site, "quarters/q1.html")
        page.emulate_media(media="print")
        # the print stylesheet keeps the weekly charts and the cadence strip, and leaves out
        # the mix chart (its tables say the same) so that the battle map fits one A4 page
        for name in ("chart-weekly", "chart-activity", "chart-cadences"):
            box = page.locator(f"#{name} svg").first.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"printed {name}: {box}"
        assert page.locator("#chart-mix").is_hidden()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        assert pages == 1, f"quarters/q1.html prints to {pages} A4 pages"
        assert watched.errors == []
    finally:
        watched.page.close()
