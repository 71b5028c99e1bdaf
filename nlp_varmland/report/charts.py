"""Inline SVG charts, generated in Python: no JavaScript, no external resources.

Every function returns an SVG string in which all text from the data is escaped, so a note
like ``<script>`` is drawn as text. Charts scale with the page (``viewBox``, ``width=100%``)
and carry ``role="img"`` with an ``aria-label``.

>>> svg = coverage_chart([{"id": "a", "name": "Höja kompetensen", "n": 3, "gap": False,
...                        "children": []}], lang="sv")
>>> svg.startswith("<svg") and "Höja kompetensen" in svg
True
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape
from typing import Any

from nlp_varmland.report.facts import OUTLIER_COLOUR
from nlp_varmland.report.i18n import fmt_int, t

AREA_COLOURS = ["#1F5F8B", "#2E7D4F", "#A65E1B", "#6D4A96", "#8C2F39", "#3B6E75"]
GAP_COLOUR = "#B42318"
FONT = "font-family=\"inherit\""


def _e(text: Any) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max(1, max_chars - 1)].rstrip() + "…"


def _svg(width: float, height: float, label: str, body: Iterable[str], cls: str = "chart") -> str:
    return (f'<svg class="{cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
            f'width="100%" role="img" aria-label="{_e(label)}" preserveAspectRatio="xMinYMin meet">'
            f'<title>{_e(label)}</title>' + "".join(body) + "</svg>")


def _nice_max(value: float) -> float:
    """Round an axis maximum up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def coverage_chart(areas: list[dict[str, Any]], *, lang: str = "sv") -> str:
    """Horizontal bars: each focus area (bold) followed by its sub-goals; gaps marked red.

    ``areas`` is ``facts.goal_tree(...)[0]``: dicts with ``name``, ``n``, ``gap`` and ``children``.
    """
    rows: list[tuple[dict[str, Any], int, int]] = []  # (node, level, area index)
    for i, area in enumerate(areas):
        rows.append((area, 0, i))
        rows.extend((child, 1, i) for child in area.get("children", []))
    if not rows:
        return ""
    width, label_w, row_h, top = 760, 330, 26, 8
    bar_w = width - label_w - 80
    gap_w = 104
    vmax = _nice_max(max(node["n"] for node, _, _ in rows))
    height = top + row_h * len(rows) + 30
    body: list[str] = []
    # Grid lines and axis ticks.
    for k in range(5):
        v = vmax * k / 4
        x = label_w + bar_w * k / 4
        body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 26}" class="grid"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 10}" class="tick" text-anchor="middle">'
                    f'{_e(fmt_int(v, lang))}</text>')
    body.append(f'<text x="{label_w - 10}" y="{height - 10}" class="tick" text-anchor="end">'
                f'{_e(t(lang, "statements_axis"))}</text>')
    for r, (node, level, ai) in enumerate(rows):
        y = top + r * row_h
        col = AREA_COLOURS[ai % len(AREA_COLOURS)]
        name = str(node["name"])
        indent = 0 if level == 0 else 16
        cls = "lab-area" if level == 0 else "lab-goal"
        if level == 0 and r:
            body.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" class="sep"/>')
        body.append(f'<g class="row{" gap" if node["gap"] else ""}"><title>{_e(name)}: '
                    f'{_e(fmt_int(node["n"], lang))}</title>')
        body.append(f'<text x="{indent}" y="{y + row_h / 2 + 4:.1f}" class="{cls}">'
                    f'{_e(_clip(name, int((label_w - indent - 12) / (7.6 if level == 0 else 6.6))))}</text>')
        if node["gap"]:
            body.append(f'<rect x="{label_w}" y="{y + 4}" width="{gap_w}" height="{row_h - 8}" '
                        f'class="gap-box" rx="2"/>')
            body.append(f'<text x="{label_w + 8}" y="{y + row_h / 2 + 4:.1f}" class="gap-text">'
                        f'0 – {_e(t(lang, "gap"))}</text>')
        else:
            w = max(2.0, bar_w * node["n"] / vmax)
            opacity = "1" if level == 0 else "0.6"
            h = row_h - (8 if level == 0 else 12)
            body.append(f'<rect x="{label_w}" y="{y + (row_h - h) / 2:.1f}" width="{w:.1f}" height="{h}" '
                        f'fill="{col}" fill-opacity="{opacity}" rx="2"/>')
            body.append(f'<text x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4:.1f}" class="val">'
                        f'{_e(fmt_int(node["n"], lang))}</text>')
        body.append("</g>")
    return _svg(width, height, t(lang, "coverage"), body, "chart coverage")


def _finite(v: Any) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def scatter_chart(points: list[tuple[float, float, int]], themes: list[dict[str, Any]],
                  texts: list[str] | None = None, *, lang: str = "sv") -> str:
    """2-D theme map: one dot per statement coloured by theme, outliers grey, theme numbers
    at the centre of each theme. ``points`` are ``(x, y, theme_id)``; NaN points are skipped.
    Each dot carries ``data-t`` (its theme id, -1 for outliers) and a ``<title>`` (theme label
    and statement) that the browser shows on hover; the legend script highlights by ``data-t``.

    Returns ``""`` when no point has finite coordinates.
    """
    pts = [(float(x), float(y), int(tid), (texts[i] if texts else ""))
           for i, (x, y, tid) in enumerate(points) if _finite(x) and _finite(y)]
    if not pts:
        return ""
    by_id = {th["theme_id"]: th for th in themes}
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    dx, dy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    width, height, pad = 760, 460, 18
    r = 4.5 if len(pts) < 300 else 3.2 if len(pts) < 1500 else 2.4

    def sx(x: float) -> float:
        return pad + (x - x0) / dx * (width - 2 * pad) if x1 > x0 else width / 2

    def sy(y: float) -> float:
        return height - pad - (y - y0) / dy * (height - 2 * pad) if y1 > y0 else height / 2

    body = [f'<rect x="0" y="0" width="{width}" height="{height}" class="plot-bg"/>']
    # Outliers first so that themed dots sit on top.
    for x, y, tid, text in sorted(pts, key=lambda p: p[2] in by_id):
        th = by_id.get(tid)
        fill = th["colour"] if th else OUTLIER_COLOUR
        tip = (th["label"] if th else t(lang, "outliers")) + (f": {text[:140]}" if text else "")
        body.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="{r}" fill="{fill}" '
                    f'fill-opacity="{0.85 if th else 0.7}" class="dot" data-t="{tid if th else -1}">'
                    f'<title>{_e(tip)}</title></circle>')
    for th in themes:
        mine = [(x, y) for x, y, tid, _ in pts if tid == th["theme_id"]]
        if not mine:
            continue
        cx = sx(sum(p[0] for p in mine) / len(mine))
        cy = sy(sum(p[1] for p in mine) / len(mine))
        body.append(f'<g class="centre" data-t="{th["theme_id"]}">'
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="#fff" '
                    f'stroke="{th["colour"]}" stroke-width="2.5"/><text x="{cx:.1f}" y="{cy + 4:.1f}" '
                    f'text-anchor="middle" class="centre-num">{th["rank"]}</text>'
                    f'<title>{_e(th["label"])}</title></g>')
    return _svg(width, height, t(lang, "map"), body, "chart scatter")


def trend_multiples(series: list[dict[str, Any]], meetings: list[dict[str, Any]], *,
                    lang: str = "sv") -> list[str]:
    """Small multiples, one SVG per theme: statements per meeting on a shared y scale.

    ``series`` items have ``label``, ``colour`` and ``values`` (one count per meeting in
    ``meetings`` order). Columns for up to 12 meetings, a line beyond that.
    """
    if not series or not meetings:
        return []
    vmax = _nice_max(max((max(s["values"]) for s in series if s["values"]), default=1))
    n = len(meetings)
    width, height, left, bottom, top = 240, 120, 26, 20, 10
    plot_w, plot_h = width - left - 6, height - top - bottom
    out = []
    for s in series:
        body = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" class="axis"/>',
                f'<text x="{left - 4}" y="{top + 8}" class="tick" text-anchor="end">{_e(fmt_int(vmax, lang))}</text>',
                f'<text x="{left - 4}" y="{top + plot_h}" class="tick" text-anchor="end">0</text>',
                f'<line x1="{left}" y1="{top}" x2="{width - 4}" y2="{top}" class="grid"/>']
        step = plot_w / n
        if n <= 12:
            bw = min(34.0, step * 0.7)
            for i, (m, v) in enumerate(zip(meetings, s["values"])):
                h = plot_h * v / vmax
                x = left + step * i + (step - bw) / 2
                body.append(f'<g><title>{_e(m["name"])} {_e(m["date"])}: {_e(fmt_int(v, lang))}</title>'
                            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw:.1f}" '
                            f'height="{max(h, 0.5):.1f}" fill="{s["colour"]}" rx="1.5"/></g>')
                if v:
                    body.append(f'<text x="{x + bw / 2:.1f}" y="{top + plot_h - h - 2:.1f}" '
                                f'class="val-s" text-anchor="middle">{_e(fmt_int(v, lang))}</text>')
                body.append(f'<text x="{x + bw / 2:.1f}" y="{height - 5}" class="tick" '
                            f'text-anchor="middle">{_e(m["short"])}</text>')
        else:
            coords = [(left + step * (i + 0.5), top + plot_h - plot_h * v / vmax)
                      for i, v in enumerate(s["values"])]
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(f'<polyline points="{pts}" fill="none" stroke="{s["colour"]}" stroke-width="2"/>')
            for (x, y), m, v in zip(coords, meetings, s["values"]):
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{s["colour"]}">'
                            f'<title>{_e(m["name"])}: {_e(fmt_int(v, lang))}</title></circle>')
            body.append(f'<text x="{left}" y="{height - 5}" class="tick">{_e(meetings[0]["short"])}</text>')
            body.append(f'<text x="{width - 4}" y="{height - 5}" class="tick" text-anchor="end">'
                        f'{_e(meetings[-1]["short"])}</text>')
        out.append(_svg(width, height, f'{t(lang, "trend")}: {s["label"]}', body, "chart trend"))
    return out


def share_bar(share: float, colour: str = "#B5651D") -> str:
    """A tiny inline bar for a share in [0, 1] (e.g. share of challenges)."""
    if not _finite(share):
        return ""
    w = max(0.0, min(1.0, float(share))) * 100
    return (f'<svg class="sharebar" viewBox="0 0 100 8" width="100" height="8" aria-hidden="true">'
            f'<rect x="0" y="0" width="100" height="8" fill="#E9ECEF" rx="2"/>'
            f'<rect x="0" y="0" width="{w:.1f}" height="8" fill="{colour}" rx="2"/></svg>')


def heat_colour(value: float, vmax: float) -> tuple[str, str]:
    """Background and text colour for a heatmap cell (white to deep blue)."""
    if vmax <= 0 or value <= 0:
        return "#FFFFFF", "#9AA1A9"
    f = min(1.0, value / vmax) ** 0.8
    lo, hi = (246, 249, 252), (16, 76, 128)
    rgb = tuple(round(a + (b - a) * f) for a, b in zip(lo, hi))
    return "#{:02X}{:02X}{:02X}".format(*rgb), ("#FFFFFF" if f > 0.5 else "#1B1F24")
