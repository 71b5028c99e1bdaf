"""Corrections teach: analysts' judgements become few-shot examples for goals and challenges.

A judged statement (corrected or confirmed, see ``corrections``) is a labelled example: its
embedding, its text and the analyst's goal or challenge flag. The examples of a run are the
store's judgements of other statements and this run's own (stored, or in the corrections file);
a statement judged in this run teaches the others but keeps the model's value itself (the
analyst's value wins later, in the corrections stage). They teach in four ways.

**Labelled rows of the goal mapper** (``GoalMapper.fit(examples=...)``, its corpus classifier):
used only when :func:`examples_guard` accepts it -- each fifth of the judgements is scored by a
mapper fitted with the other four fifths, and it must get more of them right than the untaught
mapper by the sign test below.

**The learned vote** (:class:`GoalVote`, :class:`ChallengeVote`) reaches *every* statement: each
label the analysts used offers the cosine of its nearest judged statement, their softmax
(:func:`class_votes`, temperature ``TAU``) is the vote, and ``strength * vote`` is added to the
model's score (goal: vote for the goal minus vote for "no goal", on the calibrated goal scores;
challenge: vote for minus vote against, on the logit). The strength is learned from the
judgements themselves by a guard (:func:`choose_strength`): each judgement is scored with the
vote of the *others*, and a strength is used only when it gets at least ``MIN_NET`` more of them
right than the untaught model and the excess passes a one-sided sign test; else the strength is
0 and nothing changes. Judgements that disagree with their neighbours, or too few of them, so
teach nothing beyond the pull. The pipeline uses the goal vote only: the challenge vote's guard
was fooled by an analyst who judged the rows they saw were wrong (tester B9; see
``feedback_challenges.taught_challenges``), so :class:`ChallengeVote` serves ``benchmarks.corrections`` alone.

**The pull** reaches near-duplicates: a new statement whose nearest example is close enough to
say the same thing (cosine ``>= similarity``) is pulled towards that example's label, fully from
cosine ``full`` on::

    gate = clip((cos - similarity) / (full - similarity), 0, 1)
    goal:      score[label] += gate * (top score + 2 margin - score[label])   (never pushed down)
    no goal:   every score  -= gate * (top score - threshold + margin)
    challenge: logit        += gate * (+1 - logit) if a challenge, (-1 - logit) if not (only towards it)

So a statement that comes back at the next meeting gets the analyst's answer, a paraphrase most
of it.

**Forward, to the next meeting** (:func:`teach_forward`, :func:`teaching.forward_moves`): a
statement of a meeting the judgements were NOT made in takes the goal of the mapper fitted with
them as examples when two signals agree on it -- the judged statements' vote names label L with
at least half of it (:data:`teaching.CONFIDENT`, against the meeting's typical neighbour) and that
mapper's goal lies in L -- and its present goal does not. The judgements' own meeting never gets
this (its guards above decide there): judged statements and their own meeting's neighbours are
not rewordings of each other, the next meeting revisits their topics.

**Forward, for challenges** (``feedback_challenges.teach_challenges_forward``,
:func:`teaching.challenge_forward_moves`): a statement of another meeting that the detector calls
no challenge becomes one when a judged challenge the detector *missed* is nearer to it than the
meeting's typical neighbour (taught prototypes) AND the detector recalibrated (:func:`teaching.calibrate`:
intercept and the weights of its cue and prototype terms, shrunk strongly to today's) says so. The
calibration sees every statement of the judged meetings as the analysts left them (judged ones as
judged, the rest as the detector said; :func:`judged_meeting_terms`), not the judged ones alone:
analysts judge the rows they saw were wrong, so the judgements alone overstate the misses. Only
upward: judged false alarms fixed nothing forward.

With no examples the scores are exactly the model's, and a statement neither near an example
nor moved by an accepted vote or the forward rule keeps the model's answer. The learning curve
(random review: workshop, SuperLim and SIB-200 cases, challenges, the two-meeting sets) and a
realistic review (an analyst corrects every error of a meeting, through the pipeline) are in
``benchmarks/corrections.py``: on the next meeting no realistic cell loses, the goals rise on every
set; under random review one split of the report-only blind5 loses one goal statement at 5-20 %.
On the challenge side the forward rule moves few statements (blind2 +2 of 119 after a full review,
blind6 +4), and reworded repeats gain by the pull.

>>> X = np.eye(3, dtype=np.float32); ex = FewShot(X[:1], np.array([True]))
>>> ex.challenge_logits(np.array([-2.0, -2.0]), X[:2]).tolist()
[1.0, -2.0]
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.schema import NOTE_GOAL_COLUMNS
from nlp_varmland.teaching import (
    ChallengeVote,
    GoalVote,
    Guard,
    agrees,
    choose_strength,
    class_votes,
    examples_guard,
    forward_moves,
    judged_meeting_terms,
    typical_neighbour,
)

__all__ = ["FewShot", "SIMILARITY", "examples_from_judgements", "store_examples", "teach_goals",
           "run_examples", "taught_goals", "GoalVote",
           "ChallengeVote", "class_votes", "choose_strength", "Guard", "run_judgements",
           "typical_neighbour", "examples_guard", "agrees", "teach_forward", "forward_moves",
           "judged_meeting_terms"]

#: Cosine similarity from which a judged statement and a new one say the same thing, and from
#: which the analyst's answer is taken in full. Chosen on ``corpora/labelled/themes.csv`` (not
#: on the goal or challenge sets the benchmark reports): with e5 two *different* statements
#: there are at most 0.935 alike, the same remark noted down again (lower case, no punctuation,
#: a word dropped) at least 0.947 in 95 % of cases.
SIMILARITY = 0.94
FULL = 0.97


@dataclass
class FewShot:
    """Labelled example vectors (rows L2-normalised) and their labels (goal ids or bools);
    ``texts`` and ``meetings`` (the meeting each judged statement was in), when known."""

    vectors: np.ndarray
    labels: np.ndarray
    similarity: float = SIMILARITY
    full: float = FULL
    texts: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()

    def __len__(self) -> int:
        return int(len(self.labels))

    def nearest(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of each row's nearest example and its gate weight in [0, 1] (0 = too far)."""
        X = np.asarray(X, dtype=np.float32)
        if not len(self) or not len(X):
            return np.zeros(len(X), dtype=int), np.zeros(len(X))
        sims = X @ np.asarray(self.vectors, dtype=np.float32).T
        idx = np.argmax(sims, axis=1)
        best = sims[np.arange(len(X)), idx].astype(float)
        span = max(float(self.full) - float(self.similarity), 1e-6)
        return idx, np.clip((best - float(self.similarity)) / span, 0.0, 1.0)

    def goal_scores(self, S: np.ndarray, X: np.ndarray, goal_ids: Sequence[str], *,
                    threshold: float, margin: float) -> np.ndarray:
        """Scores (n, n_goals) pulled towards the goal of each row's nearest analyst example.

        >>> fs = FewShot(np.eye(2, dtype=np.float32), np.array(["b", ""]))
        >>> fs.goal_scores(np.array([[0.9, 0.8], [0.9, 0.8]]), np.eye(2), ["a", "b"],
        ...                threshold=0.85, margin=0.02).round(2).tolist()
        [[0.9, 0.94], [0.83, 0.73]]
        """
        S = np.array(S, dtype=np.float64, copy=True)
        idx, gate = self.nearest(X)
        col = {g: j for j, g in enumerate(goal_ids)}
        for i in np.flatnonzero(gate > 0):
            label = str(self.labels[idx[i]])
            top = float(S[i].max())
            if not label:
                S[i] -= gate[i] * max(0.0, top - threshold + margin)
            elif label in col:
                j = col[label]
                # 2 * margin: an area the analyst chose is not handed down to a sub-goal near it
                S[i, j] += gate[i] * max(0.0, max(top, threshold) + 2 * margin + 1e-6 - S[i, j])
        return S

    def challenge_logits(self, z: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Logits pulled towards +1 (challenge) or -1 (not) of each row's nearest example."""
        z = np.array(z, dtype=np.float64, copy=True)
        idx, gate = self.nearest(X)
        y = np.asarray(self.labels, dtype=bool)[idx] if len(self) else np.zeros(len(z), bool)
        push = np.where(y, np.maximum(0.0, 1.0 - z), np.minimum(0.0, -1.0 - z))
        return z + gate * push


def _key(meeting: Any, text: Any) -> tuple[str, str]:
    return str(meeting), " ".join(str(text).split()).casefold()


def examples_from_judgements(judgements: pd.DataFrame, vectors: np.ndarray, field: str, *,
                             exclude: pd.DataFrame | Sequence[str] = (),
                             goal_ids: Sequence[str] | None = None) -> FewShot | None:
    """Few-shot examples of ``field`` from judgements whose rows align with ``vectors``.

    ``exclude`` are the statements being analysed now (note ids, or notes with note_id, meeting
    and text_clean): a statement never teaches itself, so the tool's own value (and the
    ``corrected`` mark) stays as it was on a re-run. Goal ids not in ``goal_ids`` (another goal
    file) are left out. None when nothing is left.
    """
    if judgements is None or not len(judgements):
        return None
    mask = (judgements["field"] == field).to_numpy().copy()
    if isinstance(exclude, pd.DataFrame):
        ids = set(exclude["note_id"].astype(str))
        keys = set(map(_key, exclude["meeting"], exclude["text_clean"])) if "text_clean" in exclude else set()
    else:
        ids, keys = set(map(str, exclude)), set()
    mask &= ~judgements["note_id"].astype(str).isin(ids).to_numpy()
    if keys and "text_clean" in judgements.columns:
        mask &= ~np.array([_key(m, t) in keys for m, t in zip(judgements["meeting"], judgements["text_clean"])],
                          dtype=bool)
    if field == "goal_id" and goal_ids is not None:
        known = set(goal_ids) | {""}
        mask &= judgements["value"].astype(str).isin(known).to_numpy()
    if not mask.any():
        return None
    values = judgements.loc[mask, "value"].astype(str).to_numpy()
    labels = values == "true" if field == "is_challenge" else values
    texts = tuple(judgements.loc[mask, "text_clean"].fillna("").astype(str)) if "text_clean" in judgements else ()
    meetings = tuple(judgements.loc[mask, "meeting"].fillna("").astype(str)) if "meeting" in judgements else ()
    return FewShot(np.asarray(vectors, dtype=np.float32)[mask], labels, texts=texts, meetings=meetings)


def store_examples(store: Any, model_id: str, *, exclude: pd.DataFrame | Sequence[str] = (),
                   goal_ids: Sequence[str] | None = None) -> dict[str, FewShot | None]:
    """``{"goal_id": FewShot|None, "is_challenge": FewShot|None}`` from a store's judgements.

    Uses ``Store.labelled_examples(model_id)`` (active judgements joined with the embeddings of
    their statements); a store without it, or without judgements, teaches nothing.
    """
    out: dict[str, FewShot | None] = {"goal_id": None, "is_challenge": None}
    if store is None or not hasattr(store, "labelled_examples"):
        return out
    df, vectors = store.labelled_examples(model_id)
    if df is None or not len(df):
        return out
    df = df.reset_index(drop=True)
    for field in out:
        out[field] = examples_from_judgements(df, vectors, field, exclude=exclude, goal_ids=goal_ids)
    return out


def teach_goals(mapper: Any, note_goals: pd.DataFrame, X: np.ndarray, texts: Sequence[str],
                lemmas: Sequence[Any] | None, examples: FewShot | None,
                vote: GoalVote | None = None, *, frozen: np.ndarray | None = None,
                scores: np.ndarray | None = None) -> pd.DataFrame:
    """The mapper's per-statement goals (``GoalMapper.transform``) with the examples taught.

    Statements near a judged example are pulled (:meth:`FewShot.goal_scores`); with a ``vote``
    the guard accepted (:class:`GoalVote`) every statement's scores also get the learned vote of
    the judged statements. A statement whose choice (the mapper's own rule on its
    ``score_matrix``) neither is pulled nor changes by the vote keeps the mapper's answer, so no
    examples -- or none near and no accepted vote -- gives exactly the model's answer. Rows
    ``frozen`` (a bool mask: judged in this run) are never changed. ``scores``: the mapper's
    ``score_matrix`` of the whole batch, when the caller has it already.
    """
    if examples is None or not len(examples) or not len(note_goals):
        return note_goals
    if not all(hasattr(mapper, a) for a in ("score_matrix", "_choose", "threshold_", "goal_ids_", "area_ids_")):
        return note_goals  # a mapper of another kind: it cannot be taught this way
    learned = vote is not None and vote.strength > 0
    _, gate = examples.nearest(X)
    rows = list(range(len(note_goals))) if learned else np.flatnonzero(gate > 0).tolist()
    if frozen is not None and len(frozen) == len(note_goals):
        rows = [r for r in rows if not frozen[r]]
    if not rows:
        return note_goals
    out = note_goals.copy()
    Xr = np.asarray(X)[rows]
    # the whole batch, as ``transform`` scored it (a mapper may learn from the batch it scores)
    if scores is None:
        scores = mapper.score_matrix(list(texts), np.asarray(X), lemmas).to_numpy()
    S0 = np.asarray(scores)[rows]
    S = vote.adjust(S0, Xr) if learned and vote is not None else S0
    S = examples.goal_scores(S, Xr, mapper.goal_ids_, threshold=mapper.threshold_,
                             margin=float(getattr(mapper, "margin", 0.0)))
    idx, _ = examples.nearest(Xr)
    for r, s, s0, k in zip(rows, S, S0, idx):
        j = mapper._choose(s)
        if gate[r] <= 0 and j == mapper._choose(s0):
            continue  # nothing learned moves this statement: the mapper's own answer stands
        before = out.at[out.index[r], "goal_id"]
        goal = mapper.goal_ids_[j] if j >= 0 else ""
        if goal == before:
            continue
        pos = out.index[r]
        out.at[pos, "goal_id"] = goal
        out.at[pos, "area_id"] = mapper.area_ids_[j] if j >= 0 else ""
        out.at[pos, "goal_score"] = float(s[j]) if j >= 0 else float(s.max())
        out.at[pos, "goals"] = goal
        out.at[pos, "emerging"] = j < 0
        if gate[r] > 0:
            out.at[pos, "goal_evidence"] = (f"lik en granskad mening (analytikerns mål: "
                                            f"{examples.labels[k] or 'inget'})")
        else:
            out.at[pos, "goal_evidence"] = (f"lärt av {len(examples)} granskade meningar"
                                            + (f'; närmast: "{examples.texts[k]}"' if examples.texts else ""))
    return out


def run_examples(store: Any, model_id: str, notes: pd.DataFrame, goal_ids: Sequence[str]) -> dict[str, FewShot | None]:
    """The examples a run learns from: the store's judgements of statements *not* in ``notes``."""
    if store is None:
        return {"goal_id": None, "is_challenge": None}
    return store_examples(store, model_id, exclude=notes, goal_ids=goal_ids)


def run_judgements(notes: pd.DataFrame, opinions: Sequence[pd.DataFrame | None]) -> pd.DataFrame:
    """This run's own judgements: ``opinions`` (stored ones, then the file's, which win; rows of
    ``corrections.read_corrections``) found among the kept ``notes`` by note_id, else by meeting
    and text. Columns ``pos`` (row among the kept statements), ``field`` (goal_id or
    is_challenge), ``value`` and ``reviewed``. Statements not here are left out silently (the
    corrections stage reports them)."""
    columns = ["pos", "field", "value", "reviewed"]
    parts = [o for o in opinions if o is not None and len(o)]
    kept = notes.loc[notes["status"] == "kept"].reset_index(drop=True) if len(notes) else notes
    if not parts or not len(kept):
        return pd.DataFrame(columns=columns)
    by_id = {str(n): i for i, n in enumerate(kept["note_id"])}
    by_text = {_key(m, t): i for i, (m, t) in enumerate(zip(kept["meeting"], kept["text_clean"]))}
    rows = []
    for op in pd.concat(parts, ignore_index=True).to_dict("records"):
        if op.get("field") not in ("goal_id", "is_challenge"):
            continue
        i = by_id.get(str(op.get("note_id", "")))
        if i is None and op.get("text"):
            i = by_text.get(_key(op.get("meeting", ""), op["text"]))
        if i is not None:
            rows.append({"pos": i, "field": op["field"], "value": str(op["value"]),
                         "reviewed": bool(op.get("reviewed", True))})
    df = pd.DataFrame(rows, columns=columns)
    return df.drop_duplicates(["pos", "field"], keep="last").reset_index(drop=True)


def stored_opinions(store: Any) -> pd.DataFrame | None:
    """The store's active judgements as opinions, shaped like ``corrections.read_corrections``
    rows (``note_id``, ``meeting``, ``text``, ``field``, ``value``, ``row``, ``reviewed``,
    ``comment``); None when the store holds none."""
    if store is None or not hasattr(store, "note_corrections"):
        return None
    stored = store.note_corrections()
    if stored is None or not len(stored):
        return None
    return stored.rename(columns={"text_clean": "text"}).assign(row=stored["correction_id"], reviewed=True,
                                                                   comment="")


def _join(a: FewShot | None, b: FewShot | None) -> FewShot | None:
    if a is None or not len(a):
        return b if b is not None and len(b) else None
    if b is None or not len(b):
        return a
    texts = a.texts + b.texts if len(a.texts) == len(a) and len(b.texts) == len(b) else ()
    meetings = a.meetings + b.meetings if len(a.meetings) == len(a) and len(b.meetings) == len(b) else ()
    return FewShot(np.vstack([a.vectors, b.vectors]), np.concatenate([a.labels, b.labels]), texts=texts,
                   meetings=meetings)


def _meetings(ctx: Any, pos: Any = None) -> tuple[str, ...]:
    """The meeting of each kept statement of a run (at rows ``pos``); () when the notes have none."""
    if "meeting" not in ctx.notes:
        return ()
    meetings = ctx.notes.loc[ctx.kept_mask, "meeting"].fillna("").astype(str).tolist()
    return tuple(meetings if pos is None else (meetings[i] for i in pos))


def _context_examples(ctx: Any) -> dict[str, Any]:
    """The examples of a ``stages.RunContext`` (once per run): the store's judgements of other
    statements, and this run's own (stored or in the corrections file). A statement judged in
    this run teaches the others but is itself ``frozen``: it keeps the model's value (the
    analyst's wins later, in the corrections stage), so a re-run marks exactly what it marked."""
    if "examples" not in ctx.extra:
        kept = ctx.notes.loc[ctx.kept_mask]
        goal_ids = list(getattr(ctx.goalset, "ids", None) or [])
        out: dict[str, Any] = dict(run_examples(ctx.store, ctx.embedder.model_id, kept, goal_ids))
        given = getattr(ctx.corrections, "opinions", None)
        own = run_judgements(ctx.notes, [stored_opinions(ctx.store), given])
        texts = ctx.texts
        for field in ("goal_id", "is_challenge"):
            mine = own[own["field"] == field]
            if field == "goal_id":
                mine = mine[mine["value"].isin(set(goal_ids) | {""})]
            pos = mine["pos"].to_numpy(dtype=int)
            frozen = np.zeros(len(texts), dtype=bool)
            frozen[pos] = True
            out[f"{field} frozen"] = frozen
            if len(pos):
                values = mine["value"].to_numpy(dtype=object)
                labels = values == "true" if field == "is_challenge" else values.astype(str)
                here = FewShot(np.asarray(ctx.vectors, dtype=np.float32)[pos], np.asarray(labels),
                               texts=tuple(texts[i] for i in pos), meetings=_meetings(ctx, pos))
                out[field] = _join(out[field], here)
        ctx.extra["examples"] = out
    return ctx.extra["examples"]


def _examples_fitter(ctx: Any) -> Any:
    """``fit(examples_or_None)`` for :func:`examples_guard`: the run's fitted mapper for None, a
    clone fitted with the examples otherwise; None when the mapper takes no examples."""
    import inspect

    from nlp_varmland.base import clone

    mapper = ctx.goal_mapper
    try:
        takes = "examples" in inspect.signature(mapper.fit).parameters
    except (AttributeError, TypeError, ValueError):
        takes = False
    if not takes:
        return None

    def fit(examples: Any) -> Any:
        if examples is None:
            return mapper
        return clone(mapper).fit(ctx.goalset, examples=examples)

    return fit


def taught_goals(ctx: Any, note_goals: pd.DataFrame) -> pd.DataFrame:
    """``stages.map_goals``: the statements' goals with the judgements taught.

    Per meeting of the run, as the mapper maps them (``stages.goals_by_meeting``), so a
    statement gets the same goal from its meeting's ``analyze`` and from ``history``:

    1. a meeting with no judgements of its own (the NEXT meeting) is mapped with the judgements
       as labelled examples (``GoalMapper.fit(examples=...)``) when :func:`examples_guard`
       accepts it, then gets the learned vote (:class:`GoalVote`, guarded) and the pull of
       near-duplicates;
    2. a meeting an analyst reviewed keeps the model's answers except for the pull: its
       judgements are the analyst's choice of what was wrong (tester B13 corrected every error
       of a meeting and confirmed some right rows: the vote then changed right rows nobody had
       judged); the analyst's own values win later, in the corrections stage;
    3. :func:`teach_forward` on the meetings with no judgements of their own.

    Statements judged in this run keep the untaught value (``frozen``). What was decided is in
    ``ctx.extra["teaching"]`` (the guards of the first meeting taught this way, and
    ``by_meeting`` when there are several).
    """
    ex = _context_examples(ctx)
    examples = ex["goal_id"]
    if examples is None or not len(examples) or not len(note_goals):
        return note_goals
    n = len(ctx.texts)
    frozen = ex.get("goal_id frozen")
    frozen = np.asarray(frozen, dtype=bool) if frozen is not None and len(frozen) == n else np.zeros(n, bool)
    teaching = ctx.extra.setdefault("teaching", {})
    fit = _examples_fitter(ctx)
    meetings = np.asarray(_meetings(ctx) or [""] * n, dtype=object)
    reviewed_at = {str(m) for m in examples.meetings} if len(examples.meetings) == len(examples) else set()
    reviewed = np.isin(meetings.astype(str), sorted(reviewed_at)) if reviewed_at else np.zeros(n, bool)
    out = note_goals.copy()
    records: dict[str, dict[str, Any]] = {}
    for meeting in dict.fromkeys(meetings.tolist()):
        rows = np.flatnonzero(meetings == meeting)
        part = _teach_meeting(ctx, out.iloc[rows], rows, examples, fit, frozen[rows],
                              learn=not reviewed[rows[0]])
        for col in out.columns:
            out.iloc[rows, out.columns.get_loc(col)] = part[0][col].to_numpy()
        if part[1]:
            records[str(meeting)] = part[1]
    if records:
        first = next(iter(records.values()))
        teaching.update(first)
        if len(records) > 1:
            teaching["by_meeting"] = records
    if reviewed.any():
        teaching["goal_reviewed"] = {"judgements": len(examples),
                                     "meetings": len(set(meetings[reviewed].astype(str)))}
    if fit is None:
        return out
    out, moved = teach_forward(ctx.goal_mapper, out, ctx.vectors, ctx.texts, ctx.lemmas, tuple(meetings), examples,
                               fit, frozen=frozen | reviewed)
    if moved["judgements"]:
        teaching["goal_forward"] = moved
    return out


def _teach_meeting(ctx: Any, goals: pd.DataFrame, rows: np.ndarray, examples: FewShot, fit: Any,
                   frozen: np.ndarray, *, learn: bool) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One meeting's goals (``goals``, the run's ``rows``) taught: guarded examples and vote when
    ``learn``, the pull of near-duplicates always. Returns the goals and the guards' records."""
    mapper = ctx.goal_mapper
    texts = [ctx.texts[i] for i in rows]
    lemmas = [ctx.lemmas[i] for i in rows] if ctx.lemmas is not None else None
    X = np.asarray(ctx.vectors)[rows]
    record: dict[str, Any] = {}
    vote = None
    if learn:
        free = np.flatnonzero(~frozen)  # the meeting the judgements are scored with, less its judged rows
        context = ([texts[i] for i in free], X[free])
        if fit is not None and len(examples.texts) == len(examples):
            guard = examples_guard(fit, examples, context,
                                   lemmas=[lemmas[i] for i in free] if lemmas is not None else None)
            record["goal_examples"] = guard.as_dict()
            if guard.strength > 0:
                mapper = fit((examples.vectors, [str(g) for g in examples.labels], list(examples.texts)))
                learned = mapper.transform(texts, X, lemmas).set_axis(goals.index)
                if frozen.any():
                    for col in learned.columns:
                        learned.loc[frozen, col] = goals.loc[frozen, col].to_numpy()
                goals = learned[goals.columns] if set(goals.columns) <= set(learned.columns) else learned
        vote = GoalVote(mapper, examples, context)
        record["goal_id"] = vote.guard.as_dict()
    return teach_goals(mapper, goals, X, texts, lemmas, examples, vote, frozen=frozen), record


def _other_meetings(judged_meetings: Any, meetings: Sequence[Any],
                    free: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per meeting of the run with a free statement: (the judgements made at OTHER meetings, the
    meeting's rows). Forward teaching never uses a meeting's own judgements on it."""
    own = np.asarray(judged_meetings, dtype=object)
    where = np.asarray([str(m) for m in meetings], dtype=object)
    for m in dict.fromkeys(where):
        foreign = np.flatnonzero(own != m)
        rows = np.flatnonzero(where == m)
        if len(foreign) and free[rows].any():
            yield foreign, rows


def teach_forward(mapper: Any, note_goals: pd.DataFrame, X: np.ndarray, texts: Sequence[str],
                  lemmas: Sequence[Any] | None, meetings: Sequence[str], examples: FewShot | None,
                  fit: Any, *, frozen: np.ndarray | None = None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Judgements teach the NEXT meeting: :func:`teaching.forward_moves` on each meeting's
    statements with the judgements of the *other* meetings only.

    Per meeting ``m`` of ``meetings`` (one per row): ``fit(examples)`` (the mapper fitted with
    the judgements not from ``m``) scores m's statements as one batch, and a statement takes
    that goal when the confident vote of the same judgements agrees with it and its present
    goal (``note_goals``, after the pull and the guarded vote: a near-duplicate the pull moved
    agrees with its judged neighbour already) does not. ``frozen`` rows and a meeting whose own
    judgements are all there are stay as they are; examples without meetings teach nothing
    this way. Returns the goals and
    ``{"moved": k, "judgements": n}`` (n: judgements from other meetings used, at most).
    """
    info = {"moved": 0, "judgements": 0}
    if examples is None or not len(examples) or len(examples.meetings) != len(examples) \
            or len(examples.texts) != len(examples) or len(meetings) != len(note_goals) or not len(note_goals):
        return note_goals, info
    X = np.asarray(X, dtype=np.float32)
    free = np.ones(len(note_goals), dtype=bool)
    if frozen is not None and len(frozen) == len(free):
        free &= ~np.asarray(frozen, dtype=bool)
    out = note_goals.copy()
    for foreign, rows in _other_meetings(examples.meetings, meetings, free):
        info["judgements"] = max(info["judgements"], len(foreign))
        labels = [str(g) for g in examples.labels[foreign]]
        taught = fit((examples.vectors[foreign], labels, [examples.texts[i] for i in foreign]))
        lem = [lemmas[int(i)] for i in rows] if lemmas is not None else None
        goals = taught.transform([texts[int(i)] for i in rows], X[rows], lem).reset_index(drop=True)
        sub = FewShot(examples.vectors[foreign], examples.labels[foreign])
        move = forward_moves(mapper, out["goal_id"].fillna("").astype(str).to_numpy()[rows],
                             goals["goal_id"].fillna("").astype(str).to_numpy(), X[rows], sub,
                             typical_neighbour(X[rows]))
        for k in np.flatnonzero(move & free[rows]):
            pos = out.index[rows[k]]
            for c in NOTE_GOAL_COLUMNS:
                if c in goals.columns and c in out.columns and c != "goal_evidence":
                    out.at[pos, c] = goals.at[k, c]
            out.at[pos, "goal_evidence"] = (f"lärt av {len(foreign)} granskade meningar från andra möten "
                                            f"(deras närmaste och modellen med dem som exempel är eniga); "
                                            + str(goals.at[k, "goal_evidence"]))
            info["moved"] += 1
    return out, info
