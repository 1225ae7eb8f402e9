"""The watcher's bursts: a save that moves the file away and writes it anew is one burst."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from battlemap import watch
from battlemap.watch import GONE_SETTLE, SETTLE, Watcher


@pytest.fixture
def watched(tmp_path: Path):
    (tmp_path / "content" / "reviews").mkdir(parents=True)
    (tmp_path / "logs").mkdir()
    note = tmp_path / "content" / "reviews" / "2026-03.md"
    note.write_text("first\n", encoding="utf-8")
    watcher = Watcher(tmp_path)
    bursts: list[list[str]] = []
    stop = threading.Event()

    def collect() -> None:
        for burst in watcher.changes(stop):
            bursts.append(burst)

    thread = threading.Thread(target=collect, daemon=True)
    thread.start()
    time.sleep(0.2)  # let the observer settle on the folders
    yield note, bursts
    stop.set()
    thread.join(timeout=2)
    watcher.close()


def wait_for(bursts: list[list[str]], count: int, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while len(bursts) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_file_moved_away_and_written_later_than_the_settle_time_is_one_burst(watched):
    note, bursts = watched
    backup = note.with_name(note.name + "~")
    note.replace(backup)  # vim: the note moved to its backup
    time.sleep(SETTLE * 4)  # a busy machine: longer than the quiet a burst waits for
    note.write_text("second\n", encoding="utf-8")
    backup.unlink()
    wait_for(bursts, 1)
    time.sleep(GONE_SETTLE + 0.3)  # would a second burst come?
    assert len(bursts) == 1, bursts
    assert str(note) in bursts[0]


def test_a_file_really_deleted_is_a_burst_after_the_grace(watched):
    note, bursts = watched
    start = time.monotonic()
    note.unlink()
    wait_for(bursts, 1)
    took = time.monotonic() - start
    assert bursts == [[str(note)]]
    assert took >= GONE_SETTLE  # it waited for the file to come back, then gave up


@pytest.mark.parametrize("how", ["in place", "renamed over", "excel"])
def test_a_file_saved_whole_does_not_wait_for_the_grace(watched, monkeypatch, how):
    monkeypatch.setattr(watch, "GONE_SETTLE", 30.0)  # a wait for a missing file would show
    note, bursts = watched
    if how == "in place":
        note.write_text("second\n", encoding="utf-8")
    elif how == "renamed over":  # most editors: a temp file renamed over the note
        temp = note.with_name(note.name + ".tmp")
        temp.write_text("second\n", encoding="utf-8")
        temp.replace(note)
    else:  # Excel: a suffixless temp, the file moved aside, the temp renamed in
        temp, aside = note.with_name("5A8D3E00"), note.with_name("E7C1F000.tmp")
        temp.write_text("second\n", encoding="utf-8")
        note.replace(aside)
        temp.replace(note)
        aside.unlink()
    wait_for(bursts, 1, seconds=10)
    assert bursts and str(note) in bursts[0]


@pytest.mark.parametrize(
    ("name", "closed", "quiet"),
    [
        ("logs/2026-h2.csv", True, watch.CLOSED_SETTLE),  # written and closed: saved
        ("content/reviews/2026-03.md", True, watch.CLOSED_SETTLE),
        ("logs/2026-h2.csv", False, SETTLE),  # modified: more may come
        ("logs/A1B2C3D4", True, SETTLE),  # Excel's temporary name: the swap comes next
        ("logs/.2026-h2.csv.swp", True, SETTLE),  # vim's swap file
        ("logs/2026-h2.csv~", True, SETTLE),  # a backup
    ],
)
def test_a_burst_ends_sooner_after_an_input_closed_once_written(tmp_path, name, closed, quiet):
    assert watch.quiet_after(str(tmp_path / name), closed) == quiet
    assert watch.CLOSED_SETTLE < SETTLE


def test_a_file_written_and_closed_is_told_closed_and_a_read_is_not_seen(
    watched, tmp_path, monkeypatch
):
    note, bursts = watched
    asked: list[tuple[str, bool]] = []
    real = watch.quiet_after

    def quiet_after(path: str, closed: bool) -> float:
        asked.append((path, closed))
        return real(path, closed)

    monkeypatch.setattr(watch, "quiet_after", quiet_after)
    note.read_text(encoding="utf-8")  # a rebuild's read: no event at all
    time.sleep(0.1)
    assert bursts == [] and asked == []
    log = tmp_path / "logs" / "a.csv"
    with log.open("w", encoding="utf-8") as f:
        f.write("date,type\n2026-03-01,visit\n")
    wait_for(bursts, 1)
    assert bursts == [[str(log)]]
    assert (str(log), True) in asked  # its close once written ended the burst's quiet
