"""Fuzz campaign over every reader, ``clean``, the goal-file loader and the corrections reader.

The property, for every target and every generated input: **one clear line or a result** -- the
call returns, or raises an ``NlpVarmlandError`` whose message is one non-empty line; no other
exception (no traceback), no hang (an alarm stops an example after ``--hang`` seconds), and
**every input row accounted for** (each RAW row is a statement of ``clean``; a CSV written
from known rows gives those rows back, an unquoted delimiter in a text joined back).

Inputs come from Hypothesis strategies: structured files (CSV rows with delimiters, quotes,
line breaks, NUL bytes, cp1252/UTF-8 mixes, long fields; Markdown with headings, comments,
fences and lists; JSONL with nesting; xlsx/docx built with openpyxl/python-docx and then
corrupted or inflated; YAML goal files with tags and nesting) and raw bytes.

    .venv/bin/python -m benchmarks.fuzz [--budget 300] [--targets csv,xlsx,...] [--hang 20] [--million]
                                        [--atheris SECONDS]
    make fuzz

``--atheris`` adds coverage-guided byte fuzzing of each reader with atheris (libFuzzer), in child
processes (``benchmarks/fuzz_atheris.py``).

Each target gets ``budget / n_targets`` seconds, run in rounds of Hypothesis examples with a
new seed each round. The tally (examples tried, failures with their inputs) is printed and
written to ``benchmarks/results/fuzz.json``. ``tests/test_fuzz.py`` runs the same targets
briefly in the normal test suite.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import signal
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"

# --------------------------------------------------------------------------- the property


class Hang(Exception):
    """An example ran longer than the hang limit."""


@contextlib.contextmanager
def alarm(seconds: int) -> Iterator[None]:
    """Raise ``Hang`` in the main thread after ``seconds`` (no-op when 0)."""
    if seconds <= 0:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def one_line_or_result(call: Callable[[], Any]) -> Any:
    """The property: a result, or an ``NlpVarmlandError`` of one non-empty line (returned as None)."""
    from nlp_varmland.errors import NlpVarmlandError

    try:
        return call()
    except NlpVarmlandError as exc:
        msg = str(exc)
        assert msg.strip() and "\n" not in msg and "Traceback" not in msg, f"not one line: {msg!r}"
        return None


def check_raw(raw: Any) -> None:
    """A RAW table read from a file: the columns, clean text, flags, and clean() keeps every row."""
    from nlp_varmland.io import COLUMNS, QUALITY_FLAGS
    from nlp_varmland.preprocessing import clean
    from nlp_varmland.schema import STATUSES

    assert list(raw.columns) == list(COLUMNS)
    assert len(raw) > 0
    assert not raw["text"].str.contains("\x00", regex=False).any()
    assert raw.duplicated(["source", "source_row"]).sum() == 0, "two rows share source and source_row"
    flags = {f for q in raw["quality"] for f in q.split(";") if f}
    assert flags <= set(QUALITY_FLAGS), flags
    notes = one_line_or_result(lambda: clean(raw))
    if notes is None:
        return
    assert set(notes["status"]) <= set(STATUSES)
    got = set(zip(notes["source"], notes["source_row"]))
    want = set(zip(raw["source"], raw["source_row"]))
    assert got == want, f"rows lost by clean: {sorted(want - got)[:5]}"


def read_file(name: str, data: bytes) -> Any:
    """Write ``data`` as ``name`` in a fresh folder and read it (the property applied)."""
    from nlp_varmland.io import read_contributions

    folder = Path(tempfile.mkdtemp(prefix="nlpv-fuzz-"))
    try:
        path = folder / name
        path.write_bytes(data)
        raw = one_line_or_result(lambda: read_contributions(path))
        if raw is not None:
            check_raw(raw)
        return raw
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- strategies

_WORDS = ["Bussen", "går", "för", "sällan", "brist", "på", "bostäder", "Kompetens", "Säffle", "Arvika",
          "unga", "Tåget", "Vården", "saknar", "folk", "inte", "svårt", "att", "ÅÄÖ", "åäö", "é", "–", "…",
          "Anna", "070-123 45 67", "19850709-1232", "Bord 1", "#", "##", "-", "*", "•", "1.", ">", "<!--",
          "-->", "```", "\"", "'", ";", ",", "\t", "|", "sep=;", "=cmd", "\x00", "\x1b[31m", "\u200b", "\ufeff",
          "\u2028", "\r", "\r\n", "\n", "Ã¶", "â€“", "{", "}", "[", "]", "&e;", "<!DOCTYPE", "🙂"]

cells = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join) | st.text(max_size=40)
lines_text = st.lists(st.lists(st.sampled_from(_WORDS), max_size=10).map(" ".join), max_size=25).map("\n".join)
encodings = st.sampled_from(["utf-8", "cp1252", "utf-8-sig", "utf-16", "mixed"])


def _encode(text: str, enc: str, rnd: random.Random) -> bytes:
    if enc == "mixed":  # each line in UTF-8 or cp1252
        return b"".join(line.encode(rnd.choice(["utf-8", "cp1252"]), errors="replace")
                        for line in text.splitlines(keepends=True))
    return text.encode(enc, errors="replace")


@st.composite
def csv_bytes(draw: Any) -> tuple[bytes, list[list[str]] | None, str]:
    """(file bytes, the rows when the file is "simple" (no quotes or line breaks in a cell), delimiter)."""
    delim = draw(st.sampled_from([";", ",", "\t", "|"]))
    header = draw(st.sampled_from([["Anteckning"], ["Bord", "Anteckning"], ["Möte", "Datum", "Bord", "Anteckning"],
                                   ["Anteckning", "Bord"], ["x", "y"], []]))
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=len(header) + 2), max_size=30))
    rnd = random.Random(draw(st.integers(0, 2**32)))
    mode = draw(st.sampled_from(["simple", "writer", "raw", "junk"]))
    if mode == "junk":
        return draw(st.binary(max_size=3000)), None, delim
    enc = draw(encodings)
    if mode == "writer":
        buf = io.StringIO()
        import csv

        w = csv.writer(buf, delimiter=delim, lineterminator=rnd.choice(["\n", "\r\n"]))
        w.writerows([header] + rows)
        return _encode(buf.getvalue(), enc, rnd), None, delim
    if mode == "raw":
        text = "\n".join(delim.join(r) for r in [header] + rows)
        return _encode(text, enc, rnd), None, delim
    # simple: plain words (may contain the delimiter in the text), one text column
    plain = [w for w in _WORDS if w.strip() and not set(w) & set("\"'\r\n\x00\u2028\ufeff\x1b\u200b")
             and w not in ("sep=;", "Ã¶", "â€“")]  # mojibake is repaired on purpose, so not "simple"
    texts = draw(st.lists(st.lists(st.sampled_from(plain), min_size=1, max_size=6).map(" ".join), min_size=1,
                          max_size=20))
    table = [str(i) for i in range(len(texts))]
    lines = ["Bord" + delim + "Anteckning"] + [f"{t}{delim}{x}" for t, x in zip(table, texts)]
    return ("\n".join(lines) + "\n").encode("utf-8"), [[t, x] for t, x in zip(table, texts)], delim


def check_csv(args: tuple[bytes, list[list[str]] | None, str]) -> None:
    data, rows, delim = args
    raw = read_file("a.csv" if delim != "\t" else "a.tsv", data)
    if rows is None:
        return
    keep = rows  # every row has a table number, so every row is a row (an empty text has status empty)
    assert raw is not None, "a simple CSV must be read"
    assert len(raw) == len(keep), (len(raw), len(keep))
    for got, (table, text) in zip(raw.itertuples(), keep):
        assert got.table == table
        assert " ".join(got.text.split()) == " ".join(text.rstrip(delim + " ").split()), (got.text, text)


@st.composite
def markdown_bytes(draw: Any) -> tuple[bytes, str]:
    text = draw(lines_text)
    ext = draw(st.sampled_from(["md", "txt"]))
    return _encode(text, draw(encodings), random.Random(draw(st.integers(0, 2**32)))), ext


def check_markdown(args: tuple[bytes, str]) -> None:
    data, ext = args
    raw = read_file(f"m.{ext}", data)
    if raw is not None and ext == "md":
        assert not raw["text"].str.contains("<!--", regex=False).any()


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | cells,
                           lambda kids: st.lists(kids, min_size=1, max_size=4)
                           | st.dictionaries(cells, kids, min_size=1, max_size=4),
                           max_leaves=20)


@st.composite
def jsonl_bytes(draw: Any) -> bytes:
    kind = draw(st.sampled_from(["objects", "values", "deep", "junk"]))
    if kind == "junk":
        return draw(st.binary(max_size=2000))
    if kind == "deep":
        d = draw(st.integers(1, 5000))
        return ('{"text": "ok"}\n' + '{"a":' * d + "1" + "}" * d + "\n" + "[" * d + "]" * d).encode()
    keys = st.sampled_from(["text", "anteckning", "möte", "bord", "datum", "x", ""])
    objs = draw(st.lists(st.dictionaries(keys, json_values, max_size=5) if kind == "objects" else json_values,
                         max_size=20))
    return "\n".join(json.dumps(o, ensure_ascii=draw(st.booleans())) for o in objs).encode()


def check_jsonl(data: bytes) -> None:
    read_file("a.jsonl", data)


@st.composite
def xlsx_bytes(draw: Any) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    ws.title = draw(st.sampled_from(["Blad1", "Bord 3", "Instruktioner"]))
    header = draw(st.sampled_from([["Bord", "Anteckning"], ["Anteckning"], ["x"], []]))
    if header:
        ws.append(header)
    for row in draw(st.lists(st.lists(cells | st.integers() | st.floats(allow_nan=False) | st.none(), max_size=4),
                             max_size=15)):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return _mutate_zip(buf.getvalue(), draw)


@st.composite
def docx_bytes(draw: Any) -> bytes:
    import docx
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    document = docx.Document()
    for kind, text in draw(st.lists(st.tuples(st.sampled_from(["h1", "h2", "bullet", "para", "title"]), cells),
                                    max_size=15)):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind.startswith("h"):
            document.add_heading(text, level=int(kind[1]))
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return _mutate_zip(buf.getvalue(), draw)


def _mutate_zip(data: bytes, draw: Any) -> bytes:
    """The archive as is, with a part inflated, with a DTD added, or with bytes flipped/cut."""
    how = draw(st.sampled_from(["as_is", "as_is", "inflate", "dtd", "flip", "cut"]))
    if how == "as_is":
        return data
    if how in ("flip", "cut"):
        b = bytearray(data)
        # positions are drawn independently of the length (openpyxl stamps the time, so it varies)
        if how == "cut":
            return bytes(b[:draw(st.integers(0, 10**9)) % (len(b) + 1)])
        for _ in range(draw(st.integers(1, 20))):
            b[draw(st.integers(0, 10**9)) % len(b)] = draw(st.integers(0, 255))
        return bytes(b)
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: src.read(i) for i in src.infolist()}
    main = next(n for n in parts if n.endswith(("sheet1.xml", "document.xml")))
    if how == "inflate":
        parts["customXml/item9.xml"] = b"<a>" + b" " * (draw(st.integers(11, 40)) << 20) + b"</a>"
    else:
        body = parts[main].split(b"?>", 1)[-1]
        parts[main] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + body
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    return out.getvalue()


def check_xlsx(data: bytes) -> None:
    raw = read_file("a.xlsx", data)
    assert raw is None or not raw["text"].str.contains("root:x:0", regex=False).any()


def check_docx(data: bytes) -> None:
    raw = read_file("a.docx", data)
    assert raw is None or not raw["text"].str.contains("root:x:0", regex=False).any()


@st.composite
def raw_frames(draw: Any) -> Any:
    import pandas as pd

    texts = draw(st.lists(cells | lines_text, min_size=1, max_size=20))
    return pd.DataFrame({"source": ["f.csv"] * len(texts), "source_row": list(range(1, len(texts) + 1)),
                         "meeting": "m", "speaker": draw(st.sampled_from(["", "Anna Berg"])), "text": texts})


def check_clean(frame: Any) -> None:
    from nlp_varmland.preprocessing import clean
    from nlp_varmland.schema import STATUSES

    notes = one_line_or_result(lambda: clean(frame))
    assert notes is not None
    assert set(notes["status"]) <= set(STATUSES)
    assert sorted(set(notes["source_row"])) == frame["source_row"].tolist()


@st.composite
def goal_yaml(draw: Any) -> str:
    kind = draw(st.sampled_from(["dump", "text", "tag", "deep"]))
    if kind == "text":
        return draw(lines_text)
    if kind == "tag":
        return draw(st.sampled_from(["!!python/object/apply:os.system ['true']", "!!binary AAAA", "!foo x",
                                     "&a [*a]", "*undefined"])).join(["name: x\ngoals:\n  - id: a\n    name: ",
                                                                      "\n    description: d\n"])
    if kind == "deep":
        d = draw(st.integers(1, 3000))
        style = draw(st.booleans())
        return "name: x\ngoals: " + ("[" * d + "]" * d if style else "".join("  " * i + "- k:\n" for i in range(d)))
    import yaml

    goals = draw(st.lists(st.dictionaries(st.sampled_from(["id", "name", "parent", "description", "keywords",
                                                           "x"]), json_values, max_size=6), max_size=6))
    doc = {"name": draw(cells), "goals": goals}
    return yaml.safe_dump(doc, allow_unicode=draw(st.booleans()))


def check_goals(text: str) -> None:
    from nlp_varmland.goals import format_tree, load_goals, validate_goals_file

    folder = Path(tempfile.mkdtemp(prefix="nlpv-fuzz-"))
    try:
        path = folder / "g.yaml"
        path.write_text(text, encoding="utf-8", errors="replace")
        problems = validate_goals_file(path)
        assert all("\n" not in p and "\x1b" not in p for p in problems)
        goalset = one_line_or_result(lambda: load_goals(path))
        if goalset is not None:
            assert not problems
            assert "\x1b" not in format_tree(goalset)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@st.composite
def corrections_bytes(draw: Any) -> tuple[bytes, str]:
    ext = draw(st.sampled_from(["csv", "csv", "xlsx"]))
    if ext == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for row in draw(st.lists(st.lists(st.sampled_from(["note_id", "goal_id", "is_challenge", "comment", "ja",
                                                           "bostader", "", "x"]), max_size=5), max_size=8)):
            wb.active.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        return _mutate_zip(buf.getvalue(), draw), ext
    header = draw(st.lists(st.sampled_from(["note_id", "goal_id", "is_challenge", "theme", "comment", "text", ""]),
                           max_size=5))
    rows = draw(st.lists(st.lists(cells, max_size=6), max_size=10))
    delim = draw(st.sampled_from([",", ";", "\t"]))
    text = "\n".join(delim.join(r) for r in [header] + rows)
    return _encode(text, draw(encodings), random.Random(draw(st.integers(0, 2**32)))), ext


def check_corrections(args: tuple[bytes, str]) -> None:
    from nlp_varmland.corrections import read_corrections

    data, ext = args
    folder = Path(tempfile.mkdtemp(prefix="nlpv-fuzz-"))
    try:
        path = folder / f"c.{ext}"
        path.write_bytes(data)
        one_line_or_result(lambda: read_corrections(path))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


TARGETS: dict[str, tuple[Any, Callable[[Any], None]]] = {
    "csv": (csv_bytes(), check_csv),
    "markdown": (markdown_bytes(), check_markdown),
    "jsonl": (jsonl_bytes(), check_jsonl),
    "xlsx": (xlsx_bytes(), check_xlsx),
    "docx": (docx_bytes(), check_docx),
    "clean": (raw_frames(), check_clean),
    "goals": (goal_yaml(), check_goals),
    "corrections": (corrections_bytes(), check_corrections),
}


def run_target(name: str, *, max_examples: int, hang: int, rng_seed: int | None = None,
               on_example: Callable[[], None] | None = None) -> None:
    """Run one target with Hypothesis; raises on the first (shrunk) failure."""
    strategy, check = TARGETS[name]

    def prop(value: Any) -> None:
        if on_example is not None:
            on_example()
        with alarm(hang):
            check(value)

    test = settings(max_examples=max_examples, deadline=None, database=None, derandomize=rng_seed is None,
                    suppress_health_check=list(HealthCheck), print_blob=False)(given(strategy)(prop))
    if rng_seed is not None:
        test = seed(rng_seed)(test)
    test()


# --------------------------------------------------------------------------- the long run


def million_rows(n: int = 1_000_000) -> dict[str, float]:
    """Issue 15 item 10: ``n`` rows of ``1;`` read (time, peak memory of the reading)."""
    import resource

    from nlp_varmland.io import read_contributions

    folder = Path(tempfile.mkdtemp(prefix="nlpv-fuzz-"))
    try:
        path = folder / "a.csv"
        path.write_text("Bord;Anteckning\n" + "1;\n" * n, encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        raw = read_contributions(path)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert len(raw) == n
        return {"rows": n, "file_mb": round(path.stat().st_size / 2**20, 1), "read_s": round(took, 2),
                "peak_rss_mb": round(peak / 1024), "rss_growth_mb": round((peak - before) / 1024)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def long_notes(sizes: tuple[int, ...] = (100_000, 400_000)) -> dict[str, dict[str, float]]:
    """Issue 15 item 7: one note of each size (characters of labelled statements, repeated) read,
    cleaned and scored for challenge cues; seconds per stage."""
    import csv

    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

    with (ROOT / "corpora" / "labelled" / "challenges.csv").open(encoding="utf-8", newline="") as fh:
        base = " ".join(r.get("text", "") for r in csv.DictReader(fh))
    det = ChallengeDetector(embedder=False).fit()
    out = {}
    folder = Path(tempfile.mkdtemp(prefix="nlpv-fuzz-"))
    try:
        for size in sizes:
            text = (base * (size // max(1, len(base)) + 1))[:size].replace('"', "'")
            path = folder / f"long{size}.csv"
            path.write_text('Anteckning\n"' + text + '"\n', encoding="utf-8")
            t0 = time.perf_counter()
            raw = read_contributions(path)
            t1 = time.perf_counter()
            notes = clean(raw)
            t2 = time.perf_counter()
            det.predict(notes["text_clean"].tolist())
            t3 = time.perf_counter()
            out[f"{size // 1000}k"] = {"read_s": round(t1 - t0, 2), "clean_s": round(t2 - t1, 2),
                                       "cues_s": round(t3 - t2, 2),
                                       "quality": ";".join(sorted(set(raw.get("quality", []))))}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def run_atheris(seconds: int) -> dict[str, Any]:
    """Coverage-guided byte fuzzing (atheris/libFuzzer) of each reader for ``seconds`` each, in child
    processes (``benchmarks/fuzz_atheris.py``); returns runs and crashes per file type."""
    import os
    import re
    import subprocess
    import sys

    out: dict[str, Any] = {}
    for ext in ("csv", "md", "txt", "jsonl", "xlsx", "docx"):
        work = Path(tempfile.mkdtemp(prefix=f"nlpv-atheris-{ext}-"))
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        cmd = [sys.executable, "-m", "benchmarks.fuzz_atheris", ext, str(seconds), str(work / "corpus")]
        proc = subprocess.run(cmd,
                              cwd=work, env=env, capture_output=True, text=True, timeout=seconds + 120)
        log = proc.stdout + proc.stderr
        runs = re.search(r"Done (\d+) runs", log)
        crashes = sorted(p.name for p in work.glob("crash-*")) + sorted(p.name for p in work.glob("timeout-*"))
        out[ext] = {"runs": int(runs.group(1)) if runs else None, "exit": proc.returncode,
                    "crashes": crashes, "tail": log.strip().splitlines()[-3:] if proc.returncode else []}
        print(f"atheris {ext:6s} {out[ext]['runs']} runs, exit {proc.returncode}, {len(crashes)} crash file(s)"
              + (f" in {work}" if crashes else ""), flush=True)
        if not crashes:
            shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=300.0, help="seconds over all targets (default 300)")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated, from " + ",".join(TARGETS))
    parser.add_argument("--hang", type=int, default=20, help="seconds before an example counts as a hang")
    parser.add_argument("--round", type=int, default=50, help="examples per Hypothesis round")
    parser.add_argument("--million", action="store_true",
                        help="also time reading a million `1;` rows and 100/400 KB notes")
    parser.add_argument("--atheris", type=int, default=0, metavar="SECONDS",
                        help="also fuzz each reader's bytes with atheris for SECONDS (coverage-guided)")
    args = parser.parse_args(argv)
    import warnings

    warnings.filterwarnings("ignore", category=UserWarning)  # pandas/openpyxl chatter on odd inputs
    warnings.filterwarnings("ignore", module="hypothesis")
    names = [n for n in args.targets.split(",") if n]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        raise SystemExit(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    per_target = args.budget / len(names)
    report: dict[str, Any] = {"budget_s": args.budget, "hang_s": args.hang, "targets": {}}
    for name in names:
        tried = 0
        failures: list[dict[str, str]] = []
        start = time.perf_counter()
        rounds = 0

        def count() -> None:
            nonlocal tried
            tried += 1

        while time.perf_counter() - start < per_target:
            rounds += 1
            try:
                run_target(name, max_examples=args.round, hang=args.hang, rng_seed=rounds, on_example=count)
            except Exception as exc:  # a falsified property: keep the shrunk inputs and go on
                for sub in getattr(exc, "exceptions", None) or [exc]:
                    error = f"{type(sub).__name__}: {str(sub).splitlines()[0][:300] if str(sub) else ''}"
                    where = traceback.extract_tb(sub.__traceback__)[-1] if sub.__traceback__ else None
                    example = next((n for n in getattr(sub, "__notes__", []) if n.startswith("Failing")), "")
                    if not any(f["error"] == error for f in failures):
                        failures.append({"error": error, "at": f"{where.filename}:{where.lineno}" if where else "",
                                         "input": example[:1500]})
        took = time.perf_counter() - start
        report["targets"][name] = {"examples": tried, "rounds": rounds, "seconds": round(took, 1),
                                   "failures": failures}
        print(f"{name:12s} {tried:7d} inputs in {took:6.1f} s, {len(failures)} failure(s)", flush=True)
        for f in failures:
            print(f"    {f['error']} at {f['at']}\n      {f['input'][:300]!r}", flush=True)
    if args.million:
        report["million_rows"] = million_rows()
        print("million `1;` rows:", report["million_rows"], flush=True)
        report["long_notes"] = long_notes()
        print("long notes:", report["long_notes"], flush=True)
    if args.atheris:
        report["atheris"] = run_atheris(args.atheris)
    total = sum(t["examples"] for t in report["targets"].values())
    fails = sum(len(t["failures"]) for t in report["targets"].values())
    print(f"total: {total} inputs, {fails} distinct failure(s)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
