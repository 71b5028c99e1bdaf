"""`history` and each meeting's `analyze` give a statement the same goal and challenge flag.

The goal mapper sharpens its decisions on the batch it maps (corpus prototypes, self-training,
concept views' idf). With all meetings in one batch, `history` disagreed with the meetings' own
`analyze` runs on 21 of 239 statements of meetings_blind2 (tester B9); now every meeting is its
own batch (`stages.goals_by_meeting`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tests.conftest import blind2_meeting_files

FIELDS = ["goal_id", "area_id", "goals", "is_challenge"]


def _kept(notes: pd.DataFrame) -> pd.DataFrame:
    return notes[notes["status"] == "kept"].set_index("note_id")


def test_history_agrees_with_each_meetings_analyze_and_with_a_joint_analyze(tmp_path):
    import nlp_varmland as nv

    (a_path, _), (b_path, _) = blind2_meeting_files(tmp_path, lambda r: r["goal_id"])
    db = tmp_path / "store.sqlite"
    single = pd.concat([_kept(nv.analyze(p, db=db, progress=False).notes) for p in (a_path, b_path)])
    hist = _kept(nv.history(db, progress=False).notes)
    joint = _kept(nv.analyze([a_path, b_path], progress=False).notes)
    assert len(single) > 200 and sorted(single.index) == sorted(hist.index) == sorted(joint.index)
    for other in (hist, joint):
        other = other.loc[single.index]
        for col in FIELDS:
            differ = single[col].astype(str) != other[col].astype(str)
            assert not differ.any(), (col, single.loc[differ, "text_clean"].head(3).tolist())
        np.testing.assert_allclose(single["goal_score"].to_numpy(float), other["goal_score"].to_numpy(float),
                                   rtol=1e-9)

