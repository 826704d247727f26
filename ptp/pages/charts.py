"""Server-rendered bar charts: SVG geometry computed here, drawn by a template, no script needed."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: float
    label_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    width: int
    label_width: int
    max_value: float
    bar_height: int = 22

    @property
    def plot_width(self) -> int:
        return self.width - self.label_width - 40


BAR_HEIGHT = 22
BAR_GAP = 8


def bar_chart(
    rows: Sequence[tuple[str, float]], *, width: int = 640, label_width: int = 160
) -> BarChart:
    """Horizontal bars scaled to the largest value; an empty list gives an empty chart."""
    max_value = max((value for _, value in rows), default=0) or 1
    plot = width - label_width - 40
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=i * (BAR_HEIGHT + BAR_GAP),
            width=round(plot * value / max_value, 1),
            label_y=i * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT // 2 + 5,
            value_x=round(label_width + plot * value / max_value + 6, 1),
        )
        for i, (label, value) in enumerate(rows)
    )
    height = max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return BarChart(
        bars=bars, height=height, width=width, label_width=label_width, max_value=max_value
    )
