"""The goal mapper: score statements against every goal and pick one (or none: emerging).

>>> from nlp_varmland.goals import load_goals
>>> mapper = GoalMapper().fit(load_goals())                                # doctest: +SKIP
>>> mapper.transform(["Bussen går för sällan"])[["goal_id", "area_id"]]   # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nlp_varmland.base import ParamsMixin, as_texts, check_embeddings, check_number
from nlp_varmland.errors import GoalFileError
from nlp_varmland.goals.background import background_sentences, refine, robust_stats
from nlp_varmland.goals.concepts import RunIdf, combine, concepts_apply
from nlp_varmland.goals.coverage import coverage
from nlp_varmland.goals.files import load_goals
from nlp_varmland.goals.matching import KeywordUnits, _expand, _lemmatizer, _match_units, _phrase_lemmas
from nlp_varmland.goals.model import GoalSet
from nlp_varmland.goals.selftrain import Z_WEIGHT
from nlp_varmland.goals.selftrain import self_train as _self_train
from nlp_varmland.goals.theme_votes import map_themes
from nlp_varmland.goals.vectors import _default_embedder, _encode
from nlp_varmland.preprocessing.logistics import meeting_note_cues
from nlp_varmland.schema import NOTE_GOAL_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["GoalMapper", "MIN_Z"]

#: Default decision: a statement fits a goal when it scores at least this many background
#: spreads above ordinary text for it (``goals/background.py``). Chosen by measurement across
#: goal files and kinds of text (``python -m benchmarks.goals``), not on one goal file.
MIN_Z = 2.5

#: With a corpus-fitted embedder (``cacheable = False``: tf-idf) a batch of at least this many
#: texts is its own background (see ``_scores``); smaller batches (a theme centroid) reuse the
#: last such batch's statistics.
MIN_CORPUS = 20
SPREAD_FLOOR = 0.1


def _content_doc(text: str) -> str:
    """Space-separated content lemmas of ``text`` (what a concept view is made of)."""
    from nlp_varmland.preprocessing import content_lemmas

    return " ".join(content_lemmas(str(text or "")))


class GoalMapper(ParamsMixin):
    """Map statements and themes to the goals of a goal file.

    The raw score of a text for a goal is the embedding similarity to the goal (the mean of its
    similarity to the goal's name + description and to its ``top_k`` nearest examples) plus
    ``keyword_weight * (1 - 0.5 ** n)`` for n matched keywords (lemmas, compound parts too),
    minus ``keyword_weight`` when an ``exclude`` phrase matches.

    "Does any goal fit?" is calibrated per goal file (``threshold=None``, the default): each
    goal's raw scores are z-scored against the scores of generic background sentences for that
    goal (``goals/background.py``), and sharpened by the corpus (statements that clearly fit a
    goal give it a prototype in the corpus's own style). A text maps to the goal with the best
    z when it is at least ``min_z``; when that is an area and one of its sub-goals also clears
    ``min_z`` within ``margin`` of it, the sub-goal is taken. Else: ``emerging``.

    The corpus then decides (``self_train=True``, ``goals/selftrain.py``): its statements are
    pseudo-labelled with the z (best z >= ``min_z + 0.5``: that goal; < ``min_z - 0.5``: none,
    with the background sentences), and a logistic regression on the vectors (plus the goal texts
    as rows of their goals, and labelled ``examples``) scores every statement. The decision score
    for goal j is ``0.75 * (min_z + ln(p_j / p_none)) + 0.25 * z_j`` (``z_weight``): on the z's
    scale, mostly the classifier's log-odds of goal j against no goal, and the rule above (best
    score, sub-goal within ``margin``) is unchanged.
    The classifier sees vectors, not words, so a goal *without examples* (in the file or an
    analyst's: only its name + description as a vector) has its keyword evidence added to its
    decision score at full weight, ``(1 - z_weight) * keyword_weight * kw / spread`` (``bare_keywords``;
    goals with examples are unchanged): "Fiber saknas i byarna" gets the goal whose keywords
    name ``fiber`` in a file written with names, descriptions and keywords only.
    A batch with too few confident statements (fewer than 10 on goals or 10 off every goal: a
    tiny corpus, one theme centroid) keeps the z's. ``goal_score`` and :meth:`score_matrix` are
    these decision scores; ``threshold_`` is ``min_z``.

    ``description_prefix`` (default: ``goal_prefix``) is the e5 prefix of the name + description
    alone, e.g. ``"passage: "`` for e5's asymmetric use (measured: mixed, see models/goals/README.md).

    ``threshold=<float>`` switches to the old fixed cut on raw scores (no background, no corpus
    refinement; ``margin`` is then in raw units, e.g. 0.02).

    ``concepts=True`` (the default; ``goals/concepts.py``): the batch is scored a second time on
    concept views (statements, goal texts, examples and background, with the idf of the batch's
    lemmas), the goals are ranked by the mean of both decision scores and the best goal keeps
    the whole text's best score, so "does any goal fit" is decided on whole text alone. Needs
    the statements' lemmas (given or computed) and a neural embedder; ``concepts=False`` is the
    mapper before.

    ``fit(goalset, examples=(X, goal_ids[, texts]))`` adds analysts' judgements: a goal id makes
    the statement an extra example of that goal (it joins the goal's nearest-example similarity)
    and a labelled row of the corpus classifier; ``""`` ("no goal") a labelled row of "none".
    A labelled row weighs three rows of its class and replaces the pseudo-label of the
    same statement. ``examples=None`` (or none) gives exactly the default.

    >>> mapper = GoalMapper().fit(load_goals())                     # doctest: +SKIP
    >>> mapper.transform(["Bussarna går för sällan till byn"]).goal_id[0]   # doctest: +SKIP
    'transporter-och-kollektivtrafik'
    """

    #: set on a concept view (:meth:`_concept_view`): the sentences of a longer statement get
    #: their concept views too
    sentence_view_: Any = None

    def __init__(self, embedder: Any = None, threshold: float | None = None, *,
                 keyword_weight: float = 0.04, margin: float = 1.5, max_goals: int = 3,
                 top_k: int = 1, goal_prefix: str | None = "query: ", min_share: float = 0.3,
                 centroid_weight: float = 0.25, cache: Any = None, min_z: float = MIN_Z,
                 refine: bool = True, per_sentence: bool = True,
                 description_prefix: str | None = None, self_train: bool = True,
                 classifier_c: float = 1.0, z_weight: float = Z_WEIGHT, concepts: bool = True,
                 bare_keywords: bool = True) -> None:
        self.embedder = embedder
        self.bare_keywords = bare_keywords
        self.concepts = concepts
        self.self_train = self_train
        self.classifier_c = classifier_c
        self.z_weight = z_weight
        self.description_prefix = description_prefix
        self.threshold = threshold
        self.min_z = min_z
        self.refine = refine
        self.per_sentence = per_sentence
        self.keyword_weight = keyword_weight
        self.margin = margin
        self.max_goals = max_goals
        self.top_k = top_k
        self.goal_prefix = goal_prefix
        self.min_share = min_share
        self.centroid_weight = centroid_weight
        self.cache = cache

    # -- fit ------------------------------------------------------------------------------
    def fit(self, goalset: GoalSet | str | Path | None = None,
            examples: tuple[Any, ...] | None = None) -> GoalMapper:
        """Embed each goal's name + description and examples, and the background sentences;
        prepare keyword lemmas.

        ``examples``: ``(embeddings, goal_ids)`` or ``(embeddings, goal_ids, texts)`` of
        analysts' judgements (same embedder as the statements; goal id ``""`` = no goal): extra
        examples of their goals and labelled rows of the corpus classifier. ``None`` (the
        default) changes nothing.
        """
        if not isinstance(goalset, GoalSet):
            goalset = load_goals(goalset)
        if not goalset.goals:
            raise GoalFileError(f"{goalset.path}: the goal file has no goals")
        check_number(self.max_goals, "max_goals", low=1, integer=True)
        check_number(self.threshold, "threshold", none=True)
        self.embedder_ = self.embedder if self.embedder is not None else _default_embedder()
        if isinstance(self.embedder_, str):  # a spec, as ChallengeDetector and analyze take
            from nlp_varmland.embeddings import get_embedder

            self.embedder_ = get_embedder(self.embedder_)
        elif not callable(getattr(self.embedder_, "encode", None)):
            from nlp_varmland.errors import EmbedderError

            raise EmbedderError(f"not an embedder: {self.embedder_!r}; give a spec such as 'e5' or 'tfidf', "
                                "or an embedder from nv.get_embedder()")
        self.corpus_fitted_ = not getattr(self.embedder_, "cacheable", True)
        for stale in ("corpus_median_", "corpus_spread_"):
            self.__dict__.pop(stale, None)
        self.goalset_ = goalset
        self.goal_ids_ = goalset.ids
        self.area_ids_ = [goalset.area_of(g) for g in self.goal_ids_]
        self.parent_idx_ = np.array([self.goal_ids_.index(g.parent) if g.parent else -1
                                     for g in goalset.goals])
        lemmatize = _lemmatizer()
        self.keywords_ = [_phrase_lemmas(g.keywords, lemmatize) for g in goalset.goals]
        self.exclude_ = [_phrase_lemmas(g.exclude, lemmatize) for g in goalset.goals]
        self.units_ = KeywordUnits(*self.keywords_, *self.exclude_)

        desc_texts = [f"{g.name}: {g.description}" for g in goalset.goals]
        ex_texts, ex_goal = [], []
        for i, g in enumerate(goalset.goals):
            for e in g.examples:
                ex_texts.append(e)
                ex_goal.append(i)
        if self.description_prefix is None or self.description_prefix == self.goal_prefix:
            vecs = _encode(self.embedder_, desc_texts + ex_texts, self.goal_prefix, self.cache)
            self.desc_vectors_ = vecs[: len(desc_texts)]
            self.example_vectors_ = vecs[len(desc_texts):]
        else:
            self.desc_vectors_ = _encode(self.embedder_, desc_texts, self.description_prefix, self.cache)
            self.example_vectors_ = _encode(self.embedder_, ex_texts, self.goal_prefix, self.cache)
        self.example_goal_ = np.asarray(ex_goal, dtype=int)
        self.example_texts_ = ex_texts
        # content lemmas of the goal-side texts, for their concept views (goals/concepts.py)
        self.desc_docs_ = [_content_doc(t) for t in desc_texts]
        self.example_docs_ = [_content_doc(t) for t in ex_texts]
        self.labelled_docs_: list[str] = []
        self.word_vectors_: dict[str, np.ndarray] = {}
        # labelled rows of the corpus classifier: every goal's text and examples (the goal file's)
        self.goal_rows_ = np.concatenate([np.arange(len(desc_texts)), self.example_goal_]).astype(int)
        self.goal_row_vectors_ = np.vstack([self.desc_vectors_, self.example_vectors_])
        self.labelled_vectors_ = np.zeros((0, self.desc_vectors_.shape[1]), dtype=np.float32)
        self.labelled_goal_ = np.zeros(0, dtype=int)
        if examples is not None:
            self._add_examples(examples)
        if self.threshold is not None:
            self.threshold_ = float(self.threshold)
            self.background_median_ = np.zeros(len(self.goal_ids_))
            self.background_spread_ = np.ones(len(self.goal_ids_))
            self.background_vectors_ = np.zeros((0, self.desc_vectors_.shape[1]), dtype=np.float32)
        else:
            bank = background_sentences()
            self.background_vectors_ = _encode(self.embedder_, bank, None, self.cache)
            lemmas = [_expand([x.lower() for x in lemmatize(t)]) for t in bank]
            self.background_keywords_ = self._keyword_evidence(lemmas)
            self.background_docs_ = [_content_doc(t) for t in bank]
            raw = self._raw_scores(self.background_vectors_, lemmas, self.background_keywords_)
            self.background_median_, self.background_spread_ = robust_stats(raw)
            self.threshold_ = float(self.min_z)
        return self

    def _add_examples(self, examples: tuple[Any, ...]) -> None:
        ids = ["" if g is None else str(g) for g in examples[1]]
        if not ids:
            return
        X = np.asarray(examples[0], dtype=np.float32)
        texts = [str(t) for t in examples[2]] if len(examples) > 2 else [""] * len(ids)
        if X.ndim != 2 or len(X) != len(ids) or len(texts) != len(ids):
            raise ValueError(f"examples: {len(X)} vectors, {len(ids)} goal ids and {len(texts)} texts must match")
        if len(X) and X.shape[1] != self.desc_vectors_.shape[1]:
            raise ValueError(f"examples have dim {X.shape[1]}, the goals {self.desc_vectors_.shape[1]}: "
                             f"embed examples and goals with the same embedder")
        unknown = sorted(set(ids) - set(self.goal_ids_) - {""})
        if unknown:
            raise GoalFileError(f"examples name goal ids not in {self.goalset_.name}: {', '.join(unknown[:5])}")
        if not len(X):
            return
        goal = np.array([self.goal_ids_.index(g) if g else -1 for g in ids], dtype=int)
        self.labelled_vectors_ = X
        self.labelled_goal_ = goal
        self.labelled_docs_ = [_content_doc(t) for t in texts]
        on = goal >= 0  # "" (no goal) teaches the classifier only
        self.example_vectors_ = np.vstack([self.example_vectors_, X[on]])
        self.example_docs_ = list(self.example_docs_) + [d for d, o in zip(self.labelled_docs_, on) if o]
        self.example_goal_ = np.concatenate([self.example_goal_, goal[on]]).astype(int)
        self.example_texts_ = list(self.example_texts_) + [t or "(bekräftat påstående)"
                                                           for t, o in zip(texts, on) if o]

    # -- scoring --------------------------------------------------------------------------
    def _raw_scores(self, X: np.ndarray, lemmas: list[list[str]], keywords: np.ndarray | None = None) -> np.ndarray:
        """(n, n_goals) raw scores: embedding similarity plus keyword evidence (``keywords``:
        the texts' keyword evidence when already known, :meth:`_keyword_evidence`)."""
        n, G = len(X), len(self.goal_ids_)
        sim_desc = X @ self.desc_vectors_.T
        sim_ex = X @ self.example_vectors_.T if len(self.example_texts_) else np.zeros((n, 0))
        emb = np.empty((n, G), dtype=np.float64)
        for j in range(G):
            cols = sim_ex[:, self.example_goal_ == j]
            if cols.shape[1]:
                k = min(self.top_k, cols.shape[1])
                top = -np.sort(-cols, axis=1)[:, :k]
                emb[:, j] = 0.5 * sim_desc[:, j] + 0.5 * top.mean(axis=1)
            else:
                emb[:, j] = sim_desc[:, j]
        kw = self._keyword_evidence(lemmas) if keywords is None else keywords
        return emb + self.keyword_weight * kw

    def _keyword_evidence(self, lemmas: list[list[str]]) -> np.ndarray:
        """(n, n_goals): 1 - 0.5 ** (matched keywords), minus 1 when an exclude phrase matches."""
        n, G = len(lemmas), len(self.goal_ids_)
        kw = np.zeros((n, G))
        # the words of each goal's keywords and excludes: a text sharing none skips that goal
        kw_words = [frozenset(k for _, forms in phrases for form in forms for k in form) for phrases in self.keywords_]
        ex_words = [frozenset(k for _, forms in phrases for form in forms for k in form) for phrases in self.exclude_]
        for i, lem in enumerate(lemmas):
            units = self.units_.of(lem)
            if not units:
                continue
            for j in range(G):
                if not units.isdisjoint(kw_words[j]):
                    hits = _match_units(self.keywords_[j], units)
                    if hits:
                        kw[i, j] = 1.0 - 0.5 ** len(hits)
                if not units.isdisjoint(ex_words[j]) and _match_units(self.exclude_[j], units):
                    kw[i, j] -= 1.0
        return kw

    def _scores(self, X: np.ndarray, lemmas: list[list[str]]) -> np.ndarray:
        """(n, n_goals) decision scores: z against the background, sharpened by the corpus
        (``threshold=None``), or the raw scores (a fixed ``threshold``)."""
        raw = self._raw_scores(X, lemmas)
        if self.threshold is not None:
            return raw
        reference = self.background_vectors_
        median, spread = self.background_median_, self.background_spread_
        if self.corpus_fitted_:
            # A corpus-fitted space (tf-idf) has no place for the bundled background (its words are
            # mostly unknown to the corpus: near-zero vectors, a spread of ~0, every z huge). The
            # corpus is its own background: most statements are off any one goal's subject.
            if len(X) >= MIN_CORPUS or not hasattr(self, "corpus_median_"):
                # A batch smaller than MIN_CORPUS is its own background only when no larger one
                # came first (a corpus of three notes), else every z would be ~1e6.
                # One scale for every goal (the raw argmax stays the choice): goals differ in how
                # many statements are on their subject, which would move a per-goal centre.
                med, mad = robust_stats(raw.reshape(-1, 1))
                self.corpus_median_ = float(med[0])
                self.corpus_spread_ = max(float(mad[0]), SPREAD_FLOOR * float(raw.std()))
            if hasattr(self, "corpus_median_"):
                median = np.full(raw.shape[1], self.corpus_median_)
                spread = np.full(raw.shape[1], self.corpus_spread_)
                reference = X
        Z = (raw - median) / spread
        if self.refine and len(X) > 1:
            Z = refine(X, Z, reference, min_z=self.threshold_, floor=SPREAD_FLOOR if self.corpus_fitted_ else 0.0)
        return Z

    def _text_scores(self, texts: list[str], X: np.ndarray, lemmas: list[list[str]],
                     docs: list[str] | None = None) -> np.ndarray:
        """Decision scores per text (:meth:`_view_scores`); with ``concepts``, combined with the
        scores of the concept views (``goals/concepts.py``: ranked by both, the best score and
        so "does any goal fit" from the whole text)."""
        S = self._view_scores(texts, X, lemmas)
        if not self.concepts or docs is None or self.threshold is not None or not len(X) \
                or not concepts_apply(self.embedder_):
            return S
        view, idf = self._concept_view(docs)
        return combine(S, view._view_scores(texts, view._blend(idf, X, docs), lemmas))

    def _word_vectors(self, words: list[str]) -> np.ndarray:
        missing = [w for w in words if w not in self.word_vectors_]
        if missing:
            self.word_vectors_.update(zip(missing, _encode(self.embedder_, missing, None, self.cache)))
        return np.stack([self.word_vectors_[w] for w in words])

    def _blend(self, idf: RunIdf, X: np.ndarray, docs: Sequence[str]) -> np.ndarray:
        return idf.views(X, docs, self._word_vectors)

    def _concept_view(self, docs: list[str]) -> tuple[GoalMapper, RunIdf]:
        """A copy of this fitted mapper whose goal texts, examples and background are concept
        views under the idf of ``docs`` (the batch's statements), background statistics anew."""
        import copy

        idf = RunIdf(docs)
        view = copy.copy(self)
        view.concepts = False
        view.desc_vectors_ = self._blend(idf, self.desc_vectors_, self.desc_docs_)
        view.example_vectors_ = self._blend(idf, self.example_vectors_, self.example_docs_)
        n_file = len(self.goal_rows_) - len(self.desc_vectors_)  # the goal file's examples come first
        view.goal_row_vectors_ = np.vstack([view.desc_vectors_, view.example_vectors_[:n_file]])
        view.labelled_vectors_ = self._blend(idf, self.labelled_vectors_, self.labelled_docs_)
        view.background_vectors_ = self._blend(idf, self.background_vectors_, self.background_docs_)
        view.background_median_, view.background_spread_ = robust_stats(
            view._raw_scores(view.background_vectors_, [], self.background_keywords_))
        view.sentence_view_ = lambda XS, sent: self._blend(idf, XS, [_content_doc(t) for t in sent])
        return view, idf

    def _view_scores(self, texts: list[str], X: np.ndarray, lemmas: list[list[str]]) -> np.ndarray:
        """Decision scores per text: the calibrated z's (``_scores``) of its sentences, turned
        into the corpus classifier's ``min_z + ln(p_goal / p_none)`` (``goals/selftrain.py``)
        when the batch has enough confident statements; a text of several sentences gets the
        mean of its sentences' scores (``per_sentence``), because the background is single
        sentences and a paragraph's vector would otherwise sit closer to every goal than one
        sentence does."""
        if self.threshold is not None:
            return self._scores(X, lemmas)
        XU, owner = X, None
        multi: list[int] = []
        if self.per_sentence and len(texts) == len(X):
            from nlp_varmland.preprocessing.split import sentences

            parts = [sentences(t) for t in texts]
            multi = [i for i, p in enumerate(parts) if len(p) > 1]
        if multi:
            single = [i for i, p in enumerate(parts) if len(p) <= 1]
            sent = [s for i in multi for s in parts[i]]
            lemmatize = _lemmatizer()
            XS = _encode(self.embedder_, sent, None, self.cache)
            if self.sentence_view_ is not None:  # the concept view's sentences are concept views too
                XS = self.sentence_view_(XS, sent)
            XU = np.vstack([X[single], XS]) if single else XS
            lemmas = [lemmas[i] for i in single] + [_expand([x.lower() for x in lemmatize(t)]) for t in sent]
            owner = np.array(single + [i for i in multi for _ in parts[i]], dtype=int)
        S = self._decide(XU, self._scores(XU, lemmas), lemmas)
        if owner is None:
            return S
        out = np.zeros((len(texts), S.shape[1]))
        np.add.at(out, owner, S)
        return out / np.bincount(owner, minlength=len(texts))[:, None]

    def _decide(self, X: np.ndarray, Z: np.ndarray, lemmas: list[list[str]] | None = None) -> np.ndarray:
        """``Z``, or the self-trained classifier's decision scores when it can be trained.

        The classifier sees vectors, not words: the keyword evidence reaches its decision only
        through the ``z_weight`` share of ``Z``. A goal with examples (in the file or an
        analyst's) has their vectors for its vocabulary; a goal without has only its name +
        description, so (``bare_keywords``) its keyword evidence is added back at full weight,
        in the same background spreads as in ``Z``."""
        if not self.self_train or len(X) < 2:
            return Z
        background = self.background_vectors_ if not self.corpus_fitted_ else X[:0]
        D = _self_train(X, Z, background, min_z=self.threshold_, goal_vectors=self.goal_row_vectors_,
                        goal_rows=self.goal_rows_, examples=(self.labelled_vectors_, self.labelled_goal_),
                        C=self.classifier_c, z_weight=self.z_weight)
        if D is None:
            return Z
        if self.bare_keywords and lemmas is not None and len(lemmas) == len(X):
            bare = np.bincount(self.example_goal_, minlength=len(self.goal_ids_)) == 0
            if bare.any():
                K = self.keyword_weight * self._keyword_evidence(lemmas) / self.background_spread_
                D = D + (1 - self.z_weight) * K * bare[None, :]
        return D

    def _check_fitted(self, *attributes: str) -> None:
        super()._check_fitted(*(attributes or ("goalset_",)))

    def _prepare(self, texts: Sequence[str], embeddings: np.ndarray | None,
                 lemmas: Sequence[Any] | None) -> tuple[np.ndarray, list[list[str]], list[str] | None]:
        texts = as_texts(texts)
        if embeddings is None:
            X = _encode(self.embedder_, texts, None, None) if texts else \
                np.zeros((0, self.desc_vectors_.shape[1]), dtype=np.float32)
        else:
            X = check_embeddings(embeddings, n=len(texts), dim=self.desc_vectors_.shape[1])
        if lemmas is None:
            lemmatize = _lemmatizer()
            lem = [[w.lower() for w in lemmatize(t)] for t in texts]
            docs = [_content_doc(t) for t in texts] if self.concepts else None
        else:
            lem = [(w.split() if isinstance(w, str) else [str(x) for x in w]) for w in lemmas]
            lem = [[x.lower() for x in ws] for ws in lem]
            docs = [" ".join(ws) for ws in lem]
        return X, [_expand(ws) for ws in lem], docs

    def score_matrix(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                     lemmas: Sequence[Any] | None = None) -> pd.DataFrame:
        """Scores of every text (rows) for every goal (columns)."""
        import pandas as pd

        self._check_fitted()
        X, lem, docs = self._prepare(texts, embeddings, lemmas)
        S = self._text_scores(as_texts(texts), X, lem, docs)
        return pd.DataFrame(S, columns=self.goal_ids_)

    def _choose(self, s: np.ndarray) -> int:
        """Index of the chosen goal for one score row, or -1 when none clears the threshold."""
        best = int(np.argmax(s))
        if s[best] < self.threshold_:
            return -1
        while True:  # descend while a sub-goal fits and is close enough to its parent
            kids = np.flatnonzero(self.parent_idx_ == best)
            if not len(kids):
                return best
            k = int(kids[np.argmax(s[kids])])
            if s[k] >= self.threshold_ and s[k] >= s[best] - self.margin:
                best = k
            else:
                return best

    def _evidence(self, j: int, x: np.ndarray, lem: list[str]) -> str:
        parts = []
        hits = _match_units(self.keywords_[j], self.units_.of(lem))
        if hits:
            parts.append("nyckelord: " + ", ".join(hits[:5]))
        cols = np.flatnonzero(self.example_goal_ == j)
        if len(cols):
            sims = self.example_vectors_[cols] @ x
            parts.append(f'närmast: målets exempel "{self.example_texts_[cols[int(np.argmax(sims))]]}"')
        else:
            parts.append(f"närmast: beskrivningen av {self.goal_ids_[j]}")
        return " · ".join(parts)

    def transform(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                  lemmas: Sequence[Any] | None = None) -> pd.DataFrame:
        """One row per text: goal_id, area_id, goal_score, goals, goal_evidence, emerging.

        ``embeddings`` are the texts' vectors from the same embedder (computed when None);
        ``lemmas`` are space-separated content lemmas (computed when None). For an emerging
        text ``goal_score`` is still its best score, so one can see how close it came.
        """
        import pandas as pd

        self._check_fitted()
        X, lem, docs = self._prepare(texts, embeddings, lemmas)
        raw = as_texts(texts)
        S = self._text_scores(raw, X, lem, docs)
        rows = []
        for i in range(len(X)):
            s = S[i]
            j = self._choose(s) if len(s) else -1
            cues = meeting_note_cues(raw[i], float(s[j]), self.threshold_) if j >= 0 and self.threshold is None else []
            if cues:  # about the meeting itself, no strong goal (preprocessing/logistics.py)
                rows.append(dict(goal_id="", area_id="", goal_score=float(s[j]), goals="", emerging=False,
                                 goal_evidence=f"om mötet ({', '.join(cues)}); bäst {s[j]:.2f}: {self.goal_ids_[j]}"))
                continue
            if j < 0:
                b = int(np.argmax(s))
                shown = np.floor(s[b] * 100) / 100          # rounded down: never "2.50 < 2.50"
                rows.append(dict(goal_id="", area_id="", goal_score=float(s[b]), goals="",
                                 goal_evidence=f"inget mål passar (bäst {shown:.2f} < {self.threshold_:.2f}); "
                                               f"närmast: {self.goal_ids_[b]}",
                                 emerging=True))
                continue
            above = [int(k) for k in np.argsort(-s) if s[k] >= self.threshold_ and k != j]
            ids = [self.goal_ids_[j]] + [self.goal_ids_[k] for k in above][: self.max_goals - 1]
            rows.append(dict(goal_id=self.goal_ids_[j], area_id=self.area_ids_[j],
                             goal_score=float(s[j]), goals=";".join(ids),
                             goal_evidence=self._evidence(j, X[i], lem[i]), emerging=False))
        df = pd.DataFrame(rows, columns=list(NOTE_GOAL_COLUMNS))
        return df.astype({"goal_score": float, "emerging": bool})

    # -- themes ---------------------------------------------------------------------------
    def map_themes(self, themes: pd.DataFrame, labels: Sequence[int], note_goals: pd.DataFrame,
                   centroids: np.ndarray | None = None, *,
                   keyword_lemmas: Sequence[Sequence[str]] | None = None) -> pd.DataFrame:
        """A goal per theme from its statements' goals (votes weighted by score) and its centroid;
        the rule is :func:`~nlp_varmland.goals.theme_votes.map_themes`. ``keyword_lemmas``: the
        themes' keyword lemmas (``ThemeModel.keyword_lemmas_``), lemmatised from
        ``themes.keywords`` when not given."""
        self._check_fitted()
        return map_themes(themes, labels, note_goals, centroids, goalset=self.goalset_,
                          score_centroid=self.score_centroid, keyword_lemmas=keyword_lemmas,
                          centroid_weight=self.centroid_weight, min_share=self.min_share,
                          max_goals=self.max_goals)

    def score_centroid(self, label: str, centroid: np.ndarray, lemmas: str) -> tuple[str, float, str]:
        """(goal_id or "", score, evidence) of one theme centroid (a unit row vector)."""
        row = self.transform([label], centroid, [lemmas]).iloc[0]
        if row["emerging"]:
            return "", float(row["goal_score"]), ""
        return str(row["goal_id"]), float(row["goal_score"]), str(row["goal_evidence"])

    def coverage(self, goalset: GoalSet | None = None, notes: pd.DataFrame | None = None,
                 themes: pd.DataFrame | None = None) -> pd.DataFrame:
        """Per-goal coverage table (``goals.csv``); see :func:`coverage`."""
        return coverage(goalset if goalset is not None else self.goalset_, notes, themes)

