"""Server-rendered SVG charts. The CSP allows no inline style, so colours come from classes in
intake.css (.chart .s1 …) and layout from presentation attributes. Each chart is an image
with a title; the data table beside it carries the same numbers for assistive technology."""
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 600
LABEL_WIDTH = 215
VALUE_WIDTH = 95
LABEL_CHARS = 30  # longer labels are shortened in the chart; the table has them in full
BAR = 22
GAP = 10
LEGEND = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str


@dataclass(frozen=True)
class Stack:
    label: str
    values: list[float]
    display: str


def _svg(chart_id: str, title: str, height: float, body: list[str], width: int = WIDTH) -> Markup:
    return Markup(
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height:.0f}" '
        f'width="{width}" height="{height:.0f}" role="img" aria-labelledby="{escape(chart_id)}-title" '
        f'preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>{"".join(body)}</svg>')


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def _text(x, y, content, css="chart-label", anchor="start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}" '
            f'dominant-baseline="central">{escape(content)}</text>')


def _rect(x, y, width, height, css) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" class="{css}"/>'


def _empty(chart_id: str, title: str) -> Markup:
    return _svg(chart_id, title, 60, [_rect(0, 0, WIDTH, 60, "chart-empty"),
                                      _text(WIDTH / 2, 30, "Nothing to show for this period",
                                            "chart-note", "middle")])


def _legend(names: list[str], y: float = 12) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for i, name in enumerate(names, start=1):
        parts += [_rect(x, y - 7, 14, 14, f"s{i}"), _text(x + 20, y, name)]
        x += 28 + 8 * len(name)
    return parts


def bars(chart_id: str, title: str, items: list[Bar]) -> Markup:
    """Horizontal bars, longest = largest value, the value printed at the bar's end."""
    top = max((b.value for b in items), default=0)
    if not items or top <= 0:
        return _empty(chart_id, title)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for i, item in enumerate(items):
        y = 4 + i * (BAR + GAP)
        length = span * item.value / top
        body += [_text(LABEL_WIDTH - 8, y + BAR / 2, _short(item.label), anchor="end"),
                 _rect(LABEL_WIDTH, y, length, BAR, "s1"),
                 _text(LABEL_WIDTH + length + 6, y + BAR / 2, item.display, "chart-value")]
    return _svg(chart_id, title, 8 + len(items) * (BAR + GAP), body)


def stacked(chart_id: str, title: str, series: list[str], items: list[Stack]) -> Markup:
    """Horizontal stacked bars (one segment per series) with a legend above."""
    top = max((sum(s.values) for s in items), default=0)
    if not items or top <= 0:
        return _empty(chart_id, title)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = _legend(series)
    for i, item in enumerate(items):
        y = LEGEND + 4 + i * (BAR + GAP)
        x = LABEL_WIDTH
        body.append(_text(LABEL_WIDTH - 8, y + BAR / 2, _short(item.label), anchor="end"))
        for n, value in enumerate(item.values, start=1):
            length = span * value / top
            body.append(_rect(x, y, length, BAR, f"s{n}"))
            x += length
        body.append(_text(x + 6, y + BAR / 2, item.display, "chart-value"))
    return _svg(chart_id, title, LEGEND + 8 + len(items) * (BAR + GAP), body)


def trend(chart_id: str, title: str, labels: list[str], columns: list[float], line: list[float],
          names: tuple[str, str]) -> Markup:
    """Columns (first series) with a line and dots (second series) over time."""
    width, height, left, bottom, top_pad = 720, 240, 44, 24, LEGEND + 8
    peak = max(columns + line, default=0)
    if not labels or peak <= 0:
        return _empty(chart_id, title)
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    step = plot_w / len(labels)

    def y_of(value):
        return top_pad + plot_h - plot_h * value / peak

    body = _legend(list(names))
    body += [f'<line x1="{left}" y1="{y_of(peak):.1f}" x2="{width - 8}" y2="{y_of(peak):.1f}" class="chart-grid"/>',
             f'<line x1="{left}" y1="{y_of(0):.1f}" x2="{width - 8}" y2="{y_of(0):.1f}" class="chart-axis"/>',
             _text(left - 6, y_of(peak), f"{peak:,.0f}", "chart-value", "end"),
             _text(left - 6, y_of(0), "0", "chart-value", "end")]
    label_every = max(1, round(len(labels) / 8))
    points = []
    for i, (name, value, second) in enumerate(zip(labels, columns, line)):
        x = left + i * step
        body.append(_rect(x + step * 0.15, y_of(value), step * 0.7, plot_h * value / peak, "s1"))
        points.append((x + step / 2, y_of(second)))
        if i % label_every == 0:
            body.append(_text(x + step / 2, height - bottom / 2, name, "chart-tick", "middle"))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body.append(f'<polyline points="{path}" class="chart-line"/>')
    body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="s2"/>' for x, y in points]
    return _svg(chart_id, title, height, body, width)
