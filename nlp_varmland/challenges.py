"""Is a statement a *challenge* (a problem, lack, barrier or risk) or not (a proposal, an idea,
something that works)?

``ChallengeDetector`` combines two kinds of evidence in one logistic score:

* **cues** – Swedish cue words from ``data/challenge_cues.yaml`` ("brist på", "svårt att",
  "saknas", "för få", "räcker inte" for; "borde", "vi kan", "ett förslag", "fungerar bra"
  against), negation-aware: "inte svårt", "ingen brist", "saknas inte" count *against* a
  challenge. ``cue_score`` is the signed sum of the cue weights, clipped to [-2, 2].
* **prototypes** – the mean embedding of a few challenge and non-challenge prototype
  sentences (same data file). ``margin = cos(x, challenge) - cos(x, non-challenge)``,
  standardised with the prototypes' own leave-one-out margins so that a typical challenge
  prototype sits at +1 and a typical non-challenge prototype at -1.

``p = sigmoid(bias + cue_weight * cue_score + proto_weight * margin_std)`` and a statement
is a challenge when ``p >= threshold``. Without embeddings the prototype term is left out
(cues alone). The weights are fixed by construction (a clear cue and a typical prototype
distance are each worth ~2 logits; no cue and no embedding gives p < 0.5), not fitted to
the evaluation set; see ``benchmarks/challenges.py`` for the measured accuracy.

>>> det = ChallengeDetector(embedder=False).fit()
>>> det.predict(["Det är brist på bostäder", "Vi borde bygga fler hyresrätter"]).tolist()
[True, False]
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from nlp_varmland.base import NotFittedError, ParamsMixin, as_texts, check_embeddings, check_number

__all__ = ["ChallengeDetector", "Cue", "CueMatch", "load_cues"]

_DATA_FILE = "challenge_cues.yaml"
_WORD_RE = re.compile(r"\w+|[,;:.!?]", re.UNICODE)


@dataclass(frozen=True)
class Cue:
    """One cue: a compiled pattern, a signed weight (+ challenge, - not) and negatability."""

    pattern: re.Pattern[str]
    weight: float
    negatable: bool = True


@dataclass(frozen=True)
class CueMatch:
    """A cue found in a text: the matched words, its signed contribution and whether negated."""

    text: str
    score: float
    negated: bool


@dataclass(frozen=True)
class CueSet:
    """The language data of the detector, loaded from the YAML data file."""

    cues: tuple[Cue, ...]
    negators: frozenset[str]
    clause_breaks: frozenset[str]
    window_before: int
    window_after: int
    flip_factor: float
    challenge_prototypes: tuple[str, ...]
    non_challenge_prototypes: tuple[str, ...]


def load_cues(path: str | Path | None = None) -> CueSet:
    """Load cue words, negation rules and prototype sentences (default: the bundled file).

    >>> cues = load_cues()
    >>> len(cues.challenge_prototypes) > 10 and "inte" in cues.negators
    True
    """
    import yaml

    if path is None:
        text = resources.files("nlp_varmland.data").joinpath(_DATA_FILE).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    neg = data["negation"]
    cues = []
    for key, sign in (("challenge_cues", 1.0), ("non_challenge_cues", -1.0)):
        for item in data[key]:
            cues.append(Cue(re.compile(rf"\b(?:{item['pattern']})\b", re.IGNORECASE),
                            sign * float(item.get("weight", 1.0)),
                            bool(item.get("negatable", True))))
    protos = data["prototypes"]
    return CueSet(
        cues=tuple(cues),
        negators=frozenset(w.lower() for w in neg["negators"]),
        clause_breaks=frozenset(str(w).lower() for w in neg["clause_breaks"]),
        window_before=int(neg["window_before"]),
        window_after=int(neg["window_after"]),
        flip_factor=float(neg["flip_factor"]),
        challenge_prototypes=tuple(protos["challenge"]),
        non_challenge_prototypes=tuple(protos["non_challenge"]),
    )


def _window(tokens: list[str], breaks: frozenset[str], size: int) -> list[str]:
    """Up to ``size`` tokens from the start of ``tokens``, stopping at a clause break."""
    out: list[str] = []
    for tok in tokens:
        if tok in breaks or len(out) >= size:
            break
        out.append(tok)
    return out


def find_cues(text: str, cues: CueSet) -> list[CueMatch]:
    """Non-overlapping cue matches in ``text`` (longest first), negation applied.

    The text is tokenised once; the negation window of a match is found by bisection, so a
    long note costs linear time, not one re-tokenisation per cue.

    >>> [(m.text, m.negated) for m in find_cues("Det är inte svårt att hitta personal", load_cues())]
    [('svårt', True)]
    """
    low = " ".join(text.lower().split())
    spans: list[tuple[int, int, Cue]] = []
    for cue in cues.cues:
        spans.extend((m.start(), m.end(), cue) for m in cue.pattern.finditer(low) if m.end() > m.start())
    if not spans:
        return []
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    toks = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(low)]
    tok_ends = [t[1] for t in toks]
    tok_starts = [t[0] for t in toks]
    taken_starts: list[int] = []  # taken spans, sorted and non-overlapping
    taken_ends: list[int] = []
    matches: list[tuple[int, CueMatch]] = []
    for start, end, cue in spans:
        k = bisect.bisect_right(taken_starts, start)
        if (k > 0 and taken_ends[k - 1] > start) or (k < len(taken_starts) and taken_starts[k] < end):
            continue
        taken_starts.insert(k, start)
        taken_ends.insert(k, end)
        negated = False
        if cue.negatable:
            i = bisect.bisect_right(tok_ends, start)  # tokens [0, i) end before the match
            j = bisect.bisect_left(tok_starts, end)   # tokens [j, n) start after it
            before_toks = [t[2] for t in toks[max(0, i - cues.window_before - 1):i]][::-1]
            after_toks = [t[2] for t in toks[j:j + cues.window_after + 1]]
            before = _window(before_toks, cues.clause_breaks, cues.window_before)
            after = _window(after_toks, cues.clause_breaks, cues.window_after)
            negated = any(tok in cues.negators for tok in before + after)
        score = -cues.flip_factor * cue.weight if negated else cue.weight
        matches.append((start, CueMatch(low[start:end], score, negated)))
    return [m for _, m in sorted(matches, key=lambda x: x[0])]


def _few_shot(examples: Any) -> Any:
    """``(embeddings, labels)`` or a ``feedback.FewShot`` as a FewShot; None when empty."""
    if examples is None:
        return None
    from nlp_varmland.feedback import FewShot

    if not isinstance(examples, FewShot):
        vectors, labels = examples
        examples = FewShot(np.asarray(vectors, dtype=np.float32), np.asarray(labels, dtype=bool))
    return examples if len(examples) else None


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


class ChallengeDetector(ParamsMixin):
    """Flags statements that state a challenge; scikit-learn style (``fit`` returns self).

    Parameters: ``embedder`` (None = the default e5 embedder, an ``Embedder`` or a spec
    string, False = cues only), ``threshold`` on the probability, ``cue_weight``,
    ``proto_weight`` and ``bias`` of the logistic combination (see the module docstring),
    ``cues`` (path of a cue data file, None = bundled) and ``cache`` (passed to ``embed``
    for the prototype sentences). ``predict_proba(texts, embeddings)`` uses the prototypes
    only when ``embeddings`` (made by the same embedder) are given.

    >>> det = ChallengeDetector(embedder=False).fit()
    >>> det.predict(["Bussarna går för sällan", "Ingen brist på idéer", "Ett förslag: fler bussar"]).tolist()
    [True, False, False]
    """

    def __init__(self, embedder: Any = None, threshold: float = 0.5, cue_weight: float = 1.5,
                 proto_weight: float = 2.0, bias: float = -0.5, cues: str | Path | None = None,
                 cache: Any = None):
        self.embedder = embedder
        self.threshold = threshold
        self.cue_weight = cue_weight
        self.proto_weight = proto_weight
        self.bias = bias
        self.cues = cues
        self.cache = cache

    # ------------------------------------------------------------------ fit

    def fit(self, X: Any = None, y: Any = None, *, examples: Any = None) -> ChallengeDetector:
        """Load the cue data and, unless ``embedder=False``, embed the prototype sentences.

        ``X``/``y`` are ignored (accepted for scikit-learn compatibility). ``examples`` are
        analysts' judged statements, ``(embeddings, bool labels)`` or a ``feedback.FewShot``:
        a statement close to one of them is pulled towards its label (see ``feedback``); with
        None the scores are exactly those without examples.

        >>> ChallengeDetector(embedder=False).fit().prototypes_ is None
        True
        """
        check_number(self.threshold, "threshold", low=0.0, high=1.0)
        for name in ("cue_weight", "proto_weight", "bias"):
            check_number(getattr(self, name), name)
        self.cueset_ = load_cues(self.cues)
        self.examples_ = _few_shot(examples)
        self.embedder_ = None
        self.prototypes_ = None
        self.margin_mid_ = 0.0
        self.margin_scale_ = 1.0
        if self.embedder is False:
            return self
        from nlp_varmland.embeddings import embed, get_embedder

        self.embedder_ = get_embedder(self.embedder)
        pos = list(self.cueset_.challenge_prototypes)
        neg = list(self.cueset_.non_challenge_prototypes)
        vecs = embed(pos + neg, self.embedder_, cache=self.cache, progress=False)
        vp, vn = vecs[: len(pos)], vecs[len(pos):]
        self.prototypes_ = np.vstack([_unit(vp.mean(0)), _unit(vn.mean(0))]).astype(np.float32)
        # Leave-one-out margins of the prototypes themselves set the scale of the margin.
        sp, sn = vp.sum(0), vn.sum(0)
        loo_pos = [float(v @ _unit(sp - v) - v @ _unit(sn)) for v in vp]
        loo_neg = [float(v @ _unit(sp) - v @ _unit(sn - v)) for v in vn]
        mp, mn = float(np.mean(loo_pos)), float(np.mean(loo_neg))
        self.margin_mid_ = (mp + mn) / 2.0
        self.margin_scale_ = max((mp - mn) / 2.0, 1e-6)
        return self

    def _check_fitted(self, *attributes: str) -> None:
        if not hasattr(self, "cueset_"):
            raise NotFittedError("this ChallengeDetector is not fitted yet; call fit() first")

    # ------------------------------------------------------------------ scores

    def cue_scores(self, texts: Sequence[str]) -> np.ndarray:
        """Signed cue evidence per text, clipped to [-2, 2] (0 = no cue).

        >>> ChallengeDetector(embedder=False).fit().cue_scores(["Det saknas inte pengar"]).tolist()
        [-0.5]
        """
        self._check_fitted()
        return np.array([float(np.clip(sum(m.score for m in find_cues(t, self.cueset_)), -2, 2))
                         for t in as_texts(texts)], dtype=float)

    def prototype_margins(self, embeddings: np.ndarray) -> np.ndarray:
        """Standardised prototype margin per row (+1 ~ a typical challenge prototype)."""
        self._check_fitted()
        if self.prototypes_ is None:
            raise ValueError("prototype margins need an embedder: fit with embedder != False")
        x = check_embeddings(embeddings, dim=self.prototypes_.shape[1])
        sims = x @ self.prototypes_.T
        return ((sims[:, 0] - sims[:, 1]) - self.margin_mid_) / self.margin_scale_

    def decision_function(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                          *, use_cues: bool = True) -> np.ndarray:
        """The logit ``bias + cue_weight*cue_score [+ proto_weight*margin]`` per text."""
        self._check_fitted()
        texts = as_texts(texts)
        z = np.full(len(texts), float(self.bias))
        if use_cues:
            z += float(self.cue_weight) * self.cue_scores(texts)
        if embeddings is not None and self.prototypes_ is not None:
            embeddings = check_embeddings(embeddings, n=len(texts))
            z += float(self.proto_weight) * self.prototype_margins(embeddings)
        if embeddings is not None and getattr(self, "examples_", None) is not None:
            z = self.examples_.challenge_logits(z, embeddings)
        return z

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Probability that each text is a challenge (float ndarray, shape (n,)).

        >>> det = ChallengeDetector(embedder=False).fit()
        >>> bool(det.predict_proba(["Svårt att rekrytera lärare"])[0] > 0.5)
        True
        """
        self._check_fitted()
        return _sigmoid(self.decision_function(texts, embeddings))

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Boolean ndarray: ``predict_proba >= threshold``.

        >>> ChallengeDetector(embedder=False).fit().predict(["Fungerar bra med anropsstyrd trafik"]).tolist()
        [False]
        """
        return self.predict_proba(texts, embeddings) >= float(self.threshold)

    def explain(self, text: str) -> list[CueMatch]:
        """The cues that fired for ``text`` (for evidence in reports).

        >>> [m.text for m in ChallengeDetector(embedder=False).fit().explain("Ingen brist på lokaler")]
        ['brist på']
        """
        self._check_fitted()
        return find_cues(str(text), self.cueset_)
