#!/usr/bin/env python3
"""Yearly report bundle for the batch job: every meeting in a folder (or a store) -> one analysis.

    python scripts/build_report.py corpora/meetings --out out/year-2025

Meetings already recorded in the store (same content) are not embedded again, so a killed
job can simply be started again. The same inputs and --seed give the same themes. Any failure
ends with one line on stderr and a non-zero exit code.
"""
from __future__ import annotations

import sys

from nlp_varmland.cli import main

if __name__ == "__main__":
    sys.exit(main(["build-report", *sys.argv[1:]]))
