"""The calendar's content lines are what the icalendar library writes and reads back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from battlemap.ics_text import escape_text, fold_line, unescape_text, unfold
from battlemap.privacy import Privacy

TEXT = st.lists(
    st.sampled_from(list("张伟李四 ab,;\\:\n·¥，。🙂Ａ1") + ["续期提醒", "客户"]), max_size=60
).map("".join)


def _library_line(name: str, value: str) -> bytes:
    event = Event()
    event.add(name, value)
    lines = event.to_ical().split(b"\r\n BEGIN")[0].split(b"BEGIN:VEVENT\r\n", 1)[1]
    return lines.split(b"END:VEVENT")[0]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_text_line_is_escaped_and_folded_as_icalendar_writes_it(value: str):
    ours = fold_line(f"SUMMARY:{escape_text(value)}").encode("utf-8")
    assert ours == _library_line("summary", value)
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_a_folded_line_unfolds_and_reads_back_as_written(value: str):
    written = fold_line(f"DESCRIPTION:{escape_text(value)}")
    [(logical, physical)] = unfold(written)
    assert physical == written
    assert unescape_text(logical.partition(":")[2]) == value
    parsed = Calendar.from_ical(f"BEGIN:VEVENT\r\n{written}END:VEVENT\r\n")
    assert str(parsed["DESCRIPTION"]) == value


def test_the_privacy_filter_refolds_a_masked_line():
    summary = "续期提醒：" + "张伟，" * 30
    calendar = f"BEGIN:VEVENT\r\n{fold_line('SUMMARY:' + escape_text(summary))}END:VEVENT\r\n"
    clean = Privacy(["张伟"], False, "zh-CN").ics(calendar)
    parsed = Calendar.from_ical(clean)
    assert str(parsed["SUMMARY"]) == "续期提醒：" + "张**，" * 30
    assert all(len(line.encode()) <= 75 for line in clean.split("\r\n"))
