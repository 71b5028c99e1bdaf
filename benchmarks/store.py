"""``python -m benchmarks.store [N ...] [--kill TRIALS]``: the store's scaling and crash checks.

``meeting_hashes`` on N input files of 10 rows each, with ``raw.attrs["inputs"]`` holding one dict
per file as ``read_contributions`` sets it: the old implementation (groupby on the frame with
attrs, which pandas deep-copies into every group) against the current one, same hashes asserted
(issue 15 item 8). ``--kill TRIALS``: SIGKILL a process creating a store 0-8 ms after its first
file appears, then open the store; counts how many are usable (issue 15 item 4).
"""
from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def kill_trials(trials: int) -> None:
    from nlp_varmland.errors import StoreError
    from nlp_varmland.store import Store

    usable = 0
    for i in range(trials):
        folder = Path(tempfile.mkdtemp(prefix="nv-kill-"))
        db = folder / "s.db"
        proc = subprocess.Popen([sys.executable, "-c",
                                 f"from nlp_varmland.store import Store; Store({str(db)!r}).close()"])
        while not any(folder.iterdir()) and proc.poll() is None:
            time.sleep(0.0005)
        time.sleep(0.002 * (i % 5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            Store(db).close()
            usable += 1
        except StoreError as exc:
            print(f"  refused: {exc}")
    print(f"SIGKILL during creation: {usable} of {trials} stores usable afterwards", flush=True)


def main(argv: list[str]) -> None:
    if "--kill" in argv:
        at = argv.index("--kill")
        kill_trials(int(argv[at + 1]))
        argv = argv[:at] + argv[at + 2:]
        if not argv:
            return
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
