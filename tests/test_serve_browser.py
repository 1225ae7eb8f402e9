"""`build.py serve` in real Chromium: pages reload by themselves, keep their scroll, show errors."""

from __future__ import annotations

import re
import uuid

import chromium  # tests/chromium.py
import pytest

chromium.require()

from playwright.sync_api import Page, expect  # noqa: E402
from test_serve import ServeProcess, copy_project, quiet  # noqa: E402

FAVICON_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"
TIMEOUT = 10_000  # ms: a rebuild takes well under a second


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    proc = ServeProcess(copy_project(tmp_path_factory.mktemp("serve-browser") / "proj"))
    try:
        proc.wait_watching()
        quiet(proc)
        yield proc
    finally:
        assert proc.stop() == 0, proc.err


@pytest.fixture(scope="module")
def browser():
    with chromium.launched() as browser:
        yield browser


class Watched:
    """A page with its console errors, its load events and every URL it requested."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.loads = 0
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("load", lambda _: setattr(self, "loads", self.loads + 1))
        page.on("request", lambda r: self.requests.append(r.url))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{message.location.get('url')}: {message.text}")

    def errors_but_favicon(self) -> list[str]:
        """Return the errors other than the favicon's 404 (see test_no_console_error)."""
        return [e for e in self.errors if not e.endswith("/favicon.ico: " + FAVICON_404)]


def test_no_console_error(server, browser):
    # first in the module: Chromium asks a host for its favicon once per browser
    page = browser.new_page()
    w = Watched(page)
    try:
        page.goto(server.url + "index.html", wait_until="load")
        for _ in range(30):  # Chromium asks for /favicon.ico after the load, if no icon is set
            if w.errors:
                break
            page.wait_for_timeout(50)
        assert w.errors == []
    finally:
        page.close()


def test_pages_reload_by_themselves_keep_their_scroll_and_show_errors(server, browser):
    plan = server.project / "content/plan.md"
    good = plan.read_text("utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    w = Watched(page)
    try:
        page.goto(server.url + "quarters/q1.html", wait_until="load")
        assert page.evaluate("document.body.scrollHeight") > 800 + 720
        page.evaluate("window.scrollTo(0, 800)")
        page.wait_for_function("Math.abs(window.scrollY - 800) < 1")
        page.evaluate("window.__before_reload = true")
        loads = w.loads

        # a save reloads the page, which comes back where it was scrolled to
        marker = f"MARKER-{uuid.uuid4().hex[:8]}"
        plan.write_text(
            good.replace("title: 2026 年度销售目标计划", f"title: {marker}", 1), "utf-8"
        )
        expect(page).to_have_title(re.compile(marker), timeout=TIMEOUT)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__before_reload") is None  # a new document
        assert w.loads == loads + 1
        page.wait_for_function("Math.abs(window.scrollY - 800) <= 50", timeout=TIMEOUT)

        # a broken plan: the overlay appears by itself over the last good page
        plan.write_text(
            good.replace("year: 2026", "year: [2026", 1).replace(
                "title: 2026 年度销售目标计划", f"title: {marker}", 1
            ),
            "utf-8",
        )
        overlay = page.locator("#battlemap-error")
        expect(overlay).to_be_visible(timeout=TIMEOUT)
        expect(overlay).to_have_attribute("role", "alert")
        expect(overlay).to_contain_text(re.compile(r"content/plan\.md:\d+: "))
        expect(page).to_have_title(re.compile(marker))  # the last good page
        assert abs(page.evaluate("window.scrollY") - 800) <= 50

        # fixed: the overlay goes by itself
        plan.write_text(good, "utf-8")
        expect(overlay).to_have_count(0, timeout=TIMEOUT)
        expect(page).not_to_have_title(re.compile(marker))
        page.wait_for_load_state("load")
        page.wait_for_function("Math.abs(window.scrollY - 800) <= 50", timeout=TIMEOUT)
        assert w.loads == loads + 3
        assert w.errors_but_favicon() == []
        assert all(url.startswith(server.url) for url in w.requests), w.requests
    finally:
        plan.write_text(good, "utf-8")
        context.close()


def test_an_open_page_shows_a_note_edit(server, browser):
    note = server.project / "content/reviews/2026-Q1.md"
    good = note.read_bytes()
    page = browser.new_page()
    w = Watched(page)
    try:
        page.goto(server.url + "reviews/2026-q1.html", wait_until="load")
        marker = f"MARKER-{uuid.uuid4().hex[:8]}"
        note.write_bytes(good + f"\n{marker}\n".encode())
        expect(page.get_by_text(marker)).to_be_visible(timeout=TIMEOUT)
        assert w.errors_but_favicon() == []
    finally:
        note.write_bytes(good)
        page.close()


def test_ctrl_c_stops_the_server_while_a_browser_listens(server, browser):
    page = browser.new_page()
    try:
        page.goto(server.url, wait_until="load")
        page.wait_for_timeout(200)  # live.js has its event stream open
        assert server.stop() == 0, server.err
        assert server.out[-1] == "已停止。"
    finally:
        page.close()
