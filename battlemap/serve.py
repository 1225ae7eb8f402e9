"""`build.py serve`: build, serve site/ from memory, rebuild on save, reload open browsers."""

from __future__ import annotations

import gc
import html
import ipaddress
import mimetypes
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from battlemap.build import SITE_DIR, Builder, BuildResult, Options
from battlemap.errors import BattlemapError
from battlemap.messages import (
    DEFAULT_LOCALE,
    Text,
    internal_error,
    known_locale,
    localized,
    msg,
    reason,
    say,
)
from battlemap.watch import Watcher

LIVE_JS = (Path(__file__).with_name("live.js")).read_bytes()
PREFIX = "/__battlemap__/"
KEEPALIVE = 15.0  # seconds between SSE comments, so proxies keep the stream open
NO_SITE_YET = b"<!doctype html><meta charset=utf-8><title>Battlemap</title><body></body>"
IDLE_TIMEOUT = 30.0  # seconds a connection may wait on the client (SSE writes every 15 s)
MAX_CONNECTIONS = 64  # open connections at once (each holds a thread); more are refused
WILDCARDS = ("", "0.0.0.0", "::")


@dataclass
class LiveSite:
    """The last good site in memory, the last build's errors, and a version clients follow.

    `errors` are the messages' texts in `locale`, the project's (the overlay speaks it too).
    """

    files: dict[str, bytes] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    version: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)
    warnings: list[Text] | None = None  # the last good build's, None until one succeeded
    locale: str = DEFAULT_LOCALE

    def update(
        self, files: dict[str, bytes] | None, errors: list[str], locale: str | None = None
    ) -> None:
        """Swap in a new site (or keep the last good one) and tell every client."""
        with self.changed:
            if files is not None:
                self.files = files
            self.errors = errors
            self.locale = known_locale(locale or self.locale)
            self.version += 1
            self.changed.notify_all()

    def page(self, path: str) -> tuple[bytes, str] | None:
        """Return a served file and its type, with the reload script (and overlay) in HTML."""
        with self.changed:
            content, errors, version = self.files.get(path), self.errors, self.version
            nothing_yet, locale = not self.files, self.locale
        if content is None and nothing_yet and errors and path.endswith(".html"):
            content = NO_SITE_YET  # the first build failed: show why, reload once fixed
        if content is None:
            return None
        kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind == "text/html":
            content = inject(content, version, errors, locale)
        return content, kind


def inject(page: bytes, version: int, errors: list[str], locale: str = DEFAULT_LOCALE) -> bytes:
    """Add the reload script, and the error overlay while the last rebuild has failed."""
    script = f'<script src="{PREFIX}live.js" data-version="{version}"></script>'
    extra = script + (overlay(errors, locale) if errors else "")
    at = page.rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + extra.encode("utf-8") + page[at:]


def overlay(errors: list[str], locale: str = DEFAULT_LOCALE) -> str:
    """Return the error overlay: every problem with its file, line and reason, in a locale."""
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors[:50])
    more = msg("overlay_more", n=len(errors) - 50).text(locale)
    more = f"<p>{html.escape(more)}</p>" if len(errors) > 50 else ""
    title = html.escape(msg("overlay_title").text(locale))
    return (
        '<div id="battlemap-error" role="alert" style="position:fixed;inset:auto 0 0 0;'
        "max-height:60vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#5f1111;"
        "border-top:4px solid #c62828;padding:12px 20px;font:14px/1.5 ui-monospace,monospace;"
        'box-shadow:0 -4px 16px rgba(0,0,0,.2)">'
        f'<strong>{title}</strong><ul style="margin:6px 0;padding-left:20px">{items}</ul>'
        f"{more}</div>"
    )


def allowed_hosts(host: str) -> frozenset[str]:
    """Return the names a request's Host header may give: the bound address and loopback.

    When serving every interface, the machine's own names too; IP literals are checked apart
    (`host_allowed`). A name an attacker controls (DNS rebinding) is never among them.
    """
    names = {"localhost", "127.0.0.1", "[::1]", _bracketed(host.lower())}
    if host in WILDCARDS:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(n for n in names if n)


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def host_allowed(header: str | None, names: frozenset[str], port: int, wildcard: bool) -> bool:
    """Tell whether a Host header names this server: an allowed name (or, serving every
    interface, any IP address) with the bound port (none for port 80)."""
    if not header:
        return False
    name, given = _split_host(header.strip().lower())
    if not (given == str(port) or (given == "" and port == 80)):
        return False
    if name in names:
        return True
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return wildcard


def _split_host(header: str) -> tuple[str, str]:
    """Return a Host header's name and port: `[::1]:8000` -> ('[::1]', '8000')."""
    if header.startswith("["):
        name, _, rest = header.partition("]")
        return f"{name}]", rest.removeprefix(":") if rest.startswith(":") or not rest else "?"
    name, sep, port = header.rpartition(":")
    return (name, port) if sep else (header, "")


class Handler(BaseHTTPRequestHandler):
    """Serve the in-memory site; /__battlemap__/ holds the reload script and event stream."""

    live: LiveSite
    hosts: frozenset[str] = frozenset()
    port: int = 0
    wildcard: bool = False
    server_version = "Battlemap"
    timeout = IDLE_TIMEOUT  # an idle or silent connection gives its thread back

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        if not host_allowed(self.headers.get("Host"), self.hosts, self.port, self.wildcard):
            misdirected = msg("misdirected").text(self.live.locale).encode()
            self._send(misdirected, "text/plain", HTTPStatus.MISDIRECTED_REQUEST)
            return
        path = unquote(urlsplit(self.path).path)
        if path == PREFIX + "live.js":
            self._send(LIVE_JS, "text/javascript")
        elif path == "/favicon.ico":  # pages name no icon; a 404 would be a console error
            self._send(b"", "image/x-icon", HTTPStatus.NO_CONTENT)
        elif path == PREFIX + "events":
            self._events()
        else:
            rel = path.lstrip("/")
            if rel == "" or rel.endswith("/"):
                rel += "index.html"
            found = self.live.page(rel)
            if found is None:
                not_found = msg("not_found").text(self.live.locale).encode()
                self._send(not_found, "text/plain", HTTPStatus.NOT_FOUND)
            else:
                self._send(*found)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = None
        try:
            while True:
                with self.live.changed:
                    if seen == self.live.version:
                        self.live.changed.wait(KEEPALIVE)
                    version = self.live.version
                message = f"data: {version}\n\n" if version != seen else ": keepalive\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError, OSError):
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the http.server name
        pass  # a review meeting does not want a line per request


class BoundedServer(ThreadingHTTPServer):
    """A threading server that refuses connections beyond MAX_CONNECTIONS."""

    def __init__(self, address, handler, connections: int = MAX_CONNECTIONS) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(connections)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self.slots.release()
            raise

    locale = DEFAULT_LOCALE  # the project's, for the console

    def handle_error(self, request, client_address) -> None:
        """Say nothing of a client that went away; never print a traceback."""
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            say("error_line", msg("serve_internal", detail=repr(error)), self.locale)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def rebuild(
    builder: Builder, live: LiveSite, publisher: Publisher | None = None
) -> BuildResult | None:
    """Build once; on failure keep serving the last good site with the errors shown.

    The new site is served at once, then written to site/: by `publisher` when given (the
    next save is built meanwhile), else here. The first good build says what it built and its
    warnings, as `python build.py` does, once site/ holds it; a rebuild says how many pages it
    rendered again and in how long until served, and the warnings when they changed, once
    site/ holds it or a later build.
    """
    started = time.perf_counter()
    first = live.warnings is None
    try:
        result = builder.build(publish=False)
        live.update(result.files, [], result.locale)  # served first, then written to site/
        seconds = time.perf_counter() - started
        if publisher is None or first:
            builder.publish(result.files)
    except Exception as exc:  # noqa: BLE001 - the server never dies on bad input
        _failed(exc, builder, live)
        return None
    report = partial(_report, live, result, first, seconds)
    if publisher is None or first:
        report()
    else:
        publisher.put(result.files, report)
    return result


def _report(live: LiveSite, result: BuildResult, first: bool, seconds: float) -> None:
    if first or result.warnings != live.warnings:
        for warning in result.warnings:
            say("warning_line", warning, result.locale)
        live.warnings = result.warnings
    if first:
        print(result.summary(seconds).text(result.locale), flush=True)
    else:
        rebuilt = msg("rebuilt", n=len(result.rendered), seconds=seconds)
        print(rebuilt.text(result.locale), flush=True)


def _failed(exc: Exception, builder: Builder, live: LiveSite) -> None:
    """Show a failed build's (or write's) errors in the overlay and on the console."""
    if isinstance(exc, BattlemapError):
        locale = known_locale(exc.locale or live.locale)
        live.update(None, [localized(item, locale) for item in exc.items], locale)
        for item in exc.items:
            say("error_line", item, locale)
        return
    locale = known_locale(builder.locale or live.locale)
    message = internal_error(exc)
    live.update(None, [message.text(locale)], locale)
    say("error_line", message, locale)


class Publisher:
    """Writes serve's builds to site/ in a thread of its own, the latest of those waiting.

    A build superseded before its turn is not written (the later one is); each build's
    `done` runs once site/ holds it or a later one, in order.
    """

    def __init__(self, builder: Builder, live: LiveSite) -> None:
        self.builder, self.live = builder, live
        self.waiting: list[tuple[dict[str, bytes], Callable[[], None]]] = []
        self.changed = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._run, name="publisher", daemon=True)
        self.thread.start()

    def put(self, files: dict[str, bytes], done: Callable[[], None]) -> None:
        with self.changed:
            self.waiting.append((files, done))
            self.changed.notify()

    def close(self, timeout: float = 120.0) -> None:
        """Write what is waiting, then stop."""
        with self.changed:
            self.closed = True
            self.changed.notify()
        self.thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self.changed:
                while not self.waiting and not self.closed:
                    self.changed.wait()
                if not self.waiting:
                    return
                batch, self.waiting = self.waiting, []
            try:
                self.builder.publish(batch[-1][0])
            except Exception as exc:  # noqa: BLE001 - the server never dies on a full disk
                _failed(exc, self.builder, self.live)
                continue
            for _files, done in batch:
                done()


def load_published(site: Path) -> dict[str, bytes]:
    """Return the files of the site/ a previous build left, to serve while the first fails."""
    if not site.is_dir():
        return {}
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def serve(
    options: Options,
    host: str = "127.0.0.1",
    port: int = 8000,
    poll: bool = False,
    stop: threading.Event | None = None,
    locale: str = DEFAULT_LOCALE,
) -> int:
    """Build, serve and rebuild on every save until Ctrl-C (or `stop`); return the exit code.

    `locale` is the project's as the CLI found it (the plan's, once built, is used after).
    """
    live = LiveSite(files=load_published(options.project / SITE_DIR), locale=locale)
    handler = type("BoundHandler", (Handler,), {"live": live, "hosts": allowed_hosts(host)})
    try:
        server = BoundedServer((host, port), handler)
    except (OSError, UnicodeError, OverflowError, ValueError) as exc:
        why = reason(exc) if isinstance(exc, OSError) else msg("bad_address", detail=str(exc))
        say("error_line", msg("cannot_serve", host=host, port=port, why=why), locale)
        return 2
    server.locale = locale
    handler.port, handler.wildcard = server.server_address[1], host in WILDCARDS
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watcher = Watcher(options.project, poll)  # before the first build: no save is missed
    builder = Builder(options)
    publisher = Publisher(builder, live)
    try:
        rebuild(builder, live)
        # the first build's objects (every agent's caches, mostly kept) are left out of later
        # collections: a full one over them took 0.6 s of a team's rebuild (the few that
        # become cyclic garbage later stay in memory)
        gc.freeze()
        server.locale = live.locale
        serving = msg("serving", host=host, port=server.server_address[1])
        print(serving.text(live.locale), flush=True)
        for _changed in watcher.changes(stop):
            rebuild(builder, live, publisher)
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_further_interrupts()  # a second Ctrl-C must not break the clean stop
        watcher.close()
        publisher.close()  # site/ gets the last build before serve stops
        server.shutdown()
        server.server_close()
    print(msg("stopped").text(live.locale))
    return 0


def _ignore_further_interrupts() -> None:
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        pass  # not the main thread (serve run from a test): nothing to guard
