"""A theme whose statements share only a place name is no theme (theme_repair.place_glued)."""
from __future__ import annotations

import numpy as np

from nlp_varmland.theme_repair import place_glued
from nlp_varmland.themes import ThemeModel

PLACES = {"eda", "torsby", "säffle"}


def test_a_place_held_by_half_and_nothing_else_glues():
    docs = ["eda markägare", "eda skog", "säffle buss", "eda vatten"]
    assert place_glued(np.zeros(4, dtype=int), docs, PLACES) == [0]


def test_a_theme_about_something_in_a_place_is_kept():
    docs = ["fiber eda", "fiber torsby", "fiber eda byanät", "fiber"]
    assert place_glued(np.zeros(4, dtype=int), docs, PLACES) == []


def test_a_theme_where_no_word_is_shared_by_half_is_left_to_the_other_rules():
    docs = ["buss", "tåg", "eda", "cykel"]
    assert place_glued(np.zeros(4, dtype=int), docs, PLACES) == []


def test_outliers_and_other_themes_are_untouched():
    docs = ["eda skog", "eda buss", "eda vatten", "fiber", "fiber byanät", "fiber eda", "eda"]
    assert place_glued(np.array([0, 0, 0, 1, 1, 1, -1]), docs, PLACES) == [0]


def test_theme_model_dissolves_the_theme_of_notes_that_share_only_a_place():
    rng = np.random.default_rng(0)
    topics = {"buss kväll": 0, "fiber byanät": 1, "skola lärare": 2, "vård läkare": 3}
    docs, lemmas, rows = [], [], []
    for words, axis in topics.items():
        for i in range(9):
            docs.append(f"{words} {i}")
            lemmas.append(f"{words} ord{axis}{i}")
            rows.append(np.eye(16)[axis] + 0.05 * rng.standard_normal(16))
    glued = ["markägare", "skogsbruk", "vattenverk", "bygdegård", "hyresrätt"]
    for i, word in enumerate(glued):  # five notes of five topics, all "i Eda", close to each other
        docs.append(f"{word} i Eda")
        lemmas.append(f"{word} eda")
        rows.append(np.eye(16)[8] + 0.3 * np.eye(16)[9 + i] + 0.05 * rng.standard_normal(16))
    X = np.asarray(rows, dtype=np.float32)
    plain = ThemeModel(random_state=0).fit(docs, X, lemmas=[lem.replace("eda", "x") for lem in lemmas])
    model = ThemeModel(random_state=0).fit(docs, X, lemmas=lemmas)
    eda = np.arange(36, 41)
    # without the shared place the five notes are a theme of their own (a grab-bag)
    assert len(set(plain.labels_[eda])) == 1 and plain.labels_[eda[0]] >= 0
    assert set(np.flatnonzero(plain.labels_ == plain.labels_[eda[0]])) == set(eda)
    # with it they are no theme of their own: outliers or members of a theme of other notes
    assert model.params_["dissolved_place_glued"] == 1
    for c in set(model.labels_[eda]) - {-1}:
        assert set(np.flatnonzero(model.labels_ == c)) - set(eda)
