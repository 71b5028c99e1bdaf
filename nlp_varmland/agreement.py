"""Agreement between the tool and its analysts on the statements they reviewed.

Per field (goal, challenge, theme): percent agreement and Cohen's kappa over the reviewed
statements, and the most frequent corrections, e.g. "gron-omstallning → natur-och-kultur (4)".
This tells a region whether the automatic coding can be trusted.

>>> round(cohen_kappa(["ja", "nej", "ja"], ["ja", "nej", "nej"]), 3)
0.4
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["agreement", "cohen_kappa", "format_value", "teaching_record", "taught_changes", "mark_taught", "FIELDS",
           "is_doubt", "NO_GOAL", "NO_THEME", "JA", "NEJ", "MOSTLY_CHANGES", "shown_count"]

#: The fields an analyst can set, in the order of ``notes.csv``'s ``corrected`` column.
FIELDS = ("goal_id", "is_challenge", "theme")
#: Values of the review drop-downs that mean "no goal" / "no theme" (an explicit judgement).
NO_GOAL = "(inget mål)"
NO_THEME = "(inget tema)"
JA, NEJ = "ja", "nej"
#: When at least this share of the reviewed statements hold a change, the review is (nearly) all
#: corrections: its agreement measures the errors the analysts found, not how often the tool is
#: right (tester B15: "Mål: överens 31 %" with 97 of 121 goals right). The report says so.
MOSTLY_CHANGES = 0.9


def shown_count(judgements: pd.DataFrame | None, notes: pd.DataFrame | None) -> int | None:
    """How many statements the analysts were shown: the kept statements of the meetings that have
    a judgement (the rows of their review.xlsx; ``corrections.shown_pins`` calls those meetings
    reviewed). None when it cannot be told (no notes, or no meeting column).

    >>> n = pd.DataFrame({"meeting": ["M", "M", "N"], "status": ["kept", "kept", "kept"]})
    >>> shown_count(pd.DataFrame({"meeting": ["M"]}), n)
    2
    """
    if judgements is None or not len(judgements) or notes is None or not len(notes) \
            or "meeting" not in judgements.columns or "meeting" not in notes.columns:
        return None
    kept = notes["status"].eq("kept") if "status" in notes.columns else pd.Series(True, index=notes.index)
    reviewed = set(judgements["meeting"].astype(str))
    return int((kept & notes["meeting"].astype(str).isin(reviewed)).sum())


def _model_values(notes: pd.DataFrame) -> dict[str, pd.Series]:
    """The tool's value of each field per note, as judgement strings (``""`` before it ran)."""
    def col(name: str, fill: Any) -> pd.Series:
        return notes[name].fillna(fill) if name in notes.columns else pd.Series(fill, index=notes.index)

    return {"goal_id": col("goal_id", "").astype(str),
            "is_challenge": col("is_challenge", False).astype(bool).map(lambda b: "true" if b else "false"),
            "theme": col("theme_label", "").astype(str)}


def format_value(field: str, value: str) -> str:
    """How a judgement value reads in the report: ja/nej, ``(inget mål)``, ``(inget tema)``."""
    if field == "is_challenge":
        return JA if value == "true" else NEJ
    if not value:
        return NO_GOAL if field == "goal_id" else NO_THEME
    return value


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two raters over the same items; None when it is undefined (one category).

    >>> round(cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), 3)
    0.5
    """
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if pe >= 1.0:
        return None
    return (po - pe) / (1.0 - pe)


def agreement(judgements: pd.DataFrame, notes: pd.DataFrame | None = None, *, top: int = 10,
              withdrawn: Any = None, shown: int | None = None) -> dict[str, Any]:
    """How far tool and analysts agree on the reviewed statements.

    A statement is reviewed when it has a judgement (the analyst changed a cell of its row or
    commented it); per field its pair is (tool, analyst). A field counts on a row when it has a
    judgement (it changed, or was confirmed) or, left alone, when the row was confirmed by a
    comment that does not doubt ("ok"): then the analyst's value is the tool's. A field left alone
    on a row reviewed only because another field changed is no opinion (tester B17).
    A field the analysts changed in *no* reviewed row
    has no agreement and no kappa (``no_changes``): a pre-filled cell left as it was cannot be
    told from a confirmation, and 100 % / kappa 1.00 there would be the tool agreeing with itself.
    Returns ``{"reviewed", "corrected", "fields": {field: {n, agreement, kappa, corrected,
    no_changes}}, "top": [{"field", "from", "to", "n", "text"}]}``; ``{}`` without judgements.
    ``notes`` (the tool's values before correction) lets untouched fields count as agreement,
    except the ``withdrawn`` ones: (note_id, field) pairs whose judgement an analyst removed
    (``Store.withdrawn_corrections``) are no opinion, so they count neither way.

    What the figures cover (tester B15: an analyst who corrects only the errors sees a low
    agreement although the tool was mostly right): ``shown`` (:func:`shown_count`, the statements
    the analysts were shown) adds ``"shown"`` and, per field, ``"shown"`` and ``"changed_of_shown"``
    (the share of the shown values the analysts changed: the honest reading of a corrections-only
    review); ``"changes_only"`` is True when at least :data:`MOSTLY_CHANGES` of the reviewed
    statements hold a change, so the agreement measures the errors found, not the tool.

    >>> j = pd.DataFrame({"note_id": ["a", "b"], "field": ["goal_id", "goal_id"],
    ...                   "model_value": ["x", "x"], "value": ["x", "y"], "corrected": [False, True]})
    >>> agreement(j)["fields"]["goal_id"]["agreement"], agreement(j)["top"][0]["text"]
    (0.5, 'x → y (1)')
    """
    if judgements is None or not len(judgements):
        return {}
    reviewed = list(dict.fromkeys(judgements["note_id"].astype(str)))
    model = None
    if notes is not None and len(notes):
        ids = notes["note_id"].astype(str).to_numpy()
        model = {f: dict(zip(ids, s)) for f, s in _model_values(notes).items()}
    gone = {(str(n), str(f)) for n, f in (withdrawn if withdrawn is not None else ())}
    # a field nobody judged counts (as agreement) only on a row the analyst confirmed with a
    # comment such as "ok" (tester B17: 78 themes nobody looked at gave theme agreement 88 %)
    said = judgements["comment"] if "comment" in judgements.columns else pd.Series("", index=judgements.index)
    confirmed = {str(n) for n, c in zip(judgements["note_id"], said)
                 if isinstance(c, str) and c.strip() and not is_doubt(c)}
    fields: dict[str, Any] = {}
    for field in FIELDS:
        mine = judgements[judgements["field"] == field]
        given = dict(zip(mine["note_id"].astype(str), zip(mine["model_value"], mine["value"])))
        pairs = []
        for nid in reviewed:
            if nid in given:
                pairs.append(given[nid])
            elif model is not None and nid in confirmed and nid in model[field] and (nid, field) not in gone:
                pairs.append((model[field][nid], model[field][nid]))
        if not pairs:
            continue
        a, b = [p[0] for p in pairs], [p[1] for p in pairs]
        n_changed = int(sum(x != y for x, y in pairs))
        cover = {"shown": shown, "changed_of_shown": round(n_changed / shown, 4)} if shown else {}
        if not n_changed:  # nothing tells a look at this field from no look at all
            fields[field] = {"n": len(pairs), "agreement": None, "kappa": None, "corrected": 0, "no_changes": True,
                             **cover}
            continue
        kappa = cohen_kappa(a, b)
        fields[field] = {"n": len(pairs), "agreement": round(sum(x == y for x, y in pairs) / len(pairs), 4),
                         "kappa": None if kappa is None else round(kappa, 4), "corrected": n_changed,
                         "no_changes": False, **cover}
    # a correction is a value other than the tool's the analyst judged (a confirmation that a
    # later run's tool no longer gives is applied and marked, but the analyst agreed with the tool)
    changed = judgements[judgements["model_value"].astype(str) != judgements["value"].astype(str)]
    counts = Counter(zip(changed["field"], changed["model_value"], changed["value"]))
    tops = [{"field": f, "from": format_value(f, a), "to": format_value(f, b), "n": n,
             "text": f"{format_value(f, a)} → {format_value(f, b)} ({n})"}
            for (f, a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    n_corrected = int(changed["note_id"].nunique())
    out = {"reviewed": len(reviewed), "corrected": n_corrected, "fields": fields, "top": tops,
           "changes_only": bool(n_corrected >= MOSTLY_CHANGES * len(reviewed))}
    if shown:
        out["shown"] = int(shown)
    return out


def teaching_record(examples: dict[str, Any] | None, guards: dict[str, Any] | None,
                    changed: dict[str, int]) -> dict[str, Any]:
    """run.json ``teaching``: what the analysts' judgements taught this run; ``{}`` without any.

    ``examples`` are ``feedback``'s examples of the run (``{"goal_id": FewShot|None,
    "is_challenge": FewShot|None}``: the store's judgements of other statements and this run's
    own), ``guards`` the decisions ``feedback`` recorded (``ctx.extra["teaching"]``), ``changed``
    how many statements got another value than the untaught model's, per field. Returns
    ``{"judgements": n distinct judged statements, "by_field": {field: n}, "meetings":
    {meeting: n statements}, "changed": {field: n}, "guards": {...}}``.

    >>> from types import SimpleNamespace as NS
    >>> ex = {"goal_id": NS(texts=("a", "b"), meetings=("M1", "M1")),
    ...       "is_challenge": NS(texts=("a",), meetings=("M1",))}
    >>> rec = teaching_record(ex, {}, {"goal_id": 2, "is_challenge": 0})
    >>> rec["judgements"], rec["meetings"], rec["changed"]
    (2, {'M1': 2}, {'goal_id': 2, 'is_challenge': 0})
    """
    by_field: dict[str, int] = {}
    statements: dict[tuple[str, str], None] = {}
    for field in ("goal_id", "is_challenge"):
        ex = (examples or {}).get(field)
        if ex is None:
            continue
        labels = getattr(ex, "labels", None)
        texts = tuple(getattr(ex, "texts", ()) or ())
        n = len(labels) if labels is not None else len(texts)
        if not n:
            continue
        by_field[field] = int(n)
        texts = texts if len(texts) == n else tuple(f"#{field}{i}" for i in range(n))  # unknown: each its own
        meetings = tuple(getattr(ex, "meetings", ()) or ())
        meetings = meetings if len(meetings) == n else ("",) * n
        for key in zip(meetings, texts):
            statements.setdefault((str(key[0]), " ".join(str(key[1]).split()).casefold()), None)
    if not by_field:
        return {}
    meetings_n = Counter(m for m, _ in statements)

    def plain(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if hasattr(v, "item") and not isinstance(v, (str, bytes)):
            return v.item()
        return v

    return {"judgements": len(statements), "by_field": by_field,
            "meetings": {m: int(meetings_n[m]) for m in sorted(meetings_n)},
            "changed": {f: int(changed.get(f, 0)) for f in ("goal_id", "is_challenge")},
            "guards": plain(dict(guards or {}))}


def taught_changes(ctx: Any) -> dict[str, int]:
    """Per field, how many statements the judgements gave another value than the untaught model
    (``stages`` keeps the untaught values in ``ctx.extra``); the analysts' own corrections are
    not counted here (they are marked in ``corrected``)."""
    out = {}
    before = ctx.extra.get("untaught goal_id")
    if before is not None and ctx.note_goals is not None and len(before) == len(ctx.note_goals):
        out["goal_id"] = int((before != ctx.note_goals["goal_id"].fillna("").astype(str).to_numpy()).sum())
    before = ctx.extra.get("untaught is_challenge")
    after = getattr(ctx, "is_challenge", None)
    if before is not None and after is not None and len(before) == len(after):
        flips = pd.Series(before, dtype=bool).to_numpy() != pd.Series(after, dtype=bool).to_numpy()
        out["is_challenge"] = int(flips.sum())
    return out


def mark_taught(ctx: Any, judged: pd.DataFrame | None, pins: pd.DataFrame | None) -> dict[str, int]:
    """notes.csv ``taught`` and run.json ``teaching.changed`` from the values the run OUTPUTS.

    A field is taught when its final value (after the analysts' judgements and the shown values
    of reviewed meetings) differs from the untaught model's (``ctx.extra["untaught ..."]``) and
    no judgement of that statement and field holds (those are the analyst's, marked
    ``corrected``). So a value the teaching moved and a shown value then took back is not
    marked nor counted (tester B15: March's 'Yrkesvux kvällstid'), and a learned value the
    analyst left in review.xlsx, pinned since, keeps its mark: the tool learned it and the
    analyst accepted it, for goals and challenge flags alike. ``ctx.extra["teaching"]["kept"]``
    counts those pinned ones per field. Returns the changed count per field
    (:func:`agreement.teaching_record`); without untaught values, :func:`agreement.taught_changes`.
    """
    notes = ctx.notes
    kept = np.asarray(ctx.kept_mask, dtype=bool)
    rows = notes.index[kept]
    final = _model_values(notes.loc[rows])
    untaught = {"goal_id": ctx.extra.get("untaught goal_id"), "is_challenge": ctx.extra.get("untaught is_challenge")}
    if all(u is None or len(u) != len(rows) for u in untaught.values()):
        return taught_changes(ctx)
    ids = notes.loc[rows, "note_id"].astype(str).to_numpy()

    def pairs(df: pd.DataFrame | None) -> set[tuple[str, str]]:
        if df is None or not len(df):
            return set()
        return set(zip(df["note_id"].astype(str), df["field"].astype(str)))

    own, pinned = pairs(judged), pairs(pins)
    marks: list[list[str]] = [[] for _ in ids]
    changed: dict[str, int] = {}
    kept_as_shown: dict[str, int] = {}
    for field, before in untaught.items():
        if before is None or len(before) != len(rows):
            continue
        before_s = (np.where(np.asarray(before, dtype=bool), "true", "false") if field == "is_challenge"
                    else np.asarray(before, dtype=object).astype(str))
        after = final[field].to_numpy().astype(str)
        n = k = 0
        for i in np.flatnonzero(before_s != after):
            if (ids[i], field) in own:
                continue
            marks[i].append(field)
            n += 1
            k += (ids[i], field) in pinned
        changed[field], kept_as_shown[field] = n, k
    if "taught" in notes.columns:
        notes.loc[rows, "taught"] = [";".join(m) for m in marks]
    if any(kept_as_shown.values()):
        ctx.extra.setdefault("teaching", {})["kept"] = kept_as_shown
    return changed


#: Swedish cues that a comment asks or doubts (one regular expression per line).
DOUBT_FILE = Path(__file__).resolve().parent / "data" / "sv_review_doubt.txt"


def is_doubt(comment: Any) -> bool:
    """True when an analyst's comment asks or doubts (a cue of ``data/sv_review_doubt.txt``):
    such a row is no confirmation. "ok", "rätt", "stämmer" and "✓" are not doubts.

    >>> [is_doubt(c) for c in ("fel mål? fråga Anna", "osäker", "?", "ok", "rätt", "stämmer", "✓", "")]
    [True, True, True, False, False, False, False, False]
    """
    text = " ".join(str(comment or "").split())
    return bool(text) and any(cue.search(text) for cue in _doubt_cues())


@lru_cache(maxsize=1)
def _doubt_cues() -> tuple[re.Pattern[str], ...]:
    lines = (DOUBT_FILE.read_text(encoding="utf-8")).splitlines()
    return tuple(re.compile(line.strip(), re.IGNORECASE) for line in lines
                 if line.strip() and not line.lstrip().startswith("#"))
