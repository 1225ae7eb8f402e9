"""`build.py serve` in a subprocess on a copy of the sample project, and incremental = full."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import python_calamine
from bs4 import BeautifulSoup
from sample_site import sample_rows
from workbooks import write_xlsx

from battlemap.build import Builder, Options, build_site

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("content", "logs", "themes")
LIVE_SCRIPT = re.compile(r'<script src="/__battlemap__/live\.js" data-version="(\d+)"></script>')
OVERLAY = re.compile(r'<div id="battlemap-error".*?</div>', re.S)
REBUILT = re.compile(r"^已重建 (\d+) 个页面，用时 [\d.]+ 秒。$")  # the sample speaks zh-CN
NOTE = "content/reviews/2026-03.md"
H2_LOG = "logs/2026-h2.csv"  # UTF-8, CRLF, header date,customer,type,product,premium,channel,...


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """Copy a project's inputs (not its site/) into dest: by default the sample project's."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in INPUTS:
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name)
    return dest


def poll(check: Callable[[], object], what: str, timeout: float = 10.0, every: float = 0.02):
    """Return check()'s first truthy value; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what} (last: {last!r:.300})")


def strip_live(page: str) -> str:
    """Return a served page without what serve adds (the reload script and the overlay)."""
    return OVERLAY.sub("", LIVE_SCRIPT.sub("", page))


def overlay_items(page: str) -> list[str] | None:
    """Return the text of each error the overlay lists, or None when there is no overlay."""
    box = BeautifulSoup(page, "html.parser").find(id="battlemap-error")
    if box is None:
        return None
    assert box.name == "div" and box.get("role") == "alert"
    return [li.get_text() for li in box.find_all("li")]


def read_site(site: Path) -> dict[str, bytes]:
    """Return every file of a built site/ by its relative path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


class ServeProcess:
    """`python build.py serve --port 0` in a subprocess, its output collected line by line."""

    def __init__(self, project: Path, *args: str) -> None:
        self.project = project
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--project", str(project), "--port", "0", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self.inputs: dict[Path, bytes] = {}  # the project's inputs as copied
        self.site: dict[str, bytes] = {}  # site/ as first built
        self.changed = threading.Condition()
        self.readers = [
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True)
            for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err))
        ]
        for reader in self.readers:
            reader.start()
        line = self.wait_for_line(
            self.out, re.compile(r"^正在预览 (http://127\.0\.0\.1:\d+/) "), 60
        )
        self.url = line.group(1)

    def _collect(self, stream, lines: list[str]) -> None:
        for line in stream:
            with self.changed:
                lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for_line(self, lines: list[str], pattern: re.Pattern, timeout: float = 10.0, since=0):
        """Return the match of the first line from index `since` that matches `pattern`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in lines[since:]:
                    if found := pattern.search(line):
                        return found
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(
                        f"no line matching {pattern.pattern!r} (exit code {self.proc.poll()});"
                        f"\nstdout: {self.out}\nstderr: {self.err}"
                    )
                self.changed.wait(left)

    def rebuilt(self, since: int = 0) -> list[int]:
        """Return the page counts of the `Rebuilt N pages` lines from stdout index `since`."""
        with self.changed:
            return [int(m.group(1)) for line in self.out[since:] if (m := REBUILT.match(line))]

    def get(self, path: str) -> tuple[int, str]:
        """Return the status and body of a GET."""
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", errors="replace")

    def page(self, path: str) -> str:
        status, body = self.get(path)
        assert status == 200, f"GET {path}: {status}"
        return body

    def metrics(self) -> dict:
        return json.loads(self.page("/data/metrics.json"))

    def wait_watching(self) -> None:
        """Return once a save is seen (the watcher starts a while after the Serving line)."""
        probe = self.project / "content" / "watch-probe.md"  # names no period: renders nothing
        since = len(self.out)
        deadline = time.monotonic() + 15
        while not self.rebuilt(since) and time.monotonic() < deadline:
            probe.write_text(f"probe {time.monotonic()}\n", "utf-8")
            time.sleep(0.5)
        since = len(self.out)
        probe.unlink()
        self.wait_for_line(self.out, REBUILT, since=since)

    def stop(self) -> int | None:
        """Press Ctrl-C; return the exit code, or None when it had to be killed."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGINT)
        try:
            code: int | None = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)
            code = None
        for reader in self.readers:
            reader.join(timeout=5)
        return code


def quiet(server: ServeProcess, seconds: float = 0.3) -> int:
    """Wait until stdout has been still for `seconds`; return its length."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        n = len(server.out)
        time.sleep(seconds)
        if len(server.out) == n:
            return n
    raise AssertionError(f"the server never went quiet: {server.out[-5:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("serve") / "proj")
    proc = ServeProcess(project)
    try:
        proc.wait_watching()
        proc.inputs = {
            p: p.read_bytes() for name in INPUTS for p in (project / name).rglob("*") if p.is_file()
        }
        proc.site = read_site(project / "site")
        quiet(proc)
        yield proc
    finally:
        code = proc.stop()
        assert code == 0, f"Ctrl-C should stop serve cleanly, got {code}; stderr: {proc.err}"
        assert proc.out[-1:] == ["已停止。"]
        assert not [line for line in proc.err if "Traceback" in line], proc.err
        assert not list(project.glob(".site-*")), "publish left a folder behind"


@pytest.fixture(autouse=True)
def restored(request: pytest.FixtureRequest):
    """After each serve test, put the inputs back and wait for the site to be the original."""
    yield
    if "server" not in request.fixturenames:
        return
    server: ServeProcess = request.getfixturevalue("server")
    if server.proc.poll() is not None:
        return
    project = server.project
    for name in INPUTS:
        for path in (project / name).rglob("*") if (project / name).is_dir() else []:
            if path.is_symlink() or (path.is_file() and path not in server.inputs):
                path.unlink()
    for path, content in server.inputs.items():
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
    poll(lambda: read_site(project / "site") == server.site, "site/ to be the original again")
    poll(lambda: overlay_items(server.page("/")) is None, "the overlay to go")
    quiet(server)


def test_pages_are_served_with_the_reload_script_which_site_on_disk_never_holds(server):
    for path in ("/", "/quarters/q1.html"):
        page = server.page(path)
        scripts = LIVE_SCRIPT.findall(page)
        assert len(scripts) == 1, path
        assert page.index(LIVE_SCRIPT.search(page).group(0)) < page.rindex("</body>")
        assert overlay_items(page) is None
    assert strip_live(server.page("/")) == server.site["index.html"].decode("utf-8")
    on_disk = (server.project / "site" / "index.html").read_bytes()
    assert b"__battlemap__" not in on_disk
    assert not [rel for rel, content in server.site.items() if b"__battlemap__" in content]
    status, script = server.get("/__battlemap__/live.js")
    assert status == 200 and "EventSource" in script


def test_non_html_files_are_served_unchanged_and_unknown_paths_are_404(server):
    assert server.page("/data/metrics.json").encode() == server.site["data/metrics.json"]
    assert server.page("/index.html") == server.page("/")
    assert server.page("/reviews/") == server.page("/reviews/index.html")
    assert server.get("/nope.html")[0] == 404
    assert server.get("/reviews/nope.html")[0] == 404
    assert server.get("/../content/plan.md")[0] == 404


def read_event(server: ServeProcess, timeout: float = 5.0) -> str:
    """Connect to the event stream and return its first `data:` line."""
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", "/__battlemap__/events")
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type", "").startswith("text/event-stream")
        for _ in range(10):
            line = response.fp.readline().decode("utf-8")
            if line.startswith("data:"):
                return line.rstrip("\n")
        raise AssertionError("no data line in the first lines of the event stream")
    finally:
        conn.close()


def test_event_stream_sends_the_version_on_connect(server):
    line = read_event(server)
    assert re.fullmatch(r"data: \d+", line), line
    version = LIVE_SCRIPT.search(server.page("/")).group(1)
    assert line == f"data: {version}"


def append(path: Path, text: str) -> None:
    with path.open("ab") as f:
        f.write(text.encode("utf-8"))


def page_with(server: ServeProcess, path: str, text: str) -> str | None:
    """Return the served page when it holds `text`."""
    page = server.page(path)
    return page if text in page else None


def test_a_note_edit_rerenders_only_its_review_page(server):
    marker = f"MARKER-{uuid.uuid4().hex}"
    before = LIVE_SCRIPT.search(server.page("/reviews/2026-03.html")).group(1)
    since = quiet(server)
    append(server.project / NOTE, f"\n{marker}\n")
    page = poll(lambda: page_with(server, "/reviews/2026-03.html", marker), "the marker")
    assert int(LIVE_SCRIPT.search(page).group(1)) > int(before)
    server.wait_for_line(server.out, REBUILT, since=since)
    assert server.rebuilt(since)[0] == 1, server.out[since:]
    on_disk = (server.project / "site/reviews/2026-03.html").read_text("utf-8")
    assert strip_live(page) == on_disk  # published too, without the reload script
    assert marker not in server.page("/reviews/2026-q1.html")


H2_ROW = "2026-11-15,{customer},policy,health,{premium},offline,,,,serve test\r\n"


def test_an_appended_log_row_counts(server):
    before = server.metrics()
    append(server.project / H2_LOG, H2_ROW.format(customer="服务测试客户", premium=12345))
    after = poll(
        lambda: (m := server.metrics())["year"]["policies"] != before["year"]["policies"] and m,
        "year.policies to change in metrics.json",
    )
    assert after["year"]["policies"] == before["year"]["policies"] + 1
    assert after["year"]["new_business_premium"] == pytest.approx(
        before["year"]["new_business_premium"] + 12345
    )
    assert after["year"]["new_customers"] == before["year"]["new_customers"] + 1
    assert after["meta"]["as_of"] == before["meta"]["as_of"] == "2026-11-20"
    page = server.page("/")
    value = re.search(r'data-metric="year.policies" data-value="([^"]+)"', page).group(1)
    assert float(value) == after["year"]["policies"]


def test_a_renewal_row_appended_removes_its_reminder(server):
    # the sample's 2025-11-26 annuity (a fixed policy of the generator's 2025 history) falls
    # due on 2026-11-26, six days after as_of
    (customer,) = {
        r["customer"] for r in sample_rows() if r["date"] == "2025-11-26" and r["type"] == "policy"
    }

    def due() -> list[str]:
        renewals = json.loads(server.page("/data/actions.json"))["renewals"]
        return [r["due"] for r in renewals if r["product"] == "annuity"]

    assert "2026-11-26" in due()
    append(server.project / H2_LOG, f"2026-11-19,{customer},renewal,annuity,25000,,,,,续期\r\n")
    poll(lambda: "2026-11-26" not in due(), "the renewal to leave actions.json")
    page = BeautifulSoup(server.page("/actions.html"), "html.parser")
    shown = [li.select_one(".when").get_text() for li in page.select("#renewals li")]
    assert not [when for when in shown if when.startswith("11月26日")]


def test_a_broken_plan_keeps_the_last_good_pages_with_an_overlay_until_fixed(server):
    plan = server.project / "content/plan.md"
    good = {path: strip_live(server.page(path)) for path in ("/", "/quarters/q1.html")}
    since_err = len(server.err)
    plan.write_text(plan.read_text("utf-8").replace("year: 2026", "year: [2026", 1), "utf-8")
    items = poll(lambda: overlay_items(server.page("/")), "the overlay on /")
    # the plan cannot be read, but its `locale: zh-CN` line still says how to speak
    assert items == [
        "content/plan.md:5: YAML 写法有误 — 方括号或花括号没有闭合（这里应为 ',' 或 ']'，却是 ':'）"
    ]
    title = BeautifulSoup(server.page("/"), "html.parser").select_one("#battlemap-error strong")
    assert title.get_text() == "上次重建失败 — 这是最后一次成功时的页面。请修正文件并保存："
    for path, page in good.items():
        status, body = server.get(path)
        assert status == 200
        assert overlay_items(body) == items
        assert strip_live(body) == page  # the last good page
    assert server.page("/data/metrics.json").encode() == server.site["data/metrics.json"]
    assert server.err[since_err] == f"错误：{items[0]}", server.err
    assert (server.project / "site/index.html").read_bytes() == server.site["index.html"]
    plan.write_bytes(server.inputs[plan])
    poll(lambda: overlay_items(server.page("/")) is None, "the overlay to go")
    assert overlay_items(server.page("/quarters/q1.html")) is None


def test_a_bad_log_row_is_named_in_the_overlay_until_fixed(server):
    log = server.project / H2_LOG
    line = server.inputs[log].count(b"\n") + 1
    append(log, "2026-13-45,王测试,visit,,,,,,,\r\n")
    items = poll(lambda: overlay_items(server.page("/quarters/q1.html")), "the overlay")
    assert len(items) == 1, items
    assert items == [  # the column as the file heads it, the reason in the plan's zh-CN
        f"{H2_LOG}:{line}: date: 2026-13-45 — 不是日期（请写 2026-03-05、2026/3/5 或 2026年3月5日）"
    ]
    log.write_bytes(server.inputs[log])
    poll(lambda: overlay_items(server.page("/quarters/q1.html")) is None, "the overlay to go")
    assert server.metrics() == json.loads(server.site["data/metrics.json"])


def test_the_overlay_escapes_what_it_quotes(server):
    log = server.project / H2_LOG
    line = server.inputs[log].count(b"\n") + 1
    append(log, "2026-11-01,王测试,<img src=x onerror=alert(1)>,,,,,,,\r\n")
    page = poll(lambda: page_with(server, "/", 'id="battlemap-error"'), "the overlay")
    box = BeautifulSoup(page, "html.parser").find(id="battlemap-error")
    assert box.find("img") is None
    assert "&lt;img src=x onerror=alert(1)&gt;" in str(box)
    assert overlay_items(page)[0].startswith(f"{H2_LOG}:{line}: type: <img src=x onerror=alert(1)>")


def test_a_log_file_deleted_and_recreated_gives_the_same_figures(server):
    log = server.project / H2_LOG
    before = server.metrics()
    since = quiet(server)
    log.unlink()
    poll(lambda: server.metrics() != before, "the figures to change without logs/2026-h2.csv")
    assert server.wait_for_line(server.out, REBUILT, since=since)
    assert server.get("/")[0] == 200 and server.get("/quarters/q4.html")[0] == 200
    log.write_bytes(server.inputs[log])
    poll(lambda: server.metrics() == before, "the figures to come back")
    poll(lambda: read_site(server.project / "site") == server.site, "site/ to be as before")


def test_editor_saves_rebuild_once_and_backup_files_never(server):
    note = server.project / NOTE
    folder = note.parent
    # scratch files alone: no rebuild
    since = quiet(server)
    backup = folder / "2026-03.md~"
    backup.write_bytes(server.inputs[note])
    lock = folder / ".#2026-03.md"
    lock.symlink_to("user@host.1234:1700000000")  # Emacs' lock file: a dangling symlink
    swap = folder / ".2026-03.md.swp"
    swap.write_bytes(b"vim swap")
    time.sleep(1.0)
    assert server.rebuilt(since) == [], server.out[since:]
    backup.write_bytes(b"changed backup")
    swap.unlink()
    time.sleep(1.0)
    assert server.rebuilt(since) == [], server.out[since:]
    assert server.get("/reviews/2026-03.html")[0] == 200
    # save by rename (write a temp file, then rename it over the note), lock still there
    marker = f"MARKER-{uuid.uuid4().hex}"
    temp = folder / "2026-03.md.tmp"
    temp.write_bytes(server.inputs[note] + f"\n{marker}\n".encode())
    os.replace(temp, note)
    poll(lambda: marker in server.page("/reviews/2026-03.html"), "the renamed-in note")
    time.sleep(1.0)
    assert server.rebuilt(since) == [1], server.out[since:]
    # vim's default save: move the note to a backup, write it anew, delete the backup
    since = quiet(server)
    marker = f"MARKER-{uuid.uuid4().hex}"
    os.replace(note, backup)
    note.write_bytes(server.inputs[note] + f"\n{marker}\n".encode())
    backup.unlink()
    poll(lambda: marker in server.page("/reviews/2026-03.html"), "the note vim saved")
    assert overlay_items(server.page("/reviews/2026-03.html")) is None
    lock.unlink()
    time.sleep(1.0)
    rebuilt = server.rebuilt(since)
    assert 1 in rebuilt and all(n <= 1 for n in rebuilt), (server.out[since:], server.err[-5:])


WORKBOOK = "logs/2026-03-crm-export.xlsx"  # the sample's CRM re-export, one log sheet


def test_an_excel_save_of_a_workbook_is_rebuilt_and_a_half_saved_one_named(server):
    path = server.project / WORKBOOK
    with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    first = next(iter(sheets))
    row = [dt.date(2026, 3, 30), "policy", "表格测试客户", 23456, "health", "offline"]
    sheets[first].append(row + [""] * (len(sheets[first][0]) - len(row)))
    saved = write_xlsx(server.project / "new.xlsx", sheets).read_bytes()
    (server.project / "new.xlsx").unlink()
    before = server.metrics()
    # Excel: write a temp file, move the workbook aside, rename the temp in, delete the old
    temp, aside = path.with_name("5A8D3E00"), path.with_name("E7C1F000.tmp")
    temp.write_bytes(saved)
    os.replace(path, aside)
    os.replace(temp, path)
    aside.unlink()
    after = poll(
        lambda: (m := server.metrics())["year"]["policies"] != before["year"]["policies"] and m,
        "the saved workbook's policy in metrics.json",
    )
    assert after["year"]["policies"] == before["year"]["policies"] + 1
    assert after["quarters"]["Q1"]["new_business_premium"] == pytest.approx(
        before["quarters"]["Q1"]["new_business_premium"] + 23456
    )
    assert overlay_items(server.page("/")) is None
    # a copy still being written: named in the overlay, then read once it is complete
    path.write_bytes(saved[: len(saved) // 2])
    items = poll(lambda: overlay_items(server.page("/")), "the overlay")
    assert items == [f"{WORKBOOK}: 工作簿已损坏或没有保存完整（zip 文件不完整）— 请重新保存或导出"]
    path.write_bytes(saved)
    poll(lambda: overlay_items(server.page("/")) is None, "the overlay to go")
    assert server.metrics() == after


# --- saves the watcher misses (confirmed product bugs) ---------------------------------------


def must(check: Callable[[], object], what: str, timeout: float = 10.0):
    """Like poll, for a precondition: a timeout is an error, not the expected failure."""
    try:
        return poll(check, what, timeout)
    except AssertionError as exc:
        pytest.fail(f"precondition: {exc}")


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory):
    """A server whose note was saved as its first build published site/ (before it said so)."""
    project = copy_project(tmp_path_factory.mktemp("serve-start") / "proj")
    marker = f"MARKER-{uuid.uuid4().hex}"

    def save_during_start() -> None:
        deadline = time.monotonic() + 60
        while not (project / "site/index.html").exists() and time.monotonic() < deadline:
            time.sleep(0.001)
        append(project / NOTE, f"\n{marker}\n")

    writer = threading.Thread(target=save_during_start)
    writer.start()
    proc = ServeProcess(project)
    writer.join()
    proc.early_marker = marker
    try:
        yield proc
    finally:
        assert proc.stop() == 0, proc.err


def test_a_save_during_start_is_rebuilt(started):
    assert started.get("/")[0] == 200
    poll(
        lambda: page_with(started, "/reviews/2026-03.html", started.early_marker),
        "the note saved during start",
        timeout=2,
    )


def test_a_theme_created_while_serving_is_watched(started):
    css = started.project / "themes/default/static/style.css"
    assert not (started.project / "themes").exists()
    css.parent.mkdir(parents=True)
    css.write_text("/* first */ body {}\n", "utf-8")
    must(lambda: page_with(started, "/static/style.css", "/* first */"), "the new theme's css")
    css.write_text("/* second */ body {}\n", "utf-8")
    poll(lambda: page_with(started, "/static/style.css", "/* second */"), "the edit", timeout=2)


def test_a_logs_folder_replaced_while_serving_is_watched(started, tmp_path: Path):
    logs = started.project / "logs"
    before = started.metrics()
    shutil.copytree(logs, tmp_path / "logs")
    shutil.rmtree(logs)
    must(lambda: overlay_items(started.page("/")), "the overlay without logs/")
    shutil.copytree(tmp_path / "logs", logs)
    must(lambda: overlay_items(started.page("/")) is None, "the overlay to go")
    assert started.metrics() == before
    append(logs / "2026-h2.csv", H2_ROW.format(customer="服务测试客户", premium=12345))
    poll(
        lambda: started.metrics()["year"]["policies"] == before["year"]["policies"] + 1,
        "the appended row to count",
        timeout=2,
    )


# --- incremental builds give the same site as a build from scratch -------------------------


class Edits:
    """Random edits of a project's inputs, each one a kind of save made during a review."""

    def __init__(self, project: Path, rng: random.Random) -> None:
        self.project, self.rng = project, rng

    def notes(self) -> list[Path]:
        return sorted((self.project / "content/reviews").glob("*.md"))

    def append_note_line(self) -> None:
        append(self.rng.choice(self.notes()), f"\n- note {self.rng.randrange(10**6)}\n")

    def change_note(self) -> None:
        path = self.rng.choice(self.notes())
        lines = path.read_text("utf-8").splitlines()
        lines[0] = f"## 改过的标题 {self.rng.randrange(100)}"
        path.write_text("\n".join(lines) + "\n", "utf-8")

    def append_log_row(self) -> None:
        day = dt.date(2026, 1, 1) + dt.timedelta(days=self.rng.randrange(320))
        if self.rng.random() < 0.5:
            row = H2_ROW.format(customer=f"增量{self.rng.randrange(50)}", premium=1000 + day.day)
            row = row.replace("2026-11-15", day.isoformat())
        else:
            row = f"{day.isoformat()},增量{self.rng.randrange(50)},visit,,,,,lost,价格太高,\r\n"
        append(self.project / H2_LOG, row)

    def change_target(self) -> None:
        plan = self.project / "content/plan.md"
        growth = f"{{growth: 0.{self.rng.randrange(10, 40)}}}"
        text = re.sub(r"premium: \{growth: [\d.]+\}", f"premium: {growth}", plan.read_text("utf-8"))
        plan.write_text(text, "utf-8")

    def delete_note(self) -> None:
        self.rng.choice(self.notes()).unlink()

    def add_note_for_an_empty_week(self) -> None:
        week = self.rng.randrange(49, 54)  # December: no log rows there
        path = self.project / f"content/reviews/2026-W{week}.md"
        append(path, f"## 第{week}周\n\n- 计划 {self.rng.randrange(100)}\n")

    def edit_customer_file(self) -> None:
        path = self.project / "content/customers.csv"
        day = dt.date(2026, 11, 21) + dt.timedelta(days=self.rng.randrange(20))
        append(path, f"客户{self.rng.randrange(10**6)},{day.month}月{day.day}日,1,出差\r\n")

    def name_a_customer_before_their_first_row(self) -> None:
        """A July visit's note names someone; a later save adds their first row: the July
        review, reused otherwise, must mask the name from then on."""
        name = f"后来客户{self.rng.randrange(10**4)}"
        day = f"2026-07-0{self.rng.randrange(1, 9)}"
        row = f"{day},老客户甲,visit,,,,,lost,价格太高,推荐了{name}\r\n"  # listed with its note
        append(self.project / H2_LOG, row)
        self.pending = name

    def first_row_of_the_named_customer(self) -> None:
        name = getattr(self, "pending", f"后来客户{self.rng.randrange(10**4)}")
        append(self.project / H2_LOG, H2_ROW.format(customer=name, premium=4321))

    def row_after_as_of(self) -> None:
        day = dt.date(2026, 12, 1) + dt.timedelta(days=self.rng.randrange(25))
        append(self.project / H2_LOG, f"{day.isoformat()},迟到客户,call,,,,,follow_up,,\r\n")

    def change_a_row_in_the_middle(self) -> None:
        path = self.project / H2_LOG
        lines = path.read_bytes().split(b"\r\n")
        i = self.rng.randrange(2, len(lines) // 2)
        lines[i] = lines[i].replace(b"follow_up", b"lost", 1)
        path.write_bytes(b"\r\n".join(lines))

    def all(self) -> list[Callable[[], None]]:
        return [
            self.name_a_customer_before_their_first_row,
            self.first_row_of_the_named_customer,
            self.row_after_as_of,
            self.change_a_row_in_the_middle,
            self.append_note_line,
            self.change_note,
            self.append_log_row,
            self.change_target,
            self.delete_note,
            self.add_note_for_an_empty_week,
            self.edit_customer_file,
        ]


def test_a_rebuild_rereads_only_the_edited_log_and_renders_only_the_edited_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import battlemap.tables

    project = copy_project(tmp_path / "proj")
    builder = Builder(Options(project))
    full = builder.build()
    reads: list[int] = []
    read_table_file = battlemap.tables.read_table_file
    monkeypatch.setattr(
        battlemap.tables,
        "read_table_file",
        lambda *args: reads.append(1) or read_table_file(*args),
    )
    append(project / NOTE, "\n- one more line\n")
    assert builder.build().rendered == ["reviews/2026-03.html"]
    assert reads == []
    append(project / H2_LOG, H2_ROW.format(customer="服务测试客户", premium=12345))
    result = builder.build()
    assert reads == [1]
    # the figures changed, so the year page is rendered again; a review page of a month the
    # row is not in shows exactly what it showed, so it is not
    assert "index.html" in result.rendered
    assert "reviews/2026-03.html" not in result.rendered
    assert len(result.rendered) < len(full.rendered)


def test_incremental_builds_equal_builds_from_scratch(tmp_path: Path):
    project = copy_project(tmp_path / "live")
    builder = Builder(Options(project))
    builder.build()
    rng = random.Random(20260320)
    edits = Edits(project, rng)
    steps = edits.all()
    steps += [rng.choice(steps) for _ in range(2)]
    rng.shuffle(steps)
    # a note naming someone, then their first row: the page reused must mask them
    steps += [edits.name_a_customer_before_their_first_row, edits.first_row_of_the_named_customer]
    for i, edit in enumerate(steps):
        edit()
        result = builder.build()
        fresh = copy_project(tmp_path / f"fresh-{i}", project)
        expected = build_site(Options(fresh))
        assert result.files.keys() == expected.files.keys(), edit.__name__
        different = [rel for rel in expected.files if result.files[rel] != expected.files[rel]]
        assert not different, f"step {i} ({edit.__name__}): stale {different}"
        on_disk, fresh_disk = read_site(project / "site"), read_site(fresh / "site")
        assert on_disk.keys() == fresh_disk.keys(), edit.__name__
        assert [rel for rel in on_disk if on_disk[rel] != fresh_disk[rel]] == [], edit.__name__
        shutil.rmtree(fresh)
