"""Write every output file of a run into one folder, all at once or not at all.

The files are written into a temporary folder next to ``--out`` and then moved in, so a run that
fails while writing leaves the previous bundle as it was (never half old, half new).
:func:`check_out_dir` finds an unusable ``--out`` before any work is done.

>>> paths = write_bundle(analysis, "out", lang="sv")     # doctest: +SKIP
>>> paths["report.html"]                                 # doctest: +SKIP
PosixPath('out/report.html')
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from nlp_varmland.errors import NlpVarmlandError
from nlp_varmland.report.html import render_html
from nlp_varmland.report.review import write_review
from nlp_varmland.report.summary import summary_markdown
from nlp_varmland.report.tables import write_excel, write_tables

if TYPE_CHECKING:
    from nlp_varmland.schema import AnalysisTables as Analysis

#: Every file a bundle holds.
BUNDLE_FILES = ("notes.csv", "themes.csv", "goals.csv", "recurring.csv", "run.json", "report.html",
                "tables.xlsx", "review.xlsx", "summary.md")


class OutputError(NlpVarmlandError):
    """``--out`` cannot hold the bundle (a file in the way, a folder where a file goes, no rights)."""


def check_out_dir(out_dir: str | Path, *, inputs: list[str | Path] | tuple[str | Path, ...] = ()) -> Path:
    """Raise :class:`OutputError` (one line) when the bundle cannot be written to ``out_dir``.

    Checked before the analysis runs: a file where the folder or one of its parents should be,
    a bundle file name that is a folder, a folder that cannot be written (``--out`` itself, and
    its parent, where the bundle is written first and then moved in), and an ``--out`` that
    is one of the input folders or lies inside one (the next run would read its own outputs).

    >>> check_out_dir("out/report")
    PosixPath('out/report')
    """
    out = Path(out_dir)
    if out.exists():
        if not out.is_dir():
            raise OutputError(f"--out {out} is a file; choose a folder")
        if not os.access(out, os.W_OK | os.X_OK):
            raise OutputError(f"--out {out}: cannot write in {out}; choose a folder you can write to")
    # The bundle is written into a temporary folder next to --out (in its parent) and moved in,
    # so the parent (or, when it is missing, the nearest existing folder above) must be writable.
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"--out {out} is under {parent}, which is a file; choose a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(f"--out {out}: cannot write in {parent} (the bundle is written next to "
                                  f"{out.name} first); make {parent} writable or choose another --out")
            break
    for name in BUNDLE_FILES:
        if (out / name).is_dir():
            raise OutputError(f"--out {out}: {out / name} is a folder, not a file; "
                              "move it away or choose another --out")
    resolved = out.resolve()
    for given in inputs:
        try:
            folder = Path(given).resolve()
        except (OSError, RuntimeError):  # a symlink loop: the reader names it in one line (io.paths)
            continue
        if folder.is_dir() and (resolved == folder or folder in resolved.parents):
            raise OutputError(f"--out {out} is inside the input folder {given}, so the next run would read "
                              "its own outputs; choose a folder outside the inputs")
    return out


def write_run_json(analysis: Analysis, path: str | Path) -> Path:
    """Write ``analysis.run`` as UTF-8 JSON (non-JSON values such as paths become strings)."""
    path = Path(path)
    path.write_text(json.dumps(analysis.run, ensure_ascii=False, indent=2, default=str) + "\n",
                    encoding="utf-8")
    return path


def write_bundle(analysis: Analysis, out_dir: str | Path, *, lang: str = "sv", raw: bool = True) -> dict[str, Path]:
    """Write notes/themes/goals/recurring.csv, run.json, report.html, tables.xlsx, review.xlsx, summary.md.

    Returns ``{file name: path}``. Everything is written into a temporary folder next to
    ``out_dir`` first; only when every file is written are they moved in (a new folder is
    renamed into place, an existing one gets each file replaced), so a failure leaves the
    previous bundle untouched. Everything shared shows redacted text only; ``raw=False``
    (``--no-raw``) also blanks ``notes.csv``'s original ``text``.
    """
    out = check_out_dir(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the bundle folder is an ordinary one
    try:
        _write_files(analysis, tmp, lang=lang, raw=raw)
        written = sorted(p.name for p in tmp.iterdir())
        if not out.exists():
            os.rename(tmp, out)
        else:
            for name in written:
                os.replace(tmp / name, out / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: out / name for name in written}


def _write_files(analysis: Analysis, out: Path, *, lang: str, raw: bool) -> None:
    html = render_html(analysis, lang=lang)
    summary = summary_markdown(analysis, lang=lang)
    write_tables(analysis, out, raw=raw)
    write_run_json(analysis, out / "run.json")
    (out / "report.html").write_text(html, encoding="utf-8")
    write_excel(analysis, out / "tables.xlsx")
    write_review(analysis, out / "review.xlsx")
    (out / "summary.md").write_text(summary, encoding="utf-8")
