"""Geometry of the report's bar charts (horizontal bars with 95 % interval whiskers), drawn as
inline SVG by ``templates/report/_chart.html``. No JavaScript, no external requests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LABEL_WIDTH = 132
PLOT_WIDTH = 400
VALUE_WIDTH = 64
ROW_HEIGHT = 22
BAR_HEIGHT = 12
TOP = 26
BOTTOM = 8
#: CSS class of a bar by reliability; "not reportable" rows get no bar.
BAR_CLASS = {"reliable": "bar-reliable", "use with caution": "bar-caution"}
#: (fill, stroke) per class, written as SVG attributes too: WeasyPrint does not apply the
#: page's CSS inside inline SVG.
BAR_PAINT = {"bar-reliable": ("#2b6cb0", "none"), "bar-caution": ("#bee3f8", "#2b6cb0"),
             "bar-none": ("none", "none")}


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    whisker_low: float | None
    whisker_high: float | None
    css: str
    title: str

    @property
    def fill(self) -> str:
        return BAR_PAINT[self.css][0]

    @property
    def stroke(self) -> str:
        return BAR_PAINT[self.css][1]


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    target_x: float | None = None
    target_text: str = ""

    @property
    def plot_right(self) -> int:
        return self.label_width + self.plot_width


def _finite(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _axis_max(values: list[float]) -> float:
    """The smallest multiple of 5 % at or above every value (at least 10 %)."""
    top = max([v for v in values if _finite(v)] + [0.1])
    return min(1.0, math.ceil(top * 20 - 1e-9) / 20)


def bar_chart(title: str, rows: list[dict], *, target: float | None = None) -> Chart:
    """A chart of ``rows`` with keys ``label``, ``share``, ``ci_low``, ``ci_high``,
    ``reliability`` (English code) and ``share_text``; rows without a share get no bar.

    :param target: draw a dashed line at the target share, labelled 目标.
    """
    scale_max = _axis_max([r.get("ci_high") for r in rows] + [target or 0.0])
    x = lambda v: LABEL_WIDTH + PLOT_WIDTH * min(max(v, 0.0), scale_max) / scale_max  # noqa: E731
    chart = Chart(title, LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
                  TOP + ROW_HEIGHT * max(len(rows), 1) + BOTTOM, LABEL_WIDTH, PLOT_WIDTH,
                  BAR_HEIGHT)
    for i, row in enumerate(rows):
        share = row.get("share")
        y = TOP + i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        reportable = _finite(share) and row.get("reliability") in BAR_CLASS
        low, high = row.get("ci_low"), row.get("ci_high")
        has_ci = reportable and _finite(low) and _finite(high)
        chart.bars.append(Bar(
            label=row["label"], value_text=row["share_text"] if reportable else "样本不足",
            y=y, width=(x(share) - LABEL_WIDTH) if reportable else 0.0,
            whisker_low=x(low) if has_ci else None, whisker_high=x(high) if has_ci else None,
            css=BAR_CLASS.get(row.get("reliability"), "bar-none"),
            title=f"{row['label']}：{row.get('share_text', '')} {row.get('ci_text', '')}".strip()))
    steps = round(scale_max / 0.05)
    every = 1 if steps <= 6 else 2 if steps <= 12 else 4
    chart.ticks = [Tick(x(k * 0.05), f"{k * 5}%") for k in range(0, steps + 1, every)]
    if _finite(target):
        chart.target_x, chart.target_text = x(target), f"目标 {target:.1%}"
    return chart
