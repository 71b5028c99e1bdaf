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


def _nice_ticks(value: float, most: int = 5) -> list[int]:
    """Whole-number axis ticks from 0 in steps of 1, 2 or 5 times a power of ten, at most
    ``most`` steps, the last at or above ``value`` (0 12 25 38 50 was not what a reader expects).

    >>> _nice_ticks(45), _nice_ticks(13), _nice_ticks(3), _nice_ticks(0)
    ([0, 10, 20, 30, 40, 50], [0, 5, 10, 15], [0, 1, 2, 3], [0, 1])
    """
    value = max(float(value), 1.0)
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            n = math.ceil(value / step)
            if n <= most:
                return [step * k for k in range(n + 1)]
        power *= 10


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
    ticks = _nice_ticks(max(node["n"] for node, _, _ in rows))
    vmax = float(ticks[-1])
    height = top + row_h * len(rows) + 30
    body: list[str] = []
    # Grid lines and axis ticks.
    for v in ticks:
        x = label_w + bar_w * v / vmax
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


MARK_R = 11.0  # radius of a theme's number marker on the map
MARK_SEARCH = 120.0  # how far (screen units) from its theme's centre a marker is looked for
MAP_HEIGHT = (320, 560)  # the map's lowest and highest height (screen units; the width is 760)


class _Grid:
    """Points in square cells of side ``cell``: the points near a place without a full scan."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}

    def key(self, x: float, y: float) -> tuple[int, int]:
        return int(x // self.cell), int(y // self.cell)

    def add(self, i: int, x: float, y: float) -> None:
        self.cells.setdefault(self.key(x, y), []).append(i)

    def near(self, x: float, y: float) -> Iterable[int]:
        kx, ky = self.key(x, y)
        for gx in (kx - 1, kx, kx + 1):
            for gy in (ky - 1, ky, ky + 1):
                yield from self.cells.get((gx, gy), ())


def typical_spacing(xy: list[tuple[float, float]], sample: int = 400) -> float:
    """Median distance from a dot to its nearest other dot (0 for fewer than two dots), over an
    evenly spread ``sample`` of the dots, so a 4,000-dot map costs 1.6 million distances at most.

    >>> typical_spacing([(0.0, 0.0), (3.0, 0.0), (3.0, 4.0)])
    3.0
    """
    import numpy as np

    if len(xy) < 2:
        return 0.0
    P = np.asarray(xy, dtype=float)
    idx = np.unique(np.linspace(0, len(P) - 1, min(sample, len(P))).astype(int))
    d = np.sqrt(((P[idx, None, :] - P[None, :, :]) ** 2).sum(-1))
    d[np.arange(len(idx)), idx] = np.inf
    return float(np.median(d.min(axis=1)))


def spread_dots(xy: list[tuple[float, float]], r: float, *, iterations: int = 30,
                max_shift: float | None = None) -> list[tuple[float, float]]:
    """Nudge dots (screen units) apart until no two centres are closer than ``r``, so each dot
    shows at least half of itself; no dot moves more than ``max_shift`` (default ``3 * r``) from
    where the layout put it, so the map keeps its shape.

    >>> spread_dots([(10.0, 10.0), (10.0, 10.0), (10.0, 11.0)], 4.0) != [(10.0, 10.0)] * 3
    True
    """
    if len(xy) < 2:
        return list(xy)
    limit = 3 * r if max_shift is None else max_shift
    pos = [list(p) for p in xy]
    for it in range(iterations):
        grid = _Grid(r)
        for i, (x, y) in enumerate(pos):
            grid.add(i, x, y)
        moved = False
        for i, (x, y) in enumerate(pos):
            for j in grid.near(x, y):
                if j <= i:
                    continue
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                if d >= r:
                    continue
                if d < 1e-6:  # same place: split along a fixed direction per pair
                    a = (i * 7 + j * 13 + it) * 2.399963
                    dx, dy, d = math.cos(a), math.sin(a), 1.0
                push = (r - d) / 2 + 0.01
                ux, uy = dx / d * push, dy / d * push
                pos[i][0] -= ux
                pos[i][1] -= uy
                pos[j][0] += ux
                pos[j][1] += uy
                moved = True
        for (x0, y0), p in zip(xy, pos):  # stay near the layout's place
            d = math.hypot(p[0] - x0, p[1] - y0)
            if d > limit:
                p[0], p[1] = x0 + (p[0] - x0) * limit / d, y0 + (p[1] - y0) * limit / d
        if not moved:
            break
    return [(p[0], p[1]) for p in pos]


def place_markers(dots: list[tuple[float, float]], groups: list[list[int]], r: float, width: float,
                  height: float, mark_r: float = MARK_R) -> list[tuple[float, float]]:
    """Where to draw each theme's number marker: the free place nearest the centre of the theme's
    dots (``groups[k]`` indexes ``dots``) that covers no dot of any theme and no earlier marker,
    inside the ``width`` x ``height`` plot and within ``MARK_SEARCH`` of that centre. Where no
    such place exists, the place covering the fewest dots (markers are drawn under the dots).

    >>> place_markers([(50.0, 50.0), (52.0, 50.0)], [[0, 1]], 4.5, 200, 200)[0] != (51.0, 50.0)
    True
    """
    clear = mark_r + r + 1.0
    grid = _Grid(clear)
    for i, (x, y) in enumerate(dots):
        grid.add(i, x, y)
    placed: list[tuple[float, float]] = []
    # a marker far from its theme helps no one, and a dense map has no free place anywhere:
    # search a disc around each theme (a uniform 4,000-dot map took 15 s when searching it all)
    reach = min(math.hypot(width, height), MARK_SEARCH)
    for members in groups:
        if not members:
            placed.append((width / 2, height / 2))
            continue
        cx = sum(dots[i][0] for i in members) / len(members)
        cy = sum(dots[i][1] for i in members) / len(members)
        best: tuple[int, float, float, float] | None = None
        d = 0.0
        while d <= reach:
            n_angles = max(1, int(2 * math.pi * d / 3))
            for k in range(n_angles):
                a = -math.pi / 4 + 2 * math.pi * k / n_angles  # start upper right
                x, y = cx + d * math.cos(a), cy - d * math.sin(a)
                if not (mark_r + 1 <= x <= width - mark_r - 1 and mark_r + 1 <= y <= height - mark_r - 1):
                    continue
                if any(math.hypot(x - px, y - py) < 2 * mark_r + 2 for px, py in placed):
                    continue
                covered = sum(1 for i in grid.near(x, y)
                              if math.hypot(x - dots[i][0], y - dots[i][1]) < clear)
                if best is None or covered < best[0]:
                    best = (covered, d, x, y)
            if best is not None and best[0] == 0:
                break
            d += 3.0
        placed.append((best[2], best[3]) if best else (cx, cy))
    return placed


def scatter_chart(points: list[tuple[float, float, int]], themes: list[dict[str, Any]],
                  texts: list[str] | None = None, *, lang: str = "sv") -> str:
    """2-D theme map: one dot per statement coloured by theme, outliers grey, and each theme's
    number in a marker placed beside its dots (never on a dot: :func:`place_markers`), joined to
    the theme's nearest dot by a thin line. ``points`` are ``(x, y, theme_id)``; NaN points are
    skipped; dots that would sit on top of each other are nudged apart (:func:`spread_dots`).
    Each dot carries ``data-t`` (its theme id, -1 for outliers) and a ``<title>`` (theme number
    and label, then the statement) that the browser shows on hover; the legend script
    highlights by ``data-t``.

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
    width, pad = 760, 18
    # one scale for x and y (a disc stays round, distances mean the same both ways); the plot is
    # as tall as the layout needs, within MAP_HEIGHT
    height = round(min(max(dy / dx * (width - 2 * pad) + 2 * pad, MAP_HEIGHT[0]), MAP_HEIGHT[1]))
    unit = min((width - 2 * pad) / dx, (height - 2 * pad) / dy)
    mx0, my0 = (width - unit * (x1 - x0)) / 2, (height - unit * (y1 - y0)) / 2
    r = 4.5 if len(pts) < 300 else 3.2 if len(pts) < 1500 else 2.4

    def sx(x: float) -> float:
        return mx0 + (x - x0) * unit

    def sy(y: float) -> float:
        return height - my0 - (y - y0) * unit

    # Outliers first so that themed dots sit on top.
    pts.sort(key=lambda p: p[2] in by_id)
    first = [(sx(p[0]), sy(p[1])) for p in pts]
    gap = typical_spacing(first)
    if gap >= r:  # the layout spaced the dots (theme_layout: none nearer than 0.9 gap): none on another
        r = min(r, round(0.45 * gap, 2))
    screen = spread_dots(first, r)
    shown = [th for th in themes if any(p[2] == th["theme_id"] for p in pts)]
    groups = [[i for i, p in enumerate(pts) if p[2] == th["theme_id"]] for th in shown]
    marks = place_markers(screen, groups, r, width, height)
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" class="plot-bg"/>']
    # Markers under the dots: even where no free place was found, every dot stays visible.
    for th, members, (mx, my) in zip(shown, groups, marks):
        near = min(members, key=lambda i: (screen[i][0] - mx) ** 2 + (screen[i][1] - my) ** 2)
        name = f'{th["rank"]}. {th["label"]}'
        body.append(f'<g class="centre" data-t="{th["theme_id"]}">'
                    f'<line x1="{mx:.1f}" y1="{my:.1f}" x2="{screen[near][0]:.1f}" y2="{screen[near][1]:.1f}" '
                    f'stroke="{th["colour"]}" stroke-width="1.2"/>'
                    f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="{MARK_R:g}" fill="#fff" '
                    f'stroke="{th["colour"]}" stroke-width="2.5" class="mark"/><text x="{mx:.1f}" y="{my + 4:.1f}" '
                    f'text-anchor="middle" class="centre-num">{th["rank"]}</text>'
                    f'<title>{_e(name)}</title></g>')
    for (x, y), (_, _, tid, text) in zip(screen, pts):
        dot = by_id.get(tid)
        fill = dot["colour"] if dot else OUTLIER_COLOUR
        tip = (f'{dot["rank"]}. {dot["label"]}' if dot else t(lang, "outliers")) + (f": {text[:140]}" if text else "")
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" '
                    f'fill-opacity="{0.85 if dot else 0.7}" class="dot" data-t="{tid if dot else -1}">'
                    f'<title>{_e(tip)}</title></circle>')
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
