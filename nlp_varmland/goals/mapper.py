"""The goal mapper: score statements against every goal and pick one (or none: emerging).

>>> from nlp_varmland.goals import load_goals
>>> mapper = GoalMapper().fit(load_goals())                                # doctest: +SKIP
>>> mapper.transform(["Bussen går för sällan"])[["goal_id", "area_id"]]   # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from nlp_varmland.errors import GoalFileError
from nlp_varmland.goals.coverage import coverage
from nlp_varmland.goals.files import load_goals
from nlp_varmland.goals.matching import KeywordUnits, _expand, _lemmatizer, _match_units, _phrase_lemmas
from nlp_varmland.goals.model import GoalSet
from nlp_varmland.goals.theme_votes import map_themes
from nlp_varmland.goals.vectors import _default_embedder, _encode
from nlp_varmland.schema import NOTE_GOAL_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["GoalMapper", "CALIBRATION_PRIOR", "CALIBRATED_THRESHOLDS"]

# Threshold on the combined score for the default embedder and goal prefix, measured with
# `python -m benchmarks.goals --calibrate`: the cut with the lowest expected error between the
# goal-file examples (each scored with itself left out of its goal) and off-topic Swedish
# sentences (SIB-200 sv: sports, entertainment, geography, science), when 4 in 5 workshop
# statements are assumed to concern the strategy (CALIBRATION_PRIOR). Keys are matched as
# substrings of the embedder's ``model_id``. Other embedders are calibrated in `fit`.
CALIBRATION_PRIOR = 0.8
CALIBRATED_THRESHOLDS = {
    "multilingual-e5-small": 0.847,
}


class GoalMapper:
    """Map statements and themes to the goals of a goal file.

    The score of a text for a goal is the embedding similarity to the goal (the mean of its
    similarity to the goal's name + description and to its ``top_k`` nearest examples) plus
    ``keyword_weight * (1 - 0.5 ** n)`` for n matched keywords (lemmas, compound parts too),
    minus ``keyword_weight`` when an ``exclude`` phrase matches. A text maps to the best goal
    above ``threshold``; when that is an area and one of its sub-goals is above the threshold
    and within ``margin`` of the area, the sub-goal is taken. No goal above: ``emerging``.

    >>> mapper = GoalMapper().fit(load_goals())                     # doctest: +SKIP
    >>> mapper.transform(["Bussarna går för sällan till byn"]).goal_id[0]   # doctest: +SKIP
    'transporter-och-kollektivtrafik'
    """

    def __init__(self, embedder: Any = None, threshold: float | None = None, *,
                 keyword_weight: float = 0.04, margin: float = 0.02, max_goals: int = 3,
                 top_k: int = 2, goal_prefix: str | None = "query: ", min_share: float = 0.3,
                 centroid_weight: float = 0.25, cache: Any = None) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.keyword_weight = keyword_weight
        self.margin = margin
        self.max_goals = max_goals
        self.top_k = top_k
        self.goal_prefix = goal_prefix
        self.min_share = min_share
        self.centroid_weight = centroid_weight
        self.cache = cache

    # -- fit ------------------------------------------------------------------------------
    def fit(self, goalset: GoalSet | str | Path | None = None) -> GoalMapper:
        """Embed each goal's name + description and examples; prepare keyword lemmas."""
        if not isinstance(goalset, GoalSet):
            goalset = load_goals(goalset)
        if not goalset.goals:
            raise GoalFileError(f"{goalset.path}: the goal file has no goals")
        if self.max_goals < 1:
            raise ValueError("max_goals must be at least 1")
        self.embedder_ = self.embedder if self.embedder is not None else _default_embedder()
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
        vecs = _encode(self.embedder_, desc_texts + ex_texts, self.goal_prefix, self.cache)
        self.desc_vectors_ = vecs[: len(desc_texts)]
        self.example_vectors_ = vecs[len(desc_texts):]
        self.example_goal_ = np.asarray(ex_goal, dtype=int)
        self.example_texts_ = ex_texts
        self.threshold_ = float(self.threshold) if self.threshold is not None else self._calibrate()
        return self

    def _calibrate(self) -> float:
        """Default threshold: the measured value for a known embedder, else a data-driven one.

        For an embedder without a measured value: the 10th percentile of the goal examples'
        best scores when each example is left out of its own goal (90 % of the examples
        would then be mapped). Documented in ``models/goals/README.md``.
        """
        model = str(getattr(self.embedder_, "model_id", ""))
        default_params = (self.goal_prefix == "query: " and self.keyword_weight == 0.04
                          and self.top_k == 2)
        for key, value in CALIBRATED_THRESHOLDS.items():
            if key in model and default_params:
                return value
        loo = self.example_scores()
        return float(np.quantile(loo, 0.10)) if len(loo) else 0.5

    def example_scores(self) -> np.ndarray:
        """Best score of each goal example with that example left out of its goal (for calibration)."""
        if not len(self.example_texts_):
            return np.zeros(0)
        lemmatize = _lemmatizer()
        lemmas = [_expand([l.lower() for l in lemmatize(t)]) for t in self.example_texts_]
        scores = self._scores(self.example_vectors_, lemmas, leave_out=np.arange(len(self.example_texts_)))
        return scores.max(axis=1)

    # -- scoring --------------------------------------------------------------------------
    def _scores(self, X: np.ndarray, lemmas: list[list[str]], *,
                leave_out: np.ndarray | None = None) -> np.ndarray:
        """(n, n_goals) combined scores; ``leave_out[i]`` = example index to ignore for row i."""
        n, G = len(X), len(self.goal_ids_)
        sim_desc = X @ self.desc_vectors_.T
        sim_ex = X @ self.example_vectors_.T if len(self.example_texts_) else np.zeros((n, 0))
        if leave_out is not None:
            sim_ex = sim_ex.copy()
            sim_ex[np.arange(n), leave_out] = -np.inf
        emb = np.empty((n, G), dtype=np.float64)
        for j in range(G):
            cols = sim_ex[:, self.example_goal_ == j]
            if cols.shape[1]:
                k = min(self.top_k, cols.shape[1])
                top = -np.sort(-cols, axis=1)[:, :k]
                top = np.where(np.isfinite(top), top, sim_desc[:, [j]])
                emb[:, j] = 0.5 * sim_desc[:, j] + 0.5 * top.mean(axis=1)
            else:
                emb[:, j] = sim_desc[:, j]
        kw = np.zeros((n, G))
        for i, lem in enumerate(lemmas):
            units = self.units_.of(lem)
            if not units:
                continue
            for j in range(G):
                hits = _match_units(self.keywords_[j], units) if self.keywords_[j] else []
                if hits:
                    kw[i, j] = 1.0 - 0.5 ** len(hits)
                if self.exclude_[j] and _match_units(self.exclude_[j], units):
                    kw[i, j] -= 1.0
        return emb + self.keyword_weight * kw

    def _check_fitted(self) -> None:
        if not hasattr(self, "goalset_"):
            raise RuntimeError("GoalMapper is not fitted; call fit(goalset) first")

    def _prepare(self, texts: Sequence[str], embeddings: np.ndarray | None,
                 lemmas: Sequence[Any] | None) -> tuple[np.ndarray, list[list[str]]]:
        texts = ["" if t is None else str(t) for t in texts]
        if embeddings is None:
            X = _encode(self.embedder_, texts, None, None) if texts else \
                np.zeros((0, self.desc_vectors_.shape[1]), dtype=np.float32)
        else:
            X = np.asarray(embeddings, dtype=np.float32)
            if X.shape[0] != len(texts):
                raise ValueError(f"{len(texts)} texts but {X.shape[0]} embeddings")
            if X.shape[1] != self.desc_vectors_.shape[1]:
                raise ValueError(f"embeddings have dim {X.shape[1]}, the goals {self.desc_vectors_.shape[1]}: "
                                 f"embed notes and goals with the same embedder")
        if lemmas is None:
            lemmatize = _lemmatizer()
            lem = [[l.lower() for l in lemmatize(t)] for t in texts]
        else:
            lem = [(l.split() if isinstance(l, str) else [str(x) for x in l]) for l in lemmas]
            lem = [[x.lower() for x in l] for l in lem]
        return X, [_expand(l) for l in lem]

    def score_matrix(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                     lemmas: Sequence[Any] | None = None) -> pd.DataFrame:
        """Scores of every text (rows) for every goal (columns)."""
        import pandas as pd

        self._check_fitted()
        X, lem = self._prepare(texts, embeddings, lemmas)
        return pd.DataFrame(self._scores(X, lem), columns=self.goal_ids_)

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
            parts.append(f'närmast: "{self.example_texts_[cols[int(np.argmax(sims))]]}"')
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
        X, lem = self._prepare(texts, embeddings, lemmas)
        S = self._scores(X, lem)
        rows = []
        for i in range(len(X)):
            s = S[i]
            j = self._choose(s) if len(s) else -1
            if j < 0:
                b = int(np.argmax(s))
                rows.append(dict(goal_id="", area_id="", goal_score=float(s[b]), goals="",
                                 goal_evidence=f"inget mål över tröskeln; närmast: {self.goal_ids_[b]}",
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
                   centroids: np.ndarray | None = None) -> pd.DataFrame:
        """A goal per theme from its statements' goals (votes weighted by score) and its centroid.

        Each statement with a goal votes with its ``goal_score`` for its goal (and so for its
        area); the centroid, scored with the theme's keywords, adds a vote worth
        ``centroid_weight`` of the statements. The theme's area is the one with the largest
        vote if at least ``min_share`` of the voters back it (else the theme is emerging);
        its goal is the area's sub-goal with most votes when that holds half the area's vote.
        """
        return map_themes(self, themes, labels, note_goals, centroids)

    def coverage(self, goalset: GoalSet | None = None, notes: pd.DataFrame | None = None,
                 themes: pd.DataFrame | None = None) -> pd.DataFrame:
        """Per-goal coverage table (``goals.csv``); see :func:`coverage`."""
        return coverage(goalset if goalset is not None else self.goalset_, notes, themes)

