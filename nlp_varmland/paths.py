"""Where nlp_varmland keeps its per-user caches (embeddings, the lemma dictionary).

``$NLP_VARMLAND_CACHE_DIR`` when set, else the platform's user cache folder (platformdirs):
``$XDG_CACHE_HOME/nlp_varmland`` or ``~/.cache/nlp_varmland`` on Linux,
``~/Library/Caches/nlp_varmland`` on macOS, ``%LOCALAPPDATA%\\nlp_varmland\\Cache`` on Windows.

>>> import os
>>> os.environ.get("NLP_VARMLAND_CACHE_DIR") == str(cache_dir()) or "nlp_varmland" in str(cache_dir())
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
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nlp_varmland", appauthor=False))
