"""Turn an ``Analysis`` into plain facts (dicts, lists, numbers) for the HTML and Markdown.

Both outputs read the same facts, so the report and summary.md never disagree. Every
accessor is defensive: a degenerate analysis (no themes, one statement, empty tables,
missing optional columns) yields empty lists and zeros, never an exception.

>>> f = collect(analysis)                               # doctest: +SKIP
>>> f["counts"]["kept"], len(f["themes"])               # doctest: +SKIP
(51, 6)
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

from nlp_varmland.report.i18n import STATUSES

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

# Okabe–Ito (colour-blind friendly), then extras and Kelly's contrast colours: 20 distinct colours;
# beyond 20 themes colours repeat, and the theme number on the legend, markers and hover tells them apart.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D31",
           "#7B4F9E", "#3B8E8C", "#B5525C", "#5F7D1F", "#C4A000",
           "#1B3A6B", "#BE0032", "#8DB600", "#882D17", "#F99379", "#2B3D26", "#9E1F63", "#A1CAF1"]
OUTLIER_COLOUR = "#B8BCC2"
EMPTY = pd.DataFrame()


def colour(index: int) -> str:
    """Colour of the theme at position ``index`` (outliers, index < 0, are grey)."""
    return OUTLIER_COLOUR if index < 0 else PALETTE[index % len(PALETTE)]


def _df(analysis: Analysis, name: str) -> pd.DataFrame:
    df = getattr(analysis, name, None)
    return df if isinstance(df, pd.DataFrame) else EMPTY


def _col(df: pd.DataFrame, name: str, default: Any = "") -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([default] * len(df), index=df.index, dtype=object)


def _str(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _num(value: Any, default: float = float("nan")) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(v) else v


def _int(value: Any) -> int:
    v = _num(value, 0.0)
    return int(v) if math.isfinite(v) else 0


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "ja"}
    try:
        return bool(value) and not (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def _quote(text: str) -> str:
    """A theme's example as a quote: without the host's heading ("Bord 4:", "Citat:"), which is
    not what the participant said (the summary leaves it out too), first letter upper-case.

    >>> _quote("Bord 4: Utmaning: tjälskador på vägarna"), _quote("Det saknas bussar")
    ('Tjälskador på vägarna', 'Det saknas bussar')
    """
    from nlp_varmland.preprocessing.frames import strip_headings

    view = strip_headings(text).strip()
    return view[:1].upper() + view[1:] if view else text


def _list(value: Any, sep: str) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.split(sep) if p.strip()] if value else []
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    try:
        return [_str(v) for v in list(value) if _str(v)]
    except TypeError:
        return [_str(value)]


def kept_notes(analysis: Analysis) -> pd.DataFrame:
    """The statements that were analysed (status ``kept``), as they may be shared: ``text`` is
    the redacted ``text_clean`` and speaker names are ``[NAMN]`` (``tables.shareable_notes``)."""
    from nlp_varmland.report.tables import shareable_notes  # noqa: PLC0415 - tables imports pandas only

    notes = _df(analysis, "notes")
    if "status" in notes.columns:
        notes = notes[notes["status"] == "kept"]
    return shareable_notes(notes)


def redaction_counts(notes: pd.DataFrame) -> dict[str, int]:
    """Sum ``redactions`` strings such as ``"NAMN:2;TELEFON:1"`` into ``{"NAMN": 2, ...}``."""
    total: Counter[str] = Counter()
    for value in _col(notes, "redactions"):
        for part in _str(value).split(";"):
            m = re.fullmatch(r"\s*([^:]+?)\s*:\s*(\d+)\s*", part)
            if m:
                total[m.group(1)] += int(m.group(2))
            elif part.strip():
                total[part.strip()] += 1
    return dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))


def meetings(analysis: Analysis) -> list[dict[str, Any]]:
    """Meetings in date order (then name) with their number of analysed statements."""
    notes = _df(analysis, "notes")
    trend = _df(analysis, "trend")
    seen: dict[str, str] = {}
    for df in (notes, trend):
        for m, d in zip(_col(df, "meeting"), _col(df, "date")):
            m, d = _str(m), _str(d)
            if m and (m not in seen or (d and not seen[m])):
                seen[m] = d
    kept = kept_notes(analysis)
    n_kept = Counter(_str(m) for m in _col(kept, "meeting"))
    ordered = sorted(seen.items(), key=lambda md: (md[1] or "9999", md[0]))
    return [{"name": m, "date": d, "n": n_kept.get(m, 0), "short": f"M{i}"}
            for i, (m, d) in enumerate(ordered, start=1)]


def goal_tree(analysis: Analysis) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Focus areas with their sub-goals, statement counts and gap flags; plus id -> name.

    An area's count is every analysed statement whose ``area_id`` is that area (its own and
    its sub-goals'), so an area is a gap only when nothing in it was raised.
    """
    goals = _df(analysis, "goals")
    kept = kept_notes(analysis)
    names = {_str(g): _str(n) or _str(g) for g, n in zip(_col(goals, "goal_id"), _col(goals, "name"))}
    area_counts = Counter(_str(a) for a in _col(kept, "area_id") if _str(a))
    goal_counts = Counter(_str(g) for g in _col(kept, "goal_id") if _str(g))
    theme_area = Counter(_str(a) for a in _col(_df(analysis, "themes"), "area_id") if _str(a))
    parents = {_str(g): _str(p) for g, p in zip(_col(goals, "goal_id"), _col(goals, "parent_id"))}
    areas: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    rows = list(zip(_col(goals, "goal_id"), _col(goals, "parent_id"), _col(goals, "n_notes", None),
                    _col(goals, "n_themes", None)))
    for gid, parent, n, n_themes in rows:
        gid, parent = _str(gid), _str(parent)
        if parent:
            continue
        count = area_counts.get(gid, 0) if "area_id" in kept.columns else _int(n)
        node = {"id": gid, "name": names.get(gid, gid), "n": count, "gap": count == 0,
                "n_themes": max(_int(n_themes), theme_area.get(gid, 0)), "children": []}
        areas.append(node)
        by_id[gid] = node
    for gid, parent, n, n_themes in rows:
        gid, parent = _str(gid), _str(parent)
        if not parent:
            continue
        count = goal_counts.get(gid, 0) if n is None or pd.isna(n) else _int(n)
        child = {"id": gid, "name": names.get(gid, gid), "n": count, "gap": count == 0,
                 "n_themes": _int(n_themes)}
        area, seen = parent, {gid}
        while parents.get(area) and area not in seen:  # deeper levels hang under their area
            seen.add(area)
            area = parents[area]
        if area in by_id:
            by_id[area]["children"].append(child)
        else:
            areas.append(dict(child, children=[]))
    return areas, names


def themes(analysis: Analysis, names: dict[str, str], n_kept: int) -> list[dict[str, Any]]:
    """One dict per theme, largest first, with names resolved and lists split."""
    df = _df(analysis, "themes")
    if df.empty:
        return []
    out: list[dict[str, Any]] = []
    for i, row in enumerate(df.to_dict("records")):
        tid = _int(row.get("theme_id", i))
        goal_id, area_id = _str(row.get("goal_id")), _str(row.get("area_id"))
        size = _int(row.get("size"))
        out.append({
            "theme_id": tid,
            "label": _str(row.get("label")) or f"#{tid}",
            "keywords": _list(row.get("keywords"), ","),
            "size": size,
            "share": size / n_kept if n_kept else float("nan"),
            "goal_id": goal_id, "goal_name": names.get(goal_id, goal_id),
            "area_id": area_id, "area_name": names.get(area_id, area_id),
            "goal_score": _num(row.get("goal_score")),
            "evidence": _str(row.get("goal_evidence")),
            "evidence_parts": evidence_parts(_str(row.get("goal_evidence")), names),
            "challenge_share": _num(row.get("challenge_share")),
            "n_meetings": _int(row.get("n_meetings")),
            "meetings": _list(row.get("meetings"), ";"),
            "recurring": _bool(row.get("recurring")),
            "emerging": _bool(row.get("emerging")) or not goal_id,
            "examples": [_quote(e) for e in _list(row.get("examples"), " | ")[:3]],
            "summary": _str(row.get("summary")),
            "group_id": _int(row.get("group_id")) if _str(row.get("group_id")) else -1,
            "group_label": _str(row.get("group_label")),
        })
    out.sort(key=lambda t: (-t["size"], t["theme_id"]))
    for i, th in enumerate(out):
        th["colour"] = colour(i)
        th["rank"] = i + 1
    return out


#: A theme's goal score as a level, relative to the mapper's own decision threshold ``t`` (run.json
#: ``parameters.goal_threshold``: ``GoalMapper.threshold_``, ``MIN_Z`` = 2.5 by default): "high"
#: from ``HIGH_FACTOR * t`` (its statements stand out twice as clearly as a statement must to map
#: to a goal at all), "medium" from ``t``, "low" below ``t`` (the goal rests on the statements'
#: majority while their mean score does not clear the bar). Fixed by the definition, not tuned.
HIGH_FACTOR = 2.0


def goal_threshold(run: dict[str, Any]) -> float:
    """The goal mapper's decision threshold of the run (``parameters.goal_threshold``, else the
    mapper's ``min_z``, else ``goals.mapper.MIN_Z``).

    >>> goal_threshold({"parameters": {"goal_threshold": 3.0}}), goal_threshold({})
    (3.0, 2.5)
    """
    def part(d: dict[str, Any], key: str) -> dict[str, Any]:
        v = d.get(key)
        return v if isinstance(v, dict) else {}

    params = part(run, "parameters")
    value = _num(params.get("goal_threshold"))
    if not math.isfinite(value):
        value = _num(part(part(params, "goal_mapper"), "params").get("min_z"))
    if not math.isfinite(value):
        from nlp_varmland.goals.mapper import MIN_Z  # noqa: PLC0415 - only for an older run.json

        value = float(MIN_Z)
    return value


def score_level(score: float, threshold: float) -> str:
    """``"high"``, ``"medium"``, ``"low"`` or ``""`` (no score), see :data:`HIGH_FACTOR`.

    >>> [score_level(s, 2.5) for s in (6.6, 4.6, 1.0, float("nan"))]
    ['high', 'medium', 'low', '']
    """
    if not math.isfinite(score):
        return ""
    if score >= HIGH_FACTOR * threshold:
        return "high"
    return "medium" if score >= threshold else "low"


_PART_SEP = re.compile(r" · |; (?=[\wåäö ]+: )")  # " · ", or an older run's "; närmast: ..."
_EVIDENCE = (  # the goal mapper's evidence parts (goals/mapper.py, theme_votes.py, feedback.py)
    (re.compile(r"röster: \d+/\d+ påståenden(?P<centroid> \+ temats centrum)?"), "votes"),
    (re.compile(r"tema: nyckelord: (?P<words>.+)"), "ev_theme_keywords"),
    (re.compile(r"nyckelord: (?P<words>.+)"), "ev_keywords"),
    (re.compile(r'närmast: "(?P<text>.*)" \([^()]*under tröskeln\)'), "ev_below"),
    (re.compile(r'närmast: "(?P<text>.*)"'), "ev_nearest"),
    (re.compile(r'(?:tema: )?närmast: målets exempel "(?P<text>.*)"'), "ev_example"),
    (re.compile(r"(?:tema: )?närmast: beskrivningen av .*"), "ev_description"),
    (re.compile(r"inget mål passar.*"), "ev_no_goal"),
    (re.compile(r"lärt av (?P<n>\d+) granskade meningar från andra möten(?: \(.*\))?"), "ev_forward"),
    (re.compile(r"tema från analytiker"), "ev_analyst"),
    (re.compile(r"lik en granskad mening \(analytikerns mål: (?P<goal>.*)\)"), "ev_pulled"),
    (re.compile(r"lärt av (?P<n>\d+) granskade meningar"), "ev_taught"),
    (re.compile(r"rättad av analytiker \(verktyget: (?P<goal>.*)\)"), "ev_corrected"),
    (re.compile(r"närmast: (?P<goal>[\w-]+)"), "ev_nearest_goal"),
)


def evidence_parts(evidence: str, names: dict[str, str] | None = None) -> list[tuple[str, dict[str, str]]]:
    """The mapper's evidence for a theme's goal as ``(i18n key, placeholders)`` the report words
    for an analyst; the vote count is left out (the report counts the statements itself) and a
    part it does not know is kept as ``("", {"text": part})``. A goal id is named by ``names``.

    >>> evidence_parts('röster: 3/8 påståenden + temats centrum · tema: nyckelord: vård · '
    ...                'närmast: målets exempel "Långt till vården"')
    [('ev_centroid', {}), ('ev_theme_keywords', {'words': 'vård'}), ('ev_example', {'text': 'Långt till vården'})]
    """
    out: list[tuple[str, dict[str, str]]] = []
    for part in (p.strip() for p in _PART_SEP.split(evidence)):
        if not part:
            continue
        for pattern, key in _EVIDENCE:
            m = pattern.fullmatch(part)
            if m:
                if key == "votes":
                    if m.group("centroid"):
                        out.append(("ev_centroid", {}))
                else:
                    kw = {k: v for k, v in m.groupdict().items() if v is not None}
                    if "goal" in kw:
                        kw["goal"] = (names or {}).get(kw["goal"], kw["goal"])
                    out.append((key, kw))
                break
        else:
            out.append(("", {"text": part}))
    return out


def _support(theme_list: list[dict[str, Any]], kept: pd.DataFrame, threshold: float) -> None:
    """Per theme: how many of its analysed statements hold its goal (``support``) and its area
    (``support_area``), counted in the notes, and its score level."""
    tids = [(_int(v) if _str(v) else -1) for v in _col(kept, "theme_id", -1)]
    goals = [_str(v) for v in _col(kept, "goal_id")]
    areas = [_str(v) for v in _col(kept, "area_id")]
    members: dict[int, list[int]] = {}
    for i, tid in enumerate(tids):  # one pass over the notes, not one per theme
        members.setdefault(tid, []).append(i)
    for th in theme_list:
        rows = members.get(th["theme_id"], [])
        th["n_notes"] = len(rows)
        th["support"] = sum(1 for i in rows if th["goal_id"] and (
            goals[i] == th["goal_id"] or (th["goal_id"] == th["area_id"] and areas[i] == th["area_id"])))
        th["support_area"] = sum(1 for i in rows if th["area_id"] and areas[i] == th["area_id"])
        level = score_level(th["goal_score"], threshold) if th["goal_id"] else ""
        # the level is the GOAL's: capped by the statements holding that goal, not its area, or
        # "6 av 17 påståenden kopplas till målet, 13 till dess insatsområde" read "säkerhet hög"
        th["score_level"] = capped_level(level, th["support"], len(rows))
        th["threshold"] = threshold


def capped_level(level: str, support: int, n: int) -> str:
    """The score's level, capped by how many of the theme's ``n`` statements hold the goal: a
    goal held by fewer than half of them is at most "medium", by fewer than a quarter "low".
    A high centroid score alone said "säkerhet hög" for "1 av 13 påståenden" (tester B12).

    >>> capped_level("high", 7, 13), capped_level("high", 4, 13), capped_level("high", 1, 13)
    ('high', 'medium', 'low')
    >>> capped_level("low", 13, 13), capped_level("", 0, 5), capped_level("high", 0, 0)
    ('low', '', 'high')
    """
    if not level or n <= 0:
        return level
    order = ["low", "medium", "high"]
    cap = "high" if 2 * support >= n else ("medium" if 4 * support >= n else "low")
    return order[min(order.index(level), order.index(cap))]


def recurring(analysis: Analysis, names: dict[str, str], by_theme: dict[int, dict]) -> list[dict[str, Any]]:
    """Rows of ``analysis.recurring`` in the given order (recurring challenges first)."""
    df = _df(analysis, "recurring")
    out = []
    for row in df.to_dict("records"):
        tid = _int(row.get("theme_id"))
        area_id = _str(row.get("area_id"))
        goal_id = _str(row.get("goal_id"))
        out.append({
            "theme_id": tid,
            "label": _str(row.get("label")) or by_theme.get(tid, {}).get("label", f"#{tid}"),
            "n_meetings": _int(row.get("n_meetings")),
            "meetings": _list(row.get("meetings"), ";"),
            "n_notes": _int(row.get("n_notes")),
            "challenge_share": _num(row.get("challenge_share")),
            "area_id": area_id, "area_name": names.get(area_id, area_id),
            "goal_id": goal_id, "goal_name": names.get(goal_id, goal_id),
            "colour": by_theme.get(tid, {}).get("colour", colour(-1)),
        })
    return out


def not_swedish(analysis: Analysis, status: str = "not_swedish") -> list[dict[str, str]]:
    """The statements set aside as ``status`` (``not_swedish``, ``too_short``), redacted
    (``shareable_notes``), so an analyst can read them by hand."""
    from nlp_varmland.report.tables import shareable_notes  # noqa: PLC0415 - tables imports pandas only

    notes = _df(analysis, "notes")
    if "status" not in notes.columns:
        return []
    rows = shareable_notes(notes[notes["status"] == status])
    return [{"text": _str(r.get("text")) or _str(r.get("text_clean")), "meeting": _str(r.get("meeting"))}
            for r in rows.to_dict("records") if _str(r.get("text")) or _str(r.get("text_clean"))]


def _quality_counts(notes: pd.DataFrame) -> dict[str, int]:
    """Input rows per data-quality flag (the ``quality`` column the readers fill)."""
    from nlp_varmland.io.limits import quality_counts

    return quality_counts(notes)


def collect(analysis: Analysis) -> dict[str, Any]:
    """Everything the report and the summary show, as plain Python values."""
    notes = _df(analysis, "notes")
    kept = kept_notes(analysis)
    run = analysis.run if isinstance(analysis.run, dict) else {}
    counts = run.get("counts")
    run_counts: dict[str, Any] = counts if isinstance(counts, dict) else {}
    status = Counter(_str(s) for s in _col(notes, "status"))
    n_kept = len(kept)
    if "source" in notes.columns and "source_row" in notes.columns and len(notes):
        rows_from_notes = len(notes[["source", "source_row"]].drop_duplicates())
    else:
        rows_from_notes = len(notes)
    rows_read = _int(run_counts.get("rows")) or rows_from_notes
    areas, names = goal_tree(analysis)
    theme_list = themes(analysis, names, n_kept)
    by_theme = {t["theme_id"]: t for t in theme_list}
    theme_ids = _col(kept, "theme_id", -1).map(lambda v: _int(v) if _str(v) else -1)
    goal_ids = _col(kept, "goal_id").map(_str)
    redactions = redaction_counts(notes)
    gaps = [dict(c, area=a["name"]) for a in areas for c in a["children"] if c["gap"]]
    gaps += [dict(a, area="") for a in areas if a["gap"]]
    _support(theme_list, kept, goal_threshold(run))
    n_outliers = int((theme_ids < 0).sum()) if n_kept else 0
    return {
        "counts": {
            "rows": rows_read,
            "statements": len(notes),
            "kept": n_kept,
            "status": {s: status.get(s, 0) for s in STATUSES} | {
                s: n for s, n in status.items() if s and s not in STATUSES},
            "meetings": len(meetings(analysis)) or _int(run_counts.get("meetings")),
            "themes": len(theme_list),
            "outliers": n_outliers,
            "outlier_share": n_outliers / n_kept if n_kept else 0.0,
            "mapped": int((goal_ids != "").sum()) if n_kept else 0,
            "mapped_share": float((goal_ids != "").mean()) if n_kept else float("nan"),
            "challenges": int(_col(kept, "is_challenge", False).map(_bool).sum()) if n_kept else 0,
            "challenge_share": float(_col(kept, "is_challenge", False).map(_bool).mean())
            if n_kept else float("nan"),
            "redactions": sum(redactions.values()) or _int(run_counts.get("redactions")),
            "quality": _quality_counts(notes),
        },
        "redactions": redactions,
        "meetings": meetings(analysis),
        "areas": areas,
        "names": names,
        "gaps": gaps,
        "themes": theme_list,
        "by_theme": by_theme,
        "recurring": recurring(analysis, names, by_theme),
        "emerging": [t for t in theme_list if t["emerging"]],
        "messages": [_str(m) for m in (analysis.messages or []) if _str(m)],
        "not_swedish": not_swedish(analysis),
        "too_short": not_swedish(analysis, "too_short"),  # tester B14: only counted, never listed
        "strategy": strategy(analysis, run),
        "run": run,
    }


def strategy(analysis: Analysis, run: dict[str, Any]) -> dict[str, str]:
    """The strategy the run was mapped to, as the report names it: ``title`` and ``vision``.

    From the goal set (``title:`` / ``vision:`` of the goal file), else run.json's ``goals``,
    else the goal file's ``name`` made readable; never a strategy the run did not use.

    >>> class A: goalset = None
    >>> strategy(A(), {"goals": {"name": "min-kommun-2030"}})
    {'title': 'Min kommun 2030', 'vision': ''}
    """
    from nlp_varmland.goals.model import GoalSet

    goalset: Any = getattr(analysis, "goalset", None)
    if _str(getattr(goalset, "title", "")):
        return {"title": _str(getattr(goalset, "title", "")), "vision": _str(getattr(goalset, "vision", ""))}
    given = run.get("goals")
    goals: dict[str, Any] = given if isinstance(given, dict) else {}
    name = _str(goals.get("name")) or "strategin"
    title = _str(goals.get("title")) or GoalSet(name).title
    return {"title": title, "vision": _str(goals.get("vision"))}
