"""What a dependency costs: the distributions and disk size that only it pulls into the install.

Reads setup.cfg ``install_requires`` and the metadata of the installed environment (no network).

    .venv/bin/python scripts/dep_size.py spacy          # cost of adding spacy to the default install
    .venv/bin/python scripts/dep_size.py platformdirs
"""
from __future__ import annotations

import configparser
import os
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(roots: list[str]) -> set[str]:
    """Installed distributions needed by ``roots`` (extras and non-matching markers skipped)."""
    seen: set[str] = set()
    stack = [norm(r) for r in roots]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for raw in dist.requires or []:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                stack.append(norm(req.name))
    return seen


def size_mb(names: set[str]) -> float:
    total = 0
    for name in names:
        dist = metadata.distribution(name)
        for f in dist.files or []:
            try:
                total += os.path.getsize(dist.locate_file(f))
            except OSError:
                pass
    return total / 1e6


def main(argv: list[str]) -> int:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    base = [Requirement(line).name for line in cfg["options"]["install_requires"].split("\n") if line.strip()]
    for target in argv or ["spacy"]:
        others = [b for b in base if norm(b) != norm(target)]
        without = closure(others)
        extra = closure(others + [target]) - without
        print(f"{target}: {len(extra)} distributions, {size_mb(extra):.1f} MB on disk beyond the default "
              f"install ({len(without)} distributions, {size_mb(without):.1f} MB)")
        print("  " + ", ".join(sorted(extra)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
