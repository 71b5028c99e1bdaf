"""Redaction recall and false positives on ``corpora/labelled/redaction.csv``.

Each row holds a ``text``, the ``secrets`` in it that must go (`` | ``-separated) and strings
that must ``keep`` (place names, organisations, common nouns that are also names, years, amounts,
dates, time ranges). The set was written by hand for this benchmark; no constant in
``preprocessing.redact`` is fitted to it.

* recall: a secret counts as caught when none of its words (or digit groups) is left in the
  redacted text, so "[NAMN] Ali" leaks "Ali" and does not count;
* false positives: a ``keep`` string that is no longer in the redacted text, and rows without
  secrets that got any placeholder at all;
* speed: ``redact.apply`` over 10,000 statements (the set repeated), CPU seconds.

``--empty-rows N`` instead times the shared-output writers (notes.csv and the other CSVs,
tables.xlsx in write-only mode) on N empty statements, as a file of ``1;`` rows gives them, and
reports the peak memory of the process (issue 15 item 10).

    .venv/bin/python -m benchmarks.redaction [--errors] [--data CSV]
    .venv/bin/python -m benchmarks.redaction --empty-rows 1333333
"""
from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter
from pathlib import Path

from nlp_varmland.preprocessing import CleanConfig, redact
from nlp_varmland.preprocessing.resources import PLACEHOLDER_RE

DATA = Path(__file__).resolve().parents[1] / "corpora" / "labelled" / "redaction.csv"
_TOKEN_RE = re.compile(r"\w+")


def load(path: Path = DATA) -> list[dict[str, list[str] | str]]:
    """Rows of the labelled set: text, secrets (list) and keep (list)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        split = lambda s: [p.strip() for p in s.split(" | ") if p.strip()]  # noqa: E731
        out.append({"text": r["text"], "secrets": split(r["secrets"]), "keep": split(r["keep"])})
    return out


def kind_of(secret: str) -> str:
    """The kind a labelled secret belongs to (for the per-kind recall)."""
    if "@" in secret:
        return "emails"
    digits = sum(ch.isdigit() for ch in secret)
    letters = sum(ch.isalpha() for ch in secret)
    if digits >= 10 and letters == 0 and re.fullmatch(r"(?:\d{2})?\d{6}[-+]?\d{4}", secret):
        return "personnummer"
    if digits >= 6 and letters == 0:
        return "phones"
    if re.fullmatch(r"[A-ZÅÄÖ]{3}\s?\d{2}[\dA-Z]", secret):
        return "plates"
    if digits:
        return "addresses"
    return "names"


def leaked(secret: str, output: str) -> bool:
    """True when any word or digit group of ``secret`` is still a whole word in ``output``."""
    words = set(_TOKEN_RE.findall(output))
    return any(tok in words for tok in _TOKEN_RE.findall(secret))


def evaluate(rows: list[dict], *, errors: bool = False) -> dict[str, object]:
    """Recall per kind and overall, false positives, and the rows that went wrong."""
    config = CleanConfig()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    keep_lost = keep_total = clean_rows = clean_rows_touched = 0
    for row in rows:
        out, _ = redact.apply(row["text"], kinds=config.redact,
                              first_name_alone=config.redact_first_name_alone)
        for secret in row["secrets"]:
            kind = kind_of(secret)
            total[kind] += 1
            if leaked(secret, out):
                if errors:
                    print(f"MISS  {kind:12s} {secret!r:28s} -> {out}")
            else:
                caught[kind] += 1
        for keep in row["keep"]:
            keep_total += 1
            if keep not in out:
                keep_lost += 1
                if errors:
                    print(f"LOST  {keep!r:28s} -> {out}")
        if not row["secrets"]:
            clean_rows += 1
            if PLACEHOLDER_RE.search(out):
                clean_rows_touched += 1
                if errors:
                    print(f"FP    {row['text']!r} -> {out}")
    n_secrets = sum(total.values())
    return {
        "recall": sum(caught.values()) / n_secrets if n_secrets else 0.0,
        "secrets": n_secrets,
        "recall_by_kind": {k: (caught[k], total[k]) for k in sorted(total)},
        "keep_lost": keep_lost,
        "keep_total": keep_total,
        "clean_rows_touched": clean_rows_touched,
        "clean_rows": clean_rows,
    }


def speed(rows: list[dict], n: int = 10_000) -> float:
    """CPU seconds of ``redact.apply`` (default kinds) over ``n`` statements."""
    config = CleanConfig()
    texts = [rows[i % len(rows)]["text"] + f" ({i})" for i in range(n)]
    redact.apply(texts[0], kinds=config.redact)  # load the name lists once
    t0 = time.process_time()
    for text in texts:
        redact.apply(text, kinds=config.redact, first_name_alone=config.redact_first_name_alone)
    return time.process_time() - t0


def empty_rows(n: int, out: Path) -> None:
    """Time write_tables and write_excel on ``n`` empty statements; print seconds and peak RSS."""
    import resource
    from types import SimpleNamespace

    import pandas as pd

    from nlp_varmland.report.tables import write_excel, write_tables

    notes = pd.DataFrame({
        "note_id": [f"{i:010x}" for i in range(n)], "source": "ones.csv", "source_row": range(1, n + 1),
        "part": 1, "meeting": "ones", "date": "", "table": "1", "speaker": "", "role": "", "organisation": "",
        "text": "", "text_clean": "", "status": "empty", "redactions": "", "lemmas": "", "theme_id": -1,
        "theme_label": "", "area_id": "", "goal_id": "", "goal_score": float("nan"), "is_challenge": False})
    analysis = SimpleNamespace(notes=notes, themes=pd.DataFrame(), goals=pd.DataFrame(),
                               recurring=pd.DataFrame(), run={})
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    t0 = time.perf_counter()
    write_excel(analysis, out / "tables.xlsx")
    t1 = time.perf_counter()
    write_tables(analysis, out)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{n} empty statements: tables.xlsx {t1 - t0:.1f} s ({(out / 'tables.xlsx').stat().st_size} bytes), "
          f"CSVs {t2 - t1:.1f} s; peak RSS {peak} MB (the notes frame alone: {base} MB)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.redaction", description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="print every miss and every false positive")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--empty-rows", type=int, default=0, metavar="N",
                        help="time the shared-output writers on N empty statements instead")
    args = parser.parse_args(argv)
    if args.empty_rows:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            empty_rows(args.empty_rows, Path(tmp))
        return
    rows = load(args.data)
    res = evaluate(rows, errors=args.errors)
    print(f"rows: {len(rows)}, secrets: {res['secrets']}, must-keep strings: {res['keep_total']}")
    print(f"recall: {res['recall']:.3f}")
    for kind, (c, t) in res["recall_by_kind"].items():
        print(f"  {kind:13s} {c:3d}/{t:3d} = {c / t:.3f}")
    print(f"false positives: {res['keep_lost']}/{res['keep_total']} must-keep strings lost; "
          f"{res['clean_rows_touched']}/{res['clean_rows']} rows without personal data got a placeholder")
    print(f"speed: redact.apply on 10,000 statements: {speed(rows):.2f} s CPU")


if __name__ == "__main__":
    main()
