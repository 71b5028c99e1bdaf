"""summary.md: the findings as Markdown, ready to paste into the nulägesanalys.

>>> md = summary_markdown(analysis)                  # doctest: +SKIP
>>> print(md.splitlines()[0])                        # doctest: +SKIP
# Sammanfattning: arbetsmöten och Värmlandsstrategin 2040
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from nlp_varmland.report.facts import collect
from nlp_varmland.report.i18n import (
    STATUSES,
    check_lang,
    fmt_int,
    fmt_num,
    fmt_pct,
    meetings_phrase,
    t,
    translate_message,
)

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
TOP_THEMES = 5
QUOTE_CHARS = 220
#: Decimals of the share of statements in no theme, the same in report.html and summary.md.
OUTLIER_DIGITS = 1
#: summary.md lists at most this many statements not in Swedish (the report lists them all).
MAX_LISTED = 20


def evidence_text(parts: list[tuple[str, dict[str, str]]], lang: str) -> str:
    """A theme's evidence (``facts.evidence_parts``) as one sentence an analyst reads.

    >>> evidence_text([("ev_centroid", {}), ("ev_keywords", {"words": "unga"})], "sv")
    'Temat som helhet pekar på samma insatsområde; ord ur målet i påståendena: unga.'
    """
    said = [t(lang, key, **kw) if key else kw.get("text", "") for key, kw in parts]
    text = "; ".join(s for s in said if s)
    return (text[:1].upper() + text[1:] + ("" if text.endswith((".", "”", "“", '"')) else ".")) if text else ""


def support_phrase(th: dict[str, Any], lang: str) -> str:
    """How many of a theme's statements hold its goal, and the score as a level, e.g.
    "18 av 27 påståenden kopplas till målet, säkerhet hög" (the number is in themes.csv).

    >>> support_phrase({"support": 3, "support_area": 3, "n_notes": 8, "goal_id": "a", "area_id": "b",
    ...                 "score_level": "high"}, "sv")
    '3 av 8 påståenden kopplas till målet, säkerhet hög'
    """
    n, k, a = th.get("n_notes", 0), th.get("support", 0), th.get("support_area", 0)
    if th.get("goal_id") and th.get("goal_id") != th.get("area_id") and a > k:
        text = t(lang, "support_area", k=fmt_int(k, lang), n=fmt_int(n, lang), a=fmt_int(a, lang))
    else:
        text = t(lang, "support", k=fmt_int(k, lang), n=fmt_int(n, lang))
    level = th.get("score_level")
    return f"{text}, {t(lang, 'score')} {t(lang, 'score_' + level)}" if level else text


def md_escape(text: Any, max_chars: int | None = None) -> str:
    """Make note text inert in Markdown: one line, special characters backslash-escaped.

    A leading ``-`` or ``=`` is escaped too, so a quote never turns into a list or heading.

    >>> md_escape("<b>*Bussen*</b> går [sällan]")
    '\\\\<b\\\\>\\\\*Bussen\\\\*\\\\</b\\\\> går \\\\[sällan\\\\]'
    """
    s = " ".join(str(text).split())
    if max_chars and len(s) > max_chars:
        s = s[: max_chars - 1].rstrip() + "…"
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return "\\" + s if s[:1] in {"-", "=", "@", "+", "#", ">"} else s


def key_points(facts: dict[str, Any], lang: str = "sv") -> list[str]:
    """Three to five plain-text sentences with the main findings (shown at the top of the report)."""
    c = facts["counts"]
    sv = lang == "sv"
    points = []
    themes = facts["themes"]
    if themes:
        top = themes[0]
        goal = top["goal_name"] or t(lang, "no_goal").lower()
        points.append(
            (f"Största temat är ”{top['label']}” med {fmt_int(top['size'], lang)} "
             f"{'påstående' if top['size'] == 1 else 'påståenden'} "
             f"({fmt_pct(top['share'], lang)}), kopplat till {goal}.") if sv else
            (f"The largest theme is “{top['label']}” with {fmt_int(top['size'], lang)} statements "
             f"({fmt_pct(top['share'], lang)}), mapped to {goal}."))
    rec = [r for r in facts["recurring"] if r["challenge_share"] >= 0.5] or facts["recurring"]
    if rec:
        r = rec[0]
        points.append(
            (f"”{r['label']}” återkommer vid {meetings_phrase(lang, r['n_meetings'], c['meetings'])}; "
             f"{fmt_pct(r['challenge_share'], lang)} av påståendena beskriver en utmaning.") if sv else
            (f"“{r['label']}” recurs at {meetings_phrase(lang, r['n_meetings'], c['meetings'])}; "
             f"{fmt_pct(r['challenge_share'], lang)} of its statements describe a challenge."))
    gaps = [g["name"] for g in facts["gaps"]]
    if gaps:
        shown = ", ".join(gaps[:4]) + (" …" if len(gaps) > 4 else "")
        points.append((f"{len(gaps)} mål i strategin fick inget påstående kopplat till sig: {shown}.") if sv else
                      (f"{len(gaps)} strategy goal{'s' if len(gaps) != 1 else ''} got no statement tied to "
                       f"{'them' if len(gaps) != 1 else 'it'}: {shown}."))
    if facts["emerging"]:
        labels = ", ".join(f"”{e['label']}”" if sv else f"“{e['label']}”" for e in facts["emerging"][:3])
        points.append((f"Nya teman utan tydligt mål i strategin: {labels}.") if sv else
                      (f"Emerging themes without a clear strategy goal: {labels}."))
    if c["kept"]:
        points.append(
            (f"{fmt_pct(c['challenge_share'], lang)} av de {fmt_int(c['kept'], lang)} analyserade "
             "påståendena beskriver en utmaning.") if sv else
            (f"{fmt_pct(c['challenge_share'], lang)} of the {fmt_int(c['kept'], lang)} analysed statements "
             "describe a challenge."))
    return points


def summary_markdown(analysis: Analysis, *, lang: str = "sv") -> str:
    """Markdown summary: headline, key points, top themes, recurring challenges, gaps,
    emerging themes and data quality. Note text is escaped so it renders as plain text.

    >>> print(summary_markdown(analysis, lang="en"))     # doctest: +SKIP
    # Summary: workshops and Värmlandsstrategin 2040
    ...
    """
    check_lang(lang)
    f = collect(analysis)
    c = f["counts"]
    out: list[str] = [f"# {md_escape(t(lang, 'md_title', strategy=f['strategy']['title']))}", ""]
    if f["strategy"]["vision"]:
        out += [f"*{md_escape(t(lang, 'vision', vision=f['strategy']['vision']))}*", ""]
    created = str(f["run"].get("created", ""))[:10]
    if created:
        out += [f"*{t(lang, 'generated')} {md_escape(created)}*", ""]
    out.append(t(lang, "md_headline", statements=fmt_int(c["kept"], lang),
                 meetings=fmt_int(c["meetings"], lang), themes=fmt_int(c["themes"], lang),
                 mapped=fmt_pct(c["mapped_share"], lang)))
    out.append("")
    out += [f"- {md_escape(p)}" for p in key_points(f, lang)]
    for m in f["messages"]:
        out.append(f"- *{md_escape(translate_message(m, lang))}*")
    out.append("")

    out += [f"## {t(lang, 'md_top_themes')}", ""]
    if not f["themes"]:
        out += [t(lang, "no_themes"), ""]
    for th in f["themes"][:TOP_THEMES]:
        goal = (f"{md_escape(th['area_name'])} → {md_escape(th['goal_name'])} ({support_phrase(th, lang)})"
                if th["goal_id"] else t(lang, "no_goal"))
        if th["goal_id"] and th["goal_id"] == th["area_id"]:
            goal = f"{md_escape(th['area_name'])} ({support_phrase(th, lang)})"
        out.append(f"{th['rank']}. **{md_escape(th['label'])}** – "
                   + t(lang, "md_theme_line", n=fmt_int(th["size"], lang),
                       share=fmt_pct(th["challenge_share"], lang)) + f". {goal}.")
        if th["examples"]:
            out.append(f"   > {md_escape(th['examples'][0], QUOTE_CHARS)}")
    out.append("")

    out += [f"## {t(lang, 'md_recurring')}", ""]
    if not f["recurring"]:
        out += [t(lang, "no_recurring"), ""]
    else:
        out += [t(lang, "recurring_intro"), ""]  # not only challenges: themes of 2+ meetings, challenges first
        for r in f["recurring"]:
            where = meetings_phrase(lang, r["n_meetings"], c["meetings"])
            if r["n_meetings"] < c["meetings"]:
                where += f" ({md_escape(', '.join(r['meetings']))})"
            out.append(f"- **{md_escape(r['label'])}**: " + t(
                lang, "md_meetings_line", where=where, notes=fmt_int(r["n_notes"], lang),
                share=fmt_pct(r["challenge_share"], lang))
                + (f" ({md_escape(r['area_name'])})" if r["area_name"] else ""))
        out.append("")

    out += [f"## {t(lang, 'md_gaps')}", ""]
    if not f["areas"]:
        out += [t(lang, "no_goals"), ""]
    elif not f["gaps"]:
        out += [t(lang, "no_gaps"), ""]
    else:
        out += [f"- {md_escape(g['name'])}" + (f" ({md_escape(g['area'])})" if g["area"] else "")
                for g in f["gaps"]] + [""]

    out += [f"## {t(lang, 'md_emerging')}", ""]
    if not f["emerging"]:
        out += [t(lang, "no_emerging") if f["themes"] else t(lang, "md_none"), ""]
    else:
        for e in f["emerging"]:
            line = f"- **{md_escape(e['label'])}** – " + t(
                lang, "md_theme_line", n=fmt_int(e["size"], lang), share=fmt_pct(e["challenge_share"], lang))
            if e["examples"]:
                line += f". {t(lang, 'md_example')}: ”{md_escape(e['examples'][0], QUOTE_CHARS)}”"
            out.append(line)
        out.append("")

    review = f["run"].get("corrections") if isinstance(f["run"].get("corrections"), dict) else {}
    if review.get("reviewed"):  # analysts' agreement with the tool (nlp_varmland.agreement)
        out += [f"## {t(lang, 'agreement')}", "",
                t(lang, "agreement_intro", n=fmt_int(review["reviewed"], lang),
                  k=fmt_int(review.get("corrected", 0), lang)), ""]
        names = {"goal_id": t(lang, "goal"), "is_challenge": t(lang, "challenge"), "theme": t(lang, "theme")}
        for key, v in (review.get("fields") or {}).items():
            if v.get("no_changes"):  # nothing tells a confirmation from an untouched cell (agreement.py)
                out.append(f"- {names.get(key, key)}: {t(lang, 'agreement_no_changes')}")
                continue
            kappa = "–" if v.get("kappa") is None else fmt_num(v["kappa"], lang, 2)
            cover = ""
            if v.get("shown"):  # what the figure covers (tester B15): judged of shown, changed of shown
                m = fmt_int(v["shown"], lang)
                cover = (f" ({t(lang, 'agreement_reviewed_of', n=fmt_int(v.get('n', 0), lang), m=m)}; "
                         f"{t(lang, 'agreement_changed_line', x=fmt_int(v.get('corrected', 0), lang), y=m)})")
            out.append(f"- {names.get(key, key)}: {t(lang, 'agreement_share').lower()} "
                       f"{fmt_pct(v.get('agreement', 0), lang)}, {t(lang, 'agreement_kappa')} {kappa}{cover}")
        if review.get("changes_only") and review.get("shown"):
            out += ["", t(lang, "agreement_changes_only")]
        top = [md_escape(line) for line in correction_lines(review.get("top") or [], f["names"], lang)]
        if top:
            out += ["", f"{t(lang, 'top_corrections')}:", ""] + [f"- {line}" for line in top]
        out.append("")
    taught = taught_lines(*teaching_of(f["run"]), lang)
    if taught:  # also without a review in this run: the store's judgements teach it
        out += [f"### {t(lang, 'taught')}" if review.get("reviewed") else f"## {t(lang, 'taught')}", "",
                t(lang, "taught_intro"), ""] + [f"- {md_escape(line)}" for line in taught] + [""]

    out += [f"## {t(lang, 'md_quality')}", ""]
    out.append("- " + t(lang, "md_quality_line", rows=fmt_int(c["rows"], lang), kept=fmt_int(c["kept"], lang)))
    if c.get("outliers"):
        out.append("- " + t(lang, "md_outliers", n=fmt_int(c["outliers"], lang),
                            pct=fmt_pct(c["outlier_share"], lang, OUTLIER_DIGITS)))
    for s in STATUSES:
        if s != "kept" and c["status"].get(s):
            out.append(f"- {t(lang, 'status_' + s)}: {fmt_int(c['status'][s], lang)}")
            if s in ("not_swedish", "too_short"):  # to read by hand (redacted text)
                out += [f"  - {md_escape(r['text'], QUOTE_CHARS)}"
                        + (f" ({md_escape(r['meeting'])})" if r["meeting"] else "")
                        for r in f[s][:MAX_LISTED]]
    out.append("- " + (t(lang, "md_redactions", n=fmt_int(c["redactions"], lang)) if c["redactions"]
                       else t(lang, "redactions_none")))
    order = [m["name"] for m in f["meetings"]]  # the meetings learned from, by date where known
    learned = teaching_sentence(f["run"].get("teaching"), lang, order)  # the store's judgements taught this run
    if learned:
        out.append("- " + md_escape(learned))
    emb = f["run"].get("embedder") if isinstance(f["run"].get("embedder"), dict) else {}
    if emb:
        out.append(f"- {t(lang, 'embedder')}: {md_escape(emb.get('backend', ''))} "
                   f"{md_escape(emb.get('model', ''))}".rstrip())
    out.append("")
    return "\n".join(out)


CORRECTION_NAME_CHARS = 48


def correction_lines(top: list[dict[str, Any]], names: dict[str, str], lang: str) -> list[str]:
    """The most frequent corrections (run.json ``corrections.top``) as the analyst reads them:
    the field first, goals by name (ids stay in run.json), e.g. "utmaning: nej → ja (5)".

    >>> correction_lines([{"field": "goal_id", "from": "a", "to": "(inget mål)", "n": 3}],
    ...                  {"a": "Kompetensförsörjning"}, "sv")
    ['mål: Kompetensförsörjning → (inget mål) (3)']
    """
    fields = {"goal_id": "goal", "is_challenge": "challenge", "theme": "theme"}
    english = {"ja": t(lang, "yes"), "nej": t(lang, "no"), "(inget mål)": "(no goal)", "(inget tema)": "(no theme)"}
    out = []
    for c in top:
        field = str(c.get("field", ""))
        if field not in fields or "from" not in c or "to" not in c:
            out.append(str(c.get("text", "")))  # an older run.json: its prepared text
            continue

        ends = []
        for v in (str(c["from"]), str(c["to"])):
            v = names.get(v, v) if field == "goal_id" else v
            v = english.get(v, v) if lang == "en" else v
            ends.append(v if len(v) <= CORRECTION_NAME_CHARS else v[: CORRECTION_NAME_CHARS - 1].rstrip() + "…")
        out.append(f"{t(lang, fields[field]).lower()}: {ends[0]} → {ends[1]} ({fmt_int(c.get('n', 0), lang)})")
    return out


def teaching_sentence(teaching: Any, lang: str, order: Sequence[str] = ()) -> str:
    """What the judgements in the store taught this run (run.json ``teaching``), in one sentence;
    ``""`` when nothing was judged. The meetings come in ``order`` (the run's meetings by date);
    others after them, as run.json lists them.

    >>> teaching_sentence({"judgements": 27, "meetings": {"2028-03": 27}, "changed": {"goal_id": 2}}, "sv")
    'Lärde av 27 granskade påståenden från 2028-03; 2 påståendens mål ändrades.'
    >>> teaching_sentence({"judgements": 3, "meetings": {"2028-03": 3}, "changed": {}}, "sv")[:40]
    'Prövade att lära av 3 granskade påståend'
    """
    if not isinstance(teaching, dict) or not teaching.get("judgements"):
        return ""
    names = [str(m) for m in (teaching.get("meetings") or {}) if str(m)]
    rank = {m: i for i, m in enumerate(order)}
    names.sort(key=lambda m: rank.get(m, len(rank)))  # stable: unknown meetings keep their order
    if len(names) > 4:
        names = names[:3] + [t(lang, "taught_more", n=fmt_int(len(names) - 3, lang))]
    meetings = ", ".join(names[:-1]) + t(lang, "taught_and") + names[-1] if len(names) > 1 else "".join(names)
    changed = teaching.get("changed") or {}
    parts = [t(lang, key, k=fmt_int(int(changed[field]), lang))
             for field, key in (("goal_id", "taught_goal_part"), ("is_challenge", "taught_challenge_part"))
             if int(changed.get(field) or 0)]
    rest = t(lang, "taught_changed", parts=t(lang, "taught_and").join(parts)) if parts else t(lang, "taught_none")
    lead = "taught_from" if parts else "taught_tried"  # "lärde av" only when something changed (tester B11)
    return f"{t(lang, lead, n=fmt_int(int(teaching['judgements']), lang), meetings=meetings)}; {rest}."


def teaching_of(run: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int] | None]:
    """What the judgements taught this run: the mechanisms' records (run.json ``teaching.guards``,
    or an older run's ``corrections.teaching``) and how many statements changed per field
    (``teaching.changed``, the figure "Om körningen" gives; ``None`` when unknown)."""
    teaching: dict[str, Any] = run["teaching"] if isinstance(run.get("teaching"), dict) else {}
    review: dict[str, Any] = run["corrections"] if isinstance(run.get("corrections"), dict) else {}
    guards = teaching.get("guards") or review.get("teaching") or {}
    changed = teaching.get("changed") if isinstance(teaching.get("changed"), dict) else None
    return (guards if isinstance(guards, dict) else {}), changed


#: The ways judgements teach (``feedback``): guarded on the judgements themselves, then forward
#: to the statements of other meetings (their field).
GUARDED = ("goal_examples", "goal_id", "is_challenge")
FORWARD = (("goal_forward", "goal_id"), ("challenge_forward", "is_challenge"))


def taught_lines(teaching: dict[str, Any], changed: dict[str, int] | None, lang: str) -> list[str]:
    """One line per way the judgements can teach (run.json ``teaching.guards``): a guarded way
    used or refused, with what it fixed and broke on the judgements themselves; a forward way
    with how many statements it changed. When ``changed`` (the run's changed statements per
    field) holds more than the forward ways moved, one line says where the rest came from: the
    pull of near-repeats when every guarded way of that field was refused. The sentence shared
    by every way is ``taught_intro``, said once by the caller.

    >>> lines = taught_lines({"goal_id": {"strength": 0.0, "fixed": 0, "broken": 0},
    ...                       "goal_forward": {"moved": 1, "judgements": 16}}, {"goal_id": 3}, "sv")
    >>> print(*lines, sep="\\n")
    Målkopplingen, efter närmaste granskade påstående: används inte den här gången (rättade 0, försämrade 0).
    Målkopplingen framåt, för påståenden från andra möten än de granskade: 1 påståendes mål ändrades.
    Upprepningar: 2 påståenden som säger nästan samma sak som ett granskat fick dess mål.
    """
    out = []
    for key in GUARDED:
        g = teaching.get(key)
        if not isinstance(g, dict):
            continue
        which = "taught_used" if float(g.get("strength") or 0) > 0 else "taught_refused"
        out.append(t(lang, which, what=t(lang, f"taught_{key}"), fixed=fmt_int(int(g.get("fixed") or 0), lang),
                     broken=fmt_int(int(g.get("broken") or 0), lang)))
    if isinstance(teaching.get("goal_reviewed"), dict):
        out.append(t(lang, "taught_reviewed"))
    moved = {"goal_id": 0, "is_challenge": 0}
    for key, field in FORWARD:
        g = teaching.get(key)
        if not isinstance(g, dict):
            continue
        k = int(g.get("moved") or 0)
        moved[field] += k
        kind = "goal" if field == "goal_id" else "challenge"
        out.append(t(lang, f"taught_forward_{kind}" if k else "taught_forward_none",
                     what=t(lang, f"taught_{key}"), k=fmt_int(k, lang)))
    kept: dict[str, Any] = teaching["kept"] if isinstance(teaching.get("kept"), dict) else {}
    for field, kind, guards in (("goal_id", "goal", ("goal_examples", "goal_id")),
                                ("is_challenge", "challenge", ("is_challenge",))):
        shown = int(kept.get(field) or 0)  # learned earlier, left by the analyst in review.xlsx (tester B15)
        if shown:
            out.append(t(lang, f"taught_left_{kind}", k=fmt_int(shown, lang)))  # no judgement: not "godkänt" (B17)
        rest = int((changed or {}).get(field) or 0) - moved[field] - shown
        if rest <= 0:
            continue
        used = any(float((teaching.get(g) or {}).get("strength") or 0) > 0 for g in guards
                   if isinstance(teaching.get(g), dict))
        out.append(t(lang, f"taught_rest_{kind}" if used else f"taught_pull_{kind}", k=fmt_int(rest, lang)))
    return out
