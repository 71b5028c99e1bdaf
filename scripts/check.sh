#!/usr/bin/env bash
# Static checks, configured in pyproject.toml: ruff (lint + import order), mypy (types) and
# import-linter (the one-way layers and no cycles; tests/test_layers.py checks the same).
# Usage: scripts/check.sh            (from anywhere; exits non-zero on any finding)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
[ -x "$PY" ] || PY=python
status=0
echo "== ruff check"
"$PY" -m ruff check --output-format concise . || status=1
echo "== mypy"
"$PY" -m mypy || status=1
echo "== import layers (lint-imports)"
"$PY" -c "from importlinter.cli import lint_imports_command; lint_imports_command(prog_name='lint-imports')" || status=1
exit $status
