"""Charts: plain SVG drawn in Python at build time, remembered by their inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

from battlemap.jsontext import json_key
from battlemap.svg_charts import draw


@dataclass(frozen=True)
class Chart:
    """A drawn chart: its SVG (shown with JavaScript off and in print) and its title."""

    svg: str
    title: str


@dataclass
class ChartRenderer:
    """Draws charts by name from plain data, remembering each SVG by those inputs.

    A rebuild (`serve`) draws again only the charts whose inputs changed; the oldest are
    forgotten beyond `limit`, so that a long review session does not grow without end.
    """

    memory: dict[str, str] = field(default_factory=dict)
    limit: int = 512

    def render(self, kind: str, title: str, *args) -> Chart:
        """Return chart `kind` (a function of battlemap.svg_charts) drawn from args."""
        key = json_key([kind, title, args])
        svg = self.memory.pop(key, None)
        if svg is None:
            svg = draw(kind, title, *args)
        self.memory[key] = svg  # the newest last: the first is the one used longest ago
        while len(self.memory) > self.limit:
            del self.memory[next(iter(self.memory))]
        return Chart(svg, title)
