"""nlp_varmland: Swedish workshop notes -> themes -> Värmlandsstrategin goals -> recurring challenges.

>>> import nlp_varmland as nv
>>> a = nv.analyze("corpora/meetings")                    # doctest: +SKIP
>>> a.themes[["theme_id", "label", "goal_id"]]           # doctest: +SKIP

Heavy modules are imported lazily so that ``import nlp_varmland`` and the CLI start fast.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "analyze": "nlp_varmland.pipeline",
    "history": "nlp_varmland.pipeline",
    "rename_theme": "nlp_varmland.pipeline",
    "merge_themes": "nlp_varmland.pipeline",
    "settings_from_run": "nlp_varmland.pipeline",
    "Analysis": "nlp_varmland.analysis",
    "read_contributions": "nlp_varmland.io",
    "clean": "nlp_varmland.preprocessing",
    "CleanConfig": "nlp_varmland.preprocessing",
    "get_embedder": "nlp_varmland.embeddings",
    "EmbeddingCache": "nlp_varmland.embeddings",
    "CachedEmbedder": "nlp_varmland.embeddings",
    "topic_vectors": "nlp_varmland.stages",
    "ThemeModel": "nlp_varmland.themes",
    "GoalMapper": "nlp_varmland.goals",
    "load_goals": "nlp_varmland.goals",
    "ChallengeDetector": "nlp_varmland.challenges",
    "Store": "nlp_varmland.store",
    "NlpVarmlandError": "nlp_varmland.errors",
    "NotFittedError": "nlp_varmland.base",
    "clone": "nlp_varmland.base",
    "build_yearly_report": "nlp_varmland.pipeline",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nlp_varmland' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, so that ``dir(nv)`` and a notebook's tab completion show them."""
    return sorted(__all__)
