"""summary.md: the findings as Markdown, ready to paste into the nulägesanalys.

>>> md = summary_markdown(analysis)                  # doctest: +SKIP
>>> print(md.splitlines()[0])                        # doctest: +SKIP
# Sammanfattning: arbetsmöten och Värmlandsstrategin 2040
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from nlp_varmland.report.facts import collect
from nlp_varmland.report.i18n import STATUSES, check_lang, fmt_int, fmt_num, fmt_pct, meetings_phrase, t

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
TOP_THEMES = 5
QUOTE_CHARS = 220


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
        points.append((f"{len(gaps)} mål i strategin togs inte upp: {shown}.") if sv else
                      (f"{len(gaps)} strategy goals were not raised: {shown}."))
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
    # Summary: workshops and the Värmland Strategy 2040
    ...
    """
    check_lang(lang)
    f = collect(analysis)
    c = f["counts"]
    out: list[str] = [f"# {t(lang, 'md_title')}", ""]
    created = str(f["run"].get("created", ""))[:10]
    if created:
        out += [f"*{t(lang, 'generated')} {md_escape(created)}*", ""]
    out.append(t(lang, "md_headline", statements=fmt_int(c["kept"], lang),
                 meetings=fmt_int(c["meetings"], lang), themes=fmt_int(c["themes"], lang),
                 mapped=fmt_pct(c["mapped_share"], lang)))
    out.append("")
    out += [f"- {md_escape(p)}" for p in key_points(f, lang)]
    for m in f["messages"]:
        out.append(f"- *{md_escape(m)}*")
    out.append("")

    out += [f"## {t(lang, 'md_top_themes')}", ""]
    if not f["themes"]:
        out += [t(lang, "no_themes"), ""]
    for th in f["themes"][:TOP_THEMES]:
        goal = (f"{md_escape(th['area_name'])} → {md_escape(th['goal_name'])}"
                f" ({t(lang, 'score')} {fmt_num(th['goal_score'], lang)})"
                if th["goal_id"] else t(lang, "no_goal"))
        if th["goal_id"] and th["goal_id"] == th["area_id"]:
            goal = f"{md_escape(th['area_name'])} ({t(lang, 'score')} {fmt_num(th['goal_score'], lang)})"
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
            out.append(f"- {names.get(key, key)}: {t(lang, 'agreement_share').lower()} "
                       f"{fmt_pct(v.get('agreement', 0), lang)}, {t(lang, 'agreement_kappa')} {kappa}")
        top = [md_escape(line) for line in correction_lines(review.get("top") or [], f["names"], lang)]
        if top:
            out += ["", f"{t(lang, 'top_corrections')}:", ""] + [f"- {line}" for line in top]
        taught = taught_lines(review.get("teaching") or {}, lang)
        if taught:
            out += ["", f"{t(lang, 'taught')}:", ""] + [f"- {line}" for line in taught]
        out.append("")

    out += [f"## {t(lang, 'md_quality')}", ""]
    out.append("- " + t(lang, "md_quality_line", rows=fmt_int(c["rows"], lang), kept=fmt_int(c["kept"], lang)))
    if c.get("outliers"):
        out.append("- " + t(lang, "md_outliers", n=fmt_int(c["outliers"], lang),
                            pct=fmt_pct(c["outliers"] / max(c["kept"], 1), lang)))
    for s in STATUSES:
        if s != "kept" and c["status"].get(s):
            out.append(f"- {t(lang, 'status_' + s)}: {fmt_int(c['status'][s], lang)}")
    out.append("- " + (t(lang, "md_redactions", n=fmt_int(c["redactions"], lang)) if c["redactions"]
                       else t(lang, "redactions_none")))
    learned = teaching_sentence(f["run"].get("teaching"), lang)  # the store's judgements taught this run
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


def teaching_sentence(teaching: Any, lang: str) -> str:
    """What the judgements in the store taught this run (run.json ``teaching``), in one sentence;
    ``""`` when nothing was judged.

    >>> teaching_sentence({"judgements": 27, "meetings": {"2028-03": 27}, "changed": {"goal_id": 2}}, "sv")
    'Lärde av 27 granskade påståenden från 2028-03; 2 påståendens mål ändrades.'
    """
    if not isinstance(teaching, dict) or not teaching.get("judgements"):
        return ""
    names = [str(m) for m in (teaching.get("meetings") or {}) if str(m)]
    if len(names) > 4:
        names = names[:3] + [t(lang, "taught_more", n=fmt_int(len(names) - 3, lang))]
    meetings = ", ".join(names[:-1]) + t(lang, "taught_and") + names[-1] if len(names) > 1 else "".join(names)
    changed = teaching.get("changed") or {}
    parts = [t(lang, key, k=fmt_int(int(changed[field]), lang))
             for field, key in (("goal_id", "taught_goal_part"), ("is_challenge", "taught_challenge_part"))
             if int(changed.get(field) or 0)]
    rest = t(lang, "taught_changed", parts=t(lang, "taught_and").join(parts)) if parts else t(lang, "taught_none")
    return f"{t(lang, 'taught_from', n=fmt_int(int(teaching['judgements']), lang), meetings=meetings)}; {rest}."


def taught_lines(teaching: dict[str, Any], lang: str) -> list[str]:
    """One sentence per way the judgements can teach (run.json ``corrections.teaching``): used or
    refused by its guard, and what it fixed and broke on the judgements themselves.

    >>> taught_lines({"goal_id": {"strength": 0.0, "fixed": 1, "broken": 0, "judgements": 9}}, "sv")[0][:44]
    'Målkopplingen, efter närmaste granskade påst'
    """
    out = []
    for key in ("goal_examples", "goal_id", "is_challenge"):
        g = teaching.get(key)
        if not isinstance(g, dict):
            continue
        which = "taught_used" if float(g.get("strength") or 0) > 0 else "taught_refused"
        out.append(t(lang, which, what=t(lang, f"taught_{key}"), fixed=int(g.get("fixed") or 0),
                     broken=int(g.get("broken") or 0)))
    return out
