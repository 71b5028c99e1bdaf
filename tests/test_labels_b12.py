"""Label and keyword rules from tester B12's findings (issue 12): group nouns, one concept over
an adjective and its quality noun, support from themes of 4, base forms of unknown compounds,
keywords that say nothing. The notes here are written for the tests, not taken from any set."""
from __future__ import annotations

import numpy as np

from nlp_varmland.keywords import (
    _expand_phrase,
    lemmatize,
    says_nothing,
    theme_keywords,
    weak_label_terms,
)
from nlp_varmland.label_words import misread_verb
from nlp_varmland.theme_terms import (
    _indefinite,
    quality_adjective,
    surface_forms,
    term_coverage,
)


def _theme(docs):
    return surface_forms(docs, [0] * len(docs), 1)[0]


def test_the_group_noun_aldre_is_a_label_word():
    """simplemma gives "gammal" for "äldre"; the group noun names a theme, shown as written."""
    t = _theme(["Många äldre är ensamma", "Äldre saknar mötesplatser", "Färdtjänst för äldre"])
    assert lemmatize(["Många äldre"]) == ["gammal"] and t.display["gammal"] == "äldre"
    assert "gammal" not in weak_label_terms(["gammal", "mötesplats"], t)
    # an adjective "old" is still no label word: alone, or before its noun
    assert "gammal" in weak_label_terms(["gammal", "hus"], _theme(["Gamla hus förfaller", "Gammalt och slitet"]))
    assert "gammal" in weak_label_terms(["gammal", "bil"], _theme(["Äldre bilar rostar", "Äldre bilar säljs"]))
    # before its noun in this theme, though the notes as a whole say "äldre" of people
    docs = ["Vi digitaliserar gamla processer", "Invånare vill ha nya system", "Invånare klagar",
            "Äldre är ensamma", "Äldre saknar träffpunkter", "Fler träffar för äldre"]
    both = surface_forms(docs, [0, 0, 0, 1, 1, 1], 2)
    assert "gammal" in weak_label_terms(["invånare", "gammal", "system"], both[0])
    assert "gammal" not in weak_label_terms(["gammal", "träffpunkt"], both[1])


def test_a_quality_noun_counts_the_statements_that_use_its_adjective():
    docs = ["Ofrivillig ensamhet bland äldre ökar", "Många sitter ensamma hela dagarna",
            "Ensamma pensionärer äter sämre", "Fler träffpunkter behövs"]
    t = _theme(docs)
    assert quality_adjective("ensamhet") == "ensam"
    assert term_coverage("ensamhet", t) == 0.75         # ensamhet 1 + ensamma 2 of 4
    assert "ensamhet" not in weak_label_terms(["ensamhet", "träffpunkt"], t)


def test_two_nouns_in_a_row_do_not_swallow_the_noun_of_the_theme():
    vocab = ["ensamhet", "ensamhet äldre", "äldre"]
    assert _expand_phrase("ensamhet", vocab, np.array([4, 3, 9]), vocab) == "ensamhet"
    lemmas = lemmatize(["Ensamhet bland äldre är ett problem", "Ensamhet hos äldre syns inte",
                        "Ensamhet bland äldre efter pandemin", "Äldre vill träffas",
                        "Bussen går sällan", "Bussen går inte på kvällen", "Ingen buss", "Buss saknas"])
    kws = theme_keywords(lemmas, [0, 0, 0, 0, 1, 1, 1, 1], 2, top_n=5)
    assert "ensamhet" in kws[0]


def test_an_unknown_compound_is_shown_in_its_base_form():
    t = _theme(["Självförsörjningsgraden av mat är låg", "självförsörjningsgraden måste upp"])
    assert t.display["självförsörjningsgraden"] == "självförsörjningsgrad"
    assert _indefinite("skogsmaskinförarutb", "skogsmaskinförarutb") == "skogsmaskinförarutbildning"
    assert _indefinite("kontraktsvärdet", "kontraktsvärdet") == "kontraktsvärde"  # not kontrakt|svärd
    # a name keeps its form: capitalised inside a sentence, or a listed place
    assert _indefinite("fjällsjöboden", "fjällsjöboden", True) == "fjällsjöboden"
    assert _indefinite("klarälven", "klarälven") == "klarälven"


def test_a_rare_verb_read_as_an_agent_noun_is_a_verb():
    assert misread_verb("samordnare", "samordnar")
    assert not misread_verb("samordnare", "samordnare")


def test_keywords_that_say_nothing_adjectives_strays_and_pieces_of_compounds():
    docs = ["Det saknas laddstationer vid badplatser", "Laddstationer för lastbilar saknas",
            "Elbilar kan inte laddas i byn, det är ohållbart", "Laddstationer i glesbygd behövs",
            "Laddstationer vid idrottsplatser", "Laddstationer vid affären",
            "Fler laddstationer längs E18", "Laddstationerna är ofta trasiga",
            "Laddstationer behövs vid skolan"]
    t = _theme(docs)
    assert says_nothing("ohållbar", t)                  # an adjective alone
    assert says_nothing("glesbygd", t)                  # one statement of nine
    assert says_nothing("plats", t)                     # only inside compounds, 2 of 9
    assert not says_nothing("laddstation", t)
