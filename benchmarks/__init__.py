"""Benchmarks: speed and memory (speed.py) and quality (themes.py, goals.py, challenges.py).

Run everything with ``python -m benchmarks`` (or ``make bench``); each module also runs alone,
e.g. ``python -m benchmarks.speed --sizes 100 1000``. Figures are printed and written as JSON
to ``benchmarks/results/``. Nothing here is a unit test: targets are reported, not asserted.
"""
