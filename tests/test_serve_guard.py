"""`serve` answers only requests addressed to it, and no connection holds a thread forever."""

from __future__ import annotations

import http.client
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest
from test_serve import ServeProcess, copy_project

from battlemap.serve import BoundedServer, Handler, LiveSite, allowed_hosts, host_allowed


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    proc = ServeProcess(copy_project(tmp_path_factory.mktemp("guard") / "proj"))
    yield proc
    proc.stop()


def get(url: str, host: str | None, path: str = "/data/metrics.json") -> tuple[int, bytes]:
    address = url.removeprefix("http://").rstrip("/")
    name, port = address.split(":")
    conn = http.client.HTTPConnection(name, int(port), timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_foreign_host_headers_are_refused(server):
    port = server.url.rstrip("/").rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"):
        assert get(server.url, host)[0] == 200, host
    for host in (
        f"evil.example:{port}",  # DNS rebinding: a name the attacker controls, pointed here
        f"127.0.0.1.evil.example:{port}",
        f"localhost.evil.example:{port}",
        "127.0.0.1",  # another port (80)
        f"127.0.0.1:{int(port) + 1}",
        f"10.0.0.7:{port}",  # an address this server is not bound to
        "",
        None,
    ):
        status, body = get(server.url, host)
        assert status == 421, host
        assert b"metrics" not in body and b"premium" not in body
    assert get(server.url, "evil.example", "/__battlemap__/events")[0] == 421


def _serve(handler: type[Handler], connections: int = 64) -> tuple[BoundedServer, int]:
    server = BoundedServer(("127.0.0.1", 0), handler, connections)
    handler.hosts, handler.port = allowed_hosts("127.0.0.1"), server.server_address[1]
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def _closed_within(sock: socket.socket, seconds: float) -> bool:
    """Tell whether the server closes the connection before `seconds` pass."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_an_idle_connection_is_closed_by_the_server():
    assert Handler.timeout is not None and Handler.timeout <= 60
    quick = type("Quick", (Handler,), {"live": LiveSite(), "timeout": 0.2})
    server, port = _serve(quick)
    try:
        with socket.create_connection(("127.0.0.1", port)) as idle:
            assert _closed_within(idle, 10)
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends its headers
            assert _closed_within(slow, 10)
    finally:
        server.shutdown()
        server.server_close()


def test_connections_beyond_the_bound_are_refused_and_freed_slots_reused():
    slow = type("Slow", (Handler,), {"live": LiveSite(), "timeout": 5})
    server, port = _serve(slow, connections=2)
    try:
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
        time.sleep(0.2)  # let the server accept both (no assertion on time)
        with socket.create_connection(("127.0.0.1", port)) as third:
            assert _closed_within(third, 10)
        for sock in held:
            sock.close()
        deadline = time.monotonic() + 10
        while True:  # a slot comes back once the server sees a held connection closed
            with socket.create_connection(("127.0.0.1", port)) as again:
                again.sendall(b"GET /x HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)
                again.settimeout(10)
                if again.recv(12).startswith(b"HTTP/1.0 404"):
                    break
            assert time.monotonic() < deadline, "no slot was freed"
    finally:
        server.shutdown()
        server.server_close()


def test_serving_every_interface_accepts_addresses_but_no_foreign_name():
    names = allowed_hosts("0.0.0.0")
    assert host_allowed("192.168.1.20:8000", names, 8000, True)
    assert host_allowed(f"{socket.gethostname()}:8000", names, 8000, True)
    assert not host_allowed("evil.example:8000", names, 8000, True)
    assert not host_allowed("192.168.1.20:8000", allowed_hosts("127.0.0.1"), 8000, False)
    assert host_allowed("intranet-pc:8000", allowed_hosts("intranet-pc"), 8000, False)


@pytest.mark.parametrize("where", ["content/reviews/2026-W09.md", "logs/pipe.csv"])
def test_a_pipe_among_the_inputs_never_stops_serve_rebuilding(server, where):
    """A FIFO saved as a note or a log is named, and the next save rebuilds again."""
    pipe = Path(server.project) / where
    since = len(server.err)
    os.mkfifo(pipe)
    try:
        server.wait_for_line(server.err, re.compile(r"named pipe"), 30, since)
    finally:
        since = len(server.out)
        pipe.unlink()
    server.wait_for_line(server.out, re.compile(r"^Rebuilt \d+ pages"), 30, since)
