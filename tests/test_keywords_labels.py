"""Label words an analyst accepts (issue 12): support, place names, lone adjectives, vague nouns,
coverage. Each rule is general; the examples are written here, not taken from an eval set."""
from __future__ import annotations

import numpy as np
import pytest

from nlp_varmland.keywords import (
    ThemeTerms,
    label_stop_words,
    lone_modifier,
    make_label,
    near_duplicate,
    place_name,
    surface_forms,
    term_coverage,
    term_rows,
    vague_word,
    weak_label_terms,
)
from nlp_varmland.theme_text import choose_label_terms, compound_part, term_support

ROADS = ["Vägar i glesbygden är i dåligt skick", "Grusvägar sköts inte på vintern",
         "Vägen till Torsby har många hål", "Vägunderhållet har skurits ned",
         "Tunga lastbilar sliter på vägen", "Bärigheten på vägar är för låg",
         "Ett nytt sätt att se på värdet av landsbygden"]


def _theme(docs: list[str]) -> ThemeTerms:
    return surface_forms(docs, [0] * len(docs), 1)[0]


def test_a_word_of_one_statement_is_not_a_label_word_in_a_theme_of_five_or_more():
    docs = ["Bussarna går sällan på landsbygden", "Ingen buss på kvällen",
            "Bussen till skolan är full", "Landsbygden saknar kollektivtrafik",
            "Cykelbanor saknas längs vägen", "Anropsstyrd trafik behövs"]
    t = _theme(docs)
    assert t.size == 6 and len(t.members) == 6
    weak = weak_label_terms(["landsbygd", "kollektivtrafik", "cykelbana"], t)
    assert "cykelbana" in weak and "kollektivtrafik" in weak  # one statement each
    assert "landsbygd" not in weak                             # two statements
    small = _theme(docs[:4])                                   # under 5: the rule does not apply
    assert "kollektivtrafik" not in weak_label_terms(["landsbygd", "kollektivtrafik"], small)


def test_words_of_one_statement_stay_when_the_theme_shares_no_word():
    """A label of the theme's own words beats one made of stop words."""
    docs = ["Avloppen läcker", "Cykelbanor saknas", "Fiber till byn", "Vårdcentralen stänger",
            "Hyresrätter behövs"]
    t = _theme(docs)
    weak = weak_label_terms(["avlopp", "cykelbana", "fiber", "saknas"], t)
    assert "saknas" in weak and not weak & {"avlopp", "cykelbana", "fiber"}


def test_term_rows_counts_compounds_and_phrases():
    t = ThemeTerms(size=4, members=[frozenset({"vårdcentral"}), frozenset({"vård", "kö"}),
                                    frozenset({"psykisk", "ohälsa", "psykisk ohälsa"}), frozenset({"delaktighet"})])
    assert term_rows("vård", t) == frozenset({0, 1})
    assert term_rows("psykisk ohälsa", t) == frozenset({2})
    assert term_rows("del", t) == frozenset()           # delaktighet is not a compound of del
    assert term_coverage("vård", t) == 0.5
    assert compound_part("buss", "skolbuss") and not compound_part("buss", "bussar")
    assert term_support("kö", [{"vårdkö"}, {"kö"}, {"köpa"}]) == {1}


@pytest.mark.parametrize("lemma, surface", [
    ("tom", "tomma"), ("stänga", "stängda"), ("öppen", "öppna"), ("psykisk", "psykisk"),
    ("säker", "säker"), ("intressant", "intressanta"), ("utmärkt", "utmärkt"),
])
def test_adjectives_and_participles_alone_are_lone_modifiers(lemma, surface):
    assert lone_modifier(lemma, surface)


@pytest.mark.parametrize("lemma, surface", [
    ("ung", "unga"), ("gammal", "äldre"), ("nyanländ", "nyanlända"), ("anställa", "anställda"),
    ("arbetslös", "långtidsarbetslösa"), ("buss", "bussar"), ("skola", "skolan"), ("bostad", "bostäder"),
    ("lokal", "lokaler"), ("ohälsa", "ohälsa"), ("kvinna", "kvinnor"), ("grann", "granne"),
])
def test_nouns_and_people_adjectives_are_not_lone_modifiers(lemma, surface):
    assert not lone_modifier(lemma, surface)


def test_adjective_alone_is_weak_but_its_noun_phrase_stays():
    docs = ["Tomma lokaler i centrum", "Många tomma lokaler på gågatan", "Butikerna står tomma",
            "Tomma lokaler drar ner handeln", "Centrum behöver fler butiker", "Unga flyttar från centrum"]
    t = _theme(docs)
    weak = weak_label_terms(["tom", "tom lokal", "lokal", "ung"], t)
    assert "tom" in weak
    assert "tom lokal" not in weak and "lokal" not in weak
    assert t.display["tom lokal"] == "tomma lokaler"


def test_place_names_only_when_they_hold_half_the_theme():
    docs = ["Bussen till Torsby går sällan", "Pendling från Torsby tar tid", "Fler bussar behövs",
            "Bussarna är sena", "Tåget borde stanna oftare", "Kollektivtrafiken måste byggas ut"]
    t = _theme(docs)
    assert place_name("torsby", "torsby", t)
    assert "torsby" in weak_label_terms(["torsby", "buss"], t)            # 2 of 6
    about = _theme(docs[:2] + ["Torsby saknar vårdcentral", "Torsby behöver bostäder",
                               "Fler jobb i Torsby", "Skolan i Torsby är liten"])
    assert "torsby" not in weak_label_terms(["torsby", "buss"], about)    # 6 of 6: the topic


def test_vague_nouns_and_the_road_sense_of_vag():
    assert vague_word("värde", "värdet", 1.0) and vague_word("aspekt", "aspekter", 0.9)
    assert vague_word("väg", "väg", 0.2) and not vague_word("väg", "vägar", 0.5)
    roads = _theme(ROADS)
    assert "väg" not in weak_label_terms(["väg", "värde"], roads)       # a road theme: 6 of 7
    assert "värde" in weak_label_terms(["väg", "värde"], roads)
    other = _theme(["En väg framåt för företagen", "Företag saknar kompetens", "Fler företag startar",
                    "Företagen behöver lokaler", "Kompetensen räcker inte", "Företag flyttar"])
    assert "väg" in weak_label_terms(["företag", "väg"], other)          # 'a way': 1 of 6


def test_definite_form_of_an_e_noun_is_shown_indefinite():
    d = _theme(["Misslyckandet med bygget", "Boendet för äldre", "Boendet är dyrt"]).display
    assert d["misslyckande"] == "misslyckande" and d["boende"] == "boende"


def test_reporting_passives_and_short_verbs_are_label_stop_words():
    assert {"tros", "anses", "sägs", "skedde", "sker"} <= label_stop_words()


def test_a_label_never_falls_back_to_stop_words():
    """When every keyword is weak, the label takes the content words among them, never a
    meeting or function word; with none left it says so."""
    assert make_label(["möte", "per", "hänt", "klarälv"], skip={"möte", "per", "hänt", "klarälv"}) == "klarälv"
    assert make_label(["möte", "per", "2025"], skip={"möte", "per", "2025"}) == "(inga nyckelord)"


def test_compound_heads_are_near_duplicates():
    assert near_duplicate("program", "yrkesprogram") and near_duplicate("omsorg", "äldreomsorg")
    assert not near_duplicate("buss", "bostad")
    assert make_label(["yrkesprogram", "program", "elever"]) == "yrkesprogram – elever"


def test_coverage_ranks_the_word_most_statements_share_first():
    words = ["cykelturism", "turism", "säsong"]
    V = np.array([[1.0, 0], [0.9, 0.1], [0.5, 0.5]])
    assert choose_label_terms(words, V, np.array([1.0, 0]))[0] == "cykelturism"
    assert choose_label_terms(words, V, np.array([1.0, 0]), coverage=[0.1, 0.6, 0.2])[0] == "turism"
    assert choose_label_terms(words, None, None, coverage=[0.1, 0.6, 0.2])[0] == "turism"
    assert choose_label_terms(words, None, None) == words


def test_theme_model_label_holds_shared_words_only():
    """End to end: a theme's label is made of words at least two of its statements hold."""
    from nlp_varmland.keywords import lemmatize
    from nlp_varmland.themes import ThemeModel

    roads = ROADS[:6] + ["Vägen behöver asfalt", "Vägnätet på landsbygden är eftersatt"]
    health = ["Vårdcentralen har för få läkare", "Lång väntetid på vårdcentralen",
              "Läkare saknas i glesbygden", "Vårdcentralen i byn stängs", "Distriktssköterskor slutar",
              "Läkare hyrs in dyrt", "Vården är långt bort", "Vårdcentraler behöver fler läkare"]
    docs = roads + health
    X = np.zeros((len(docs), 4), dtype=np.float32)
    X[: len(roads), 0] = 1
    X[len(roads):, 1] = 1
    X += np.random.default_rng(0).normal(0, 0.05, X.shape).astype(np.float32)
    tm = ThemeModel(n_themes=2, random_state=0).fit(docs, X, lemmas=lemmatize(docs))
    terms = surface_forms(docs, tm.labels_, 2)
    for c, label in enumerate(tm.themes_.label):
        members = [set(lemmatize([docs[i]])[0].split()) for i in np.flatnonzero(tm.labels_ == c)]
        for word in label.split(" – "):
            lem = next((k for k, v in terms[c].display.items() if v == word), word)
            assert len(term_support(lem.split()[-1], members, surface=word)) >= 2, (label, word)


def test_benchmark_counts_label_problems():
    """benchmarks/labels.py: the measure behind the before/after table."""
    from benchmarks.labels import label_problems, summarise

    lemmas = [{"buss", "torsby"}, {"buss", "kväll"}, {"busskort"}, {"tåg"}, {"buss", "landsbygd"}]
    words = [{"bussen", "torsby"}, {"bussar", "kväll"}, {"busskort"}, {"tåg"}, {"buss", "landsbygd"}]
    bad = label_problems("torsby – tomma – värde – möte", lemmas, words)
    assert bad["place"] == ["torsby"] and bad["lone_modifier"] == ["tomma"]
    assert bad["vague"] == ["värde"] and bad["stop"] == ["möte"]
    assert "torsby" in bad["single"] and bad["coverage"] == 0.2
    good = label_problems("buss – kväll", lemmas, words)
    assert good["single"] == ["kväll"] and good["coverage"] == 0.8  # buss, bussar, busskort
    s = summarise([{**bad, "label": "x"}, {**good, "label": "y"}])
    assert s["any"] == 2 and s["stop"] == 1 and s["coverage"] == 0.5


@pytest.mark.parametrize("lemma, verb", [("samla", True), ("prata", True), ("lyfta", True), ("slå", True),
                                         ("påverka", True), ("hälsa", False), ("skola", False),
                                         ("fråga", False), ("kvinna", False), ("buss", False)])
def test_verbs_are_told_from_nouns_by_how_often_their_forms_occur(lemma, verb):
    """samla/prata: simplemma reads samlar as samlare and guesses a form for pratan, so the
    lemmatizer test alone called them nouns; påverkan is a noun of its own, not påverka's
    definite form; hälsa and fråga are nouns as often as verbs and stay topics."""
    from nlp_varmland.label_words import verb_like

    assert verb_like(lemma) is verb


def test_verb_forms_the_lemmatizer_misreads_are_not_label_words():
    """samlar (lemma samlare), nämnde (lemma nämnd), the noun plural nämnder stays; an -ar
    noun plural (bilar) and a 2nd-declension plural (matcher: match/matcha) are nouns."""
    from nlp_varmland.label_words import misread_verb

    t = ThemeTerms(display={"samlare": "samlar", "nämnd": "nämnde", "tillverkare": "tillverkare"})
    weak = weak_label_terms(["samlare", "nämnd", "tillverkare"], t)
    assert weak == {"samlare", "nämnd"}
    t.display["nämnd"] = "nämnder"
    assert "nämnd" not in weak_label_terms(["samlare", "nämnd"], t)
    assert not misread_verb("match", "matcher") and not misread_verb("bil", "bilar")


def test_an_r_stem_present_is_a_verb_only_when_the_verb_has_no_ar_present():
    from nlp_varmland.label_words import verb_form

    assert verb_form("köra", "kör") and verb_form("förstöra", "förstör")
    assert not verb_form("spåra", "spår")  # spårar: "spår" is the noun


def test_compound_parts_split_at_the_head_and_undo_the_joint():
    from nlp_varmland.label_words import compound_parts

    assert compound_parts("bostadsbrist") == ("bostad", "brist")        # joint -s
    assert compound_parts("skolbuss") == ("buss",)                       # skol- -> skola (generic)
    assert compound_parts("idrottshall") == ("idrott", "hall")          # not idrott|shall
    assert compound_parts("vattenrådet") == ("vatten", "råd")           # an unknown compound's head
    for word in ("verksamhet", "utbildning", "samarbete", "renovera", "karlstad", "avgörande"):
        assert compound_parts(word) == (), word                          # derivations, verbs, places


def test_a_three_letter_noun_is_a_compound_part_but_a_chance_split_is_not():
    """väg of vägunderhåll/grusväg/vägnät, mat of matsvinn, tåg (which the lemmatizer alone
    reads as 'tåga') of tåglinje; not tur of turism or kultur, del of handel, nät of
    nätverk (a word of its own, commoner than nät), nor a part of an adjective."""
    from nlp_varmland.label_words import compound_parts

    assert "väg" in compound_parts("vägunderhåll") and "väg" in compound_parts("grusväg")
    assert compound_parts("vägnät") == ("väg", "nät") and compound_parts("matsvinn") == ("mat",)
    assert "tåg" in compound_parts("tåglinje")
    assert compound_parts("vinterväghållning") == ("vinter", "väg", "hållning")   # a compound head
    assert compound_parts("bostadsbrist") == ("bostad", "brist")           # the longer split first
    for word in ("turism", "kultur", "handel", "person", "nätverk", "centrum", "storlek", "reglerbar"):
        assert "tur" not in compound_parts(word) and "del" not in compound_parts(word), word
        assert not {"nät", "rum", "lek", "bar", "per", "han"} & set(compound_parts(word)), word


def test_a_road_theme_is_named_by_the_road_its_compounds_share():
    """Road notes say grusvägarna, vägunderhåll, vinterväghållningen, vägar: "väg" is held by
    most of them (its compounds count, 3 letters or not), so it names the theme rather than a
    word of two statements (themes_blind5's 'sopbil')."""
    from nlp_varmland.keywords import lemmatize, theme_keywords
    from nlp_varmland.theme_terms import term_coverage
    from nlp_varmland.theme_text import choose_label_terms

    roads = ["Grusvägarna är i uselt skick efter tjällossningen", "Pengar till vägunderhåll saknas",
             "Vinterväghållningen är sämre i år", "Vägslitage av tunga transporter",
             "Enskilda vägar utan bidrag", "Sopbilen kommer varannan vecka",
             "Sopbilen kör långt i glesbygd", "Bärigheten på broarna begränsar"]
    other = ["Bussen går sällan", "Bussarna är fulla", "Fler bussar på kvällen", "Bussen är sen"]
    docs = roads + other
    lemmas = lemmatize(docs)
    labels = np.array([0] * len(roads) + [1] * len(other))
    t = surface_forms(docs, labels, 2)[0]
    assert term_coverage("väg", t) >= 5 / 8
    kws = theme_keywords(lemmas, labels, 2, top_n=5)
    assert "väg" in kws[0]
    weak = weak_label_terms(kws[0], t)
    assert "väg" not in weak
    cands = [w for w in kws[0] if w not in weak]
    ranked = choose_label_terms(cands, None, None, coverage=[term_coverage(w, t) for w in cands])
    label = make_label(ranked, display=t.display, skip=weak)
    assert label.split(" – ")[0] in ("väg", "vägar"), label


def test_a_theme_whose_words_are_each_one_statements_is_named_by_the_part_they_share():
    """Water notes that share no word (grundvatten, vattenråd, dricksvatten...) get "vatten";
    a part of one compound only ("bostad" of bostadsbrist alone) is no keyword."""
    from nlp_varmland.keywords import lemmatize, shared_parts, theme_keywords

    water = ["Grundvattnet är förorenat nära flygplatsen", "Vattenrådet vill ha fler mätpunkter",
             "Vattenskyddsområden saknas kring täkterna", "Övergödning i viken varje sommar",
             "Enskilda avlopp släpper ut fosfor"]
    other = ["Bostadsbristen är stor", "Bussen går sällan", "Bussarna är fulla", "Fler bostäder behövs"]
    docs = water + other
    lemmas = lemmatize(docs)
    labels = np.array([0] * len(water) + [1] * len(other))
    assert shared_parts(lemmas, labels, 2)[0] == ["vatten"]
    assert "bostad" not in shared_parts(lemmas, labels, 2)[1] or "bostad" in lemmas[-1].split()
    kws = theme_keywords(lemmas, labels, 2, top_n=5)
    t = surface_forms(docs, labels, 2)[0]
    weak = weak_label_terms(kws[0], t)
    assert make_label([w for w in kws[0] if w not in weak], display=t.display, skip=weak) == "vatten"


def test_a_genitive_is_shown_without_its_s():
    t = _theme(["Fiskens vandring stoppas", "Fiskens lekplatser", "Myndighets beslut dröjer",
                "Myndighets svar saknas"])
    assert t.display["fisk"] == "fisk" and t.display["myndighet"] == "myndighet"


def test_deponent_verbs_are_verbs():
    """synas/trivas (present syns, trivs; past syntes, trivdes): 'delaktighet – utrikes – synts'
    was a label."""
    from nlp_varmland.keywords import _is_verb

    assert _is_verb("synas", "synts") and _is_verb("trivas", "trivs")
    assert not _is_verb("ananas", "ananas")


def test_a_keyword_pair_holding_a_verb_or_stop_word_is_not_shown():
    """A clause cut short ('saknas kunskap', 'elever väljer') says nothing as a keyword; the
    noun phrase stays."""
    from nlp_varmland.keywords import says_nothing

    t = _theme(["Det saknas kunskap om arter", "Elever väljer bort yrkesprogram",
                "Psykisk ohälsa bland unga", "Psykisk ohälsa ökar"])
    assert says_nothing("sakna kunskap", t) and says_nothing("elev välja", t)
    assert not says_nothing("psykisk ohälsa", t) and not says_nothing("kunskap", t)


def test_a_syncopated_definite_is_shown_indefinite():
    """vattnet/fönstret (vatten, fönster drop their e before the ending) read as vatten, fönster."""
    t = _theme(["Vattnet i sjön är grumligt", "Vattnet räcker inte", "Fönstret läcker", "Fönstret är gammalt"])
    assert t.display["vatten"] == "vatten" and t.display["fönster"] == "fönster"


def test_a_deponents_present_read_as_a_genitive_is_a_verb_but_a_genitive_is_not():
    """syns (simplemma: syn + s) is synas' present; kommuns is the genitive of kommun."""
    from nlp_varmland.keywords import says_nothing

    t = ThemeTerms(display={"syn": "syns", "kommun": "kommuns"})
    assert says_nothing("syn", t)
    from nlp_varmland.label_words import misread_verb, verb_reading

    assert not misread_verb("kommun", "kommuns") and verb_reading("kommunas") is None


def test_a_neuter_e_nouns_plural_stays_plural():
    """bränslen is bränsle's plural (bränslet is its definite): 'fossila bränsle' read wrong."""
    t = _theme(["Fossila bränslen måste bort", "Fossila bränslen är dyra", "Pojken cyklar", "Pojken går"])
    assert t.display["fossil bränsle"] == "fossila bränslen" and t.display["pojke"] == "pojke"


def test_two_nouns_in_a_row_are_no_label_phrase_even_when_the_first_ends_like_a_participle():
    """bostad ends in -d like anropsstyrd, but it is a noun in its base form: 'bostad inflyttare'
    is a clause cut short, 'anropsstyrd trafik' a name."""
    t = ThemeTerms(display={"bostad inflyttare": "bostad inflyttare", "anropsstyrd trafik": "anropsstyrd trafik"})
    weak = weak_label_terms(["bostad inflyttare", "anropsstyrd trafik"], t)
    assert weak == {"bostad inflyttare"}
