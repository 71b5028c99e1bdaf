"""Analysts' corrections of single statements: goal, challenge flag or theme, with who and when.

Kept in ``note_corrections`` (schema v3; v4 adds ``model_value``, v5 ``comment``), keyed by
``note_id`` and independent of the meetings table, so re-running a meeting keeps them. A new
correction of the same (note_id, field) supersedes the older one; the same judgement again
(same value, tool value and comment) is not stored twice. A correction can be removed again:
the judgement it superseded holds again, and without one it is *withdrawn* -- that field of that
statement is no opinion, neither a correction nor a confirmation (``withdrawn_corrections``),
until an analyst judges it again.
``labelled_examples`` joins the active corrections with the stored embeddings of their
statements, for few-shot learning. ``note_shown`` (schema v7, ``add_shown``/``shown_values``)
keeps what a returned review.xlsx showed of the statements of a reviewed meeting, and the
questions analysts wrote on rows they did not judge; these are no judgements.

>>> import pandas as pd
>>> from nlp_varmland.store import Store
>>> rows = pd.DataFrame({"note_id": ["a1", "a1"], "meeting": ["M1", "M1"],
...                      "text_clean": ["bussen går för sällan"] * 2,
...                      "field": ["goal_id", "goal_id"], "value": ["gron-omstallning", "natur-och-kultur"]})
>>> with Store(":memory:") as store:
...     store.add_corrections(rows, analyst="Anna")
...     store.note_corrections()[["note_id", "field", "value", "analyst"]].values.tolist()
2
[['a1', 'goal_id', 'natur-och-kultur', 'Anna']]
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError
from nlp_varmland.store.connection import _now, _text
from nlp_varmland.store.meetings import MeetingsMixin

__all__ = ["CORRECTION_FIELDS", "CORRECTION_COLUMNS", "CorrectionsMixin"]

#: Fields of a statement an analyst can correct.
CORRECTION_FIELDS = ("goal_id", "is_challenge", "theme")
#: Columns of :meth:`CorrectionsMixin.note_corrections`.
CORRECTION_COLUMNS = ["correction_id", "note_id", "meeting", "text_clean", "field", "value",
                      "analyst", "created", "removed", "model_value", "comment"]
_INPUT_COLUMNS = ("note_id", "meeting", "text_clean", "field", "value")
#: Fields of ``note_shown`` (schema v7): the values a review file showed, and a comment-only record.
SHOWN_FIELDS = ("goal_id", "is_challenge", "comment")


class CorrectionsMixin(MeetingsMixin):
    """Storing, listing, removing and learning from statement corrections."""

    def add_corrections(self, rows: pd.DataFrame, *, analyst: str) -> int:
        """Store corrections in one transaction; return how many were added.

        ``rows`` has the columns note_id, meeting, text_clean, field (``goal_id``,
        ``is_challenge`` or ``theme``) and value (a string); optionally ``model_value``, the tool's
        value the analyst saw (so a correction stays one when a later run's tool agrees with the
        analyst; missing or NaN = unknown, stored as NULL) and ``comment``. Each gets the UTC
        time and ``analyst``; it supersedes any active correction of the same (note_id, field),
        also one earlier in ``rows``. A row equal to the active one (value, model_value and
        comment) is not stored again (a review.xlsx fed back twice, a pre-filled "ok"), and not
        counted. Nothing is stored when a row is invalid.
        """
        missing = [c for c in _INPUT_COLUMNS if c not in rows.columns]
        if missing:
            raise StoreError(f"corrections need the columns {', '.join(_INPUT_COLUMNS)}; "
                             f"missing {', '.join(missing)}")
        records = []
        shown = rows["model_value"].tolist() if "model_value" in rows.columns else [None] * len(rows)
        notes = rows["comment"].map(_text).tolist() if "comment" in rows.columns else [""] * len(rows)
        for i, (rec, seen, comment) in enumerate(zip(rows[list(_INPUT_COLUMNS)].itertuples(index=False), shown,
                                                     notes), start=1):
            note_id, meeting, text_clean, field, value = (_text(v) for v in rec)
            model_value = None if seen is None or (isinstance(seen, float) and np.isnan(seen)) else _text(seen)
            if field not in CORRECTION_FIELDS:
                raise StoreError(f"correction row {i}: field {field!r} is not one of "
                                 f"{', '.join(CORRECTION_FIELDS)}")
            if not note_id:
                raise StoreError(f"correction row {i}: note_id is empty")
            records.append((note_id, meeting, text_clean, field, value, model_value, " ".join(comment.split())))
        analyst = _text(analyst)
        added = 0
        with self._write() as conn:
            now = _now()
            for note_id, meeting, text_clean, field, value, model_value, comment in records:
                same = conn.execute(
                    "SELECT 1 FROM note_corrections WHERE note_id = ? AND field = ? AND removed = 0 AND "
                    "value = ? AND model_value IS ? AND comment = ?",
                    (note_id, field, value, model_value, comment)).fetchone()
                if same is not None:
                    continue
                new_id = conn.execute(
                    "INSERT INTO note_corrections (note_id, meeting, text_clean, field, value, "
                    "analyst, created, model_value, comment) VALUES (?,?,?,?,?,?,?,?,?)",
                    (note_id, meeting, text_clean, field, value, analyst, now, model_value, comment)).lastrowid
                conn.execute("UPDATE note_corrections SET removed = 1, superseded_by = ? WHERE "
                             "note_id = ? AND field = ? AND removed = 0 AND correction_id < ?",
                             (new_id, note_id, field, new_id))
                # a judgement replaces the value a review file showed (removing it gives the tool's)
                conn.execute("UPDATE note_shown SET removed = 1 WHERE note_id = ? AND field = ? AND removed = 0",
                             (note_id, field))
                added += 1
        return added

    def note_corrections(self, *, include_removed: bool = False) -> pd.DataFrame:
        """Statement corrections, oldest first: the active ones (the newest per note_id and
        field, not removed), or with ``include_removed`` every one ever made. ``model_value`` is
        None where the tool's value was not known when it was stored."""
        where = "" if include_removed else " WHERE removed = 0"
        with self._read() as conn:
            df = pd.read_sql_query(f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM note_corrections"
                                   f"{where} ORDER BY correction_id", conn)
        df["correction_id"] = df["correction_id"].astype(int)
        df["removed"] = df["removed"].astype(bool)
        df["model_value"] = df["model_value"].astype(object).where(df["model_value"].notna(), None)
        return df

    def correction_list(self, *, include_removed: bool = False) -> pd.DataFrame:
        """The stored judgements as ``nlp-varmland corrections`` lists them: columns id, meeting,
        note_id, field, tool_value (None when unknown), analyst_value, analyst, when, comment
        and, with ``include_removed``, state (active, superseded, withdrawn)."""
        df = self.note_corrections(include_removed=include_removed)
        with self._read() as conn:
            superseded = {int(r[0]) for r in conn.execute(
                "SELECT correction_id FROM note_corrections WHERE superseded_by IS NOT NULL")}
        out = pd.DataFrame({
            "id": df["correction_id"], "meeting": df["meeting"], "note_id": df["note_id"], "field": df["field"],
            "tool_value": df["model_value"], "analyst_value": df["value"],
            "analyst": df["analyst"], "when": df["created"], "comment": df["comment"]})
        if include_removed:
            out["state"] = ["superseded" if i in superseded else "withdrawn" if r else "active"
                            for i, r in zip(df["correction_id"], df["removed"])]
        return out

    def max_theme_id(self) -> int:
        """The largest stable theme id the registry has given (0 when none): an analyst's new
        theme gets an id above it, so it never stands for a registry theme in another run."""
        with self._read() as conn:
            row = conn.execute("SELECT max(registry_id) FROM themes").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def withdrawn_corrections(self) -> pd.DataFrame:
        """(note_id, field) whose judgement an analyst removed and nobody has judged again: the
        model's value holds there, and the field counts as no opinion (not a confirmation) in
        the agreement. Columns note_id, meeting, text_clean, field."""
        with self._read() as conn:
            return pd.read_sql_query(
                "SELECT note_id, meeting, text_clean, field FROM note_corrections c WHERE removed = 1 "
                "AND superseded_by IS NULL AND NOT EXISTS (SELECT 1 FROM note_corrections a WHERE "
                "a.note_id = c.note_id AND a.field = c.field AND a.removed = 0) "
                "GROUP BY note_id, field ORDER BY max(correction_id)", conn)

    def withdraw_corrections(self, pairs: list[tuple[str, str]]) -> int:
        """Withdraw the active judgements of these (note_id, field) pairs (an analyst set the field
        back to the model's value); return how many were withdrawn."""
        n = 0
        with self._write() as conn:
            for note_id, field in pairs:
                n += conn.execute("UPDATE note_corrections SET removed = 1 WHERE note_id = ? AND field = ? "
                                  "AND removed = 0", (str(note_id), str(field))).rowcount
            for note_id in dict.fromkeys(str(p[0]) for p in pairs):
                _unreview_if_unchanged(conn, note_id)
            _forget_shown_if_unreviewed(conn)
        return n

    def remove_correction(self, correction_id: int) -> bool:
        """Remove a correction, restoring the state before it; False if it is unknown.

        The judgement it superseded (the same field of the same statement, e.g. an earlier
        round's) is active again (tester B17: removing a bad CSV's correction gave the tool's value
        back, not the analyst's round-2 judgement). Without one the model's value counts again and
        that field is no opinion (``withdrawn_corrections``), not a confirmation; when then no
        change and no comment is left on the statement, its row is no longer reviewed and the
        confirmations of its other fields are withdrawn too. A superseded correction is taken out
        of its chain: what it superseded is now superseded by its successor.

        >>> import pandas as pd
        >>> from nlp_varmland.store import Store
        >>> one = {"note_id": ["a1"], "meeting": ["M"], "text_clean": ["t"], "field": ["goal_id"]}
        >>> with Store(":memory:") as store:
        ...     _ = store.add_corrections(pd.DataFrame({**one, "value": ["bostader"]}), analyst="Anna")
        ...     _ = store.add_corrections(pd.DataFrame({**one, "value": ["service"]}), analyst="CSV")
        ...     store.remove_correction(2), store.note_corrections()["value"].tolist()
        (True, ['bostader'])
        """
        cid = int(correction_id)
        with self._write() as conn:
            row = conn.execute("SELECT removed, note_id, superseded_by FROM note_corrections WHERE "
                               "correction_id = ?", (cid,)).fetchone()
            if row is None:
                return False
            conn.execute("UPDATE note_corrections SET removed = 1, superseded_by = NULL WHERE correction_id = ?",
                         (cid,))
            if not row[0]:  # active: the judgement it superseded holds again
                prev = _superseded(conn, cid)
                if prev is not None:
                    conn.execute("UPDATE note_corrections SET removed = 0, superseded_by = NULL "
                                 "WHERE correction_id = ?", (prev,))
            else:
                conn.execute("UPDATE note_corrections SET superseded_by = ? WHERE superseded_by = ?", (row[2], cid))
            _unreview_if_unchanged(conn, str(row[1]))
            _forget_shown_if_unreviewed(conn)
        return True

    def superseded_of(self, correction_id: int) -> int | None:
        """The id of the active judgement ``correction_id`` superseded (what removing it restores)."""
        with self._read() as conn:
            return _superseded(conn, int(correction_id))

    def add_shown(self, rows: pd.DataFrame, *, analyst: str) -> int:
        """Store what a returned review.xlsx showed (schema v7, ``note_shown``); return how many
        records were added or withdrawn.

        ``rows`` has note_id, meeting, text_clean, field and value: ``goal_id`` / ``is_challenge``
        with the value the file showed (a statement of a reviewed meeting the analyst left as it
        was), or ``comment`` with an analyst's comment on a row with no judgement (a question;
        ``""`` withdraws the stored one). A record supersedes the active one of the same
        (note_id, field); the same value again is not stored twice. Shown values are not
        judgements: they never count in the agreement nor teach, but a later run keeps them
        (``shown_values``) while the statement's meeting has an active judgement.
        """
        missing = [c for c in _INPUT_COLUMNS if c not in rows.columns]
        if missing:
            raise StoreError(f"shown values need the columns {', '.join(_INPUT_COLUMNS)}; "
                             f"missing {', '.join(missing)}")
        records = [tuple(_text(v) for v in rec) for rec in rows[list(_INPUT_COLUMNS)].itertuples(index=False)]
        for i, (note_id, _, _, field, _) in enumerate(records, start=1):
            if field not in SHOWN_FIELDS or not note_id:
                raise StoreError(f"shown row {i}: needs a note_id and a field of {', '.join(SHOWN_FIELDS)}")
        n = 0
        with self._write() as conn:
            now = _now()
            for note_id, meeting, text_clean, field, value in records:
                value = " ".join(value.split()) if field == "comment" else value
                same = conn.execute("SELECT value FROM note_shown WHERE note_id = ? AND field = ? AND removed = 0 "
                                    "ORDER BY shown_id DESC LIMIT 1", (note_id, field)).fetchone()
                if (same is None and not value and field == "comment") or (same is not None and same[0] == value):
                    continue
                n += conn.execute("UPDATE note_shown SET removed = 1 WHERE note_id = ? AND field = ? AND removed = 0",
                                  (note_id, field)).rowcount if same is not None else 0
                if value or field != "comment":
                    conn.execute("INSERT INTO note_shown (note_id, meeting, text_clean, field, value, analyst, "
                                 "created) VALUES (?,?,?,?,?,?,?)",
                                 (note_id, meeting, text_clean, field, value, _text(analyst), now))
                    n += 1
        return n

    def judged_goal_ids(self) -> set[str]:
        """The goal ids the active corrections and shown values hold (what a goal file must know)."""
        ids = set(self.note_corrections().query("field == 'goal_id'")["value"].astype(str))
        ids |= set(self.shown_values().query("field == 'goal_id'")["value"].astype(str))
        return ids - {"", "None", "nan"}

    def shown_values(self) -> pd.DataFrame:
        """The active records of ``note_shown`` (``add_shown``), oldest first: columns note_id,
        meeting, text_clean, field, value, analyst, created."""
        with self._read() as conn:
            return pd.read_sql_query("SELECT note_id, meeting, text_clean, field, value, analyst, created "
                                     "FROM note_shown WHERE removed = 0 ORDER BY shown_id", conn)

    def labelled_examples(self, model_id: str) -> tuple[pd.DataFrame, np.ndarray]:
        """Active corrections whose statement has a stored embedding of ``model_id``, and those
        embeddings (row ``i`` belongs to row ``i``).

        A statement is found by note_id (in the correction's meeting when it has several), else
        by meeting plus text_clean (the input file moved or was renamed). Corrections without a
        stored kept statement are left out. Extra column ``matched_by``: ``note_id`` or ``text``.
        """
        active = self.note_corrections()
        base = ("SELECT e.vector, s.meeting FROM statements s JOIN meetings m USING (meeting_id) "
                "JOIN embeddings e ON e.meeting_id = s.meeting_id AND e.pos = s.pos "
                "WHERE m.model_id = ? AND s.status = 'kept' AND ")
        keep, how, vectors = [], [], []
        with self._read() as conn:
            for i, rec in enumerate(active.itertuples(index=False)):
                rows = conn.execute(base + "s.note_id = ? ORDER BY m.date DESC, m.meeting_id DESC",
                                    (model_id, rec.note_id)).fetchall()
                found = "note_id"
                if not rows:
                    rows = conn.execute(base + "s.meeting = ? AND s.text_clean = ? "
                                        "ORDER BY m.meeting_id DESC, s.pos",
                                        (model_id, rec.meeting, rec.text_clean)).fetchall()
                    found = "text"
                if not rows:
                    continue
                same = [r for r in rows if r[1] == rec.meeting]
                vectors.append(np.frombuffer((same or rows)[0][0], dtype="<f4").astype(np.float32))
                keep.append(i)
                how.append(found)
        out = active.iloc[keep].reset_index(drop=True)
        out["matched_by"] = how
        dim = len(vectors[0]) if vectors else 0
        return out, (np.stack(vectors) if vectors else np.zeros((0, dim), dtype=np.float32))


def _superseded(conn: Any, correction_id: int) -> int | None:
    """The newest correction ``correction_id`` superseded, or None."""
    row = conn.execute("SELECT correction_id FROM note_corrections WHERE superseded_by = ? "
                       "ORDER BY correction_id DESC LIMIT 1", (correction_id,)).fetchone()
    return int(row[0]) if row is not None else None


def _unreview_if_unchanged(conn: Any, note_id: str) -> None:
    """A row is reviewed because the analyst changed a cell of it or commented it (README). When
    neither is left on ``note_id`` (every change withdrawn, no comment), the confirmations of its
    other fields are withdrawn too (tester B11: rows stayed "granskade" after every change on them
    was removed)."""
    rows = conn.execute("SELECT model_value, value, comment FROM note_corrections WHERE note_id = ? "
                        "AND removed = 0", (note_id,)).fetchall()
    if rows and not any(m is None or str(m) != str(v) or (c or "").strip() for m, v, c in rows):
        conn.execute("UPDATE note_corrections SET removed = 1 WHERE note_id = ? AND removed = 0", (note_id,))



def _forget_shown_if_unreviewed(conn: Any) -> None:
    """The values review files showed of a meeting hold while the meeting is reviewed: when no
    active judgement is left on any of its statements, they are withdrawn, so the meeting gives
    the tool's answers again (a store without judgements gives what a fresh store gives)."""
    conn.execute("UPDATE note_shown SET removed = 1 WHERE removed = 0 AND field != 'comment' AND meeting NOT IN "
                 "(SELECT DISTINCT meeting FROM note_corrections WHERE removed = 0)")
