"""Forward teaching: judgements of one meeting move a statement of ANOTHER meeting only where the
confident vote of the judged statements and the mapper taught with them as examples agree."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from nlp_varmland.feedback import FewShot, taught_goals, teach_forward
from nlp_varmland.teaching import CONFIDENT, forward_moves
from tests.conftest import blind2_meeting_files


def _unit(*parts: tuple[int, float], dim: int = 16) -> np.ndarray:
    v = np.zeros(dim)
    for k, w in parts:
        v[k] += w
    return v / np.linalg.norm(v)


class _Learner:
    """A goal mapper in miniature: goal a for every statement, until it is fitted with examples;
    then a statement whose nearest example lies within cosine 0.8 takes that example's goal."""

    goal_ids_ = ["a", "b"]
    area_ids_ = ["a", "b"]
    threshold_ = 2.5
    margin = 0.0

    def __init__(self) -> None:
        self.examples = None

    def fit(self, goalset=None, examples=None):
        self.examples = examples
        return self

    def score_matrix(self, texts, X=None, lemmas=None):
        S = np.tile([4.0, 3.0], (len(texts), 1))
        if self.examples is not None and X is not None and len(self.examples[1]):
            sims = np.asarray(X) @ np.asarray(self.examples[0]).T
            for i, (j, s) in enumerate(zip(sims.argmax(axis=1), sims.max(axis=1))):
                if s >= 0.8:
                    S[i] = [4.0, 3.0] if self.examples[1][j] == "a" else [3.0, 4.0]
        return pd.DataFrame(S, columns=self.goal_ids_)

    def _choose(self, s):
        j = int(np.argmax(s))
        return j if s[j] >= self.threshold_ else -1

    def transform(self, texts, X=None, lemmas=None):
        S = self.score_matrix(texts, X).to_numpy()
        goal = [self.goal_ids_[j] if j >= 0 else "" for j in map(self._choose, S)]
        return pd.DataFrame({"goal_id": goal, "area_id": goal, "goal_score": S.max(axis=1), "goals": goal,
                             "goal_evidence": "modellen", "emerging": [g == "" for g in goal]})


def _two_meetings():
    """Meeting M1: c0, c1 (judged: goal b, the model says a) and c2 (not judged, like them);
    meeting M2: c8 (like c0-c2, not a near-duplicate of either) and four statements of cluster a."""
    X = np.vstack([_unit((1, 1), (2, .35)), _unit((1, 1), (3, .35)), _unit((1, 1), (9, .35)),
                   _unit((1, 1), (4, .35)), *[_unit((0, 1), (5 + i, .7)) for i in range(4)]]).astype(np.float32)
    texts = ["c0", "c1", "c2", "c8", "a0", "a1", "a2", "a3"]
    meetings = ["M1"] * 3 + ["M2"] * 5
    return X, texts, meetings


def _ctx(X, texts, meetings, opinions):
    notes = pd.DataFrame({"note_id": [f"n{t}" for t in texts], "meeting": meetings, "status": "kept",
                          "text_clean": texts, "lemmas": ""})
    return SimpleNamespace(notes=notes, kept_mask=np.ones(len(texts), bool), texts=texts, lemmas=[""] * len(texts),
                           vectors=X, goalset=SimpleNamespace(ids=["a", "b"]), store=None, extra={},
                           embedder=SimpleNamespace(model_id="toy"), goal_mapper=_Learner(),
                           corrections=None if opinions is None else SimpleNamespace(opinions=opinions))


def test_forward_moves_need_a_confident_vote_and_the_taught_mapper_to_agree():
    X, _, _ = _two_meetings()
    judged = FewShot(X[:2], np.array(["b", "b"]))
    mapper = _Learner()
    rows = [3, 4]                                                   # c8 (near the judged), a0 (far)
    move = forward_moves(mapper, ["a", "a"], ["b", "b"], X[rows], judged, reference=0.67)
    assert move.tolist() == [True, False]                           # a0: no judged statement is near
    assert not forward_moves(mapper, ["a", "a"], ["a", "a"], X[rows], judged, 0.67).any()  # taught disagrees
    assert not forward_moves(mapper, ["b", "a"], ["b", "b"], X[rows], judged, 0.67).any()  # already b
    # the vote is confident only while the judged statement is at least as near as a typical neighbour
    cos = float(X[3] @ X[0])
    assert forward_moves(mapper, ["a"], ["b"], X[3:4], judged, cos - 0.01).tolist() == [True]
    assert forward_moves(mapper, ["a"], ["b"], X[3:4], judged, cos + 0.01).tolist() == [False]
    assert CONFIDENT == 0.5


def test_judgements_of_one_meeting_move_the_next_meeting_and_not_their_own():
    X, texts, meetings = _two_meetings()
    opinions = pd.DataFrame({"note_id": ["nc0", "nc1"], "meeting": "M1", "text": "", "field": "goal_id",
                             "value": ["b", "b"], "reviewed": True})
    ctx = _ctx(X, texts, meetings, opinions)
    before = ctx.goal_mapper.transform(texts)
    _, gate = FewShot(X[:2], np.array(["b", "b"])).nearest(X)
    assert not gate[2:].any()                                       # no near-duplicate: no pull
    out = taught_goals(ctx, before)
    assert out["goal_id"].tolist() == ["a", "a", "a", "b", "a", "a", "a", "a"]
    assert "andra möten" in out.loc[3, "goal_evidence"]
    assert out.drop(index=3).equals(before.drop(index=3))           # c2 (their own meeting) and the rest untouched
    teaching = ctx.extra["teaching"]
    assert teaching["goal_id"]["strength"] == 0 and teaching["goal_examples"]["strength"] == 0  # guards refuse
    assert teaching["goal_forward"] == {"moved": 1, "judgements": 2}


def test_without_judgements_or_meetings_nothing_moves():
    X, texts, meetings = _two_meetings()
    ctx = _ctx(X, texts, meetings, None)
    before = ctx.goal_mapper.transform(texts)
    assert taught_goals(ctx, before).equals(before) and "teaching" not in ctx.extra
    no_meetings = FewShot(X[:2], np.array(["b", "b"]), texts=("c0", "c1"))
    out, info = teach_forward(_Learner(), before, X, texts, None, meetings, no_meetings, _Learner().fit)
    assert out.equals(before) and info == {"moved": 0, "judgements": 0}
    same = FewShot(X[:2], np.array(["b", "b"]), texts=("c0", "c1"), meetings=("M2", "M2"))
    out, info = teach_forward(_Learner(), before, X, texts, None, ["M2"] * len(texts), same,
                              lambda e: _Learner().fit(examples=e))
    assert out.equals(before) and info["moved"] == 0               # one meeting: its own judgements only


def test_forward_teaching_uses_the_judgements_of_other_meetings_only():
    X, texts, _ = _two_meetings()
    before = _Learner().transform(texts)
    mixed = FewShot(X[:2], np.array(["b", "b"]), texts=("c0", "c1"), meetings=("M1", "M2"))
    seen = []

    def fit(examples):
        seen.append(list(examples[2]))
        return _Learner().fit(examples=examples)

    out, info = teach_forward(_Learner(), before, X, texts, None, ["M1"] * 3 + ["M2"] * 5, mixed, fit)
    assert seen == [["c1"], ["c0"]]                                  # M1 taught by M2's judgement, M2 by M1's
    assert out.loc[3, "goal_id"] == "b" and info["judgements"] == 1
    assert out.loc[[4, 5, 6, 7], "goal_id"].tolist() == ["a"] * 4           # far from every judgement: unmoved
    frozen = np.zeros(len(texts), bool)
    frozen[3] = True
    out, _ = teach_forward(_Learner(), before, X, texts, None, ["M1"] * 3 + ["M2"] * 5, mixed, fit, frozen=frozen)
    assert out.loc[3, "goal_id"] == "a"                             # judged in this run: the model's value


def test_judged_meeting_teaches_the_next_meeting_analysed_into_the_same_store(tmp_path):
    """End to end on a labelled two-meeting set: meeting A analysed with 40 % of it judged
    (corrections and a store), then meeting B into the same store: B's goals change only by the
    forward rule (or the pull of a near-duplicate), something changes, and every change is right
    at area level (the benchmark's measure)."""
    import nlp_varmland as nv
    from nlp_varmland.goals import load_goals
    from nlp_varmland.io import read_contributions
    from nlp_varmland.preprocessing import clean

    (a_path, a_gold), (b_path, b_gold) = blind2_meeting_files(tmp_path, lambda r: r["goal_id"] or r["area_id"])
    notes = clean(read_contributions(a_path)).assign(gold=a_gold)      # the note ids analyze gives
    kept = notes[(notes["status"] == "kept") & (notes["gold"] != "")].reset_index(drop=True)
    pick = np.random.default_rng(0).permutation(len(kept))[: int(0.4 * len(kept))]
    judged = pd.DataFrame({"note_id": kept.loc[pick, "note_id"], "goal_id": kept.loc[pick, "gold"]})
    db = tmp_path / "store.sqlite"
    a = nv.analyze(a_path, db=db, corrections=judged, progress=False)
    assert a.notes["corrected"].str.contains("goal_id").sum() >= 1
    assert not (a.notes["corrected"].str.contains("goal_id") & a.notes["taught"].str.contains("goal_id")).any()
    plain = nv.analyze(b_path, progress=False).notes
    taught = nv.analyze(b_path, db=db, progress=False).notes
    assert taught["note_id"].tolist() == plain["note_id"].tolist()
    changed = np.flatnonzero((plain["goal_id"] != taught["goal_id"]).to_numpy())
    assert len(changed) >= 1
    assert np.flatnonzero(taught["taught"].str.contains("goal_id").to_numpy()).tolist() == changed.tolist()
    area = load_goals().area_of
    for i in changed:
        evidence = taught["goal_evidence"].iloc[i]
        assert "andra möten" in evidence or "lik en granskad" in evidence, evidence
        goal = taught["goal_id"].iloc[i]
        assert (area(goal) if goal else "") == (area(b_gold[i]) if b_gold[i] else "")
