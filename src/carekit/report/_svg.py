"""Run charts as inline SVG, written by hand (no plotting library: a run chart is a line,
a median and some marked points; see docs/report.md for why)."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from carekit.i18n import Lang, Text
from carekit.report._compute import GroupSeries

__all__ = ["runchart_svg"]

WIDTH, HEIGHT = 640, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 16, 40
_LINE = "#1f4e79"
_MEDIAN = "#595959"
_SIGNAL = "#b3261e"

_T_MEDIAN = Text("median", "median")
_T_SHIFT = Text("forskydning (langt løb)", "shift (long run)")
_T_FEW = Text("for få krydsninger", "too few crossings")
_T_NONE = Text("ingen signal", "no signal")


def _fmt(value: float, percent: bool) -> str:
    shown = value * 100 if percent else value
    text = f"{shown:.0f}" if percent else f"{shown:.2f}".rstrip("0").rstrip(".")
    return text + (" %" if percent else "")


def _segments(
    values: list[float | None], x: Callable[[int], float], y: Callable[[float], float]
) -> list[list[str]]:
    """The chart's line as polyline point lists, broken where a period has no value."""
    segments: list[list[str]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x(i):.1f},{y(value):.1f}")
    return [s for s in segments if s]


def runchart_svg(series: GroupSeries, *, title: str, percent: bool, lang: Lang) -> Markup:
    """The run chart of *series* as an ``<svg>`` element (accessible: a title and a
    description saying the median and the signals)."""
    chart = series.chart
    cells = series.cells
    if chart is None or not cells:
        return Markup("")
    n = len(cells)
    values = [cells[i].value for i in series.chart_points]
    numbers = [v for v in values if v is not None]
    low = min([*numbers, chart.median or 0.0, 0.0])
    high = max([*numbers, chart.median or 0.0])
    if percent:
        low, high = 0.0, max(high, 1.0)
    if high == low:
        high = low + 1.0
    plot_w = WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM

    def x(i: int) -> float:
        return _LEFT + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - (v - low) / (high - low))

    marked = {series.chart_points[k] for k in chart.run_points}
    fired = ((_T_SHIFT, chart.shift), (_T_FEW, chart.few_crossings))
    signals = [s.get(lang) for s, on in fired if on] or [_T_NONE.get(lang)]
    median_text = _fmt(chart.median, percent) if chart.median is not None else "-"
    desc = f"{_T_MEDIAN.get(lang)} {median_text}; " + ", ".join(signals)
    parts = [
        f'<svg class="runchart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}: {escape(desc)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#bfbfbf"/>',
    ]
    for value in (low, high):
        parts.append(
            f'<text x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="13" '
            f'fill="#333">{escape(_fmt(value, percent))}</text>'
        )
    step = max(1, -(-n // 6))  # at most six period labels
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - _BOTTOM + 16}" text-anchor="middle" '
            f'font-size="13" fill="#333">{escape(cells[i].period)}</text>'
        )
    if chart.median is not None:
        colour = _SIGNAL if chart.few_crossings else _MEDIAN
        parts.append(
            f'<line x1="{_LEFT}" x2="{WIDTH - _RIGHT}" y1="{y(chart.median):.1f}" '
            f'y2="{y(chart.median):.1f}" stroke="{colour}" stroke-width="1.5" '
            'stroke-dasharray="6 4"/>'
        )
    for points in _segments([c.value for c in cells], x, y):
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{_LINE}" '
                'stroke-width="2"/>'
            )
    for i, cell in enumerate(cells):
        if cell.value is None:
            continue
        cx, cy = x(i), y(cell.value)
        if i in marked:  # a square, not only a colour, for the points of a long run
            parts.append(
                f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="{_SIGNAL}"/>'
            )
        else:
            parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{_LINE}"/>')
    legend = f"{_T_MEDIAN.get(lang)} = {median_text} · " + ", ".join(signals)
    parts.append(
        f'<text x="{_LEFT}" y="{HEIGHT - 6}" font-size="13" fill="#333">{escape(legend)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value put in above is escaped
