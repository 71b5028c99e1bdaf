"""``python -m benchmarks [--force] [themes goals challenges prefix speed]``: the quality benchmarks,
then the speed suite with its three ratios. With no names, all of them run (about 20 minutes here).

The speed suite times things, so it refuses to start while other heavy jobs share the cores; that
is checked before anything runs, not 20 minutes later. ``--force`` times anyway (results marked).
"""
from __future__ import annotations

import importlib
import sys

SUITES = ["themes", "goals", "challenges", "prefix", "redaction", "speed"]


def main(argv: list[str]) -> None:
    force = "--force" in argv
    names = [a for a in argv if a != "--force"]
    unknown = [a for a in names if a not in SUITES]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(SUITES)}")
    names = names or SUITES
    if "speed" in names and not force:
        from benchmarks.speed import busy_machine

        busy = busy_machine(0.5)
        if busy:
            raise SystemExit(f"benchmarks: {busy}")
    for name in names:
        print(f"\n=== benchmarks.{name} ===", flush=True)
        importlib.import_module(f"benchmarks.{name}").main(["--force"] if name == "speed" and force else [])


if __name__ == "__main__":
    main(sys.argv[1:])
