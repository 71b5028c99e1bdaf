"""report.html: one self-contained page (inline CSS, inline SVG, a few lines of optional JS).

Jinja2 renders with autoescape on, so note text can never inject markup; the charts are
built in :mod:`charts`, which escapes its own text. A Content-Security-Policy meta tag forbids
every remote load and every script except the one whose hash is listed.

>>> html = render_html(analysis)                 # doctest: +SKIP
>>> html.startswith("<!DOCTYPE html>")           # doctest: +SKIP
True
"""
from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlp_varmland.report import charts
from nlp_varmland.report.facts import OUTLIER_COLOUR, _col, _int, _str, collect, kept_notes
from nlp_varmland.report.i18n import (
    STATUSES,
    STRINGS,
    check_lang,
    fmt_int,
    fmt_num,
    fmt_pct,
    meetings_phrase,
    t,
    translate_message,
)
from nlp_varmland.report.summary import (
    OUTLIER_DIGITS,
    correction_lines,
    evidence_text,
    key_points,
    support_phrase,
    taught_lines,
    teaching_of,
    teaching_sentence,
)

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

TEMPLATES = Path(__file__).parent / "templates"
MAX_TABLE_ROWS = 3000
MAX_MAP_POINTS = 4000
MAX_TREND_THEMES = 12


@lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # the template is .html.j2, so select_autoescape would miss it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[str, str]:
    """The optional filter script and its CSP hash."""
    js = (TEMPLATES / "filter.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    return js, f"'sha256-{digest}'"


def _heatmap(analysis: Analysis, facts: dict[str, Any], lang: str) -> dict[str, Any]:
    """Theme × focus area statement counts (statement-level area), with cell colours."""
    kept = kept_notes(analysis)
    areas = [(a["id"], a["name"]) for a in facts["areas"]]
    counts: Counter[tuple[int, str]] = Counter(
        (_int(tid) if _str(tid) else -1, _str(area))
        for tid, area in zip(_col(kept, "theme_id", -1), _col(kept, "area_id")))
    columns = areas + [("", t(lang, "no_goal"))]
    rows = []
    for th in facts["themes"]:
        rows.append({"label": th["label"], "rank": th["rank"], "colour": th["colour"],
                     "values": [counts.get((th["theme_id"], a), 0) for a, _ in columns]})
    vmax = max((v for r in rows for v in r["values"]), default=0)
    for r in rows:
        r["cells"] = [(v, *charts.heat_colour(v, vmax)) for v in r["values"]]
    show_none = any(r["values"][-1] for r in rows)
    if not show_none:
        columns = columns[:-1]
        for r in rows:
            r["cells"] = r["cells"][:-1]
    return {"columns": [name for _, name in columns], "rows": rows, "has_none": show_none}


def _trend(analysis: Analysis, facts: dict[str, Any], lang: str) -> dict[str, Any]:
    trend = getattr(analysis, "trend", None)
    meetings = facts["meetings"]
    if trend is None or len(trend) == 0 or not meetings or not facts["themes"]:
        return {"svgs": [], "meetings": meetings}
    counts: Counter[tuple[int, str]] = Counter()
    for tid, m, n in zip(_col(trend, "theme_id", -1), _col(trend, "meeting"), _col(trend, "n_notes", 0)):
        counts[(_int(tid), _str(m))] += _int(n)
    order = {m["name"]: i for i, m in enumerate(meetings)}
    used = [m for m in meetings if any(counts.get((th["theme_id"], m["name"])) for th in facts["themes"])]
    if len(used) < 2:  # one meeting has no development over time: a bar per theme says nothing
        return {"svgs": [], "meetings": meetings}
    used.sort(key=lambda m: order[m["name"]])
    recurring_ids = [r["theme_id"] for r in facts["recurring"]]
    ranked = sorted(facts["themes"], key=lambda th: (th["theme_id"] not in recurring_ids,
                                                     recurring_ids.index(th["theme_id"])
                                                     if th["theme_id"] in recurring_ids else 0,
                                                     th["rank"]))
    series = [{"label": th["label"], "rank": th["rank"], "colour": th["colour"],
               "recurring": th["recurring"],
               "values": [counts.get((th["theme_id"], m["name"]), 0) for m in used]}
              for th in ranked[:MAX_TREND_THEMES]]
    svgs = charts.trend_multiples(series, used, lang=lang)
    return {"svgs": list(zip(series, svgs)), "meetings": used,
            "more": max(0, len(ranked) - MAX_TREND_THEMES)}


def _flat_parameters(params: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """run.json's parameters as readable ``key=value`` leaves ("themes.resolution", "2.041"),
    unset ones (None, empty) left out, so the provenance shows no raw dict and no "n_themes=".

    >>> _flat_parameters({"n_themes": None, "themes": {"k": 11, "scores": {}}, "redact": ["a", "b"]})
    [('themes.k', '11'), ('redact', 'a, b')]
    """
    out: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _flat_parameters(value, f"{name}.")
        elif isinstance(value, (list, tuple)):
            if value:
                out.append((name, ", ".join(_str(v) for v in value)))
        elif value is not None and _str(value) != "":
            out.append((name, _str(value)))
    return out


def map_sample(n: int, limit: int = MAX_MAP_POINTS) -> list[int]:
    """Indices of the points drawn on the map: all of them up to ``limit``, else an evenly
    spread, deterministic sample of ``limit`` (so a 100k run stays a light page).

    >>> map_sample(5), len(set(map_sample(217))), map_sample(10, limit=4)
    ([0, 1, 2, 3, 4], 217, [0, 2, 5, 7])
    """
    m = min(n, limit)
    return [int(i * n / m) for i in range(m)]


def theme_groups(themes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Themes under their groups (topic -> subtopics), groups in the order of their largest theme.

    A theme without a group (older outputs) forms a group of its own.

    >>> g = theme_groups([{"theme_id": 0, "group_id": 1, "group_label": "b", "size": 5},
    ...                   {"theme_id": 1, "group_id": 0, "group_label": "a", "size": 4},
    ...                   {"theme_id": 2, "group_id": 1, "group_label": "b", "size": 3}])
    >>> [(x["label"], [t["theme_id"] for t in x["themes"]], x["size"]) for x in g]
    [('b', [0, 2], 8), ('a', [1], 4)]
    """
    groups: dict[Any, dict[str, Any]] = {}
    for th in themes:
        gid = th.get("group_id", -1)
        key = gid if isinstance(gid, int) and gid >= 0 else ("theme", th["theme_id"])
        g = groups.setdefault(key, {"id": key, "label": th.get("group_label") or th.get("label", ""),
                                    "themes": [], "size": 0})
        g["themes"].append(th)
        g["size"] += int(th.get("size", 0) or 0)
    return list(groups.values())


def _outliers(analysis: Analysis, facts: dict[str, Any]) -> dict[str, Any]:
    """Kept statements in no theme: how many, their share, and the statements (redacted)."""
    kept = kept_notes(analysis)
    ids = [(_int(v) if _str(v) else -1) for v in _col(kept, "theme_id", -1)]
    texts = [_str(v) for v in _col(kept, "text_clean")]
    meetings = [_str(v) for v in _col(kept, "meeting")]
    rows = [{"text": t, "meeting": m} for t, m, tid in zip(texts, meetings, ids)
            if tid not in facts["by_theme"]]
    n = len(kept)
    return {"n": len(rows), "share": len(rows) / n if n else 0.0, "rows": rows[:MAX_TABLE_ROWS],
            "truncated": len(rows) > MAX_TABLE_ROWS}


def _statements(analysis: Analysis, facts: dict[str, Any]) -> dict[str, Any]:
    kept = kept_notes(analysis)
    by_theme = facts["by_theme"]
    names = facts["names"]
    rows = []
    for rec in kept.head(MAX_TABLE_ROWS).to_dict("records"):
        tid = _int(rec.get("theme_id")) if _str(rec.get("theme_id")) else -1
        th = by_theme.get(tid)
        gid = _str(rec.get("goal_id"))
        rows.append({
            "meeting": _str(rec.get("meeting")),
            "table": _str(rec.get("table")),
            "text": _str(rec.get("text")) or _str(rec.get("text_clean")),
            "theme": th["label"] if th else "",
            "rank": th["rank"] if th else "",
            "colour": th["colour"] if th else OUTLIER_COLOUR,
            "goal": names.get(gid, gid),
            "challenge": bool(rec.get("is_challenge")) if _str(rec.get("is_challenge")) else False,
            "corrected": [f for f in _str(rec.get("corrected")).split(";") if f],
            "taught": [f for f in _str(rec.get("taught")).split(";") if f],
        })
    return {"rows": rows, "total": len(kept), "truncated": len(kept) > MAX_TABLE_ROWS,
            "marked": any(r["corrected"] or r["taught"] for r in rows),
            "tables": any(r["table"] for r in rows)}  # a Bord column only when the input named tables


def _agreement(analysis: Analysis, lang: str, goal_names: dict[str, str]) -> dict[str, Any]:
    """Analysts' agreement with the tool (run.json ``corrections``); empty without judgements."""
    info = (analysis.run or {}).get("corrections") or {}
    if not info.get("reviewed"):
        return {}
    names = {"goal_id": t(lang, "goal"), "is_challenge": t(lang, "challenge"), "theme": t(lang, "theme")}
    fields = [{"name": names.get(k, k), "n": v.get("n", 0), "share": v.get("agreement"), "kappa": v.get("kappa"),
               "no_changes": bool(v.get("no_changes")), "shown": v.get("shown"), "changed": v.get("corrected", 0),
               "changed_share": v.get("changed_of_shown")} for k, v in (info.get("fields") or {}).items()]
    return {"reviewed": info["reviewed"], "corrected": info.get("corrected", 0), "fields": fields,
            "shown": info.get("shown"), "changes_only": bool(info.get("changes_only")),
            "top": correction_lines(info.get("top") or [], goal_names, lang)}



def _evaluation(analysis: Analysis) -> dict[str, Any]:
    """Scores against gold labels (run.json ``evaluation``, set by ``nlp-varmland evaluate``)."""
    info = (analysis.run or {}).get("evaluation") or {}
    rows = [{"name": k, **v} for k, v in info.items() if isinstance(v, dict) and k != "_meta"]
    if not rows:
        return {}
    meta = getattr(analysis, "evaluation", {}).get("_meta", {}) if hasattr(analysis, "evaluation") else {}
    return {"name": meta.get("labelled", ""), "rows": rows}


def _provenance(facts: dict[str, Any], lang: str) -> dict[str, Any]:
    run = facts["run"]

    def as_dict(v: Any) -> dict[str, Any]:
        return v if isinstance(v, dict) else {}

    emb = as_dict(run.get("embedder"))
    goals = as_dict(run.get("goals"))
    timings = {str(k): v for k, v in as_dict(run.get("timings")).items()}
    total = 0.0
    for v in timings.values():
        try:
            if math.isfinite(float(v)):
                total += float(v)
        except (TypeError, ValueError):
            pass
    inputs = [i for i in (run.get("inputs") or []) if isinstance(i, dict)]
    return {
        "version": _str(run.get("version")),
        "created": _str(run.get("created")),
        "created_short": _str(run.get("created"))[:16].replace("T", " "),
        "embedder": emb,
        "goals": goals,
        "seed": _str(run.get("seed")),
        "parameters": dict(_flat_parameters(as_dict(run.get("parameters")))),
        "timings": [(t(lang, f"stage_{k}") if f"stage_{k}" in STRINGS[lang] else k, fmt_num(v, lang, 2))
                    for k, v in timings.items()],  # a stage without a name stays as run.json says it
        "total": fmt_num(total, lang, 1) if timings else "",
        "inputs": [{"path": _str(i.get("path")), "sha256": _str(i.get("sha256"))[:12],
                    "rows": _str(i.get("rows"))} for i in inputs],
        "taught": teaching_sentence(run.get("teaching"), lang, [m["name"] for m in facts["meetings"]]),
    }


def _meeting_span(meetings: list[dict[str, Any]]) -> list[str]:
    """``["2024-10-09", "2025-10-08"]`` (first and last date), else the first meeting names."""
    dates = sorted(m["date"] for m in meetings if m["date"])
    if dates:
        return [dates[0]] if dates[0] == dates[-1] else [dates[0], dates[-1]]
    names = [m["name"] for m in meetings]
    return names[:2] + (["…"] if len(names) > 2 else [])


def build_context(analysis: Analysis, lang: str = "sv") -> dict[str, Any]:
    """Everything the template needs; exposed for tests and for other renderers."""
    check_lang(lang)
    facts = collect(analysis)
    kept = kept_notes(analysis)
    points = list(zip(_col(kept, "x", float("nan")), _col(kept, "y", float("nan")),
                      (_int(v) if _str(v) else -1 for v in _col(kept, "theme_id", -1))))
    texts = [_str(v) for v in _col(kept, "text_clean")]  # redacted text only, on the map too
    scatter = charts.scatter_chart([points[i] for i in map_sample(len(points))], facts["themes"],
                                   [texts[i] for i in map_sample(len(points))], lang=lang)
    n_outliers = sum(1 for x, y, tid in points if tid not in facts["by_theme"]
                     and charts._finite(x) and charts._finite(y))
    js, js_hash = _script()
    c = facts["counts"]
    groups = theme_groups(facts["themes"])
    quality = [{"status": s, "label": t(lang, f"status_{s}"), "help": t(lang, f"status_{s}_help"),
                "n": c["status"].get(s, 0)} for s in STATUSES]
    quality += [{"status": s, "label": s, "help": "", "n": n}
                for s, n in c["status"].items() if s not in STATUSES]
    quality += [{"status": q, "label": t(lang, f"quality_{q}"), "help": t(lang, f"quality_{q}_help"), "n": n}
                for q, n in c.get("quality", {}).items()]  # rows the readers repaired or cut (io.limits)
    return {
        "lang": lang,
        "f": facts,
        "c": c,
        "key_points": key_points(facts, lang),
        "meeting_span": _meeting_span(facts["meetings"]),
        "coverage_svg": charts.coverage_chart(facts["areas"], lang=lang),
        "scatter_svg": scatter,
        "n_outliers_on_map": n_outliers,
        "theme_groups": groups,
        "themes_intro": t(lang, "themes_intro_groups" if any(len(g["themes"]) > 1 for g in groups)
                          else "themes_intro"),  # groups of one theme each: plain size order
        "messages": [translate_message(m, lang) for m in facts["messages"]],
        "taught": taught_lines(*teaching_of(facts["run"]), lang),
        "outlier_digits": OUTLIER_DIGITS,
        "outliers": _outliers(analysis, facts),
        "outlier_colour": OUTLIER_COLOUR,
        "heatmap": _heatmap(analysis, facts, lang),
        "trend": _trend(analysis, facts, lang),
        "statements": _statements(analysis, facts),
        "agreement": _agreement(analysis, lang, facts["names"]),
        "evaluation": _evaluation(analysis),
        "quality": quality,
        "n_statements": sum(int(n) for n in c["status"].values()),  # rows split into points: may exceed rows
        "prov": _provenance(facts, lang),
        "script": js,
        "script_hash": js_hash,
        "share_bar": charts.share_bar,
    }


def render_html(analysis: Analysis, *, lang: str = "sv") -> str:
    """Render the analyst report as one self-contained HTML string (Swedish by default).

    >>> html = render_html(analysis, lang="en")         # doctest: +SKIP
    >>> "<h2 id=\\"themes\\">Themes</h2>" in html          # doctest: +SKIP
    True
    """
    import markupsafe

    ctx = build_context(analysis, lang)
    env = _environment()
    for key in ("coverage_svg", "scatter_svg", "script"):
        ctx[key] = markupsafe.Markup(ctx[key])  # generated and escaped in charts.py / our own JS
    ctx["trend"]["svgs"] = [(s, markupsafe.Markup(svg)) for s, svg in ctx["trend"]["svgs"]]
    bar = charts.share_bar
    ctx["share_bar"] = lambda share, colour="#B5651D": markupsafe.Markup(bar(share, colour))
    ctx.update(t=lambda key, **kw: t(lang, key, **kw),
               fint=lambda v: fmt_int(v, lang),
               fpct=lambda v, d=0: fmt_pct(v, lang, d),
               fnum=lambda v, d=2: fmt_num(v, lang, d),
               meetings_phrase=lambda n, total: meetings_phrase(lang, n, total),
               support=lambda th: support_phrase(th, lang),
               evidence=lambda th: evidence_text(th["evidence_parts"], lang))
    return env.get_template("report.html.j2").render(**ctx)
