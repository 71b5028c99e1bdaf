#!/usr/bin/env bash
# Static checks: ruff (lint + import order) and mypy (types), configured in pyproject.toml.
# Usage: scripts/check.sh            (from anywhere; exits non-zero on any finding)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python
status=0
echo "== ruff check"
"$PY" -m ruff check . || status=1
echo "== mypy"
"$PY" -m mypy || status=1
exit $status
