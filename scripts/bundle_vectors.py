"""Rebuild ``nlp_varmland/data/vectors/<model>.npz`` and the word table ``<model>.words.npz``.

The first holds the vectors of the package's own texts: it fits what every run fits (the goal
mapper on each bundled goal file, with its background sentences, and the words of their concept
views, and the challenge detector) with the default embedder into an empty embedding cache, and
ships every vector that landed there (see ``nlp_varmland.embeddings.bundled``). Run it after
editing a bundled goal file, the background sentences or the challenge prototypes:

    .venv/bin/python scripts/bundle_vectors.py

``--words N`` (re)builds the word table instead (``nlp_varmland.embeddings.words``): the N most
frequent Swedish content lemmas by ``wordfreq`` (a build-time dependency:
``pip install 'nlp-varmland[build]'``), lemmatised as the pipeline does, embedded alone by the
live engine (never from the existing table) and stored as int8. The words' vectors are kept in
an embedding cache (``--cache PATH``, default: a temporary file), so an interrupted build
resumes. Run it after changing the lemmatiser or the stop words (stale entries only miss):

    .venv/bin/python scripts/bundle_vectors.py --words 30000 --cache /tmp/words.sqlite
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

#: Word forms read from wordfreq's Swedish list (more than enough for any N below ~200,000).
FORMS = 400_000


def bundle_package_texts() -> int:
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


def frequent_lemmas(n: int, forms: int = FORMS) -> list[str]:
    """The ``n`` most frequent Swedish content lemmas: wordfreq's word forms through
    ``content_lemmas`` (stop words out), place names out, ranked by their forms' summed frequency."""
    try:
        import wordfreq
    except ImportError:
        raise SystemExit("the word table needs wordfreq at build time: pip install 'nlp-varmland[build]'") from None
    from nlp_varmland.embeddings.concepts import not_concepts
    from nlp_varmland.preprocessing import content_lemmas

    skip = not_concepts()
    score: Counter[str] = Counter()
    for form in wordfreq.top_n_list("sv", forms, wordlist="best"):
        freq = wordfreq.word_frequency(form, "sv")
        for lemma in content_lemmas(form):
            if lemma not in skip and "\n" not in lemma:
                score[lemma] += freq
    return [w for w, _ in score.most_common(n)]


def bundle_words(n: int, cache_path: str | None) -> int:
    from nlp_varmland.embeddings import EmbeddingCache, get_embedder
    from nlp_varmland.embeddings.words import word_table_path, write_word_table

    emb = get_embedder("e5")
    words = frequent_lemmas(n)
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddingCache(cache_path or Path(tmp) / "words.sqlite")
        # the cache and the live engine only: ``embed`` would answer from the existing table
        found = dict(zip(words, store.get_many(emb.model_id, emb.prefix, words)))
        todo = [w for w in words if found[w] is None]
        start = time.perf_counter()
        for i in range(0, len(todo), 2000):
            chunk = todo[i:i + 2000]
            vecs = emb.encode(chunk)
            store.put_many(emb.model_id, emb.prefix, chunk, vecs)
            found.update(zip(chunk, vecs))
            rate = (i + len(chunk)) / (time.perf_counter() - start)
            print(f"  {i + len(chunk)}/{len(todo)} words embedded ({rate:.0f}/s)", file=sys.stderr, flush=True)
        store.close()
    write_word_table(emb.model_id, emb.prefix, words, np.stack([found[w] for w in words]))
    path = word_table_path(emb.model_id)
    print(f"{len(words)} words of {emb.model_id} -> {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, metavar="N", help="build the word table of the N most frequent lemmas")
    parser.add_argument("--cache", help="embedding cache for the words (resumable); default a temporary file")
    args = parser.parse_args(argv)
    if args.words:
        return bundle_words(args.words, args.cache)
    return bundle_package_texts()


if __name__ == "__main__":
    sys.exit(main())
