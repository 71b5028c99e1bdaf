"""Coverage-guided byte fuzzing of the readers with atheris (libFuzzer), a child of benchmarks/fuzz.py.

    .venv/bin/python -m benchmarks.fuzz_atheris EXT SECONDS [CORPUS_DIR]

Runs ``read_contributions`` on every input atheris makes (as a file with extension EXT) and then
``clean`` on the result, with the property of ``benchmarks.fuzz``: a result or one
``NlpVarmlandError`` line. Any other exception is a crash: libFuzzer writes the input to
``crash-*`` and the process exits non-zero. Seeds: the sample meetings of that type.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["nlp_varmland"]):
    from nlp_varmland.errors import NlpVarmlandError
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ext, seconds = sys.argv[1], int(sys.argv[2])
    corpus = Path(sys.argv[3]) if len(sys.argv) > 3 else Path(tempfile.mkdtemp(prefix=f"nlpv-atheris-{ext}-"))
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "corpora").rglob(f"*.{ext}"))[:4]:
        (corpus / seed.name).write_bytes(seed.read_bytes()[:50_000])
    work = Path(tempfile.mkdtemp(prefix="nlpv-atheris-"))
    path = work / f"input.{ext}"

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        try:
            raw = read_contributions(path)
            clean(raw)
        except NlpVarmlandError as exc:
            if "\n" in str(exc) or not str(exc).strip():
                raise AssertionError(f"not one line: {exc!r}") from None

    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={seconds}", "-max_len=20000", "-timeout=20",
                   "-print_final_stats=1"], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
