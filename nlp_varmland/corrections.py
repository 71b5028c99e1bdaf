"""Analyst corrections: find their statements, apply them, store them.

An analyst opens ``review.xlsx``, fixes a goal, a challenge flag or a theme, and feeds the file
back with ``--corrections``. ``correction_file`` reads that file (or a CSV, or a DataFrame) into
opinions; agreement between tool and analysts is in ``agreement``; how judgements teach the
models is in ``feedback``. This module turns the opinions into *judgements* -- one row per
(statement, field) that an analyst decided -- and applies them so that the analyst's value
wins in every output.

Rules (README, "Rätta analysen"):

* An empty cell is no opinion. A cell that differs from the tool's value is a **correction**.
  The tool's "no goal" is written as ``(inget mål)`` (not as an empty cell); picking it is the
  correction to "no goal".
* A row is **reviewed** when the analyst changed something in it or wrote a ``comment`` (e.g.
  "ok"); a file without a ``comment`` column counts every row as reviewed. In a reviewed row the
  unchanged ``goal_id`` and ``is_challenge`` are **confirmations**: the analyst agrees with the tool.
  A confirmed value wins too when a later run's tool gives another one, but it is no correction
  (no ``corrected`` mark): a correction is a value other than the one the analyst saw.
  Corrections and confirmations are both judgements; they teach the models (``feedback``).
* A comment that asks or doubts ("fel mål? fråga Anna", "osäker", "?"; cues in
  ``data/sv_review_doubt.txt``) does not review a row: its unchanged fields are no
  confirmations. The comment is kept (``Store.add_shown``, field ``comment``) and comes back in
  the next review.xlsx and in ``nlp-varmland corrections``.
* A cell set back to the model's own value (after an earlier correction) withdraws the stored
  judgement of that field: the model's value holds and the field is no opinion again.
* Every statement of a **reviewed meeting** (one with a judgement) keeps the goal and challenge
  flag the returned review.xlsx showed where the analyst left the cell (:func:`shown_pins`;
  stored, so later runs without the file agree). These shown values are no judgements: they
  count neither in the agreement nor teach, and they go when the meeting's last judgement is
  removed.
* A statement is found by ``note_id``, else by ``meeting`` + text (the input was moved or renamed).
* A file with any problem raises :class:`CorrectionsError` naming the row; nothing is applied.

>>> notes = pd.DataFrame({"note_id": ["a1", "b2"], "meeting": ["M", "M"], "status": ["kept", "kept"],
...     "text_clean": ["Bussen går sällan", "Fler hyresrätter"], "goal_id": ["kommunikationer", ""],
...     "area_id": ["platser", ""], "is_challenge": [True, False], "theme_id": [0, 0],
...     "theme_label": ["buss", "buss"]})
>>> opinions = read_corrections(pd.DataFrame({"note_id": ["a1"], "is_challenge": ["nej"]}))
>>> judged, _ = match_corrections(opinions, notes)
>>> judged[["note_id", "field", "model_value", "value", "corrected"]].values.tolist()
[['a1', 'is_challenge', 'true', 'false', True]]
>>> apply_corrections(notes, judged)[0]["is_challenge"].tolist()
[False, False]
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.agreement import (
    FIELDS,
    JA,
    NEJ,
    NO_GOAL,
    NO_THEME,
    _model_values,
    agreement,
    mark_taught,
    shown_count,
    teaching_record,
)
from nlp_varmland.correction_file import (
    REVIEW_SHEET,
    CorrectionsError,
    against_written,
    read_corrections,
    row_name,
)
from nlp_varmland.feedback import stored_opinions

__all__ = ["FIELDS", "CorrectionsError", "read_corrections", "match_corrections", "apply_corrections",
           "NO_GOAL", "NO_THEME", "REVIEW_SHEET", "JA", "NEJ", "correct_analysis",
           "CorrectionsInput", "load_corrections", "resolve_corrections", "record_corrections",
           "default_analyst"]

#: Analyst themes that are not in the run get ids from here on (stable: a hash of the name).
NEW_THEME_BASE = 1_000_000


# ----------------------------------------------------------------------------- matching


def _norm_text(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def match_corrections(opinions: pd.DataFrame, notes: pd.DataFrame, *, strict: bool = True,
                      source: str = "corrections") -> tuple[pd.DataFrame, list[str]]:
    """Find each opinion's statement in ``notes`` and keep the judgements.

    Returns ``(judgements, messages)``: judgements have ``note_id``, ``meeting``, ``text_clean``,
    ``field``, ``value``, ``model_value`` (the tool's value the analyst judged: the opinion's
    ``model_value`` -- as review.xlsx showed it, or as stored -- else this run's), ``tool_value``
    (this run's), ``corrected`` (the value differs from either: the analyst set it, so it is
    marked even when a later run's tool happens to agree) and the opinion's other columns.
    A statement is found by ``note_id``, else by meeting + text. With ``strict`` (a file the
    analyst gave) an unknown statement raises ``CorrectionsError``; otherwise (stored
    corrections of other meetings) it is left out silently. Statements that are no longer
    analysed (e.g. now a duplicate) are left out with a message.
    """
    empty = pd.DataFrame(columns=["note_id", "meeting", "text_clean", "field", "value", "model_value",
                                  "tool_value", "corrected"])
    if opinions is None or not len(opinions) or notes is None or not len(notes):
        if strict and opinions is not None and len(opinions):
            first = opinions.iloc[0]
            raise CorrectionsError(f"{source}: {row_name(first.get('row', '?'))}: note_id {first['note_id']!r} "
                                   "is not in this analysis; nothing was applied")
        return empty, []
    notes = notes.reset_index(drop=True)
    model = _model_values(notes)
    by_id = {nid: i for i, nid in enumerate(notes["note_id"].astype(str))}
    by_text: dict[tuple[str, str], int] = {}
    text_clean = notes["text_clean"].fillna("").astype(str) if "text_clean" in notes.columns else \
        pd.Series("", index=notes.index)
    for pos, (m, t, s) in enumerate(zip(notes["meeting"].astype(str), text_clean, notes["status"])):
        if s == "kept":
            by_text.setdefault((m, _norm_text(t)), pos)
    rows, messages, skipped = [], [], 0
    for op in opinions.to_dict("records"):
        i: int | None = by_id.get(str(op["note_id"]))
        if i is None and op.get("text"):
            i = by_text.get((str(op.get("meeting", "")), _norm_text(op["text"])))
        if i is None:
            if strict:
                raise CorrectionsError(
                    f"{source}: {row_name(op.get('row', '?'))}: note_id {op['note_id']!r} is not in this analysis "
                    "(nor its meeting + text); correct the file or analyse that meeting; nothing was applied")
            continue
        if notes.at[i, "status"] != "kept":
            skipped += 1
            continue
        current = model[op["field"]].iat[i]
        shown = op.get("model_value")
        shown = current if shown is None or (isinstance(shown, float) and np.isnan(shown)) else str(shown)
        # a correction is a value other than the one the analyst saw; a confirmation of a value the
        # tool no longer gives (a taught answer, another run) still wins, but is no correction
        corrected = str(op["value"]) != shown
        if op["field"] == "theme" and not corrected:
            continue  # a theme is only ever a correction: confirming one would pin a label
        if not corrected and not op.get("reviewed", True):
            continue
        rows.append({**op, "note_id": str(notes.at[i, "note_id"]), "meeting": str(notes.at[i, "meeting"]),
                     "text_clean": str(text_clean.iat[i]), "model_value": shown, "tool_value": current,
                     "corrected": corrected})
    if skipped:
        messages.append(f"{skipped} correction(s) left out: their statements are no longer analysed "
                        "(duplicate, empty, too short or not Swedish)")
    if not rows:
        return empty, messages
    judged = pd.DataFrame(rows)
    # one judgement per (note, field): the last one in the file (or the newest stored) wins
    judged = judged.drop_duplicates(["note_id", "field"], keep="last").reset_index(drop=True)
    judged["corrected"] = judged["corrected"].astype(bool)
    return judged, messages


# ----------------------------------------------------------------------------- applying


def new_theme_id(label: str) -> int:
    """A stable id for an analyst's new theme (the same name gives the same id in every run).

    >>> new_theme_id("Ny tema") == new_theme_id("ny  tema")
    True
    """
    return NEW_THEME_BASE + zlib.crc32(_norm_text(label).encode("utf-8")) % NEW_THEME_BASE


def apply_corrections(notes: pd.DataFrame, judgements: pd.DataFrame, *, goalset: Any = None,
                      themes: pd.DataFrame | None = None, vectors: np.ndarray | None = None,
                      first_new_id: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Set the analysts' values on the notes (and the themes table); add the ``corrected`` column.

    ``corrected`` lists the fields an analyst changed, e.g. ``goal_id;is_challenge``. A goal
    correction sets ``goal_id``, ``area_id`` (from ``goalset``), ``goals`` and the evidence; a theme
    correction moves the statement to the theme of that label, or to a new analyst theme.
    Returns copies; ``themes`` (when given) gets sizes counted again and a whole row per new
    analyst theme (summary, group: ``analyst_themes``; ``vectors``, one per kept note, find its
    nearest theme). A new theme's id is ``first_new_id``, the next one's one more (the pipeline
    passes the first id above every theme id of the run and of the store: a short number, like
    the other themes'); without it, ``new_theme_id`` (a hash of the name).
    """
    notes = notes.copy()
    notes["corrected"] = ""
    if judgements is None or not len(judgements):
        return notes, themes
    index = {nid: i for i, nid in zip(notes.index, notes["note_id"].astype(str))}
    confirmed = judgements[~judgements["corrected"].astype(bool)
                           & judgements["field"].isin(["goal_id", "is_challenge"])]
    if "tool_value" in confirmed.columns and len(confirmed):  # confirmed, but the tool now says otherwise
        confirmed = confirmed[confirmed["value"].astype(str) != confirmed["tool_value"].astype(str)]
        notes = apply_shown(notes, confirmed, goalset=goalset, why="bekräftat av analytiker")
    changed = judgements[judgements["corrected"].astype(bool)]
    marks: dict[Any, list[str]] = {}
    label_to_id: dict[str, int] = {}
    if themes is not None and len(themes):
        label_to_id = {_norm_text(lab): int(t) for t, lab in zip(themes["theme_id"], themes["label"])}
    elif "theme_label" in notes.columns:
        label_to_id = {_norm_text(lab): int(t) for t, lab in zip(notes["theme_id"], notes["theme_label"])
                       if lab and int(t) >= 0}
    new_labels: dict[int, str] = {}
    for j in changed.itertuples(index=False):
        i = index.get(str(j.note_id))
        if i is None:
            continue
        marks.setdefault(i, []).append(j.field)
        if j.field == "goal_id":
            goal = str(j.value)
            area = (goalset.area_of(goal) if goalset is not None else goal) if goal else ""
            notes.at[i, "goal_id"], notes.at[i, "area_id"] = goal, area
            tool = getattr(j, "tool_value", j.model_value)
            tool = j.model_value if tool == j.value or not isinstance(tool, str) else tool
            # the tool's score was for its own goal: it says nothing of the analyst's (tester B11)
            for col, value in (("goals", goal), ("emerging", not goal), ("goal_score", float("nan")),
                               ("goal_evidence", f"rättad av analytiker (verktyget: {tool or NO_GOAL})")):
                if col in notes.columns:
                    notes.at[i, col] = value
        elif j.field == "is_challenge":
            notes.at[i, "is_challenge"] = str(j.value) == "true"
        elif j.field == "theme":
            label = str(j.value)
            found = label_to_id.get(_norm_text(label)) if label else -1
            if found is None:
                found = new_theme_id(label) if first_new_id is None else int(first_new_id) + len(new_labels)
                label_to_id[_norm_text(label)] = found
                new_labels[found] = label
            notes.at[i, "theme_id"] = found
            if "theme_label" in notes.columns:
                notes.at[i, "theme_label"] = label
    for i, fields in marks.items():
        notes.at[i, "corrected"] = ";".join(f for f in FIELDS if f in fields)
        if "taught" in notes.columns and notes.at[i, "taught"]:  # the analyst's own value, not a lesson
            notes.at[i, "taught"] = ";".join(f for f in str(notes.at[i, "taught"]).split(";") if f not in fields)
    if "is_challenge" in notes.columns:
        notes["is_challenge"] = notes["is_challenge"].astype(bool)
    if themes is not None and "theme" in set(changed["field"]):
        from nlp_varmland.analyst_themes import recount_themes

        themes = recount_themes(themes, notes, new_labels, vectors)
    return notes, themes


# ----------------------------------------------------------------------------- in the pipeline


@dataclass
class CorrectionsInput:
    """An analyst's corrections file, read and checked before any work is done."""

    opinions: pd.DataFrame
    source: str
    analyst: str
    #: (note_id, field) the analyst set back to the model's value: their stored judgement is withdrawn.
    undo: list[tuple[str, str]] = dataclass_field(default_factory=list)
    #: What a review.xlsx showed where the analyst left it (note_id, meeting, text, field, value).
    shown: pd.DataFrame | None = None
    #: Per row of a file with comments: its question ("fel mål?"), or "" (note_id, meeting, text, comment).
    questions: pd.DataFrame | None = None


def default_analyst() -> str:
    """The OS user name (who made the corrections, when ``--analyst`` is not given)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in a container: still record something
        return "okänd"


def load_corrections(corrections: Any, *, goalset: Any = None, analyst: str | None = None) -> CorrectionsInput | None:
    """Read and check ``corrections`` (path, DataFrame or None) up front: errors before the work.

    >>> load_corrections(None) is None
    True
    """
    if corrections is None:
        return None
    if isinstance(corrections, CorrectionsInput):
        return corrections
    source = "corrections" if isinstance(corrections, pd.DataFrame) else str(corrections)
    opinions = read_corrections(corrections, goalset=goalset)
    undo = [(str(n), str(f)) for _, n, f in opinions.attrs.get("undo", [])]
    shown, questions = opinions.attrs.pop("shown", None), opinions.attrs.pop("questions", None)
    return CorrectionsInput(opinions, source, analyst or default_analyst(), undo, shown, questions)


def resolve_corrections(given: CorrectionsInput | None, notes: pd.DataFrame, *,
                        store: Any = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The judgements that hold for ``notes`` (the tool's values): ``(all, from the file, messages)``.

    Stored judgements (``store``) count for the statements they find here; the file's are
    newer and win. A file naming a statement that is not here raises ``CorrectionsError``.
    """
    messages: list[str] = []
    parts = []
    stored = stored_opinions(store)
    if stored is not None:  # with the comments stored with them (schema v5), for the next review.xlsx
        nc = store.note_corrections()
        if "comment" in nc.columns and "correction_id" in stored.columns:
            said = dict(zip(nc["correction_id"], nc["comment"].fillna("").astype(str)))
            stored = stored.assign(comment=stored["correction_id"].map(said).fillna(""))
        if given is not None and given.undo:  # set back to the model's value in the file: withdrawn
            keys = pd.Series(list(zip(stored["note_id"].astype(str), stored["field"].astype(str))),
                             index=stored.index)
            stored = stored[~keys.isin(set(given.undo))]
        judged, msgs = match_corrections(stored, notes, strict=False)
        parts.append(judged)
        messages += msgs
    from_file = pd.DataFrame()
    if given is not None and len(given.opinions):
        opinions = given.opinions
        if opinions.attrs.get("unwritten"):  # review.xlsx saved as CSV: compared with what is shown
            opinions = against_written(opinions, *_written(notes, parts[0] if parts else None, store))
        from_file, msgs = match_corrections(opinions, notes, strict=True, source=given.source)
        if len(from_file):
            from_file = from_file.assign(analyst=given.analyst)
        parts.append(from_file)
        messages += msgs
    parts = [p for p in parts if len(p)]
    if not parts:
        return match_corrections(None, notes)[0], from_file, messages
    judged = pd.concat(parts, ignore_index=True).drop_duplicates(["note_id", "field"], keep="last")
    return judged.reset_index(drop=True), from_file, messages


def _written(notes: pd.DataFrame, judged: pd.DataFrame | None, store: Any) -> tuple[dict, dict]:
    """What each statement shows without the file -- (note_id, field) -> value: a stored judgement,
    else a value a review file showed (the store's ``shown_values``), else the tool's -- and the
    stored judgements as (value, model_value, comment); for ``against_written``."""
    model = _model_values(notes)
    ids = notes["note_id"].astype(str).tolist()
    written = {(n, f): str(v) for f, col in model.items() for n, v in zip(ids, col)}
    if store is not None and hasattr(store, "shown_values"):
        shown = store.shown_values()
        written.update({(str(n), str(f)): str(v) for n, f, v in zip(shown["note_id"], shown["field"], shown["value"])
                        if f in FIELDS})
    stored: dict[tuple[str, str], tuple[str, Any, str]] = {}
    if judged is not None and len(judged):
        for r in judged.to_dict("records"):
            stored[(str(r["note_id"]), str(r["field"]))] = (str(r["value"]), r.get("model_value"),
                                                           str(r.get("comment", "") or ""))
        written.update({k: v[0] for k, v in stored.items()})
    return written, stored


def _locate(rows: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (note_id, meeting, text, ...) found among the kept ``notes`` by note_id, else by
    meeting + text: note_id, meeting and text_clean become the statement's; others are left out."""
    kept = notes[notes["status"] == "kept"] if "status" in notes.columns else notes
    if rows is None or not len(rows) or not len(kept):
        return pd.DataFrame(columns=list(rows.columns if rows is not None else []) + ["text_clean"])
    text = kept["text_clean"].fillna("").astype(str) if "text_clean" in kept.columns else pd.Series("", kept.index)
    info = list(zip(kept["note_id"].astype(str), kept["meeting"].astype(str), text))
    by_id = {n: k for k, (n, _, _) in enumerate(info)}
    by_text: dict[tuple[str, str], int] = {}
    for k, (_, m, t) in enumerate(info):
        by_text.setdefault((m, _norm_text(t)), k)
    out = []
    for rec in rows.to_dict("records"):
        at: int | None = by_id.get(str(rec["note_id"]))
        if at is None and rec.get("text"):
            at = by_text.get((str(rec.get("meeting", "")), _norm_text(rec["text"])))
        if at is not None:
            out.append({**rec, "note_id": info[at][0], "meeting": info[at][1], "text_clean": info[at][2]})
    return pd.DataFrame(out, columns=list(rows.columns) + (["text_clean"] if "text_clean" not in rows else []))


def shown_pins(given: CorrectionsInput | None, notes: pd.DataFrame, judged: pd.DataFrame, *,
               store: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The values a returned review.xlsx showed that statements of reviewed meetings keep:
    ``(pins for this run, the file's new ones to store)``.

    A meeting is reviewed when a statement of it has a judgement here (``judged``). Every
    statement of such a meeting keeps the goal and challenge flag the file showed where the
    analyst left the cell (tester B13: in a second review round, October had shown the goal
    March's judgements taught, the analyst accepted it, and once October was reviewed it went
    back to the untaught model's answer). The shown values come from the file (``given.shown``)
    and from the store (``Store.shown_values``, the file's win); a judgement of the field wins
    over them, and they are no judgements: not in the agreement, not taught. Both frames have
    note_id, meeting, text_clean, field and value.
    """
    cols = ["note_id", "meeting", "text_clean", "field", "value"]
    none = pd.DataFrame(columns=cols)
    if judged is None or not len(judged):
        return none, none
    parts = []
    if store is not None and hasattr(store, "shown_values"):
        stored = store.shown_values()
        stored = stored[stored["field"].isin(["goal_id", "is_challenge"])]
        parts.append(stored.rename(columns={"text_clean": "text"})[["note_id", "meeting", "text", "field", "value"]])
    new = none
    if given is not None and given.shown is not None and len(given.shown):
        new = _locate(given.shown, notes)
        parts.append(new.drop(columns=["text"]).rename(columns={"text_clean": "text"}))
    if not parts:
        return none, none
    pins = _locate(pd.concat(parts, ignore_index=True), notes)
    if not len(pins):
        return none, none
    reviewed = set(judged["meeting"].astype(str))
    taken = set(zip(judged["note_id"].astype(str), judged["field"].astype(str)))

    def keep(df: pd.DataFrame) -> pd.DataFrame:
        mask = df["meeting"].astype(str).isin(reviewed) & ~pd.Series(
            [(str(n), str(f)) in taken for n, f in zip(df["note_id"], df["field"])], index=df.index, dtype=bool)
        return df.loc[mask, cols].drop_duplicates(["note_id", "field"], keep="last").reset_index(drop=True)

    return keep(pins), (keep(new) if len(new) else none)


def apply_shown(notes: pd.DataFrame, pins: pd.DataFrame, *, goalset: Any = None,
                why: str = "som granskningsfilen visade den; analytikern lät målet stå") -> pd.DataFrame:
    """Set the shown values (:func:`shown_pins`) where the run gives another; no ``corrected`` mark.

    >>> notes = pd.DataFrame({"note_id": ["a"], "goal_id": ["bostader"], "area_id": ["platser"],
    ...                       "is_challenge": [False]})
    >>> pins = pd.DataFrame({"note_id": ["a", "a"], "field": ["goal_id", "is_challenge"], "value": ["service", "true"]})
    >>> apply_shown(notes, pins)[["goal_id", "area_id", "is_challenge"]].values.tolist()
    [['service', 'service', True]]
    """
    if pins is None or not len(pins):
        return notes
    notes = notes.copy()
    index = {nid: i for i, nid in zip(notes.index, notes["note_id"].astype(str))}
    current = _model_values(notes)
    for pin in pins.itertuples(index=False):
        i = index.get(str(pin.note_id))
        if i is None or pin.field not in ("goal_id", "is_challenge") or current[pin.field].at[i] == str(pin.value):
            continue
        if pin.field == "is_challenge":
            notes.at[i, "is_challenge"] = str(pin.value) == "true"
            continue
        goal = str(pin.value)
        before = current["goal_id"].at[i]
        notes.at[i, "goal_id"] = goal
        notes.at[i, "area_id"] = (goalset.area_of(goal) if goalset is not None else goal) if goal else ""
        for col, value in (("goals", goal), ("emerging", not goal), ("goal_score", float("nan")),
                           ("goal_evidence", f"{why} (verktyget nu: {before or NO_GOAL})")):
            if col in notes.columns:
                notes.at[i, col] = value
    if "is_challenge" in notes.columns:
        notes["is_challenge"] = notes["is_challenge"].astype(bool)
    return notes


def run_questions(given: CorrectionsInput | None, notes: pd.DataFrame, *,
                  store: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Comments that ask or doubt on rows with no judgement (``agreement.is_doubt``):
    ``(those that hold for this run's statements, the file's records to store)``. The file's
    rows win over the store's; a file row with no question withdraws the stored one. Columns
    note_id, meeting, text_clean, comment (store records: field ``comment``, value)."""
    parts = []
    if store is not None and hasattr(store, "shown_values"):
        stored = store.shown_values()
        stored = stored[stored["field"] == "comment"]
        parts.append(pd.DataFrame({"note_id": stored["note_id"], "meeting": stored["meeting"],
                                   "text": stored["text_clean"], "comment": stored["value"]}))
    new = pd.DataFrame(columns=["note_id", "meeting", "text", "comment", "text_clean"])
    if given is not None and given.questions is not None and len(given.questions):
        new = _locate(given.questions, notes)
        parts.append(new.drop(columns=["text"]).rename(columns={"text_clean": "text"}))
    cols = ["note_id", "meeting", "text_clean", "comment"]
    found = _locate(pd.concat(parts, ignore_index=True), notes) if parts else pd.DataFrame(columns=cols)
    found = found.drop_duplicates("note_id", keep="last") if len(found) else found
    found = found[found["comment"].fillna("").astype(str) != ""] if len(found) else found
    to_store = pd.DataFrame({"note_id": new["note_id"], "meeting": new["meeting"], "text_clean": new["text_clean"],
                             "field": "comment", "value": new["comment"]})
    return found[cols].reset_index(drop=True), to_store


def record_corrections(store: Any, from_file: pd.DataFrame, analyst: str) -> int:
    """Store a file's judgements (who and when); call it inside the run's store transaction."""
    if store is None or from_file is None or not len(from_file):
        return 0
    cols = ["note_id", "meeting", "text_clean", "field", "value", "model_value"]
    rows = from_file[cols + (["comment"] if "comment" in from_file.columns else [])]
    return int(store.add_corrections(rows, analyst=analyst))


def corrections_table(judged: pd.DataFrame) -> pd.DataFrame:
    """``Analysis.corrections``: one row per judgement that holds for the run.

    Columns: note_id, meeting, field, model_value, value, corrected, analyst, created, correction_id,
    comment (the analyst's comment, in the file or stored with the judgement) and tool_value (this
    run's model value, before the analyst's wins; review.xlsx keeps it on its hidden sheet).
    """
    cols = ["note_id", "meeting", "text_clean", "field", "model_value", "value", "corrected", "analyst",
            "created", "correction_id", "comment", "tool_value"]
    if judged is None or not len(judged):
        return pd.DataFrame(columns=cols)
    out = judged.copy()
    if "tool_value" not in out.columns:
        out["tool_value"] = out["model_value"]
    for c in cols:
        if c not in out.columns:
            out[c] = ""
    out["comment"] = out["comment"].fillna("").astype(str)
    return out[cols].reset_index(drop=True)


def withdrawn_pairs(store: Any) -> list[tuple[str, str]]:
    """(note_id, field) of the store's withdrawn judgements (removed, not judged again): no opinion."""
    if store is None or not hasattr(store, "withdrawn_corrections"):
        return []
    gone = store.withdrawn_corrections()
    return list(zip(gone["note_id"].astype(str), gone["field"].astype(str)))


def correct_analysis(notes: pd.DataFrame, themes: pd.DataFrame | None, *, given: CorrectionsInput | None,
                     store: Any = None, goalset: Any = None, vectors: np.ndarray | None = None,
                     first_new_id: int | None = None) -> dict[str, Any]:
    """The pipeline's corrections stage: resolve, measure agreement, apply.

    Returns ``{"notes", "themes", "table" (Analysis.corrections), "run" (run.json "corrections",
    {} without judgements), "messages", "from_file" (judgements to record in the store)}``.
    """
    judged, from_file, messages = resolve_corrections(given, notes, store=store)
    undo = given.undo if given is not None else []
    info = agreement(judged, notes, withdrawn=withdrawn_pairs(store) + list(undo), shown=shown_count(judged, notes))
    pins, new_pins = shown_pins(given, notes, judged, store=store)
    questions, new_questions = run_questions(given, notes, store=store)
    notes, themes = apply_corrections(notes, judged, goalset=goalset, themes=themes, vectors=vectors,
                                      first_new_id=first_new_id)
    notes = apply_shown(notes, pins, goalset=goalset)
    if info:  # the file's name only: no home folder or user name leaves the machine in run.json
        info["file"] = Path(given.source).name if given is not None else None
    table = corrections_table(judged)
    if len(questions):  # comments that ask: no judgement, but the next review.xlsx shows them again
        asked = questions.assign(field="comment", value=questions["comment"], model_value="", tool_value="",
                                 corrected=False, analyst="", created="", correction_id=None)
        table = pd.concat([table, asked[table.columns]], ignore_index=True)
    return {"notes": notes, "themes": themes, "table": table, "run": info, "messages": messages,
            "from_file": from_file, "shown": pd.concat([new_pins, new_questions], ignore_index=True),
            "pins": pins, "judged": judged}


def check_corrections(given: CorrectionsInput | None, notes: pd.DataFrame) -> None:
    """Fail now (before embedding, before the store is written) if the file names a statement
    that is not in ``notes``; the message names the row."""
    if given is not None and len(given.opinions):
        match_corrections(given.opinions, notes, strict=True, source=given.source)


def corrections_stage(ctx: Any) -> None:
    """The pipeline's corrections stage on a ``stages.RunContext``.

    Stored judgements (``ctx.store``) and the file's (``ctx.corrections``) win over the models'
    values; the file's are recorded in the store with the analyst and the time. Leaves
    ``ctx.extra["corrections"]`` (``Analysis.corrections``) and ``ctx.extra["corrections_run"]``
    (run.json ``corrections``: agreement, most frequent corrections; ``{}`` without any).
    """
    given, store = ctx.corrections, ctx.store
    notes = ctx.notes
    if "theme_label" not in notes.columns:  # the tool's theme, as the review file shows it
        label_of = dict(zip(ctx.themes["theme_id"], ctx.themes["label"])) if len(ctx.themes) else {}
        notes["theme_label"] = [label_of.get(t, "") for t in notes["theme_id"]]
    vectors = ctx.theme_vectors if getattr(ctx, "theme_vectors", None) is not None else ctx.vectors
    ids = [int(t) for t in ctx.themes["theme_id"]] if len(ctx.themes) else []
    first_new_id = max(ids + [store.max_theme_id() if hasattr(store, "max_theme_id") else 0, 0]) + 1
    out = correct_analysis(notes, ctx.themes, given=given, store=store, goalset=ctx.goalset, vectors=vectors,
                           first_new_id=first_new_id)
    ctx.notes = out["notes"]
    if out["themes"] is not None:
        ctx.themes = out["themes"]
    ctx.messages.extend(out["messages"])
    stored = 0
    if store is None and len(out["from_file"]):
        ctx.messages.append("corrections applied to this run only; add --db STORE to keep them for later runs")
    if store is not None and (len(out["from_file"]) or len(out["shown"])):
        if getattr(store, "readonly", False):
            ctx.messages.append("the store is read-only: the corrections were applied to this run but not stored")
        else:
            stored = record_corrections(store, out["from_file"], given.analyst)
            if len(out["shown"]) and hasattr(store, "add_shown"):
                store.add_shown(out["shown"], analyst=given.analyst)
    if store is not None and given is not None and given.undo and not getattr(store, "readonly", False):
        gone = store.withdraw_corrections(given.undo)
        if gone:
            ctx.messages.append(f"{gone} stored correction(s) withdrawn: set back to the tool's own value")
    ctx.extra["corrections"] = out["table"]
    if out["run"]:
        ctx.extra["corrections_run"] = {**out["run"], "stored": stored}
    changed = mark_taught(ctx, out["judged"], out["pins"])
    ctx.extra["teaching_run"] = teaching_record(ctx.extra.get("examples"), ctx.extra.get("teaching"),
                                                changed)

