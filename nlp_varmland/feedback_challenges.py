"""Corrections teach the challenge detector (see ``feedback`` for the four ways judgements teach):
the pull of near-repeats (:func:`teach_challenges`) and the forward rule to the next meeting
(:func:`teach_challenges_forward`), as the pipeline runs them (:func:`taught_challenges`). A
meeting an analyst reviewed takes no forward move (:func:`reviewed_rows`).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from nlp_varmland.feedback import FewShot, _context_examples, _meetings, _other_meetings
from nlp_varmland.teaching import (
    ChallengeVote,
    challenge_forward_moves,
    challenge_terms,
    judged_meeting_terms,
    typical_neighbour,
)

__all__ = ["reviewed_rows", "taught_challenges", "teach_challenges", "teach_challenges_forward"]


def teach_challenges(scores: np.ndarray, X: np.ndarray, examples: FewShot | None,
                     vote: ChallengeVote | None = None) -> np.ndarray:
    """Challenge probabilities with the examples taught: the learned vote (when the guard
    accepted it), then the pull of near-duplicates."""
    if examples is None or not len(examples) or not len(scores):
        return scores
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-12, 1 - 1e-12)
    z = np.log(p / (1 - p))
    if vote is not None and vote.strength > 0:
        z = vote.adjust(z, X)
    z = examples.challenge_logits(z, X)
    return 1.0 / (1.0 + np.exp(-z))


def taught_challenges(ctx: Any, scores: np.ndarray) -> np.ndarray:
    """``stages.detect_challenges``: challenge probabilities with the judgements taught -- the
    pull of near-repeats, then :func:`teach_challenges_forward` (recorded in
    ``ctx.extra["teaching"]["challenge_forward"]`` when judgements of other meetings exist).

    The guarded :class:`ChallengeVote` is not used here (it stays for ``benchmarks.corrections``):
    its guard scores the judgements against each other, which says nothing when an analyst judges
    the rows they saw were wrong rather than a random sample. Tester B9 corrected 8 challenge flags
    of one meeting and confirmed 21 rows; the guard accepted the vote (strength 16, "6 fixed, 0
    broken" on the judgements), which then changed 8 unreviewed flags of that meeting (5 wrong)
    and 12 of the next (7 wrong): 92 -> 90 right of 99. Under random review (the benchmark) it was
    accepted in 0 of 20 splits of every challenge case, so it never helped there."""
    ex = _context_examples(ctx)
    examples = ex["is_challenge"]
    taught = teach_challenges(scores, ctx.vectors, examples, None)
    frozen = ex.get("is_challenge frozen")
    if frozen is not None and len(frozen) == len(scores) and frozen.any():
        taught = np.where(frozen, scores, taught)
    if examples is not None and len(examples):
        # a meeting an analyst reviewed takes no forward move (as for goals, tester B15: March, reviewed,
        # got a challenge flag from September's judgements that its shown value then took back)
        reviewed = reviewed_rows(ctx, ex)
        frozen = reviewed if frozen is None or len(frozen) != len(scores) else np.asarray(frozen, bool) | reviewed
        taught, moved = teach_challenges_forward(ctx.challenge_detector, scores, taught, ctx.vectors, ctx.texts,
                                                 _meetings(ctx), examples, frozen=frozen,
                                                 judged_meetings=_judged_meetings(ctx, examples))
        if moved["judgements"]:
            ctx.extra.setdefault("teaching", {})["challenge_forward"] = moved
    return taught


def reviewed_rows(ctx: Any, ex: Mapping[str, Any] | None = None) -> np.ndarray:
    """Per kept statement of a run: is its meeting reviewed (a statement of it has a goal or a
    challenge judgement among the run's examples)? Forward moves never touch those rows."""
    ex = _context_examples(ctx) if ex is None else ex
    meetings = np.asarray(_meetings(ctx) or [""] * len(ctx.texts), dtype=object).astype(str)
    judged: set[str] = set()
    for field in ("goal_id", "is_challenge"):
        e = ex.get(field)
        if e is not None and len(e) and len(e.meetings) == len(e):
            judged |= {str(m) for m in e.meetings}
    return np.isin(meetings, sorted(judged)) if judged else np.zeros(len(meetings), dtype=bool)


def _judged_meetings(ctx: Any, examples: FewShot) -> dict[str, tuple[list[str], np.ndarray]]:
    """The kept statements (texts, vectors) of each meeting the judgements were made at: from this
    run when it holds the meeting, else from the store (``Store.load_notes``)."""
    wanted = set(map(str, examples.meetings))
    out: dict[str, tuple[list[str], np.ndarray]] = {}
    here = np.asarray(_meetings(ctx), dtype=object)
    if len(here) == len(ctx.texts):
        for m in wanted & set(map(str, here)):
            idx = np.flatnonzero(here == m)
            out[m] = ([ctx.texts[i] for i in idx], np.asarray(ctx.vectors, dtype=np.float32)[idx])
    missing = wanted - set(out)
    if missing and ctx.store is not None and hasattr(ctx.store, "load_notes"):
        notes, vectors, _ = ctx.store.load_notes(model_id=ctx.embedder.model_id)
        kept = notes[notes["status"] == "kept"].reset_index(drop=True)
        if len(kept) == len(vectors):
            names = kept["meeting"].fillna("").astype(str).to_numpy()
            for m in missing & set(names):
                idx = np.flatnonzero(names == m)
                out[m] = (kept["text_clean"].fillna("").astype(str).iloc[idx].tolist(),
                          np.asarray(vectors, dtype=np.float32)[idx])
    return out


def teach_challenges_forward(detector: Any, scores: np.ndarray, taught: np.ndarray, X: np.ndarray,
                             texts: Sequence[str], meetings: Sequence[str], examples: FewShot | None, *,
                             frozen: np.ndarray | None = None,
                             judged_meetings: Mapping[str, tuple[Sequence[str], np.ndarray]] | None = None
                             ) -> tuple[np.ndarray, dict[str, int]]:
    """Judgements teach the challenge detector on the NEXT meeting: :func:`teaching.challenge_forward_moves`
    on each meeting's statements with the judgements of the *other* meetings only.

    ``scores`` are the detector's probabilities, ``taught`` the same after the pull. Only a
    statement both call no challenge (nothing taught it yet), not ``frozen``, can move; it becomes
    a challenge with the recalibrated probability when a judged challenge the detector missed is
    nearer to it than its meeting's typical neighbour AND the detector recalibrated on the
    judgements says so. ``judged_meetings`` (meeting -> its kept statements' texts and vectors)
    lets that calibration see every statement of the judged meetings as the analysts left them
    (:func:`judged_meeting_terms`); a judged meeting not in it contributes its judged statements
    only. Examples without texts or meetings, or a detector of another kind, teach nothing this
    way. Returns the probabilities and ``{"moved": k, "judgements": n}`` (n: judgements from other
    meetings used, at most).
    """
    info = {"moved": 0, "judgements": 0}
    scores = np.asarray(scores, dtype=np.float64)
    out = np.array(taught, dtype=np.float64, copy=True)
    if examples is None or not len(examples) or len(examples.meetings) != len(examples) \
            or len(examples.texts) != len(examples) or len(meetings) != len(scores) or not len(scores):
        return out, info
    X = np.asarray(X, dtype=np.float32)
    threshold = float(getattr(detector, "threshold", 0.5))
    if not 0.0 < threshold < 1.0:
        return out, info
    cut = float(np.log(threshold / (1.0 - threshold)))
    # the detector says no, and nothing taught it otherwise (the pull round-trips through logits)
    free = (scores < threshold) & (out < threshold) & (np.abs(out - scores) <= 1e-9)
    if frozen is not None and len(frozen) == len(free):
        free &= ~np.asarray(frozen, dtype=bool)
    judged = challenge_terms(detector, list(examples.texts), examples.vectors)
    if judged is None or not free.any():
        return out, info
    judged_y = np.asarray(examples.labels, dtype=bool)
    for foreign, rows in _other_meetings(examples.meetings, meetings, free):
        info["judgements"] = max(info["judgements"], len(foreign))
        here = challenge_terms(detector, [texts[int(i)] for i in rows], X[rows])
        if here is None:
            continue
        calibration = judged_meeting_terms(detector, examples, foreign, judged, judged_meetings, cut) \
            if judged_meetings is not None else None
        move, zc = challenge_forward_moves(here[0], here[1], X[rows], judged[0][foreign], judged[1][foreign],
                                           np.asarray(examples.vectors)[foreign], judged_y[foreign],
                                           typical_neighbour(X[rows]), cut, calibration)
        move &= free[rows]
        out[rows[move]] = 1.0 / (1.0 + np.exp(-zc[move]))
        info["moved"] += int(move.sum())
    return out, info
