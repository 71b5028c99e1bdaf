"""``python -m benchmarks``: the quality benchmarks, then the speed suite and its three ratios."""
from __future__ import annotations

import importlib
import sys

SUITES = ["benchmarks.themes", "benchmarks.goals", "benchmarks.challenges", "benchmarks.speed"]


def main(argv: list[str]) -> None:
    chosen = [s for s in SUITES if not argv or s.split(".")[-1] in argv]
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(name)
        module.main([]) if name.endswith("speed") else (getattr(module, "main", None) or module.run)()


if __name__ == "__main__":
    main(sys.argv[1:])
