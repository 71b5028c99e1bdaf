"""``python -m benchmarks [themes goals challenges prefix speed]``: the quality benchmarks, then the
speed suite with its three ratios. With no names, all of them run (about 20 minutes here)."""
from __future__ import annotations

import importlib
import sys

SUITES = ["themes", "goals", "challenges", "prefix", "speed"]


def main(argv: list[str]) -> None:
    unknown = [a for a in argv if a not in SUITES]
    if unknown:
        raise SystemExit(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(SUITES)}")
    for name in argv or SUITES:
        print(f"\n=== benchmarks.{name} ===", flush=True)
        importlib.import_module(f"benchmarks.{name}").main([])


if __name__ == "__main__":
    main(sys.argv[1:])
