"""Rebuild ``nlp_varmland/data/vectors/<model>.npz``: the vectors of the package's own texts.

Fits what every run fits (the goal mapper on each bundled goal file, with its background
sentences, and the words of their concept views, and the challenge detector) with the default
embedder into an empty embedding cache,
and ships every vector that landed there (see ``nlp_varmland.embeddings.bundled``). Run it after
editing a bundled goal file, the background sentences or the challenge prototypes:

    .venv/bin/python scripts/bundle_vectors.py
"""
from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

import numpy as np


def main() -> int:
    from nlp_varmland.challenges import ChallengeDetector
    from nlp_varmland.embeddings import EmbeddingCache, embed, get_embedder
    from nlp_varmland.embeddings.bundled import write_bundle
    from nlp_varmland.goals import GoalMapper, list_goal_files

    emb = get_embedder("e5")
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddingCache(Path(tmp) / "bundle.sqlite")
        for name in list_goal_files():
            mapper = GoalMapper(embedder=emb, cache=store).fit(name)
            # the goal-side words of its concept views (goals/concepts.py), embedded at the first run
            words = {w for docs in (mapper.desc_docs_, mapper.example_docs_, mapper.background_docs_)
                     for d in docs for w in d.split()}
            embed(sorted(words), emb, cache=store)
        ChallengeDetector(embedder=emb, cache=store).fit()
        store.close()
        with sqlite3.connect(Path(tmp) / "bundle.sqlite") as conn:
            rows = conn.execute("SELECT prefix, text_hash, vector FROM embeddings WHERE model_id = ? "
                                "ORDER BY prefix, text_hash", (emb.model_id,)).fetchall()
    keys = [(p, h) for p, h, _ in rows]
    vectors = np.stack([np.frombuffer(v, dtype=np.float32) for _, _, v in rows])
    path = write_bundle(emb.model_id, keys, vectors)
    print(f"{len(keys)} vectors of {emb.model_id} -> {path} ({path.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
