"""review.xlsx: one row per analysed statement, for an analyst to check and correct.

The analyst changes ``goal_id``, ``is_challenge`` or ``theme`` (drop-down lists), writes a
``comment`` ("ok" marks a row as checked), saves, and runs again with ``--corrections review.xlsx``
(``nlp_varmland.corrections`` reads it back). The tool's "no goal" is written as the drop-down
value ``(inget mål)`` (goal_name "Inget mål i strategin"), so that it is not an empty cell: an
empty cell is the analyst's "no opinion". The text is ``text_clean``: normalised and
redacted, so the file can be passed around like the report. Nothing in it is a formula, so
``goal_name`` is the name of the goal as written and does not follow a changed ``goal_id`` (the
header cell says so in a note). Rows are in meeting-date order, then table, then input row.
After ``corrected`` comes ``granskad``: "ja" on statements an analyst has judged (stored or in
this run's file), whose comment is shown again.

>>> write_review(analysis, "out/review.xlsx")          # doctest: +SKIP
PosixPath('out/review.xlsx')
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nlp_varmland.agreement import JA, NEJ, NO_GOAL, NO_THEME
from nlp_varmland.correction_file import REVIEW_SHEET, WRITTEN_SHEET
from nlp_varmland.report.tables import save_workbook
from nlp_varmland.schema import REVIEW

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

__all__ = ["REVIEW_COLUMNS", "review_table", "write_review"]

#: Columns of review.xlsx (DESIGN.md); ``corrected`` (fields already corrected) and ``granskad``
#: (judged by an analyst) follow them.
REVIEW_COLUMNS = list(REVIEW.names)
REVIEWED_MARK = "ja"
#: Header notes (no formulas in the file, so a name cannot follow its id).
_NOTES = {"goal_name": "Namnet hör till goal_id som verktyget skrev. Det uppdateras inte när du ändrar "
                       "goal_id (filen har inga formler); goal_id är det som läses tillbaka.",
          "granskad": "ja = en analytiker har redan bedömt raden (sparat i lagret eller i denna körnings fil)."}
LISTS_SHEET = "listor"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_WIDTH = {"text": 80, "theme": 40, "goal_name": 40, "comment": 30}
#: goal_name of the tool's "no goal" (goal_id ``NO_GOAL``).
NO_GOAL_NAME = "Inget mål i strategin"


def review_table(analysis: Analysis) -> pd.DataFrame:
    """The rows of review.xlsx: kept statements with their theme label, goal and challenge flag.

    >>> review_table(analysis).columns.tolist()[:4]       # doctest: +SKIP
    ['note_id', 'meeting', 'table', 'text']
    """
    notes = analysis.notes
    kept = notes[notes["status"] == "kept"] if "status" in notes.columns else notes
    names = _goal_names(analysis)

    def goal_name(goal_id: Any) -> str:
        return names.get(str(goal_id), "") if goal_id else NO_GOAL_NAME

    def col(name: str) -> pd.Series:
        return kept[name].fillna("").astype(str) if name in kept.columns else pd.Series("", index=kept.index)

    comments = _comments(analysis)
    judged = _judged(analysis)
    out = pd.DataFrame({
        "note_id": col("note_id"), "meeting": col("meeting"), "table": col("table"),
        "text": col("text_clean"), "theme": col("theme_label"),
        "goal_id": col("goal_id").map(lambda g: g or NO_GOAL),  # explicit: empty is the analyst's "no opinion"
        "goal_name": col("goal_id").map(goal_name),
        "is_challenge": kept["is_challenge"].fillna(False).astype(bool).map({True: JA, False: NEJ})
        if "is_challenge" in kept.columns else NEJ,
        "comment": col("note_id").map(lambda i: comments.get(i, "")), "corrected": col("corrected"),
        "granskad": col("note_id").map(lambda i: REVIEWED_MARK if i in judged else "")})
    return out.iloc[_reading_order(kept)].reset_index(drop=True)


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key that puts "Bord 2" before "Bord 10"."""
    import re

    return tuple(int(p) if p.isdecimal() else p.casefold() for p in re.split(r"(\d+)", text))


def _reading_order(kept: pd.DataFrame) -> list[int]:
    """Positions of ``kept`` by meeting date (a meeting without a date last, by name), then
    table, then input row, then as analysed."""
    def col(name: str) -> list[str]:
        return kept[name].fillna("").astype(str).tolist() if name in kept.columns else [""] * len(kept)

    meetings, dates, tables = col("meeting"), col("date"), col("table")
    first: dict[str, str] = {}
    for m, d in zip(meetings, dates):
        if d and (m not in first or d < first[m]):
            first[m] = d
    rows = pd.to_numeric(kept["source_row"], errors="coerce").fillna(-1).tolist() \
        if "source_row" in kept.columns else [0] * len(kept)
    keys = [(first.get(m, "\uffff"), _natural(m), _natural(t), r, i)
            for i, (m, t, r) in enumerate(zip(meetings, tables, rows))]
    return [k[-1] for k in sorted(keys)]


def _judged(analysis: Analysis) -> set[str]:
    """note_ids with a judgement (correction or confirmation) in this run."""
    table = getattr(analysis, "corrections", None)
    if table is None or not len(table) or "note_id" not in table.columns:
        return set()
    if "field" in table.columns:  # a comment that asks ("fel mål?") is no judgement
        table = table[table["field"] != "comment"]
    return set(table["note_id"].astype(str))


def _model_cells(analysis: Analysis, df: pd.DataFrame) -> pd.DataFrame:
    """The model's own values (before the analysts' win), as review.xlsx writes them, for the
    hidden sheet: an analyst who sets a cell back to it withdraws the stored judgement."""
    out = df[["note_id", "goal_id", "is_challenge", "theme"]].copy()
    table = getattr(analysis, "corrections", None)
    if table is None or not len(table) or "tool_value" not in table.columns:
        return out
    pos = {nid: i for i, nid in enumerate(out["note_id"])}
    shown = {"goal_id": lambda v: v or NO_GOAL, "is_challenge": lambda v: JA if v == "true" else NEJ,
             "theme": lambda v: v}
    for rec in table[table["corrected"].astype(bool)].itertuples(index=False):
        i = pos.get(str(rec.note_id))
        if i is not None and rec.field in shown and isinstance(rec.tool_value, str):
            out.iat[i, out.columns.get_loc(rec.field)] = shown[rec.field](rec.tool_value)
    return out


def _comments(analysis: Analysis) -> dict[str, str]:
    """note_id -> the comment the analyst wrote for it (this run's corrections file, or stored
    with a judgement or as a question on a row nobody judged), so that the next review.xlsx keeps
    it ("ok", "fel mål?"); empty for statements without one."""
    table = getattr(analysis, "corrections", None)
    if table is None or not len(table) or "comment" not in table.columns:
        return {}
    rows = table[table["comment"].fillna("").astype(str).str.strip() != ""]
    return {str(k): str(v) for k, v in rows.groupby("note_id")["comment"].first().items()}


def _goal_names(analysis: Analysis) -> dict[str, str]:
    """Goal id -> name, in goal-file order (from the goal set, else the run's goals table)."""
    goalset = getattr(analysis, "goalset", None)
    if goalset is not None and hasattr(goalset, "goals"):
        return {str(g.id): str(g.name) for g in goalset.goals}
    goals = getattr(analysis, "goals", None)
    if goals is not None and "goal_id" in goals.columns:
        return {str(g): str(n) for g, n in zip(goals["goal_id"], goals.get("name", goals["goal_id"]))}
    return {}


def _safe(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from nlp_varmland.report.tables import neutralise  # also full-width ＝＋－＠ and after U+200B/BOM

    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)[:32766])


def write_review(analysis: Analysis, path: str | Path) -> Path:
    """Write review.xlsx: frozen bold header, fitted widths, drop-downs, hidden list sheets.

    Drop-downs (Excel data validation): ``goal_id`` from the goal file (plus "(inget mål)"),
    ``theme`` from the run's themes (a new name is allowed after a warning) and
    ``is_challenge`` ja/nej. The lists live on the hidden sheet ``listor`` because an inline
    list is limited to 255 characters. The hidden sheet ``verktyget`` keeps the values and
    comments as written, so that reading the file back counts only the cells the analyst changed,
    even when the next run (``history``, another seed) gives a statement another theme or goal,
    and the model's own values (``model_goal_id``, ``model_is_challenge``, ``model_theme``) where
    an analyst's value was written: setting a cell back to the model's value withdraws it.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df = review_table(analysis)
    columns = list(df.columns)
    goal_ids = list(_goal_names(analysis)) or sorted(set(df["goal_id"]) - {"", NO_GOAL})
    themes = getattr(analysis, "themes", None)
    labels = [str(x) for x in themes["label"]] if themes is not None and len(themes) else []
    labels = list(dict.fromkeys(x for x in labels + sorted(set(df["theme"]) - {""}) if x))

    wb = Workbook()
    ws = wb.active
    ws.title = REVIEW_SHEET
    ws.append(columns)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF4")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        if cell.value in _NOTES:
            cell.comment = Comment(_NOTES[str(cell.value)], "nlp-varmland", width=320, height=90)
    widths = [len(c) for c in columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(df.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            value = _safe(str(value))
            if not value:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            cell.data_type = "s"  # a text is never read as a formula
            widths[c - 1] = max(widths[c - 1], min(len(value), _WIDTH.get(columns[c - 1], 60)))
    for c, name in enumerate(columns, start=1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(9, widths[c - 1] + 2)
        if name in _WIDTH:
            for cell in ws[letter][1:]:
                cell.alignment = wrap
    ws.freeze_panes = "B2"
    last = max(len(df) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"

    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    spec = {"goal_id": [NO_GOAL, *goal_ids], "theme": [NO_THEME, *labels], "is_challenge": [JA, NEJ]}
    for c, (name, values) in enumerate(spec.items(), start=1):
        lists.cell(row=1, column=c, value=name)
        for r, value in enumerate(values, start=2):
            lists.cell(row=r, column=c, value=_safe(value)).data_type = "s"
        letter = get_column_letter(c)
        strict = name != "theme"  # a theme may be new: warn, then accept
        dv = DataValidation(type="list", formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
                            allow_blank=True, showErrorMessage=True,
                            errorStyle="stop" if strict else "warning",
                            errorTitle=name,
                            error=("Välj ett värde ur listan." if strict else
                                   "Temat finns inte i körningen; ett nytt tema skapas med det namnet."))
        target = get_column_letter(columns.index(name) + 1)
        dv.add(f"{target}2:{target}{last}")
        ws.add_data_validation(dv)

    written = wb.create_sheet(WRITTEN_SHEET)
    written.sheet_state = "hidden"
    fields = ["note_id", "goal_id", "is_challenge", "theme", "comment"]
    model = _model_cells(analysis, df)
    written.append(fields + ["model_goal_id", "model_is_challenge", "model_theme"])
    for row, mine in zip(df[fields].itertuples(index=False, name=None),
                         model[["goal_id", "is_challenge", "theme"]].itertuples(index=False, name=None)):
        written.append([_safe(str(v)) for v in row + mine])
        for cell in written[written.max_row]:
            cell.data_type = "s"
    save_workbook(wb, path, analysis.run.get("created"))
    return path
