"""Server-side SVG charts: pure functions from scores to inline `<svg>` markup.

The markup carries classes, not colours, so the stylesheet themes it and the strict CSP
(no inline styles) holds. Every label is escaped; the result is `Markup` so Jinja2 inserts it
without a `|safe` filter on anything a user typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

MAX_LEVEL = 5
SERIES_CLASSES = 6  # .series-0 .. .series-5 in app.css


def _num(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing '.0'."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _truncate(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def round_comparison_svg(
    criteria: Sequence[str],
    first_scores: Sequence[int | None],
    second_scores: Sequence[int | None],
) -> Markup:
    """Horizontal grouped bars, one row per criterion: call 1 against call 2 on a 1-5 scale."""
    if not (len(criteria) == len(first_scores) == len(second_scores)):
        raise ValueError("criteria, first_scores and second_scores must have the same length")
    label_w, plot_w, right = 150, 300, 30
    row_h, bar_h, top, bottom = 44, 14, 34, 30
    width = label_w + plot_w + right
    height = top + row_h * len(criteria) + bottom
    unit = plot_w / MAX_LEVEL

    parts: list[str] = []
    summary = "; ".join(
        f"{name}: call 1 {_level(a)}, call 2 {_level(b)}"
        for name, a, b in zip(criteria, first_scores, second_scores, strict=True)
    )
    parts.append(
        f'<svg class="chart chart-rounds" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-rounds-title chart-rounds-desc" '
        f'xmlns="http://www.w3.org/2000/svg">'
    )
    parts.append('<title id="chart-rounds-title">Call 1 and call 2 per criterion</title>')
    parts.append(f'<desc id="chart-rounds-desc">{escape(summary)}</desc>')

    # legend
    parts.append(
        '<g class="legend">'
        f'<rect class="bar bar-first" x="{label_w}" y="8" width="12" height="12" rx="3"/>'
        f'<text x="{label_w + 18}" y="18">Call 1</text>'
        f'<rect class="bar bar-second" x="{label_w + 90}" y="8" width="12" height="12" rx="3"/>'
        f'<text x="{label_w + 108}" y="18">Call 2</text>'
        "</g>"
    )

    # grid lines and level ticks
    grid_bottom = top + row_h * len(criteria)
    for level in range(MAX_LEVEL + 1):
        x = _num(label_w + unit * level)
        parts.append(f'<line class="grid" x1="{x}" y1="{top}" x2="{x}" y2="{grid_bottom}"/>')
        parts.append(
            f'<text class="tick" x="{x}" y="{grid_bottom + 18}" text-anchor="middle">{level}</text>'
        )

    for row, (name, first, second) in enumerate(
        zip(criteria, first_scores, second_scores, strict=True)
    ):
        y = top + row * row_h
        parts.append(
            f'<text class="label" x="{label_w - 10}" y="{_num(y + row_h / 2 + 4)}" '
            f'text-anchor="end">{escape(_truncate(name, 22))}</text>'
        )
        for offset, value, css in ((6, first, "bar-first"), (6 + bar_h + 2, second, "bar-second")):
            if value is None:
                continue
            bar_w = _num(max(unit * value, 2))
            parts.append(
                f'<rect class="bar {css}" x="{label_w}" y="{y + offset}" '
                f'width="{bar_w}" height="{bar_h}" rx="3"/>'
            )
            parts.append(
                f'<text class="value" x="{_num(label_w + unit * value + 5)}" '
                f'y="{y + offset + bar_h - 3}">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _level(value: int | None) -> str:
    return "not played" if value is None else f"{value} of {MAX_LEVEL}"


def progress_svg(series: Mapping[str, Sequence[int | None]]) -> Markup:
    """A line per criterion over attempts (x = attempt number, y = level 1-5)."""
    attempts = max((len(values) for values in series.values()), default=0)
    left, plot_w, right = 34, 420, 16
    top, plot_h, legend_row = 16, 180, 20
    legend_top = top + plot_h + 36
    legend_rows = (len(series) + 1) // 2
    width = left + plot_w + right
    height = legend_top + legend_rows * legend_row + 8

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if attempts <= 1 else plot_w * i / (attempts - 1))

    def y_at(level: int) -> float:
        return top + plot_h - plot_h * (level - 1) / (MAX_LEVEL - 1)

    summary = "; ".join(
        f"{name}: " + ", ".join("-" if v is None else str(v) for v in values)
        for name, values in series.items()
    )
    parts: list[str] = [
        f'<svg class="chart chart-progress" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-progress-title chart-progress-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-progress-title">Level per criterion over your attempts</title>',
        f'<desc id="chart-progress-desc">{escape(summary or "No attempts yet")}</desc>',
    ]
    for level in range(1, MAX_LEVEL + 1):
        y = _num(y_at(level))
        parts.append(f'<line class="grid" x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}"/>')
        parts.append(
            f'<text class="tick" x="{left - 8}" y="{_num(y_at(level) + 4)}" '
            f'text-anchor="end">{level}</text>'
        )
    for i in range(attempts):
        parts.append(
            f'<text class="tick" x="{_num(x_at(i))}" y="{top + plot_h + 18}" '
            f'text-anchor="middle">#{i + 1}</text>'
        )

    spread = 3.0  # px between lines that share a level, so one never hides another
    for n, (name, values) in enumerate(series.items()):
        css = f"series-{n % SERIES_CLASSES}"
        nudge = (n - (len(series) - 1) / 2) * spread
        points = [(x_at(i), y_at(v) + nudge) for i, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
            parts.append(f'<polyline class="line {css}" points="{path}"/>')
        for px, py in points:
            parts.append(f'<circle class="dot {css}" cx="{_num(px)}" cy="{_num(py)}" r="4"/>')
        lx = left + (n % 2) * (plot_w / 2)
        ly = legend_top + (n // 2) * legend_row
        parts.append(
            f'<g class="legend"><rect class="swatch {css}" x="{_num(lx)}" y="{ly - 10}" '
            f'width="12" height="12" rx="3"/>'
            f'<text x="{_num(lx + 18)}" y="{ly}">{escape(_truncate(name, 28))}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
