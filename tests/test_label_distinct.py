"""Themes that would share a label each get a word of their own (theme_labels.distinct_labels)."""
from __future__ import annotations

from nlp_varmland.keywords import ThemeTerms
from nlp_varmland.theme_labels import distinct_labels


def terms(*members: set[str], display: dict[str, str] | None = None, proper: set[str] | None = None) -> ThemeTerms:
    rows = [frozenset(m) for m in members]
    vocab = {w for m in rows for w in m}
    share = {w: sum(w in m for m in rows) / len(rows) for w in vocab}
    return ThemeTerms(display=display or {}, doc_share=share, proper=proper or set(), size=len(rows), members=rows)


def test_unique_labels_are_untouched():
    a = terms({"buss"}, {"buss", "kväll"})
    assert distinct_labels(["buss", "tåg"], [a, terms({"tåg"})]) == ["buss", "tåg"]


def test_each_theme_of_a_shared_label_gets_its_most_distinctive_word():
    a = terms({"företag", "almi", "lån"}, {"almi", "säkerhet"}, {"företag", "almi"}, {"bank"}, {"lån", "bank"})
    b = terms({"företag", "hemsida"}, {"hemsida", "nätet"}, {"företag", "hemsida"}, {"digitalisering"}, {"x"})
    assert distinct_labels(["företag", "företag"], [a, b]) == ["företag – almi", "företag – hemsida"]


def test_a_word_of_one_statement_a_verb_or_a_place_is_never_added():
    a = terms({"företag", "almi"}, {"starta", "företag"}, {"starta"}, {"karlstad"}, {"karlstad", "x"})
    b = terms({"företag", "hemsida"}, {"hemsida"}, {"y"}, {"z"}, {"w"})
    # almi: one statement; starta: a verb; karlstad: a place name of data/sv_places.txt
    assert distinct_labels(["företag", "företag"], [a, b]) == ["företag", "företag – hemsida"]


def test_a_capitalised_name_may_tell_two_themes_apart():
    a = terms({"företag", "nyföretagarcentrum"}, {"nyföretagarcentrum", "kö"}, {"a"}, {"b"}, {"c"},
              display={"nyföretagarcentrum": "nyföretagarcentrum"}, proper={"nyföretagarcentrum"})
    b = terms({"företag"}, {"d"}, {"e"}, {"f"}, {"g"})
    assert distinct_labels(["företag", "företag"], [a, b]) == ["företag – nyföretagarcentrum", "företag"]


def test_a_word_both_themes_hold_as_often_does_not_tell_them_apart():
    a = terms({"företag", "jobb"}, {"jobb"}, {"a"}, {"b"}, {"c"})
    b = terms({"företag", "jobb"}, {"jobb"}, {"d"}, {"e"}, {"f"})
    assert distinct_labels(["företag", "företag"], [a, b]) == ["företag", "företag"]
