"""``Analysis``: the result of a run, the object the report and the CLI read.

A leaf module: it holds DataFrames (columns in :mod:`nlp_varmland.schema`) and imports nothing
of the flow, so the report never needs the pipeline. ``to_html``, ``to_excel`` and ``save`` are a
lazy façade over :mod:`nlp_varmland.report` (imported when called). The report itself types its
input with :class:`nlp_varmland.schema.AnalysisTables`, so the report never imports this module.

>>> import pandas as pd
>>> from nlp_varmland import schema
>>> a = Analysis(notes=schema.ANALYSED_NOTES.empty(), themes=schema.THEMES.empty(),
...              goals=schema.GOALS.empty(), recurring=schema.RECURRING.empty(),
...              trend=schema.TREND.empty(), run={"counts": {}})
>>> len(a.kept), a.goal_theme_matrix().shape
(0, (0, 0))
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from nlp_varmland.schema import KEPT

if TYPE_CHECKING:
    import numpy as np

    from nlp_varmland.goals.model import GoalSet

__all__ = ["Analysis"]


@dataclass
class Analysis:
    """The result of a run: DataFrames as described in docs/ARCHITECTURE.md.

    ``notes``, ``themes``, ``goals``, ``recurring`` and ``trend`` hold to the tables of the same
    name in :mod:`nlp_varmland.schema`; ``run`` is run.json; ``corrections`` the analysts'
    judgements that hold for the run (None when there are none); ``evaluation`` the scores
    of ``nlp-varmland evaluate``.

    >>> a = analyze("corpora/meetings")                      # doctest: +SKIP
    >>> a.goal_theme_matrix()                                # doctest: +SKIP
    """

    notes: pd.DataFrame
    themes: pd.DataFrame
    goals: pd.DataFrame
    recurring: pd.DataFrame
    trend: pd.DataFrame
    run: dict[str, Any]
    goalset: GoalSet | Any = None
    messages: list[str] = field(default_factory=list)
    embeddings: np.ndarray | None = field(default=None, repr=False)
    corrections: pd.DataFrame | None = field(default=None, repr=False)
    evaluation: dict[str, Any] | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        """One line a notebook can show: counts, not the whole tables.

        >>> Analysis(pd.DataFrame({"status": ["kept", "too_short"], "meeting": ["M", "M"]}),
        ...          pd.DataFrame({"theme_id": [0]}), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), {})
        Analysis(1 of 2 statements kept, 1 theme, 1 meeting)
        """
        kept = self.kept
        meetings = kept["meeting"].nunique() if "meeting" in kept else 0
        n_themes = len(self.themes)
        name = getattr(self.goalset, "name", None)
        return (f"Analysis({len(kept)} of {len(self.notes)} statements kept, {n_themes} theme"
                f"{'' if n_themes == 1 else 's'}, {meetings} meeting{'' if meetings == 1 else 's'}"
                f"{f', goals {name!r}' if name else ''})")

    @property
    def kept(self) -> pd.DataFrame:
        """The statements that were analysed (status ``kept``)."""
        return self.notes[self.notes["status"] == KEPT]

    def goal_theme_matrix(self, *, level: str = "goal") -> pd.DataFrame:
        """Statements per goal (rows) and theme (columns); ``level="area"`` groups by focus area."""
        kept = self.kept
        key = "area_id" if level == "area" else "goal_id"
        labels = dict(zip(self.themes["theme_id"], self.themes["label"]))
        table = pd.crosstab(kept[key].replace("", "(inget mål)"), kept["theme_id"])
        table.columns = [f"{t}: {labels.get(t, 'utan tema')}" for t in table.columns]
        return table

    def to_html(self, path: str | Path | None = None, *, lang: str = "sv") -> str:
        """The self-contained report as a string; also written to ``path`` when given."""
        from nlp_varmland.report import render_html

        page = render_html(self, lang=lang)
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def to_excel(self, path: str | Path) -> Path:
        """Write tables.xlsx (one sheet per table, formulas neutralised)."""
        from nlp_varmland.report import write_excel

        write_excel(self, Path(path))
        return Path(path)

    def save(self, out_dir: str | Path, *, lang: str = "sv", raw: bool = True) -> dict[str, Path]:
        """Write the whole bundle (CSV tables, run.json, report.html, tables.xlsx, summary.md);
        ``raw=False`` blanks the original ``text`` in notes.csv (shared files never hold it)."""
        from nlp_varmland.report import write_bundle

        return write_bundle(self, Path(out_dir), lang=lang, raw=raw)

    def _repr_html_(self) -> str:
        counts = self.run.get("counts", {})
        top = self.themes.head(8)
        rows = "".join(
            f"<tr><td>{t.theme_id}</td><td>{_esc(t.label)}</td><td>{t.size}</td><td>{_esc(t.area_id)}</td></tr>"
            for t in top.itertuples())
        return (f"<b>nlp_varmland Analysis</b>: {counts.get('kept', 0)} statements, "
                f"{counts.get('themes', 0)} themes, {counts.get('meetings', 0)} meeting(s)"
                f"<table><tr><th>theme</th><th>label</th><th>size</th><th>area</th></tr>{rows}</table>")


def _esc(text: Any) -> str:
    return html.escape(str(text))
