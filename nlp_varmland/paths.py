"""Where nlp_varmland keeps its per-user caches (embeddings, the lemma dictionary).

``$NLP_VARMLAND_CACHE_DIR``, else ``$XDG_CACHE_HOME/nlp_varmland``, else ``~/.cache/nlp_varmland``.

>>> cache_dir().name in {"nlp_varmland"} or bool(os.environ.get("NLP_VARMLAND_CACHE_DIR"))
True
"""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    base = os.environ.get("NLP_VARMLAND_CACHE_DIR")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return ((Path(xdg) if xdg else Path.home() / ".cache") / "nlp_varmland").expanduser()
