"""A goal file without examples: a note naming a goal's own keyword gets that goal.

The corpus classifier (``goals/selftrain.py``) sees vectors, not words; a goal without examples
has only its name + description as a vector, so its keyword evidence is added back to the
decision at full weight (``GoalMapper(bare_keywords=True)``). Goals with examples are unchanged.
"""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from nlp_varmland.goals import GoalMapper, goal_file_hints, load_goals
from tests.test_goals import TOY_OFF

# written like a civil servant's strategy: a name, one sentence, a few keywords, no examples
BARE_GOALS = """
    name: fyra-mal
    goals:
      - id: skola
        name: Fullföljda studier
        description: Fler unga ska fullfölja grundskola och gymnasium.
        keywords: [skola, lärare, elev]
      - id: vard
        name: Nära vård
        description: Invånarna ska ha god tillgång till vård nära hemmet.
        keywords: [vårdcentral, sjukhus, läkare]
      - id: trafik
        name: Kollektivtrafik
        description: Kollektivtrafiken ska göra det möjligt att pendla i hela länet.
        keywords: [buss, tåg, pendling]
      - id: digital
        name: Digital uppkoppling
        description: Alla invånare och företag ska kunna ta del av det digitala samhället.
        keywords: [fiber, bredband, mobiltäckning]
    """
ON = {
    "skola": ["Lärarna hinner inte med eleverna i klass nio", "Många elever hoppar av gymnasiet",
              "Skolan saknar behöriga mattelärare", "Eleverna får för lite stöd i läsning",
              "Klasserna är för stora på högstadiet", "Fler lärare behövs i grundskolan"],
    "vard": ["Väntetiden på vårdcentralen är tre veckor", "Sjukhuset har för få vårdplatser",
             "Det är svårt att få tid hos läkare", "Akuten är överbelastad på helgerna",
             "Fler sjuksköterskor behövs på sjukhuset", "Vårdcentralen i byn har stängt"],
    "trafik": ["Bussen till jobbet går för sällan", "Tåget till Falun är ofta försenat",
               "Det går ingen buss på kvällarna", "Pendlingen tar för lång tid",
               "Tågtrafiken behöver fler avgångar", "Busshållplatsen saknar tak"],
}
# the goal's own keyword as a lemma or a compound part, in short notes
FIBER = ["Fiber saknas i byarna runt Furudal", "Furudal: fortfarande ingen fiber",
         "Fibern är inte framdragen till Älvsbacka", "Fiberutbyggnaden står still i norra kommundelen"]
OFF = TOY_OFF  # sports and leisure: no goal of any strategy here


def write(folder: Path, text: str) -> Path:
    path = folder / "goals.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def embedder() -> Any:
    from nlp_varmland.goals import _default_embedder

    return _default_embedder()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: Any, embedder: Any) -> tuple[Path, list[str], list[str], np.ndarray]:
    path = write(tmp_path_factory.mktemp("bare"), BARE_GOALS)
    texts = [t for ts in ON.values() for t in ts] + FIBER + OFF
    gold = [g for g, ts in ON.items() for _ in ts] + ["digital"] * len(FIBER) + [""] * len(OFF)
    return path, texts, gold, embedder.encode(texts, prefix="query: ")


def test_a_goal_s_own_keyword_maps_the_note_when_the_file_has_no_examples(corpus: Any, embedder: Any) -> None:
    path, texts, gold, X = corpus
    m = GoalMapper(embedder=embedder).fit(path)
    out = m.transform(texts, X)
    fiber = list(range(len(texts) - len(OFF) - len(FIBER), len(texts) - len(OFF)))
    got = out.goal_id[fiber]
    assert (got == "digital").sum() >= len(FIBER) - 1, list(zip(FIBER, out.goal_evidence[fiber]))
    assert all("nyckelord: fiber" in e for e, g in zip(out.goal_evidence[fiber], got) if g)
    assert (out.goal_id[-len(OFF):] == "").all()                  # off-topic notes still get no goal
    # the corpus classifier alone (the keyword at a quarter of its weight) leaves them without a goal
    plain = GoalMapper(embedder=embedder, bare_keywords=False).fit(path)
    assert (plain.transform(texts, X).goal_id[fiber] == "digital").sum() < (got == "digital").sum()
    S = m.score_matrix(texts, X).to_numpy()
    S0 = plain.score_matrix(texts, X).to_numpy()
    j = m.goal_ids_.index("digital")
    assert (S[fiber].argmax(axis=1) == j).all()                   # the keyword's goal is each one's best
    lifted = S[:, j] - S0[:, j]
    assert (lifted[fiber] > 0.3).all()                            # the keyword's evidence, in spreads
    from nlp_varmland.goals.matching import _expand
    from nlp_varmland.preprocessing import content_lemmas

    kw = m._keyword_evidence([_expand([w.lower() for w in content_lemmas(t)]) for t in texts])
    none = np.flatnonzero(~kw.any(axis=1))
    assert len(none) >= len(OFF) and np.allclose(S[none], S0[none])   # no keyword of any goal, no change


def test_goals_with_examples_are_left_to_their_examples(corpus: Any, embedder: Any, tmp_path: Path) -> None:
    """A goal with examples (in the file or an analyst's) gets no extra keyword weight."""
    _, texts, _, X = corpus
    with_ex = BARE_GOALS.replace("keywords: [fiber, bredband, mobiltäckning]",
                                 "keywords: [fiber, bredband, mobiltäckning]\n"
                                 "        examples: [Mobilen tappar täckningen i skogen]")
    for goal in ("skola", "vard", "trafik"):
        with_ex = with_ex.replace(f"- id: {goal}\n", f"- id: {goal}\n        examples: [{ON[goal][0]}]\n")
    path = write(tmp_path, with_ex)
    assert all(g.examples for g in load_goals(path).goals)
    on = GoalMapper(embedder=embedder).fit(path).score_matrix(texts, X).to_numpy()
    off = GoalMapper(embedder=embedder, bare_keywords=False).fit(path).score_matrix(texts, X).to_numpy()
    assert np.array_equal(on, off)


def test_validate_hints_at_goals_without_examples(tmp_path: Path) -> None:
    from nlp_varmland.cli import main

    bare = write(tmp_path, BARE_GOALS)
    hints = goal_file_hints(bare)
    assert len(hints) == 1 and "4 of 4 goals have no examples" in hints[0] and "models/goals/README.md" in hints[0]
    res = CliRunner().invoke(main, ["goals", "validate", str(bare)])
    assert res.exit_code == 0, res.output                         # a hint, not an error
    assert res.output.splitlines() == [f"{bare}: ok", hints[0]]
    assert goal_file_hints("models/goals/varmlandsstrategin-2040.yaml") == []   # every goal has examples
    broken = tmp_path / "broken.yaml"
    broken.write_text("goals: [{id: Not A Slug}]\n", encoding="utf-8")
    assert goal_file_hints(broken) == []                          # problems are validate's business
    assert goal_file_hints(tmp_path / "missing.yaml") == []
