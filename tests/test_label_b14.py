"""Label and keyword rules from tester B14's findings (issue 12, session 24): a compound
written apart ("utrikes födda") stays whole in a label, a label of one word gets a second that
the statements share alone and in compounds, and place names leave the keywords as they leave
the labels. The notes here are written for
the tests, not taken from any set."""
from __future__ import annotations

import numpy as np

from nlp_varmland.keywords import (
    lemmatize,
    says_nothing,
    surface_forms,
    theme_keywords,
    weak_label_terms,
    written_apart,
)
from nlp_varmland.theme_labels import shared_words, theme_label, whole_phrases
from nlp_varmland.theme_terms import ThemeTerms
from nlp_varmland.theme_text import lemma_index

BUS = ["Bussen går sällan", "Bussen går inte på kvällen", "Ingen buss på helgen",
       "Buss saknas till skolan", "Bussen är alltid sen", "Fler bussar behövs"]


def _label(docs: list[str], labels: list[int], c: int = 0) -> str:
    lemmas = lemmatize(docs)
    k = max(labels) + 1
    kws = theme_keywords(lemmas, labels, k, top_n=6)
    terms = surface_forms(docs, labels, k)[c]
    X = np.random.default_rng(0).normal(size=(len(docs), 8))
    return theme_label(kws[c], weak_label_terms(kws[c], terms), terms.display, X, np.asarray(labels) == c,
                       embedder=None, cache=None, index=lemma_index(lemmas), terms=terms)


def test_a_compound_written_apart_is_a_noun_phrase_and_stays_whole_in_the_label():
    docs = ["Utrikes födda kvinnor har svårt att få jobb", "Många utrikes födda saknar nätverk",
            "Mentorprogram för utrikes födda akademiker", "Utrikes födda står långt från arbetsmarknaden",
            "Praktikplatser för utrikes födda behövs", "Arbetsgivare anställer sällan utrikes födda", *BUS]
    label = _label(docs, [0] * 6 + [1] * 6)
    assert label.split(" – ")[0] == "utrikes födda"
    assert "utrikes" not in label.replace("utrikes födda", "")   # never the adverb cut out of it
    assert written_apart(["utrikes", "födda"]) and written_apart(["äldre", "boende"])
    assert not written_apart(["bostad", "inflyttare"]) and not written_apart(["kollektivtrafik", "landsbygd"])


def test_a_word_said_inside_a_compound_written_apart_is_shown_as_the_phrase():
    members = [frozenset({"äldre", "boende", "plats"}), frozenset({"äldre", "boende"}),
               frozenset({"äldre", "boende", "kö"}), frozenset({"äldre", "buss"})]
    t = ThemeTerms(members=members, display={"äldre boende": "äldre boende", "kö plats": "kö platser"})
    assert whole_phrases(["äldre", "kö", "äldre boende"], t) == ["äldre boende", "kö"]
    # a phrase that holds fewer than half of the word's statements does not replace it
    t2 = ThemeTerms(members=members[:1] + [frozenset({"äldre"})] * 3, display=t.display)
    assert whole_phrases(["äldre", "äldre boende"], t2) == ["äldre", "äldre boende"]
    # nor does a participle before the noun ("födda kvinnor" of "utrikes födda kvinnor")
    t3 = ThemeTerms(members=[frozenset({"föda", "kvinna"})] * 3, display={"föda kvinna": "födda kvinnor"})
    assert whole_phrases(["kvinna", "föda kvinna"], t3) == ["kvinna", "föda kvinna"]


def test_a_place_few_statements_name_is_no_keyword_one_most_name_is():
    docs = ["Fiber saknas i Torsby", "Fibernätet i Torsby är dyrt", "Bredband behövs på landsbygden",
            "Fiberanslutning kostar för mycket", "Byalag gräver fiber själva", "Fiber till alla byar"]
    t = surface_forms(docs, [0] * 6, 1)[0]
    assert says_nothing("torsby", t)                       # 2 of 6: where, not what
    assert not says_nothing("fiber", t)
    yh = surface_forms(["Fler YH-utbildningar behövs", "Eleverna vill gå YH-utbildningar", "Gymnasiet räcker inte",
                        "Yrkesprogram lockar få", "Ingen söker vården"], [0] * 5, 1)[0]
    assert not says_nothing("yh-utbildning", yh)          # capitalised, but a kind of school, no place
    arvika = surface_forms(["Arvika saknar bostäder", "I Arvika byggs för lite", "Arvika växer",
                            "Hyror i Arvika stiger"], [0] * 4, 1)[0]
    assert not says_nothing("arvika", arvika)              # the place the theme is about


FOOD = ["Vi behöver fler gårdsbutiker", "Mjölkgårdarna läggs ned", "Kommunen köper lokal mat till skolköken",
        "Matproduktion lokalt", "Åkermark växer igen", "Slakteri saknas i närheten",
        "Lammuppfödning är olönsam pga varg", "Självförsörjningsgraden är låg"]


def test_a_label_of_one_word_gets_a_noun_the_statements_share_alone_and_in_compounds():
    docs = FOOD + BUS
    labels = [0] * len(FOOD) + [1] * len(BUS)
    shared = shared_words(surface_forms(docs, labels, 2)[0])
    assert shared.get("mat") == 0.25                      # "lokal mat" + "matproduktion"
    assert "gård" not in shared                           # only inside compounds: a c-TF-IDF part already
    label = _label(docs, labels)
    assert label.split(" – ") == ["gård", "mat"]
    assert _label(docs, labels, 1) == "buss"              # no noun the bus notes share: one word stays


def test_the_second_word_is_no_verb_form():
    from nlp_varmland.theme_labels import _shared_word

    docs = ["Anhöriga som vårdar sin partner behöver stöd", "Anhörigvårdare blir sjuka av stressen",
            "Anhöriga orkar inte", "Avlösning för anhöriga saknas", "Anhöriga får ingen paus"]
    t = surface_forms(docs, [0] * 5, 1)[0]
    assert "vårdare" in shared_words(t) and t.display["vårdare"] == "vårdar"
    assert _shared_word("anhörig", ["anhörig"], t, np.zeros(8), embedder=None, cache=None) is None
