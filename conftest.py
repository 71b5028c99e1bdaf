"""Settings for doctests collected from ``nlp_varmland`` (``--doctest-modules``, setup.cfg).

Doctests run from the repository root, so examples may use the sample corpus as
``corpora/meetings``; they use a throw-away cache folder, never the user's, and must not
import a heavy library (torch, BERTopic, spaCy, ...): a doctest that does fails here.
"""
from __future__ import annotations

import os
import sys
import tempfile

import pytest

# Before any nlp_varmland import: one throw-away cache per session (tests/conftest.py does the same).
os.environ.setdefault("NLP_VARMLAND_CACHE_DIR", tempfile.mkdtemp(prefix="nv-test-cache-"))

HEAVY = ("torch", "bertopic", "sentence_transformers", "umap", "hdbscan", "spacy", "dask", "playwright")


@pytest.fixture(autouse=True)
def _doctest_from_repo_root(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """Doctests see the repository root as working folder and may not pull in heavy libraries."""
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    monkeypatch.chdir(request.config.rootpath)
    before = {name for name in HEAVY if name in sys.modules}
    yield
    pulled = sorted(name for name in HEAVY if name in sys.modules and name not in before)
    assert not pulled, f"doctest {request.node.name} imported {', '.join(pulled)}: keep doctests light"
