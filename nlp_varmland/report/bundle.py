"""Write every output file of a run into one folder.

>>> paths = write_bundle(analysis, "out", lang="sv")     # doctest: +SKIP
>>> paths["report.html"]                                 # doctest: +SKIP
PosixPath('out/report.html')
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_varmland.report.html import render_html
from nlp_varmland.report.review import write_review
from nlp_varmland.report.summary import summary_markdown
from nlp_varmland.report.tables import write_excel, write_tables

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis


def write_run_json(analysis: Analysis, path: str | Path) -> Path:
    """Write ``analysis.run`` as UTF-8 JSON (non-JSON values such as paths become strings)."""
    path = Path(path)
    path.write_text(json.dumps(analysis.run, ensure_ascii=False, indent=2, default=str) + "\n",
                    encoding="utf-8")
    return path


def write_bundle(analysis: Analysis, out_dir: str | Path, *, lang: str = "sv", raw: bool = True) -> dict[str, Path]:
    """Write notes/themes/goals/recurring.csv, run.json, report.html, tables.xlsx, review.xlsx, summary.md.

    Returns ``{file name: path}``. The HTML is rendered before anything is written, so a
    template error leaves no half-written report behind. Everything shared shows redacted text
    only; ``raw=False`` (``--no-raw``) also blanks ``notes.csv``'s original ``text``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    html = render_html(analysis, lang=lang)
    summary = summary_markdown(analysis, lang=lang)
    paths = write_tables(analysis, out, raw=raw)
    paths["run.json"] = write_run_json(analysis, out / "run.json")
    (out / "report.html").write_text(html, encoding="utf-8")
    paths["report.html"] = out / "report.html"
    paths["tables.xlsx"] = write_excel(analysis, out / "tables.xlsx")
    paths["review.xlsx"] = write_review(analysis, out / "review.xlsx")
    (out / "summary.md").write_text(summary, encoding="utf-8")
    paths["summary.md"] = out / "summary.md"
    return paths
