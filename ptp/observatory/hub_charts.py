"""A stacked bar chart of a hub's members by kind over time, drawn on the server as SVG (no script,
strict CSP); the page shows the same numbers in a table beside it."""

from collections.abc import Sequence
from dataclasses import dataclass

# Colours of the kinds, in order (Bootstrap Italia palette, contrast ≥ 3:1 on white).
PALETTE = ("#0066cc", "#008055", "#cc7a00", "#a61919", "#5c2d91", "#17324d", "#5d7083", "#995c00")
BAR_HEIGHT = 20
GAP = 8
LABEL_WIDTH = 90


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    label: str
    value: int


@dataclass(frozen=True)
class StackedBar:
    label: str
    total: int
    y: int
    label_y: int
    total_x: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Legend:
    label: str
    colour: str


@dataclass(frozen=True)
class StackedChart:
    bars: tuple[StackedBar, ...]
    legend: tuple[Legend, ...]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def stacked_chart(
    rows: Sequence[tuple[str, dict[str, int]]], kinds: Sequence[str], *, width: int = 640
) -> StackedChart:
    """One horizontal bar per row (e.g. a month), split by kind, scaled to the largest total."""
    colours = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    largest = max((sum(values.values()) for _, values in rows), default=0) or 1
    plot = width - LABEL_WIDTH - 50
    bars = []
    for i, (label, values) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for kind in kinds:
            n = values.get(kind, 0)
            if not n:
                continue
            w = round(plot * n / largest, 1)
            segments.append(Segment(round(x, 1), w, colours[kind], kind, n))
            x += w
        y = i * (BAR_HEIGHT + GAP)
        total = sum(values.values())
        bars.append(
            StackedBar(label, total, y, y + BAR_HEIGHT // 2 + 5, round(x + 6, 1), tuple(segments))
        )
    height = max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT)
    legend = tuple(Legend(kind, colours[kind]) for kind in kinds)
    return StackedChart(tuple(bars), legend, width, height)
