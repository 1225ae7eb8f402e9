"""Tell a GB18030 file from a Big5 or Shift-JIS one that GB18030 would decode as mojibake.

GB18030 decodes almost any byte sequence, so a decode that succeeds proves little. Chinese
text saved by Excel on Chinese Windows is mostly common characters (GB2312's hanzi and
punctuation); Big5 or Shift-JIS bytes read as GB18030 give rare characters, kana in odd
places and private-use code points. When a GB18030 reading looks like that and the bytes
read cleanly, as common characters, in Big5 or Shift-JIS, the file is that encoding.
"""

from __future__ import annotations

from collections import Counter

LOOKS_LIKE = (
    "not UTF-8 or GB18030 text (it looks like {name}) — save it as UTF-8 (Excel: CSV UTF-8)"
)
_SAMPLE = 1 << 16  # characters looked at
_MIN_CHARS = 2  # fewer non-ASCII characters say nothing
_SUSPECT, _CONFIRM = 0.5, 0.8  # shares of common characters
_CANDIDATES = (("Big5", "big5"), ("Shift-JIS", "shift_jis"))


def _common_gb(ch: str) -> bool:
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= b[0] <= 0xF7 or b[0] in (0xA1, 0xA3)  # hanzi, punctuation, full-width ASCII


def _common_big5(ch: str) -> bool:
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= b[0] <= 0xC6 or 0xA1 <= b[0] <= 0xA3  # frequent hanzi, symbols


def _common_sjis(ch: str) -> bool:
    if "\u3040" <= ch <= "\u30ff" or "\uff61" <= ch <= "\uff9f":  # kana, half-width kana
        return True
    try:
        b = ch.encode("shift_jis")
    except UnicodeEncodeError:
        return False
    return 0x88 <= b[0] <= 0x9F or 0x81 <= b[0] <= 0x84  # level-1 kanji, symbols


_COMMON = {"gb18030": _common_gb, "big5": _common_big5, "shift_jis": _common_sjis}


def common_share(text: str, codec: str) -> float | None:
    """Return the share of common characters among the non-ASCII ones (None: too few)."""
    counts = Counter(ch for ch in text[:_SAMPLE] if ord(ch) > 127 and not ch.isspace())
    total = sum(counts.values())
    if total < _MIN_CHARS:
        return None
    test = _COMMON[codec]
    return sum(n for ch, n in counts.items() if test(ch)) / total


def misread_as(data: bytes, gb_text: str | None) -> str | None:
    """Return the name of the encoding the bytes are really in, when GB18030 misreads them.

    `gb_text` is the GB18030 reading, or None when GB18030 cannot decode the bytes at all.
    """
    if gb_text is not None:
        share = common_share(gb_text, "gb18030")
        if share is None or share >= _SUSPECT:
            return None
    head = data[: _SAMPLE * 2]
    for name, codec in _CANDIDATES:
        try:
            text = head.decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 2:  # not merely a character cut by the sample's end
                continue
            text = head[: exc.start].decode(codec)
        share = common_share(text, codec)
        if share is not None and share >= _CONFIRM:
            return name
    return None
