"""Reading an analyst's corrections file: an edited review.xlsx, a CSV or a DataFrame.

``read_corrections`` turns it into one row per analyst opinion (statement, field, value); every
problem raises :class:`CorrectionsError` naming the row, and nothing is applied from a file with
errors. Matching the opinions to statements and applying them is in ``corrections``.

>>> read_corrections(pd.DataFrame({"note_id": ["a1"], "goal_id": ["(inget mål)"]}))[["field", "value"]].values.tolist()
[['goal_id', '']]
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.agreement import FIELDS, JA, NEJ, NO_GOAL, NO_THEME, is_doubt
from nlp_varmland.errors import InputError

__all__ = ["CorrectionsError", "read_corrections", "against_written", "is_doubt", "row_name", "goal_hint",
           "REVIEW_SHEET", "WRITTEN_SHEET"]

REVIEW_SHEET = "granskning"
#: Hidden sheet of review.xlsx holding the tool's values as written (note_id, goal_id,
#: is_challenge, theme): a cell the analyst left as written is no opinion, even when a later run
#: (history, another seed, a taught model) gives that statement another value.
WRITTEN_SHEET = "verktyget"

_TRUE = {"ja", "j", "true", "sant", "yes", "y", "1", "x"}
_FALSE = {"nej", "n", "false", "falskt", "no", "0"}
_NONE_GOAL = {NO_GOAL, "inget mål", "inget-mål", "inget-mal", "inget", "ingen", "none", "(none)", "(no goal)"}
_NONE_THEME = {NO_THEME, "inget tema", "(utan tema)", "utan tema"}
_ALIASES = {"note_id": "note_id", "id": "note_id", "goal_id": "goal_id", "mål": "goal_id", "mal": "goal_id",
            "is_challenge": "is_challenge", "utmaning": "is_challenge", "theme": "theme", "tema": "theme",
            "theme_label": "theme", "comment": "comment", "kommentar": "comment", "meeting": "meeting",
            "möte": "meeting", "text": "text", "text_clean": "text_clean"}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_HINT = ("give the edited review.xlsx, or a CSV with note_id and any of goal_id, is_challenge, theme")


class CorrectionsError(InputError):
    """A corrections file that cannot be used; the message names the row and what to do."""


def row_name(row: Any) -> str:
    """How every message about the corrections file names a row: its number as Excel (or
    LibreOffice) shows it when the file is opened there, the header being row 1 -- for an
    edited review.xlsx and a CSV alike (tester B15: some messages said "line 2", others "row 2").

    >>> row_name(3)
    'row 3 (as Excel numbers it; the header is row 1)'
    """
    return f"row {row} (as Excel numbers it; the header is row 1)"


def _fold(text: str) -> str:
    """Case- and accent-free, words joined by "-": "Höja kompetensen" -> "hoja-kompetensen"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))
    return "-".join(re.findall(r"\w+", plain.casefold()))


def goal_hint(value: str, names: dict[str, str]) -> str:
    """" did you mean goal_id 'x' (Name)?" for a goal given by its name, in other case or
    without accents, or a near miss of an id or a name (difflib); "" when nothing is close.
    ``names``: goal id -> name.

    >>> names = {"bostader": "Bostäder", "hoja-kompetensen": "Höja kompetensen"}
    >>> goal_hint("Bostäder", names)
    " did you mean goal_id 'bostader' (Bostäder)?"
    >>> goal_hint("höja kompetens", names), goal_hint("xyz", names)
    (" did you mean goal_id 'hoja-kompetensen' (Höja kompetensen)?", '')
    """
    keys: dict[str, str] = {}
    for gid, name in names.items():
        keys.setdefault(_fold(gid), gid)
        keys.setdefault(_fold(name), gid)
    key = _fold(value)
    found = keys.get(key)
    if found is None and key:
        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.75)
        found = keys[close[0]] if close else None
    return f" did you mean goal_id {found!r} ({names[found]})?" if found is not None else ""


# ----------------------------------------------------------------------------- reading


def _cell(value: Any) -> str:
    """A cell as stripped text; the ``'`` that neutralised a formula-like text is taken off."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, bool):
        return JA if value else NEJ
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if text.startswith("'") and text[1:].lstrip(_INVISIBLE).startswith(_DANGEROUS):
        text = text[1:]  # the ' that report.tables.neutralise put in front of a formula-like text
    return text


def _read_table(path: Path) -> pd.DataFrame:
    """The table in ``path`` as text cells."""
    from nlp_varmland.io.filetype import what_it_is

    suffix = path.suffix.lower()
    with path.open("rb") as fh:
        kind = what_it_is(fh.read(16))
    if kind:  # a PNG named .xlsx: said as such, not as a zip library's error (tester B13)
        raise CorrectionsError(f"{path}: this is {kind}, not a table; {_HINT}")
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if suffix in {".csv", ".tsv", ".txt"}:
        return _read_csv(path)
    raise CorrectionsError(f"{path}: {suffix or 'this file'} is not a table; {_HINT}")


def _read_xlsx(path: Path) -> pd.DataFrame:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from nlp_varmland.io.archive import check_archive
    from nlp_varmland.io.limits import DEFAULT_LIMITS

    check_archive(path, str(path), DEFAULT_LIMITS)  # zip bombs and DTDs refused before any XML is parsed
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise CorrectionsError(f"{path}: not a readable Excel workbook ({type(exc).__name__}); {_HINT}") from None
    try:
        visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        ws = wb[REVIEW_SHEET] if REVIEW_SHEET in wb.sheetnames else (visible or wb.worksheets)[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        written = [list(r) for r in wb[WRITTEN_SHEET].iter_rows(values_only=True)] \
            if WRITTEN_SHEET in wb.sheetnames else []
    except Exception as exc:  # ParseError, zlib.error, ... from a damaged sheet (found by benchmarks/fuzz.py)
        raise CorrectionsError(f"{path}: the sheet cannot be read ({type(exc).__name__}); {_HINT}") from None
    finally:
        wb.close()
    if not rows:
        raise CorrectionsError(f"{path}: the sheet {ws.title!r} is empty; {_HINT}")
    width = max(len(r) for r in rows)
    rows = [r + [None] * (width - len(r)) for r in rows]
    table = pd.DataFrame(rows[1:], columns=[_cell(c) for c in rows[0]], dtype=object)
    if written and written[0] and _cell(written[0][0]) == "note_id":
        head = [_cell(c) for c in written[0]]
        table.attrs["written"] = {_cell(r[0]): {h: _cell(v) for h, v in zip(head[1:], r[1:])}
                                  for r in written[1:] if r and _cell(r[0])}
    return table


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        raise CorrectionsError(f"{path}: binary data, not a CSV table; {_HINT}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    import csv
    import io

    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:  # newline="": a bare \r in a cell is text, not a csv.Error (found by benchmarks/fuzz.py)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CorrectionsError(f"{path}: not a readable CSV table ({exc}); {_HINT}") from None
    # Excel shows every record as one row (a blank line too, a quoted cell over several lines
    # as one row): a record's row number there is its position + 1, whatever lines it spans
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise CorrectionsError(f"{path}: the file is empty; {_HINT}")
    width = max(len(r) for _, r in numbered)
    rows = [r + [""] * (width - len(r)) for _, r in numbered]
    table = pd.DataFrame(rows[1:], columns=[c.strip() for c in rows[0]], dtype=object)
    table.attrs["rows"] = [n for n, _ in numbered[1:]]
    return table


def read_corrections(source: Any, *, goalset: Any = None) -> pd.DataFrame:
    """Read an edited review.xlsx, a CSV or a DataFrame into one row per analyst opinion.

    Columns: ``row`` (the row number the analyst sees, header = 1), ``note_id``, ``meeting``,
    ``text`` (for finding a moved statement), ``field`` (goal_id, is_challenge, theme),
    ``value`` (goal id or ``""`` for no goal; ``true``/``false``; a theme name or ``""``),
    ``comment``, ``reviewed`` (the row has a comment that does not ask or doubt, see
    :func:`is_doubt`, or the file has no comment column) and
    ``model_value`` (the tool's value as review.xlsx showed it, canonical like ``value``; None when
    the file does not say, e.g. a CSV). With ``goalset`` every goal id is checked. Every problem
    raises ``CorrectionsError``. A review.xlsx cell set back to the model's own value (its hidden
    sheet's ``model_*``) is no opinion row but an undo: ``attrs["undo"]`` lists (row, note_id,
    field), and the stored judgement of that field is withdrawn (``load_corrections``).
    ``attrs["shown"]`` (note_id, meeting, text, field, value): per row of a review.xlsx, the
    goal and challenge flag it showed (its hidden sheet: the visible cell is what the analyst
    may have changed) where the analyst left the cell as written or empty; the pipeline keeps them
    for the statements of reviewed meetings (``corrections.shown_pins``). ``attrs["questions"]``
    (note_id, meeting, text, comment): per row of a file with a comment column, the comment when
    it asks or doubts and the row changed nothing, else ``""``.

    >>> df = pd.DataFrame({"note_id": ["a1", "b2"], "is_challenge": ["ja", ""], "comment": ["", "ok"]})
    >>> read_corrections(df)[["row", "note_id", "field", "value", "reviewed"]].values.tolist()
    [[2, 'a1', 'is_challenge', 'true', False]]
    """
    name = "corrections"
    if isinstance(source, pd.DataFrame):
        table = source.astype(object)
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise CorrectionsError(f"corrections file not found: {path}")
        table = _read_table(path)
        if not len(table):  # a header and nothing below it (tester B13: accepted without a word)
            raise CorrectionsError(f"{path}: no rows below the header, so there is nothing to apply; {_HINT}")
    cols: dict[str, str] = {}
    for col in table.columns:
        key = _ALIASES.get(_cell(col).casefold())
        if key and key not in cols.values():
            cols[col] = key
    table = table[list(cols)].rename(columns=cols)
    if "note_id" not in table.columns:
        raise CorrectionsError(f"{name}: no note_id column; {_HINT}")
    fields = [f for f in FIELDS if f in table.columns]
    if not fields:
        raise CorrectionsError(f"{name}: none of the columns goal_id, is_challenge, theme; {_HINT}")
    text_col = "text_clean" if "text_clean" in table.columns else ("text" if "text" in table.columns else None)
    has_comment = "comment" in table.columns
    goal_ids = set(goalset.ids) if goalset is not None else None
    names = {g.id: g.name for g in goalset} if goalset is not None else {}
    numbers = table.attrs.get("rows") if not isinstance(source, pd.DataFrame) else None
    written: dict[str, dict[str, str]] = table.attrs.get("written", {}) if not isinstance(source, pd.DataFrame) \
        else source.attrs.get("written", {})

    out: list[dict[str, Any]] = []
    shown_rows: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    undo: list[tuple[int, str, str]] = []
    problems: list[str] = []
    for pos, rec in enumerate(table.to_dict("records")):
        row = numbers[pos] if numbers is not None and pos < len(numbers) else pos + 2
        cells = {k: _cell(v) for k, v in rec.items()}
        if not any(cells.values()):
            continue
        note_id = cells["note_id"]
        given = {f: cells[f] for f in fields if cells[f]}
        said = cells.get("comment", "")
        doubt = is_doubt(said)  # "fel mål? fråga Anna": a question, not a confirmation
        reviewed = (bool(said) and not doubt) or not has_comment
        changed = False  # without the hidden sheet a value may be the tool's: matching decides
        as_written = written.get(note_id)
        if as_written is not None:
            # review.xlsx knows what the tool wrote: a row is reviewed when the analyst changed a
            # cell or commented it; a cell left as written is then a confirmation (goal, challenge)
            # or, outside a reviewed row and for a theme, no opinion at all.
            # A comment pre-filled from the store (and left as it was) is not a new review.
            fresh = bool(said) and ("comment" not in as_written or said != as_written["comment"])
            changed = any(v != as_written.get(f) for f, v in given.items())
            reviewed = (fresh and not doubt) or changed
            given = {f: v for f, v in given.items()
                     if v != as_written.get(f) or (reviewed and not doubt and f != "theme")}
            for f in ("goal_id", "is_challenge"):  # what the file showed, where the analyst left it
                if note_id and as_written.get(f) and cells.get(f, "") in ("", as_written[f]):
                    seen, bad = _parse(f, as_written[f], None)
                    if not bad:
                        shown_rows.append({"note_id": note_id, "meeting": cells.get("meeting", ""),
                                           "text": cells.get(text_col, "") if text_col else "", "field": f,
                                           "value": seen})
        if note_id and has_comment:  # the row's question, or "" (none now: a stored one is withdrawn)
            questions.append({"note_id": note_id, "meeting": cells.get("meeting", ""),
                              "text": cells.get(text_col, "") if text_col else "",
                              "comment": said if doubt and not changed else ""})
        if not note_id:
            if given:
                problems.append(f"{row_name(row)}: no note_id (copy the row from review.xlsx with its note_id)")
            continue
        for field, value in given.items():
            parsed, problem = _parse(field, value, goal_ids, names)
            if problem:
                problems.append(f"{row_name(row)}: {problem}")
                continue
            shown = None
            if as_written is not None and field in as_written:  # the model's value, else as written
                seen, bad = _parse(field, as_written.get(f"model_{field}", as_written[field]), None)
                shown = None if bad else seen
                if not bad and parsed == seen and parsed != _parse(field, as_written[field], None)[0]:
                    undo.append((row, note_id, field))
                    continue  # set back to the model's value: the stored judgement is withdrawn
            out.append({"row": row, "note_id": note_id, "meeting": cells.get("meeting", ""),
                        "text": cells.get(text_col, "") if text_col else "", "field": field,
                        "value": parsed, "comment": cells.get("comment", ""),
                        "reviewed": reviewed, "model_value": shown})
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise CorrectionsError(f"{name}: {problems[0]}{more}; nothing was applied")
    columns = ["row", "note_id", "meeting", "text", "field", "value", "comment", "reviewed", "model_value"]
    result = pd.DataFrame(out, columns=columns).astype({"row": int, "reviewed": bool, "model_value": object})
    result.attrs["undo"] = undo  # (row, note_id, field) set back to the model's value: withdrawn
    # a comment column but no hidden sheet (review.xlsx saved as CSV): compared with what the
    # store and the run show (``against_written``), as review.xlsx is with its hidden sheet
    result.attrs["unwritten"] = has_comment and not written
    result.attrs["shown"] = pd.DataFrame(shown_rows, columns=["note_id", "meeting", "text", "field", "value"])
    result.attrs["questions"] = pd.DataFrame(questions, columns=["note_id", "meeting", "text", "comment"])
    return result


def against_written(opinions: pd.DataFrame, written: dict[tuple[str, str], str],
                    judged: dict[tuple[str, str], tuple[str, Any, str]]) -> pd.DataFrame:
    """The opinions of a file with a comment column but without review.xlsx's hidden sheet (a
    review.xlsx saved as CSV from Excel), read as review.xlsx is (tester B17: such a file applied
    unedited stored 33 new "corrections": duplicates of stored judgements and learned values
    the analyst only left standing).

    ``written``: (note_id, field) -> the value the statement shows without this file (a stored
    judgement, else a value a review file showed, else the tool's); ``judged``: (note_id, field)
    -> (value, model_value, comment) of the stored judgement. A cell equal to what is written is
    no change: it is a confirmation only on a reviewed row (a change in it, or a comment that is
    new -- not a stored one -- and does not doubt), never for a theme, and nothing when a stored
    judgement already holds that value. A changed cell is a correction of what the analyst saw. A
    theme named by words of its present label is the same theme (a label an earlier run wrote).

    >>> ops = pd.DataFrame({"row": [2, 3], "note_id": ["a", "b"], "field": ["goal_id"] * 2,
    ...     "value": ["service", "bostader"], "comment": ["", ""], "reviewed": [False] * 2, "model_value": [None] * 2})
    >>> against_written(ops, {("a", "goal_id"): "service", ("b", "goal_id"): "service"}, {})[
    ...     ["note_id", "value", "model_value"]].values.tolist()
    [['b', 'bostader', 'service']]
    """
    if not len(opinions):
        return opinions
    said: dict[str, set[str]] = {}
    for (nid, _), (_, _, comment) in judged.items():
        said.setdefault(nid, set()).add(" ".join(str(comment or "").split()))
    keep: list[Any] = []
    seen: list[Any] = []
    marks: list[bool] = []
    for _, group in opinions.groupby("row", sort=False):
        recs = group.to_dict("records")
        changed = [_differs(r["field"], str(r["value"]), written.get((str(r["note_id"]), r["field"]), str(r["value"])))
                   for r in recs]
        fresh = [bool(r["reviewed"]) and " ".join(str(r.get("comment", "")).split()) not in said.get(
            str(r["note_id"]), set()) for r in recs]
        reviewed = any(changed) or any(fresh)
        for idx, r, change in zip(group.index, recs, changed):
            key = (str(r["note_id"]), r["field"])
            stored = judged.get(key)
            if not change and (not reviewed or r["field"] == "theme" or stored is not None):
                continue
            keep.append(idx)
            model = stored[1] if stored is not None and stored[1] is not None else written.get(key)
            seen.append(model)
            marks.append(reviewed)
    out = opinions.loc[keep].copy()
    out["model_value"] = pd.Series(seen, index=out.index, dtype=object)
    out["reviewed"] = pd.Series(marks, index=out.index, dtype=bool)
    out.attrs = dict(opinions.attrs)
    return out


def _differs(field: str, value: str, written: str) -> bool:
    """Whether a cell differs from what is written; a theme named by words of its label (a label
    the tool wrote earlier, "företagare" for "företagare – pension") is the same theme.

    >>> _differs("theme", "företagare", "företagare – pension"), _differs("theme", "industri", "företagare – pension")
    (False, True)
    """
    if field != "theme" or value == written:
        return value != written
    words = set(re.findall(r"\w+", value.casefold()))
    return not words or not words <= set(re.findall(r"\w+", written.casefold()))


def _parse(field: str, value: str, goal_ids: set[str] | None,
           names: dict[str, str] | None = None) -> tuple[str, str]:
    """(canonical value, problem or "")."""
    if field == "is_challenge":
        low = value.casefold()
        if low in _TRUE:
            return "true", ""
        if low in _FALSE:
            return "false", ""
        return "", f"is_challenge must be {JA} or {NEJ}, not {value!r}"
    if field == "goal_id":
        if value.casefold() in _NONE_GOAL:
            return "", ""
        if goal_ids is not None and value not in goal_ids:
            hint = goal_hint(value, names or {})
            pick = f"{hint} Otherwise pick" if hint else " pick"
            return "", (f"unknown goal_id {value!r};{pick} an id from the drop-down, or see "
                        f"`nlp-varmland goals show`")
        return value, ""
    if value.casefold() in _NONE_THEME:
        return "", ""
    return value, ""
