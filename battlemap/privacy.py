"""Keep customers private on published pages: masked names, redacted phone and ID numbers.

One filter, `Privacy`, sees every text the site publishes: `name()` and `text()` for the
values pages are built from, `html()` for every rendered page (text nodes, the attributes
readers see, the chart specs), `data()` for every JSON file.
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote, unquote

from battlemap.ics_text import escape_text, fold_line, unescape_text, unfold
from battlemap.jsontext import json_file

# what people put between the digits of a number or the characters of a name
_SPACE = r"[ \t\u3000\xa0\u2002-\u200a\u202f\u205f]"
_SEP = rf"(?:{_SPACE}*[-‐‑‒–—－.．·・]{_SPACE}*|{_SPACE}+)?"
_86 = "[8８][6６]"
_PLUS = "(?:[+＋]|[0０]{2})"
_COUNTRY = (
    rf"(?:{_PLUS}{_SPACE}*{_86}|[(（]{_SPACE}*{_PLUS}?{_SPACE}*{_86}{_SPACE}*[)）]"
    rf"|{_86}(?={_SEP}[1１]))"
)
# 11 digits starting with 1, written 13812345678, 138-1234-5678, 138 1234 5678, +86 138…,
# (+86)138…, 0086…, with full-width digits or dots; `\d` is any Unicode decimal digit
_MOBILE = re.compile(rf"(?<!\d)(?:{_COUNTRY}{_SEP})?[1１](?:{_SEP}\d){{10}}(?!\d)")
# 17 digits and a check digit or X, with spaces or dots anywhere between them
_ID_NUMBER = re.compile(rf"(?<!\d)\d(?:{_SEP}\d){{16}}{_SEP}[\dXxＸｘ](?![\dXxＸｘ])")
_ELEVEN_DIGITS = re.compile(r"(?:\d\D*){10}\d")  # any 11 digits: a number may be there
_LATIN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_NOTHING = re.compile(r"(?!)")  # matches no text
_KEPT_TOKENS = 200_000  # the pieces of pages a filter remembers, at most
_LONGEST_NAME = 40  # longer customer cells are no names to look for in text
REDACTED = {
    "zh-CN": ("［手机号已隐藏］", "［身份证号已隐藏］"),
    "en": ("[phone removed]", "[ID removed]"),
}
# attributes a reader sees or a script may show; the others (paths, coordinates, data-value)
# hold no text from the logs
_TEXT_ATTRIBUTES = re.compile(
    r"""(\s(?:title|alt|aria-label|aria-description|aria-roledescription|aria-valuetext"""
    r"""|placeholder|content|label|summary|href)\s*=\s*)("[^"]*"|'[^']*')""",
    re.I,
)
_URL_SAFE = "/:#?&=;+,.-_~!$'()*@%"
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_RAW_START = re.compile(r"<(script|style)\b([^>]*)>", re.I)


_ICS_TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "X-ALT-DESC"}


def mask_name(name: str) -> str:
    """Return a customer name as `张**`: its first character and two stars."""
    name = name.strip()
    return f"{name[:1]}**" if name else ""


def name_key(name: str) -> str:
    """Return a name as compared in text: case folded, full-width letters as ASCII, no spaces
    (`fold` of it, in the one step that is fastest on a short text)."""
    return name.translate(_FOLD).casefold()


@functools.lru_cache(maxsize=1 << 18)  # serve builds filters again and again: once a name
def _digits(name: str) -> str:
    """Return the decimal digits of a name's SHA-256, the lowest first (they are evenly
    spread, the leading ones are not)."""
    return str(int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest(), "big"))[::-1]


def collision_suffixes(customers: Iterable[str]) -> dict[str, str]:
    """Return a stable suffix for each customer whose mask another customer shares.

    The suffix is the first decimal digits of the SHA-256 of the full name (two, or more when
    two names of the group share them), so adding customers never changes it unless they
    collide; digits, not hex letters, so that a Chinese page holds no Latin word.
    """
    return NameTable().grown(customers)[0].suffix


def _group_suffixes(names: Set[str]) -> dict[str, str]:
    """Return the suffixes of the names of one mask (none when it is theirs alone)."""
    if len(names) < 2:
        return {}
    digests = {n: _digits(n) for n in names}
    width = 2
    while len({d[:width] for d in digests.values()}) < len(names):
        width += 1
    return {n: d[:width] for n, d in digests.items()}


@dataclass(frozen=True)
class NameTable:
    """The customers a filter knows: the names of each mask, the collision suffixes, and the
    name each name key stands for (the first in sort order); grown by names added."""

    all: frozenset[str] = frozenset()
    groups: dict[str, frozenset[str]] = field(default_factory=dict)  # mask -> its names
    suffix: dict[str, str] = field(default_factory=dict)
    by_key: dict[str, str] = field(default_factory=dict)  # name key (2+ characters) -> name
    finder: NameFinder | None = None  # of by_key's keys

    def grown(self, added: Iterable[str]) -> tuple[NameTable, bool]:
        """Return the table with these names too, and whether a name it had now shows
        otherwise (its suffix, or the name its key stands for, changed)."""
        added = sorted({n.strip() for n in added if n.strip()} - self.all)
        touched: dict[str, set[str]] = {}
        for name in added:
            touched.setdefault(mask_name(name), set()).add(name)
        groups, suffix = dict(self.groups), dict(self.suffix)
        changed = False
        for mask, names in touched.items():
            before = groups.get(mask, frozenset())
            group = groups[mask] = before | names
            now = _group_suffixes(group)
            changed = changed or any(suffix.get(n) != now.get(n) for n in before)
            suffix.update(now)
        by_key, keys = dict(self.by_key), []
        for name in added:
            if not 2 <= len(name) <= _LONGEST_NAME or len(key := name_key(name)) < 2:
                continue
            held = by_key.get(key)
            if held is None:
                by_key[key] = name
                keys.append(key)
            elif name < held:  # the key now stands for the new name, first in sort order
                by_key[key], changed = name, True
        finder = self.finder.grown(keys) if self.finder is not None else NameFinder(by_key)
        return NameTable(self.all | set(added), groups, suffix, by_key, finder), changed


class NameFinder:
    """Finds name keys in folded text (`fold`): where one begins first, the longest there.

    A set of keys and, per first character, their lengths: no pattern to compile, so a team's
    tens of thousands of names cost a few milliseconds, and a search runs at C speed until a
    character a name begins with.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = frozenset(keys)
        lengths: dict[str, set[int]] = {}
        for key in self._keys:
            lengths.setdefault(key[0], set()).add(len(key))
        self._lengths = {ch: sorted(n, reverse=True) for ch, n in lengths.items()}
        self._starts = _starts_of(self._lengths)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def grown(self, keys: Iterable[str]) -> NameFinder:
        """Return a finder of these keys too (the lengths of the other first characters kept)."""
        keys = [k for k in keys if k not in self._keys]
        if not keys:
            return self
        grown = NameFinder.__new__(NameFinder)
        grown._keys = self._keys.union(keys)
        grown._lengths = dict(self._lengths)
        for ch in {k[0] for k in keys}:
            lengths = {len(k) for k in keys if k[0] == ch} | set(self._lengths.get(ch, ()))
            grown._lengths[ch] = sorted(lengths, reverse=True)
        if all(k[0] in self._lengths for k in keys):
            grown._starts = self._starts
        else:
            grown._starts = _starts_of(grown._lengths)
        return grown

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield (start, end) of every name in text, left to right, none overlapping."""
        keys, lengths, size = self._keys, self._lengths, len(text)
        at = 0
        while found := self._starts.search(text, at):
            start = found.start()
            at = start + 1
            for n in lengths[text[start]]:
                if start + n <= size and text[start : start + n] in keys:
                    yield start, start + n
                    at = start + n
                    break

    def search(self, text: str) -> bool:
        """Tell whether a name is in text."""
        return next(self.finditer(text), None) is not None


def _starts_of(lengths: dict[str, list[int]]) -> re.Pattern:
    firsts = "".join(re.escape(ch) for ch in sorted(lengths))
    return re.compile(f"[{firsts}]") if firsts else _NOTHING


_FEW_NAMES = 50
_IN_NAME = r"[\s\u200b-\u200d\u2060\ufeff]*"  # what `fold` drops between two characters


@functools.cache
def expanding() -> re.Pattern:
    """Return a regex of the characters casefold() makes two or more of (`ß` -> ss, the
    ligatures, …): all in the Basic Multilingual Plane."""
    chars = "".join(ch for ch in map(chr, range(0x10000)) if len(ch.casefold()) > 1)
    return re.compile(f"[{re.escape(chars)}]")


class AddedNames:
    """The names a filter knows that an older one did not, to look for in a page.

    In text without a character casefold() expands, a pattern of the names as they may be
    written finds what `fold` + NameFinder find (every single-character fold is a match of
    re.IGNORECASE), without a folded copy of the page; else the folded copy is searched.
    """

    def __init__(self, keys: list[str]) -> None:
        self.finder = NameFinder(keys)
        self.pattern = _spelled_pattern(keys) if len(keys) <= _FEW_NAMES else None

    def found_in(self, text: str) -> bool:
        """Tell whether one of the names is in text."""
        if not self.finder:
            return False
        if self.pattern is not None and not expanding().search(text):
            return self.pattern.search(text) is not None
        return self.finder.search(fold(text))


def _spelled_pattern(keys: list[str]) -> re.Pattern:
    """Return a regex finding the name keys in text as written: whatever `fold` finds them in
    (any case, full-width letters, white space or zero-width characters inside)."""

    def char(ch: str) -> str:
        wide = chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ""
        return f"[{re.escape(ch)}{wide}]" if wide else re.escape(ch)

    spelled = [_IN_NAME.join(char(ch) for ch in key) for key in sorted(keys)]
    return re.compile("|".join(spelled), re.I) if spelled else _NOTHING


# what `name_key` drops (white space, zero-width characters) and turns to ASCII (full width)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = [chr(c) for c in range(0x3001) if chr(c).isspace()] + list(_ZERO_WIDTH)
_FOLD = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(ord("！"), ord("～") + 1)} | dict.fromkeys(_INVISIBLE)
)
_WIDE = re.compile("[！-～]")


def fold(text: str) -> str:
    """Return text as names are compared in it: `name_key` of the whole text.

    The same as `text.translate(_FOLD).casefold()`, in steps that run at C speed on a whole
    page: split() drops exactly the characters isspace() tells.
    """
    text = "".join(text.split())
    for ch in _ZERO_WIDTH:
        if ch in text:
            text = text.replace(ch, "")
    if _WIDE.search(text):
        text = text.translate(_FOLD)
    return text.casefold()


def _folded_at(text: str) -> tuple[str, list[int]]:
    """Return `fold(text)` and, for each of its characters, the index of the one it came from."""
    out, at = [], []
    for i, ch in enumerate(text):
        folded = ch.translate(_FOLD).casefold()
        out.append(folded)
        at += [i] * len(folded)
    return "".join(out), at


class Privacy:
    """Masks the known customer names (unless showing names) and redacts numbers in text."""

    def __init__(
        self,
        customers: Iterable[str],
        show_names: bool,
        locale: str,
        colleagues: Iterable[str] = (),
        table: NameTable | None = None,  # the customers' table, when made already
    ) -> None:
        self.show_names = show_names
        self.redacted = REDACTED.get(locale, REDACTED["en"])
        table = table or NameTable().grown(customers)[0]
        self._table = table
        self._all, self._suffix, self._by_key = table.all, table.suffix, table.by_key
        self._names = None if show_names else table.finder
        # the agents are colleagues: their names stay shown, even inside a customer's name
        kept = sorted({c.strip() for c in colleagues if c and c.strip()}, key=len, reverse=True)
        self._kept = re.compile("|".join(map(re.escape, kept))) if kept else None
        self._seen: dict[str, str] = {}  # the same note or reason comes back on many rows
        self._nodes: dict[str, str] = {}  # a page's text as written -> as published
        self._tags: dict[str, tuple[str, tuple[str, str] | None]] = {}  # -> (as published, raw)
        self._added: dict[str, AddedNames | None] = {}  # old filter -> _added_names
        self._base: Privacy | None = None  # the filter before, whose cleaned texts still hold
        self._lineage = ""  # the key of the first filter of a line of inheriting ones
        self._base_added: AddedNames | None = None  # the names it did not know

    @classmethod
    def following(
        cls,
        old: Privacy | None,
        customers: Iterable[str],
        show_names: bool,
        locale: str,
        colleagues: Iterable[str] = (),
    ) -> Privacy:
        """Return the filter of these names and options, inheriting from `old` (`inherit`).

        When it only adds names to old's, with the same options, its table is old's grown
        (a rebuild that adds a customer does not fold and hash a team's every name again).
        """
        if old is None:
            return cls(customers, show_names, locale, colleagues)
        names = {c.strip() for c in customers if c.strip()}
        same = (show_names, REDACTED.get(locale, REDACTED["en"])) == (old.show_names, old.redacted)
        if not same or not names >= old._all:
            made = cls(names, show_names, locale, colleagues)
        else:
            table, changed = old._table.grown(names - old._all)
            made = cls((), show_names, locale, colleagues, table)
            if not changed and made._kept_pattern == old._kept_pattern:  # as _added_names
                keys = [k for k in table.by_key if k not in old._by_key]
                made._added[old.key] = AddedNames(keys)
        made.inherit(old)
        return made

    def still_fits(self, page: str, old: Privacy) -> bool:
        """Tell whether a page `old` filtered is what this filter would give it.

        It is when both treat every name `old` knew alike (mask, suffix, colleagues, numbers)
        and no name `old` did not know is in the page as rendered: a rebuild that adds a
        customer then filters only the pages that name them.
        """
        if self is old:
            return True
        added = self._added_since(old)
        if added is None:
            return False
        if self.show_names:
            return True
        return not added.found_in(page)

    def _added_since(self, old: Privacy) -> AddedNames | None:
        """Return `_added_names(old)`, worked out once per pair of filters, not per page."""
        if old.key not in self._added:
            self._added[old.key] = self._added_names(old)
        return self._added[old.key]

    def _added_names(self, old: Privacy) -> AddedNames | None:
        """Return a finder of the names `old` did not know, or None when `old` treats a name
        it knew otherwise (mask, suffix, colleagues, numbers)."""
        if (self.show_names, self.redacted, self._kept_pattern) != (
            old.show_names,
            old.redacted,
            old._kept_pattern,
        ) or any(self._by_key.get(k) != n for k, n in old._by_key.items()):
            return None
        if {n: s for n, s in self._suffix.items() if n in old._all} != old._suffix:
            return None
        keys = [k for k in self._by_key if k not in old._by_key]
        return AddedNames(keys)

    @property
    def _kept_pattern(self) -> str:
        return self._kept.pattern if self._kept else ""

    def name(self, customer: str) -> str:
        """Return a customer's name as it may be published (`郭**`, `郭**·3f` on a collision)."""
        customer = customer.strip()
        if self.show_names:
            return customer
        suffix = self._suffix.get(customer)
        return f"{mask_name(customer)}·{suffix}" if suffix else mask_name(customer)

    def text(self, text: str) -> str:
        """Return free text with phone and ID numbers redacted and customer names masked."""
        done = self._seen.get(text)
        if done is None:
            base = self._base
            known = base._seen.get(text) if base is not None else None
            fits = known is not None and not self.names_added(text)
            done = self._seen[text] = known if fits else self._clean(text)  # type: ignore[assignment]
        return done

    def inherit(self, old: Privacy) -> None:
        """Reuse what `old` filtered where this filter gives the same: every text it cleaned
        that names no customer `old` did not know (a rebuild that adds a row adds a name)."""
        added = self._added_since(old)
        if added is not None and not self.show_names:
            self._base, self._base_added = old, added
            self._lineage = old.lineage
            old._base = old._base_added = None  # one step back only: no chain of filters

    @property
    def lineage(self) -> str:
        """Identify the filters that show every name they share alike: this one, or the first
        it inherited from (values made under one of them name customers as all of them do)."""
        return self._lineage or self.key

    @property
    def base_key(self) -> str | None:
        """The key of the filter this one inherited from, if any."""
        return self._base.key if self._base is not None else None

    def names_added(self, text: str) -> bool:
        """Tell whether text names a customer the inherited filter did not know."""
        added = self._base_added
        return added is not None and added.found_in(text)

    def numbers(self, text: str) -> str:
        """Return text with phone and ID numbers redacted (names are masked after rendering)."""
        if not _ELEVEN_DIGITS.search(text):  # most texts: the number patterns cannot match
            return text
        return _MOBILE.sub(self.redacted[0], _ID_NUMBER.sub(self.redacted[1], text))

    @cached_property
    def key(self) -> str:
        """Identify what this filter masks, for caches of filtered pages."""
        parts = [str(self.show_names), *self.redacted, *sorted(self._by_key), "\0"]
        parts += sorted(f"{n}={s}" for n, s in self._suffix.items())
        parts += [self._kept.pattern if self._kept else ""]
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def _clean(self, text: str) -> str:
        text = self.numbers(text)
        if self._names is None or not self._names.search(fold(text)):
            return text  # most texts: no name is in them, however spaced or cased
        if self._kept is None:
            return self._mask(text)
        pieces = self._kept.split(text)
        kept = self._kept.findall(text)
        out = [self._mask(p) for p in pieces]
        return "".join(p + k for p, k in zip(out, [*kept, ""], strict=True))

    def _mask(self, text: str) -> str:
        """Return text with every customer name in it masked (found in its folded form)."""
        folded, at = _folded_at(text)
        out, done = [], 0
        for lo, hi in self._names.finditer(folded):  # type: ignore[union-attr]
            start, end = at[lo], at[hi - 1] + 1
            if (lo and at[lo - 1] == start) or (hi < len(at) and at[hi] == end - 1):
                continue  # the match begins or ends inside a character's folded form
            found = text[start:end]
            latin_edge = (
                start > 0 and _LATIN.match(found[0]) and _LATIN.match(text[start - 1])
            ) or (end < len(text) and _LATIN.match(found[-1]) and _LATIN.match(text[end]))
            if latin_edge:  # `Li` inside `client` is no name
                continue
            out += [text[done:start], self.name(self._by_key[folded[lo:hi]])]
            done = end
        return "".join(out) + text[done:]

    def data(self, value):
        """Return JSON-ready data with every string (keys too) through `text`."""
        seen, text, data = self._seen, self.text, self.data

        def one(v):  # the texts seen before (most of them) without a call of `text`
            if isinstance(v, str):
                return seen.get(v) or text(v)
            return data(v) if isinstance(v, dict | list | tuple) else v

        if isinstance(value, dict):
            return {one(k): one(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [one(v) for v in value]
        return one(value)

    def file(self, path: str, content: bytes) -> bytes:
        """Return a published file through the filter of its kind: page, JSON or calendar."""
        if path.endswith(".html"):
            return self.html(content.decode("utf-8")).encode("utf-8")
        if path.endswith(".ics"):
            return self.ics(content.decode("utf-8")).encode("utf-8")
        if path.endswith(".json"):
            data = json.loads(content)
            clean = self.data(data)
            if clean == data:
                return content
            return json_file(clean)
        return content

    def ics(self, calendar: str) -> str:
        """Return an iCalendar feed with the text of its events (SUMMARY, DESCRIPTION, …)
        through `text`; a line that changes is folded again at 75 octets (RFC 5545)."""
        out = []
        for logical, physical in unfold(calendar):
            name, sep, value = logical.partition(":")
            if not sep or name.split(";")[0].upper() not in _ICS_TEXT:
                out.append(physical)
                continue
            plain = unescape_text(value)
            clean = self.text(plain)
            if clean == plain:
                out.append(physical)
            else:
                out.append(fold_line(f"{name}:{escape_text(clean)}"))
        return "".join(out)

    def html(self, page: str) -> str:
        """Return a rendered page with every text node and readable attribute through `text`.

        Masks are applied to text after markdown was rendered, so the stars of `张**` are
        never read as emphasis; chart specs inside `<script type="application/json">` are
        filtered as data.
        """
        out, raw = [], None  # raw: the open script/style element, whose text is no HTML
        nodes, tags = self._nodes, self._tags
        if len(nodes) + len(tags) > _KEPT_TOKENS:
            nodes.clear()
            tags.clear()
        for i, token in enumerate(_TAG.split(page)):  # text, tag, text, …: tags are odd
            if not token:
                continue
            if raw is not None:
                if token.lower().startswith(f"</{raw[0]}"):
                    out.append(token)
                    raw = None
                else:
                    out.append(self._raw_text(token, raw[1]))
            elif i % 2:
                done = tags.get(token)
                if done is None:
                    start = _RAW_START.match(token)
                    clean = _TEXT_ATTRIBUTES.sub(self._attribute, token)
                    done = tags[token] = (clean, (start[1].lower(), start[2]) if start else None)
                out.append(done[0])
                raw = done[1]
            else:
                done = nodes.get(token)
                if done is None:
                    done = nodes[token] = self._text_node(token)
                out.append(done)
        return "".join(out)

    def _text_node(self, token: str) -> str:
        plain = html_lib.unescape(token)
        clean = self.text(plain)
        return token if clean == plain else html_lib.escape(clean, quote=False)

    def _attribute(self, match: re.Match) -> str:
        quoted = match[2]
        plain = html_lib.unescape(quoted[1:-1])
        is_link = match[1].strip().lower().startswith("href")
        readable = unquote(plain) if is_link else plain  # a link may spell a name as %E5…
        clean = self.text(readable)
        if clean == readable:
            return match[0]
        clean = quote(clean, safe=_URL_SAFE) if is_link else clean
        return f"{match[1]}{quoted[0]}{html_lib.escape(clean)}{quoted[0]}"

    def _raw_text(self, token: str, attributes: str) -> str:
        if "application/json" not in attributes.lower():
            return token
        try:
            spec = json.loads(token)
        except ValueError:
            return self.text(token)
        clean = self.data(spec)
        if clean == spec:
            return token
        text = json.dumps(clean, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
