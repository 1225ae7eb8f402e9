"""Time `build.py serve` from a save to the new page, over HTTP and in Chromium, vs `mkdocs serve`.

Usage: python bench/bench_serve.py [--saves 20]

On a copy of the sample project (content/, logs/) with `python build.py serve --port 0` in a
subprocess:

- note edit: content/reviews/2026-03.md saved with a new marker line; the time from the write
  to GET /reviews/2026-03.html holding the marker (polled every 2 ms; then again with one GET
  as soon as the server's event stream says it rebuilt, which shows what the polling costs),
  and to Chromium (the page open, reloading by itself) showing it: when Playwright's
  wait_for_function sees the marker and gets the `load` event (time.perf_counter around
  write -> done), and, stamped on the page's own clock, when the new document was parsed,
  first painted and loaded (Playwright notices a new document's text some 50 ms late);
- log row: a policy row appended to logs/2026-h2.csv; the time to the new year.policies in
  /data/metrics.json (polled every 2 ms) and on the served index page.

Then the same note edit on a comparable MkDocs project (71 markdown pages, like our site's 71
HTML pages, made from the same logs and notes) under `mkdocs serve`, polled over HTTP, with
MkDocs' default full rebuild and with --dirty. MkDocs comes with the `bench` extra
(`pip install -e ".[bench]"`); without it that part is skipped. Every wait is bounded.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import io
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
NOTE = "content/reviews/2026-03.md"
LOG = "logs/2026-h2.csv"
POLL = 0.002  # seconds between two HTTP polls
TIMEOUT = 15.0  # seconds: the longest any single wait may take
REBUILT = re.compile(r"^(?:Rebuilt|已重建) (\d+) (?:pages in|个页面，用时) ([\d.]+) (?:s|秒)")


def get(url: str) -> str:
    """Return the body of a GET, or '' on an error status."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_until(check: Callable[[], object], what: str, timeout: float = TIMEOUT, every=POLL):
    """Return check()'s first truthy value, polling every `every` seconds; fail after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(every)
    raise SystemExit(f"timed out after {timeout} s waiting for {what}")


def summary(name: str, seconds: list[float]) -> tuple[float, float]:
    """Print and return the median and p95 (nearest rank) in milliseconds."""
    ordered = sorted(seconds)
    median = statistics.median(ordered) * 1000
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000
    print(f"  {name:<54} median {median:7.1f} ms   p95 {p95:7.1f} ms   (n={len(seconds)})")
    return median, p95


class Serve:
    """`python build.py serve --port 0` on a project, its stdout read line by line."""

    def __init__(self, project: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "build.py", "serve", "--project", str(project), "--port", "0"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = wait_until(
            lambda: next((m for x in self.lines if (m := re.search(r"(http://\S+/)", x))), None),
            "serve to start",
            60,
            0.05,
        )
        self.url = found.group(1)
        time.sleep(1.5)  # past the chart warm-up, once the watcher runs

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def rebuilds(self) -> int:
        return sum(1 for line in self.lines if REBUILT.match(line))

    def settle(self, before: int) -> None:
        """Wait for the rebuild after a save to be reported, then for a short quiet."""
        wait_until(lambda: self.rebuilds() > before, "the Rebuilt line", every=0.01)
        time.sleep(0.15)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Events:
    """The server's event stream, read in a thread: when each `data:` line arrived."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT * 4)
        self.conn.request("GET", "/__battlemap__/events")
        self.response = self.conn.getresponse()
        self.arrived: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()
        wait_until(lambda: self.arrived, "the first event", every=0.01)

    def _read(self) -> None:
        try:
            for line in self.response.fp:
                if line.startswith(b"data:"):
                    self.arrived.append(time.perf_counter())
        except OSError:
            pass

    def wait_after(self, start: float) -> None:
        wait_until(lambda: self.arrived[-1] > start, "the server's event", every=0.0005)

    def close(self) -> None:
        self.conn.close()


def wait_served(check: Callable[[], bool], start: float, events: Events | None, what: str):
    """Poll `check` every 2 ms; with `events`, only once the server has said it rebuilt."""
    if events is not None:
        events.wait_after(start)
    wait_until(check, what)
    return time.perf_counter() - start


def note_saves_http(server: Serve, project: Path, saves: int, events=None) -> list[float]:
    note = project / NOTE
    original = note.read_bytes()
    url = server.url + "reviews/2026-03.html"
    times = []
    for i in range(saves):
        marker = f"BENCH-{i}-{uuid.uuid4().hex[:8]}"
        before = server.rebuilds()
        start = time.perf_counter()
        note.write_bytes(original + f"\n{marker}\n".encode())
        times.append(wait_served(lambda m=marker: m in get(url), start, events, "the note"))
        server.settle(before)
    return times


# Stamps, on the browser's clock (epoch ms), when each document was parsed and first painted.
STAMPS = """
document.addEventListener("DOMContentLoaded", () => {
  window.__parsed = performance.timeOrigin + performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__painted = performance.timeOrigin + performance.now();
  }));
});
"""


def note_saves_browser(server: Serve, project: Path, saves: int) -> dict[str, list] | None:
    """Return, per save, the times to the marker in Chromium: seen by Playwright, and stamped."""
    if not CHROMIUM.exists():
        print(f"  (Chromium skipped: no {CHROMIUM})")
        return None
    from playwright.sync_api import sync_playwright

    note = project / NOTE
    original = note.read_bytes()
    times: dict[str, list] = defaultdict(list)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page()
        page.add_init_script(STAMPS)
        loads: list[float] = []
        page.on("load", lambda _: loads.append(time.perf_counter()))
        page.goto(server.url + "reviews/2026-03.html", wait_until="load")
        page.wait_for_timeout(300)  # live.js has its event stream open
        for i in range(saves):
            marker = f"BENCH-{i}-{uuid.uuid4().hex[:8]}"
            before, n_loads = server.rebuilds(), len(loads)
            start, wall = time.perf_counter(), time.time() * 1000
            note.write_bytes(original + f"\n{marker}\n".encode())
            page.wait_for_function(
                "m => document.body !== null && document.body.innerText.includes(m)",
                arg=marker,
                polling="raf",
                timeout=TIMEOUT * 1000,
            )
            times["seen"].append(time.perf_counter() - start)
            deadline = time.monotonic() + TIMEOUT
            while len(loads) == n_loads and time.monotonic() < deadline:
                page.wait_for_timeout(1)
            if len(loads) == n_loads:
                raise SystemExit("no load event after a save")
            times["load"].append(loads[n_loads] - start)
            page.wait_for_function("() => window.__painted !== undefined", timeout=TIMEOUT * 1000)
            stamps = page.evaluate(
                "() => [window.__parsed, window.__painted, performance.timeOrigin"
                " + performance.getEntriesByType('navigation')[0].loadEventStart]"
            )
            for name, at in zip(("parsed", "painted", "load_stamp"), stamps, strict=True):
                times[name].append((at - wall) / 1000)
            server.settle(before)
        browser.close()
    return times


INDEX_POLICIES = re.compile(r'data-metric="year\.policies" data-value="([\d.]+)"')


def year_policies(text: str) -> int | None:
    try:
        return json.loads(text)["year"]["policies"]
    except ValueError:
        return None


def log_saves(
    server: Serve, project: Path, saves: int, events: Events | None = None
) -> tuple[list[float], list[float]]:
    """Append policy rows; return the times to the new figure in metrics.json and on index.

    metrics.json is polled every 2 ms (with `events`, only once the server's event stream
    said it rebuilt, as an open page's live.js does: polling a 100 KB file 500 times a second
    shares the 2 cores with the rebuild it waits for); the index page only once metrics.json
    has the figure (one swap serves both).
    """
    log = project / LOG
    metrics_url, index_url = server.url + "data/metrics.json", server.url
    policies = year_policies(get(metrics_url))
    in_json, in_page = [], []
    for i in range(saves):
        customer = f"基准客户{uuid.uuid4().hex[:6]}"
        row = f"2026-11-{1 + i % 19:02d},{customer},policy,health,{12345 + i},offline,,,,\r\n"
        policies += 1
        before = server.rebuilds()
        start = time.perf_counter()
        with log.open("ab") as f:
            f.write(row.encode("utf-8"))
        in_json.append(
            wait_served(
                lambda w=policies: year_policies(get(metrics_url)) == w, start, events, "json"
            )
        )

        def on_index(want=policies) -> bool:
            found = INDEX_POLICIES.search(get(index_url))
            return bool(found) and float(found.group(1)) == want

        in_page.append(wait_served(on_index, start, None, "the index page"))
        server.settle(before)
    return in_json, in_page


# --- MkDocs ---------------------------------------------------------------------------------


def read_rows() -> list[dict[str, str]]:
    """Return the sample logs' rows (English headers, or the GB18030 file's Chinese ones)."""
    zh = {"日期": "date", "类型": "type", "客户": "customer", "保费": "premium",
          "险种": "product", "渠道": "channel", "结果": "outcome", "原因": "reason",
          "备注": "note"}  # fmt: skip
    rows = []
    for path in sorted((REPO / "logs").glob("*.csv")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for row in csv.DictReader(io.StringIO(text)):
            rows.append({zh.get(k.strip(), k.strip()): (v or "").strip() for k, v in row.items()})
    return rows


def make_mkdocs_project(root: Path) -> Path:
    """Write a MkDocs project like our site: year, 4 quarters, ~63 review pages, plan, lists."""
    docs = root / "docs"
    (docs / "reviews").mkdir(parents=True)
    (docs / "quarters").mkdir()
    by_period: dict[str, list[dict]] = defaultdict(list)
    for row in read_rows():
        day = re.match(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", row.get("date", ""))
        if not day or day.group(1) != "2026":
            continue
        y, m, d = (int(x) for x in day.groups())
        week = dt.date(y, m, d).isocalendar()[1]
        for key in (f"2026-w{week:02d}", f"2026-{m:02d}", f"2026-q{(m - 1) // 3 + 1}"):
            by_period[key].append(row)
    notes = {p.stem.lower(): p.read_text("utf-8") for p in (REPO / "content/reviews").glob("*.md")}

    def table(rows: list[dict]) -> str:
        lines = ["| 日期 | 类型 | 客户 | 保费 | 险种 | 渠道 | 结果 | 原因 |", "|---" * 8 + "|"]
        for r in rows:
            cells = [r.get(k, "") for k in ("date", "type", "customer", "premium", "product",
                                             "channel", "outcome", "reason")]  # fmt: skip
            lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
        return "\n".join(lines)

    for key, rows in sorted(by_period.items()):
        won = [r for r in rows if r.get("type") in ("policy", "新单", "成交")]
        lost = [r for r in rows if r.get("outcome") in ("lost", "未成交")]
        counts = defaultdict(int)
        for r in rows:
            counts[r.get("type", "")] += 1
        activity = "\n".join(f"- {k}: {n}" for k, n in sorted(counts.items()))
        page = (
            f"# 复盘 {key}\n\n## 活动\n\n{activity}\n\n## 成交案例\n\n{table(won)}\n\n"
            f"## 未成交案例\n\n{table(lost)}\n\n## 备注\n\n{notes.get(key, '')}\n"
        )
        (docs / "reviews" / f"{key}.md").write_text(page, "utf-8")
        if key[-2] == "q":  # the quarter's battle map too
            (docs / "quarters" / f"{key[-2:]}.md").write_text(page, "utf-8")
    plan = (REPO / "content/plan.md").read_text("utf-8").split("---", 2)[2]
    (docs / "plan.md").write_text(plan, "utf-8")
    (docs / "index.md").write_text("# 2026 年度销售目标计划\n\n" + plan[:3000], "utf-8")
    (docs / "prospects.md").write_text("# 未成交客户\n\n" + table(read_rows()[:200]), "utf-8")
    (docs / "data-quality.md").write_text("# 数据质量\n\n" + table(read_rows()[-40:]), "utf-8")
    (docs / "reviews" / "index.md").write_text(
        "# 复盘\n\n" + "\n".join(f"- [{k}]({k}.md)" for k in sorted(by_period)), "utf-8"
    )
    (root / "mkdocs.yml").write_text("site_name: 2026 年度销售目标计划\n", "utf-8")
    return root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mkdocs_saves(root: Path, saves: int, *extra: str) -> list[float]:
    port = free_port()
    proc = subprocess.Popen(
        ["mkdocs", "serve", "-a", f"127.0.0.1:{port}", *extra],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        url = base + "reviews/2026-03/"
        wait_until(lambda: "复盘 2026-03" in get(url), "mkdocs serve to start", 120, 0.1)
        time.sleep(1.0)
        page = root / "docs/reviews/2026-03.md"
        original = page.read_bytes()
        times = []
        for i in range(saves):
            marker = f"BENCH-{i}-{uuid.uuid4().hex[:8]}"
            start = time.perf_counter()
            page.write_bytes(original + f"\n{marker}\n".encode())
            wait_until(lambda m=marker: m in get(url), "the MkDocs page over HTTP")
            times.append(time.perf_counter() - start)
            time.sleep(0.3)  # let the rebuild loop go idle
        return times
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def mkdocs_available() -> bool:
    if shutil.which("mkdocs"):
        return True
    print('  mkdocs not found: `pip install -e ".[bench]"` installs it for this comparison')
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20, help="saves per measurement [20]")
    saves = parser.parse_args().saves
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        project = Path(tmp) / "project"
        for name in ("content", "logs"):
            shutil.copytree(REPO / name, project / name)
        print(f"battlemap serve on a copy of the sample project ({saves} saves each)")
        server = Serve(project)
        try:
            http_note = note_saves_http(server, project, saves)
            battlemap_median = summary("note edit -> page over HTTP (2 ms polls)", http_note)[0]
            events = Events(server.url)
            summary(
                "note edit -> page over HTTP (GET on the event)",
                note_saves_http(server, project, saves, events),
            )
            browser = note_saves_browser(server, project, saves)
            if browser:
                summary("note edit -> Chromium: wait_for_function done", browser["seen"])
                summary("note edit -> Chromium: load event (Playwright)", browser["load"])
                summary("note edit -> Chromium: new page parsed (page clock)", browser["parsed"])
                summary("note edit -> Chromium: first paint (page clock)", browser["painted"])
                summary("note edit -> Chromium: load event (page clock)", browser["load_stamp"])
            events.close()
            in_json, in_page = log_saves(server, project, saves)
            summary("log row -> new figure in /data/metrics.json", in_json)
            summary("log row -> new figure on the served index page", in_page)
            in_json, _ = log_saves(server, project, saves, events)
            summary("log row -> metrics.json (GET once the event came)", in_json)
            rebuilds = [m.groups() for x in server.lines if (m := REBUILT.match(x))][1:]
            for pages in sorted({n for n, _ in rebuilds}, key=int):
                took = [float(t) * 1000 for n, t in rebuilds if n == pages]
                median = statistics.median(took)
                print(
                    f"  (the server's own 'Rebuilt {pages} pages in X s': median {median:.0f} ms,"
                    f" max {max(took):.0f} ms, n={len(took)})"
                )
        finally:
            server.stop()

        print("MkDocs serve on a comparable project (one page edited)")
        if not mkdocs_available():
            print("  MkDocs comparison skipped")
            return 0
        version = subprocess.run(["mkdocs", "--version"], capture_output=True, text=True).stdout
        root = make_mkdocs_project(Path(tmp) / "mkdocs")
        pages = len(list((root / "docs").rglob("*.md")))
        print(f"  {version.strip()}; {pages} markdown pages")
        full = mkdocs_saves(root, saves)
        mkdocs_median = summary("page edit -> page over HTTP (full rebuild)", full)[0]
        dirty = mkdocs_saves(root, saves, "--dirty")
        dirty_median = summary("page edit -> page over HTTP (--dirty)", dirty)[0]
        print(
            f"ratio mkdocs/battlemap, note edit over HTTP (medians): "
            f"{mkdocs_median / battlemap_median:.1f}x (full), "
            f"{dirty_median / battlemap_median:.1f}x (--dirty)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
