"""serve's publisher: site/ is written in a thread of its own, the latest build waiting."""

from __future__ import annotations

import threading

from battlemap.messages import msg
from battlemap.publish import PublishError
from battlemap.serve import LiveSite, Publisher

WAIT = 10.0  # seconds any step may take on a busy machine


class SlowBuilder:
    """Stands in for Builder: its publish waits until let go, or fails when told to."""

    locale = "zh-CN"

    def __init__(self, fail: bool = False) -> None:
        self.published: list[dict[str, bytes]] = []
        self.started = threading.Event()
        self.go = threading.Event()
        self.fail = fail

    def publish(self, files: dict[str, bytes]) -> None:
        self.started.set()
        assert self.go.wait(WAIT)
        if self.fail:
            raise PublishError(msg("cannot_write", path="site/x", why="磁盘已满", site="site"))
        self.published.append(files)


def test_builds_waiting_while_site_is_written_are_written_once_the_latest_and_all_told():
    builder, live = SlowBuilder(), LiveSite()
    publisher = Publisher(builder, live)  # type: ignore[arg-type]
    told: list[int] = []
    try:
        publisher.put({"a": b"1"}, lambda: told.append(1))
        assert builder.started.wait(WAIT)  # the first is being written...
        publisher.put({"a": b"2"}, lambda: told.append(2))  # ...while two more builds end
        publisher.put({"a": b"3"}, lambda: told.append(3))
        assert told == []  # nothing is said before site/ holds it
        builder.go.set()
    finally:
        publisher.close(WAIT)
    assert not publisher.thread.is_alive()
    assert builder.published == [{"a": b"1"}, {"a": b"3"}]  # the second was superseded
    assert told == [1, 2, 3]


def test_a_write_that_fails_is_shown_in_the_overlay_and_said_of_no_build(capsys):
    builder, live = SlowBuilder(fail=True), LiveSite(files={"index.html": b"<body></body>"})
    publisher = Publisher(builder, live)  # type: ignore[arg-type]
    told: list[int] = []
    builder.go.set()
    publisher.put({"index.html": b"<body>new</body>"}, lambda: told.append(1))
    publisher.close(WAIT)
    assert told == []
    assert len(live.errors) == 1 and "site/x" in live.errors[0] and "磁盘已满" in live.errors[0]
    assert live.files == {"index.html": b"<body></body>"}  # what is served stays
    assert "site/x" in capsys.readouterr().err
