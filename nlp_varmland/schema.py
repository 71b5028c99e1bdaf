"""The one home of every table's columns, their dtypes and the statement statuses.

Every reader, writer and test imports column names from here; a new column is one edit in
this file. Each :class:`Table` lists its columns in output order with a dtype, and names the
columns that docs/DESIGN.md promises in the output files (``required``, written first).

>>> from nlp_varmland.schema import NOTES, STATUSES
>>> STATUSES
('kept', 'duplicate', 'empty', 'too_short', 'not_swedish')
>>> NOTES.names[:4]
('note_id', 'source', 'source_row', 'part')
>>> ANALYSED_NOTES.required[-2:]
('is_challenge', 'corrected')
>>> THEMES.empty().dtypes["theme_id"]
dtype('int64')
>>> THEMES.default("group_id"), THEMES.default("label")
(-1, '')

pandas is imported only by the functions that build or check frames, so importing the schema
costs nothing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STATUSES", "KEPT", "DUPLICATE", "EMPTY", "TOO_SHORT", "NOT_SWEDISH", "DTYPES", "Table",
    "RAW", "NOTES", "ANALYSED_NOTES", "THEMES", "FITTED_THEMES", "NOTE_GOALS", "THEME_GOALS",
    "GOALS", "RECURRING", "THEME_STATS", "TREND", "REVIEW", "OUTPUT_TABLES",
    "RAW_COLUMNS", "NOTES_COLUMNS", "NOTE_GOAL_COLUMNS", "THEME_GOAL_COLUMNS",
    "RECURRING_COLUMNS", "TREND_COLUMNS", "table", "AnalysisTables",
]

# ----------------------------------------------------------------------------- statuses

KEPT, DUPLICATE, EMPTY, TOO_SHORT, NOT_SWEDISH = "kept", "duplicate", "empty", "too_short", "not_swedish"
#: The only values of ``status`` (an external checker enforces this; extra facts go in columns).
STATUSES: tuple[str, ...] = (KEPT, DUPLICATE, EMPTY, TOO_SHORT, NOT_SWEDISH)

# ----------------------------------------------------------------------------- dtypes

#: Logical dtypes: ``str`` text ("" when missing), ``int``, ``float`` (NaN when missing),
#: ``bool``, ``list`` (a Python list in memory, joined when a file is written).
DTYPES = ("str", "int", "float", "bool", "list")
_FILL: dict[str, Any] = {"str": "", "int": 0, "float": math.nan, "bool": False}


@dataclass(frozen=True)
class Table:
    """The columns of one DataFrame: names in order, a dtype each, and defaults.

    ``required`` are the columns of the output contract (docs/DESIGN.md), in contract order;
    they come first when the table is written. ``defaults`` override the dtype's default
    (``theme_id`` is -1, "no theme").
    """

    name: str
    columns: dict[str, str]
    required: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bad = {c: d for c, d in self.columns.items() if d not in DTYPES}
        if bad:
            raise ValueError(f"{self.name}: unknown dtypes {bad}")
        missing = [c for c in self.required if c not in self.columns]
        if missing:
            raise ValueError(f"{self.name}: required columns not in the table: {missing}")

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in output order."""
        return tuple(self.columns)

    def dtype(self, column: str) -> str:
        return self.columns[column]

    def default(self, column: str) -> Any:
        """The value a row gets when nothing filled ``column`` (a fresh list for ``list``)."""
        if column in self.defaults:
            return self.defaults[column]
        kind = self.columns[column]
        return [] if kind == "list" else _FILL[kind]

    def empty(self) -> pd.DataFrame:
        """A frame with no rows and every column, typed."""
        import pandas as pd

        return pd.DataFrame({c: pd.Series(dtype=_pandas_dtype(d)) for c, d in self.columns.items()})

    def conform(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` with every missing column added (its default, typed) and columns in order.

        Columns the schema does not know are kept, after the known ones, in their order. Values
        already present are not converted.

        >>> import pandas as pd
        >>> THEMES.conform(pd.DataFrame({"theme_id": [0], "label": ["buss"]}))[["summary", "group_id"]]
          summary  group_id
        0                -1
        """
        import pandas as pd

        out = df.copy()
        n = len(out)
        for col, kind in self.columns.items():
            if col not in out.columns:
                value = self.default(col)
                data = [list(value) for _ in range(n)] if kind == "list" else [value] * n
                out[col] = pd.Series(data, index=out.index, dtype=_pandas_dtype(kind))
        known = list(self.columns)
        return out[known + [c for c in out.columns if c not in self.columns]]

    def write_order(self, columns: list[str] | tuple[str, ...]) -> list[str]:
        """The order a file is written in: the contract columns, then the rest as they come."""
        return list(self.required) + [c for c in columns if c not in self.required]

    def problems(self, df: pd.DataFrame) -> list[str]:
        """Every way ``df`` differs from the schema (missing columns, wrong dtypes, bad statuses)."""
        import pandas as pd

        out: list[str] = []
        missing = [c for c in self.columns if c not in df.columns]
        if missing:
            out.append(f"{self.name}: missing columns {missing}")
        for col, kind in self.columns.items():
            if col not in df.columns:
                continue
            s = df[col]
            if not _has_dtype(s, kind, pd):
                out.append(f"{self.name}.{col}: expected {kind}, got {s.dtype}")
        if "status" in df.columns:
            bad = sorted(set(df["status"].astype(str)) - set(STATUSES))
            if bad:
                out.append(f"{self.name}.status: unknown values {bad}")
        return out


def _pandas_dtype(kind: str) -> Any:
    return {"str": str, "int": "int64", "float": "float64", "bool": "bool", "list": object}[kind]


def _has_dtype(s: Any, kind: str, pd: Any) -> bool:
    types = pd.api.types
    if kind == "int":
        return bool(types.is_integer_dtype(s.dtype))
    if kind == "float":
        return bool(types.is_float_dtype(s.dtype) or (len(s) == 0 and types.is_numeric_dtype(s.dtype)))
    if kind == "bool":
        return bool(types.is_bool_dtype(s.dtype))
    if kind == "str":
        return bool(types.is_string_dtype(s.dtype) or s.dtype == object) and all(isinstance(v, str) for v in s)
    return all(isinstance(v, (list, tuple)) or hasattr(v, "tolist") for v in s)  # list


def _pick(source: Table, names: tuple[str, ...]) -> dict[str, str]:
    return {n: source.columns[n] for n in names}


# ----------------------------------------------------------------------------- tables

#: ``io.read_contributions``: one row per input row.
RAW = Table("raw", {
    "source": "str", "source_row": "int", "meeting": "str", "date": "str", "table": "str",
    "speaker": "str", "role": "str", "organisation": "str", "text": "str",
    "quality": "str",  # data-quality flags of the row (io.limits.QUALITY_FLAGS), ";"-joined, "" when clean
})

#: ``preprocessing.clean``: one row per statement (every raw row appears at least once).
NOTES = Table("clean", {
    "note_id": "str", **_pick(RAW, ("source", "source_row")), "part": "int",
    **_pick(RAW, ("meeting", "date", "table", "speaker", "role", "organisation", "text")),
    "text_clean": "str", "status": "str", "redactions": "str", "lemmas": "str",
    **_pick(RAW, ("quality",)),
})

#: ``GoalMapper.transform``: the goal columns of one statement.
NOTE_GOALS = Table("note_goals", {
    "goal_id": "str", "area_id": "str", "goal_score": "float", "goals": "str",
    "goal_evidence": "str", "emerging": "bool",
})

#: ``GoalMapper.map_themes``: the goal columns of one theme.
THEME_GOALS = Table("theme_goals", {"theme_id": "int", **NOTE_GOALS.columns})

#: ``Analysis.notes`` and notes.csv: every statement, analysed or not.
ANALYSED_NOTES = Table(
    "notes",
    {**_pick(NOTES, ("note_id", "source", "source_row", "meeting", "date", "text", "text_clean",
                     "status")),
     "theme_id": "int", "theme_label": "str",
     **_pick(NOTE_GOALS, ("area_id", "goal_id", "goal_score")),
     "is_challenge": "bool", "corrected": "str", "taught": "str",
     **_pick(NOTES, ("part", "table", "speaker", "role", "organisation", "redactions", "lemmas")),
     **_pick(NOTE_GOALS, ("goals", "goal_evidence", "emerging")),
     "challenge_score": "float", "x": "float", "y": "float", **_pick(NOTES, ("quality",))},
    required=("note_id", "source", "source_row", "meeting", "date", "text", "text_clean", "status",
              "theme_id", "theme_label", "area_id", "goal_id", "goal_score", "is_challenge",
              "corrected"),
    defaults={"theme_id": -1},
)

#: ``ThemeModel.themes_``: one row per fitted theme.
FITTED_THEMES = Table("fitted_themes", {
    "theme_id": "int", "label": "str", "keywords": "list", "size": "int", "examples": "list",
    "example_idx": "list", "summary": "str", "coherence": "float", "group_id": "int",
    "group_label": "str",
})

#: ``Analysis.themes`` and themes.csv.
THEMES = Table(
    "themes",
    {**_pick(FITTED_THEMES, ("theme_id", "label", "keywords", "size")),
     **_pick(NOTE_GOALS, ("area_id", "goal_id", "goal_score")),
     "n_meetings": "int", "recurring": "bool", "examples": "list",
     "summary": "str", "group_id": "int", "group_label": "str",
     "example_idx": "list", **_pick(NOTE_GOALS, ("goals", "goal_evidence", "emerging")),
     "meetings": "list", "challenge_share": "float"},
    required=("theme_id", "label", "keywords", "size", "area_id", "goal_id", "goal_score",
              "n_meetings", "recurring", "examples", "summary", "group_id", "group_label"),
    defaults={"theme_id": -1, "group_id": -1},
)

#: ``goals.coverage``: goals.csv, one row per goal in the goal file.
GOALS = Table(
    "goals",
    {"goal_id": "str", "name": "str", "parent_id": "str", "n_notes": "int", "n_themes": "int",
     "share": "float", "area_id": "str", "level": "int", "gap": "bool"},
    required=("goal_id", "name", "parent_id", "n_notes", "n_themes", "share"),
)

#: ``recurring.theme_meeting_stats``: per theme, the meetings it was seen in.
THEME_STATS = Table("theme_stats", {
    "theme_id": "int", "n_meetings": "int", "meetings": "list", "n_notes": "int",
    "challenge_share": "float", "recurring": "bool",
})

#: ``recurring.recurring_table``: recurring.csv, themes seen in at least two meetings.
RECURRING = Table(
    "recurring",
    {"theme_id": "int", "label": "str", "n_meetings": "int", "meetings": "str", "n_notes": "int",
     "challenge_share": "float", "area_id": "str", "goal_id": "str"},
    required=("theme_id", "label", "n_meetings", "meetings", "n_notes", "challenge_share", "area_id"),
)

#: ``recurring.trend_table``: kept statements per theme and meeting.
TREND = Table("trend", {"theme_id": "int", "meeting": "str", "date": "str", "n_notes": "int"})

#: review.xlsx: one row per kept statement, edited by the analyst and read back as corrections.
REVIEW = Table(
    "review",
    {"note_id": "str", "meeting": "str", "table": "str", "text": "str", "theme": "str",
     "goal_id": "str", "goal_name": "str", "is_challenge": "bool", "comment": "str"},
    required=("note_id", "meeting", "table", "text", "theme", "goal_id", "goal_name", "is_challenge",
              "comment"),
)

#: The tables of an ``Analysis`` (and of its CSV files), by attribute name.
OUTPUT_TABLES: dict[str, Table] = {"notes": ANALYSED_NOTES, "themes": THEMES, "goals": GOALS,
                                   "recurring": RECURRING, "trend": TREND}

RAW_COLUMNS: tuple[str, ...] = RAW.names
NOTES_COLUMNS: tuple[str, ...] = NOTES.names
NOTE_GOAL_COLUMNS: tuple[str, ...] = NOTE_GOALS.names
THEME_GOAL_COLUMNS: tuple[str, ...] = THEME_GOALS.names
RECURRING_COLUMNS: tuple[str, ...] = RECURRING.names
TREND_COLUMNS: tuple[str, ...] = TREND.names

_ALL = {t.name: t for t in (RAW, NOTES, NOTE_GOALS, THEME_GOALS, FITTED_THEMES, GOALS, THEME_STATS,
                            TREND, RECURRING, REVIEW)} | {"notes": ANALYSED_NOTES, "themes": THEMES}


class AnalysisTables(Protocol):
    """What the report reads from a run: the output tables, run.json, the goal set, messages.

    ``nlp_varmland.analysis.Analysis`` is one; the report depends on this protocol, not on the
    class, so that the report never imports the pipeline or the result's façade.
    """

    notes: pd.DataFrame
    themes: pd.DataFrame
    goals: pd.DataFrame
    recurring: pd.DataFrame
    trend: pd.DataFrame
    run: dict[str, Any]
    goalset: Any
    messages: list[str]


def table(name: str) -> Table:
    """The table called ``name`` (``notes`` and ``themes`` are the analysed ones, ``clean`` is
    what ``preprocessing.clean`` returns).

    >>> table("recurring").required[:2]
    ('theme_id', 'label')
    """
    try:
        return _ALL[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}; expected one of {', '.join(sorted(_ALL))}") from None
