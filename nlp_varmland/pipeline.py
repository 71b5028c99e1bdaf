"""Run the whole flow: read -> clean -> embed -> themes -> goals -> challenges -> recurring.

>>> import nlp_varmland as nv
>>> a = nv.analyze("corpora/meetings", embedder="e5")      # doctest: +SKIP
>>> a.themes.head()                                        # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Analysis:
    """The result of a run: DataFrames as described in docs/ARCHITECTURE.md."""

    notes: pd.DataFrame
    themes: pd.DataFrame
    goals: pd.DataFrame
    recurring: pd.DataFrame
    trend: pd.DataFrame
    run: dict[str, Any]
    goalset: Any = None
    messages: list[str] = field(default_factory=list)
