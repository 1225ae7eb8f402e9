"""SVG pieces the charts are made of: escaped text, fixed-precision numbers, nice ticks, axes.

Every number written into an SVG goes through `num` (one decimal), so the same inputs give
the same bytes; every text goes through `esc`, since labels come from the plan and the logs.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

FONT = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, sans-serif"
SIZE = 12  # every chart text, in viewBox units
WIDTH = 360  # the viewBox: 0.9x on a 375 px phone (12 px text shows ~10.5 px), up to 520 px wide
INK, MUTED, GRID, AXIS = "#333", "#666", "#e3e7ea", "#8a8f94"
# how wide a character is, in em, at most (the CJK fonts above and their Latin fallbacks)
_NARROW = set(" .,:;'!|()[]-/")
_WIDE_LATIN = set("MWmw%@")


def esc(text: object) -> str:
    """Return text safe inside an XML element or a quoted attribute."""
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """Return a coordinate with one decimal at most: 12, 12.5, never -0."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def text_width(text: str, size: float = SIZE) -> float:
    """Return about how wide a text is drawn (a little more rather than less)."""
    em = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WFA":  # …, ×, ° are full-width in CJK fonts
            em += 1.0
        elif ch in _NARROW:
            em += 0.35
        elif ch in _WIDE_LATIN:
            em += 0.9
        elif ch.isupper():
            em += 0.72
        else:
            em += 0.58
    return em * size


def fit(label: str, room: float = 140.0) -> str:
    """Return a label cut to fit `room` (ending in …); a mark's title keeps it whole."""
    if text_width(label) <= room:
        return label
    while label and text_width(label + "…") > room:
        label = label[:-1]
    return label + "…"


def text(x: float, y: float, content: str, anchor: str = "start", **attrs: str) -> str:
    """Return a <text> at (x, y) baseline; attrs are written as SVG attributes (fill, …)."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    middle = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text x="{num(x)}" y="{num(y)}"{middle}{extra}>{esc(content)}</text>'


def rect(x: float, y: float, w: float, h: float, fill: str, **attrs: str) -> str:
    """Return a <rect> (a negative height or width is drawn from the other side)."""
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{fill}"{extra}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, **attrs: str) -> str:
    """Return a <line>."""
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
        f' stroke="{stroke}"{extra}/>'
    )


def mark(title: str, *shapes: str, kind: str = "") -> str:
    """Return one mark: its shapes with a <title> (the native tooltip, read aloud too)."""
    names = f"mark {kind}" if kind else "mark"
    return f'<g class="{names}"><title>{esc(title)}</title>{"".join(shapes)}</g>'


def svg(width: float, height: float, title: str, body: Sequence[str]) -> str:
    """Return the chart's <svg>: an image named by its title, in the charts' font."""
    w, h = num(width), num(math.ceil(height))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {w} {h}"'
        f' width="{w}" height="{h}" role="img" aria-label="{esc(title)}"'
        f' font-family="{FONT}" font-size="{SIZE}" fill="{INK}">' + "".join(body) + "</svg>"
    )


def nice_ticks(lo: float, hi: float, count: int = 5, whole: bool = False) -> list[float]:
    """Return round ticks (1, 2 or 5 × 10^k apart) covering lo..hi and 0, about count of them.

    With `whole`, ticks are whole numbers (a count axis never reads 0.5).
    """
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo < 1e-12:
        hi = lo + 1
    step = _step((hi - lo) / count)
    if whole:
        step = max(step, 1.0)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [_clean(i * step) for i in range(first, last + 1)]


def _step(raw: float) -> float:
    """Return the round step nearest raw (on a log scale), as d3 chooses it."""
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    for limit, factor in ((7.07, 10), (3.16, 5), (1.41, 2)):
        if error >= limit:
            return power * factor
    return power


def _clean(value: float) -> float:
    """Return a tick without float dust (0.6000000000000001 → 0.6, -0.0 → 0)."""
    return round(value, 10) + 0.0


def decimals(step: float) -> int:
    """Return how many decimals tell ticks `step` apart: 2 → 0, 0.5 → 1, 0.05 → 2."""
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0


@dataclass(frozen=True)
class Linear:
    """A linear scale from a domain (lo..hi) onto a range of pixels (start..end)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        clamped = min(max(value, self.lo), self.hi)
        return self.start + (clamped - self.lo) / span * (self.end - self.start)


def y_axis(ticks: list[float], y: Linear, left: float, right: float, label: Callable) -> list[str]:
    """Return the horizontal grid lines and their labels (right-aligned left of the plot)."""
    out = []
    for tick in ticks:
        at = y(tick)
        out.append(line(left, at, right, at, AXIS if tick == 0 else GRID))
        out.append(text(left - 5, at + 4, label(tick), "end"))
    return out


def thin_every(widths: Sequence[float], spacing: float, gap: float = 6) -> int:
    """Return n such that labels `spacing` apart, every n-th shown, never overlap."""
    if spacing <= 0 or not widths:
        return 1
    return max(1, math.ceil((max(widths) + gap) / spacing))


@dataclass(frozen=True)
class LegendItem:
    """A legend entry: a square of colour, or a line sample (dashed when `dash`)."""

    label: str
    color: str
    kind: str = "square"  # square | line | point-line
    dash: str = ""


def legend(items: Sequence[LegendItem], top: float, left: float, width: float):
    """Return a legend's shapes in balanced rows from (left, top), and its height."""
    if not items:
        return [], 0.0
    labels = [fit(i.label) for i in items]
    cell = max(_sample_width(i) + 6 + text_width(t) for i, t in zip(items, labels, strict=True))
    cell += 16
    most = max(1, int((width - left) // cell))
    rows = math.ceil(len(items) / most)
    columns = math.ceil(len(items) / rows)
    out = ['<g class="chart-legend">']
    for n, item in enumerate(items):
        x, y = left + (n % columns) * cell, top + (n // columns) * 20
        out += _sample(item, x, y + 10)
        out.append(text(x + _sample_width(item) + 6, y + 14, labels[n]))
    return out + ["</g>"], rows * 20.0


def _sample_width(item: LegendItem) -> float:
    return 10 if item.kind == "square" else 22


def _sample(item: LegendItem, x: float, mid: float) -> list[str]:
    if item.kind == "square":
        return [rect(x, mid - 5, 10, 10, item.color)]
    dash = {"stroke_dasharray": item.dash} if item.dash else {}
    out = [line(x, mid, x + 22, mid, item.color, stroke_width="2", **dash)]
    if item.kind == "point-line":
        out.append(f'<circle cx="{num(x + 11)}" cy="{num(mid)}" r="2.5" fill="{item.color}"/>')
    return out
