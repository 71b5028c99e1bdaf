"""The analyst-facing outputs: report.html, tables (csv, xlsx), summary.md and run.json.

>>> from nlp_varmland.report import write_bundle
>>> paths = write_bundle(analysis, "out")            # doctest: +SKIP
>>> sorted(paths)                                    # doctest: +SKIP
['goals.csv', 'notes.csv', 'recurring.csv', 'report.html', 'run.json', 'summary.md', 'tables.xlsx', 'themes.csv']

jinja2 and openpyxl are imported only when a report or workbook is written.
"""
from __future__ import annotations

from nlp_varmland.report.bundle import write_bundle, write_run_json
from nlp_varmland.report.html import render_html
from nlp_varmland.report.summary import summary_markdown
from nlp_varmland.report.tables import write_excel, write_tables

__all__ = ["render_html", "write_tables", "write_excel", "summary_markdown", "write_bundle",
           "write_run_json"]
