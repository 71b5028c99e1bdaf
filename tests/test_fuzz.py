"""A short run of the fuzz campaign (benchmarks/fuzz.py) in the normal test suite.

For every reader (csv, xlsx, docx, md/txt, jsonl), ``clean``, the goal-file loader and the
corrections reader: one clear ``NlpVarmlandError`` line or a result, no traceback, no hang,
every input row accounted for. The long run with a time budget is ``make fuzz``.
"""
from __future__ import annotations

import pytest

from benchmarks.fuzz import TARGETS, alarm, one_line_or_result, read_file, run_target

SHORT = {"csv": 60, "markdown": 40, "jsonl": 40, "xlsx": 15, "docx": 15, "clean": 25, "goals": 40,
         "corrections": 20}


@pytest.mark.parametrize("target", list(TARGETS))
def test_fuzz_short_run(target):
    run_target(target, max_examples=SHORT[target], hang=30)


# Inputs the campaign found or the issues reported, kept as fixed examples.
@pytest.mark.parametrize(("name", "data"), [
    ("a.csv", b"Anteckning\nBrist p\xc3\xa5 undersk\xc3\xb6terskor, sjuksk\xc3\xb6terskor\n"),
    ("a.csv", b"Bord;Anteckning\n1;Bussen g\xc3\xa5r; s\xc3\xa4rskilt\n"),
    ("a.csv", b"Bord;Anteckning\n1;x\n2;\"open\n3;a\n4;b\n5;c\n6;d\n7;e\n"),
    ("a.csv", b"Bord;Anteckning\n1;\x00\x00x\n"),
    ("a.csv", b"Bord;Anteckning\n" + b"1;\n" * 1000),
    ("a.csv", b"sep=;\n"),
    ("a.csv", b'"'),
    ("a.csv", b"\xff\xfe"),
    ("a.csv", b"\xff\xfeA"),  # odd-length UTF-16: was a UnicodeDecodeError traceback
    ("a.csv", b"\xff\xfe\x00\xd8A\x00"),  # a lone surrogate: was a UnicodeDecodeError traceback
    ("a.csv", "Anteckning\r\n\x00x\r\n".encode("utf-16")),  # NUL in UTF-16 text: reached the notes
    ("a.csv", b"\r\r\r"),
    ("a.md", b"```\n# x\n"),
    ("a.md", b"<!--"),
    ("a.jsonl", b"[" * 100000),
    ("a.jsonl", b'"just a string"\n{}\n'),
    ("a.jsonl", b'{"text": "\\u0000"}'),  # a JSON-escaped NUL: reached the notes
    ("a.xlsx", b"PK\x05\x06" + b"\x00" * 18),
    ("a.docx", b""),
])
def test_known_hostile_inputs(name, data):
    with alarm(30):
        one_line_or_result(lambda: read_file(name, data))
