"""``python -m benchmarks.store [N ...]``: the store's scaling checks (issue 15 item 8).

``meeting_hashes`` on N input files of 10 rows each, with ``raw.attrs["inputs"]`` holding one dict
per file as ``read_contributions`` sets it: the old implementation (groupby on the frame with
attrs, which pandas deep-copies into every group) against the current one, same hashes asserted.
"""
from __future__ import annotations

import hashlib
import sys
import time

import pandas as pd

from nlp_varmland.store.meetings import meeting_hashes


def _old_meeting_hashes(raw: pd.DataFrame) -> dict[str, str]:
    out = {}
    for name, rows in raw.groupby("meeting", sort=True):
        lines = "\n".join(f"{s}|{r}|{t}" for s, r, t in zip(rows["source"], rows["source_row"], rows["text"]))
        out[str(name)] = "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()
    return out


def _raw(n: int, rows: int = 10) -> pd.DataFrame:
    raw = pd.DataFrame({
        "meeting": [f"möte {i:05d}" for i in range(n) for _ in range(rows)],
        "source": [f"in/möte{i:05d}.csv" for i in range(n) for _ in range(rows)],
        "source_row": [r for _ in range(n) for r in range(1, rows + 1)],
        "text": [f"Bussen går för sällan {i} {r}" for i in range(n) for r in range(rows)]})
    raw.attrs["inputs"] = [{"path": f"in/möte{i:05d}.csv", "sha256": "0" * 64, "rows": rows}
                           for i in range(n)]
    return raw


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 2000]
    for n in sizes:
        raw = _raw(n)
        start = time.perf_counter()
        before = _old_meeting_hashes(raw)
        t_old = time.perf_counter() - start
        start = time.perf_counter()
        after = meeting_hashes(raw)
        t_new = time.perf_counter() - start
        assert before == after
        print(f"meeting_hashes, {n} files: before {t_old:.2f} s, after {t_new:.3f} s (same hashes)",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
