"""Theme summaries an analyst can read and theme groups of themes that belong together (issue 12,
tester B14): frames cut, full sentences before fragments, no repeat of a quote shown below, and
groups only of themes whose links stand out from the meeting's own theme pairs."""
from __future__ import annotations

import numpy as np
import pytest

from nlp_varmland.theme_text import (
    close_fence,
    close_groups,
    full_sentence,
    graph_groups,
    has_verb,
    link_strength,
    summary_sentence,
    theme_groups,
    theme_summary,
)


# --------------------------------------------------------------------------- summary sentences
@pytest.mark.parametrize("note, sentence", [
    ("Bord 4: Många lyfte att bussen går för sällan", "Bussen går för sällan."),
    ("Grupp B – vi ser att fler jobbar hemifrån sen pandemin", "Fler jobbar hemifrån sen pandemin."),
    ("Det framkom att föreningarna saknar ledare", "Föreningarna saknar ledare."),
    ("Flera deltagare menade att vårdcentralen ligger för långt bort", "Vårdcentralen ligger för långt bort."),
    ("Förslag: seniorpool med pensionerade yrkesfolk som mentorer",
     "Seniorpool med pensionerade yrkesfolk som mentorer (förslag)."),
    ("Bord 2: Bra exempel: Sunne har frukostmöten varje månad", "Sunne har frukostmöten varje månad (bra exempel)."),
    ('Citat: "Vi har tusen sjöar men får inte bo vid en enda"', "Vi har tusen sjöar men får inte bo vid en enda."),
    ("Det är svårt att rekrytera sjuksköterskor", "Det är svårt att rekrytera sjuksköterskor."),  # what it says
    ("Vi behöver fler hyresrätter", "Vi behöver fler hyresrätter."),                             # not a frame
    ("Vi ser att allt", "Vi ser att allt."),   # a frame is cut only when two words are left
])
def test_summary_sentence_cuts_the_hosts_frames(note, sentence):
    assert summary_sentence(note) == sentence


@pytest.mark.parametrize("text, full", [
    ("Unga tjejer mår dåligt", True), ("Grön omställning kräver ny kompetens", True),
    ("Vården är dålig", True), ("resor till vården tar tid", True), ("Behövs mer lokal elproduktion", True),
    ("fiber??", False), ("BUP-kön", False), ("Stress och sömnproblem", False),
    ("långa köer till förskolan i Kil", False), ("Fler turister till Klarälven och vildmarksturism", False),
])
def test_full_sentence_needs_words_and_a_verb(text, full):
    assert full_sentence(text) is full
    assert has_verb("Stress och sömnproblem") is False  # stress is no form of the verb stressa


def test_summary_prefers_a_full_sentence_to_a_more_central_fragment():
    docs = ["fiber??", "BUP-kön", "Fibern når inte de sista hushållen i byn", "Bredbandet är för dyrt att dra",
            "Mobiltäckningen är dålig längs vägarna"]
    V = np.array([[1, 0, 0], [0.99, 0.1, 0], [0.9, 0.3, 0.1], [0.8, 0.1, 0.5], [0.2, 0.2, 1]])
    s = theme_summary(docs, V, np.array([1.0, 0.1, 0.1]))
    assert s == "Fibern når inte de sista hushållen i byn."  # the central half holds no other full sentence
    # only fragments: the most central one is still a summary
    assert theme_summary(docs[:2], V[:2], np.array([1.0, 0, 0])) == "Fiber??"


def test_summary_does_not_repeat_a_quote_shown_below_it_when_it_can():
    docs = ["Bussen går för sällan på kvällen", "Kvällsbussen saknas helt i Filipstad",
            "Anropstrafiken är krånglig att boka", "Skolbussen går för tidigt på morgonen",
            "Äldre som promenerar mår bättre"]
    V = np.array([[1, 0, 0], [0.95, 0.3, 0], [0.85, 0, 0.5], [0.9, 0.2, 0.2], [0, 0, 1]])
    centre = np.array([1.0, 0.1, 0.1])
    plain = theme_summary(docs, V, centre)
    assert plain.startswith("Bussen går för sällan på kvällen.")
    shown = ["Bussen går för sällan på kvällen", "Kvällsbussen saknas helt i Filipstad"]
    s = theme_summary(docs, V, centre, shown=shown)
    assert "Bussen går för sällan" not in s and "Kvällsbussen" not in s
    assert s.startswith("Skolbussen går för tidigt på morgonen.") and "promenerar" not in s
    # every statement is shown: the most central one is the summary rather than none
    assert theme_summary(docs[:2], V[:2], centre, shown=docs[:2]) == "Bussen går för sällan på kvällen."


def test_no_summary_sentence_opens_with_a_frame():
    docs = ["Bord 1: Många lyfte att vägarna är i dåligt skick", "Grupp B – Vi ser att grusvägarna inte plogas",
            "Förslag: mer pengar till vägföreningarna", "Bord 4: det framkom att tjälskadorna ökar varje vår"]
    V = np.array([[1, 0.1], [0.95, 0.2], [0.9, 0.3], [0.97, 0.15]])
    s = theme_summary(docs, V, np.array([1.0, 0.15]))
    for frame in ("Bord", "Grupp", "Många", "Vi ser", "Förslag", "Det framkom"):
        assert frame not in s
    assert s[0].isupper() and s.endswith(".")


# --------------------------------------------------------------------------- groups
def _links(k: int, pairs: dict[tuple[int, int], float], inside: float = 20.0, noise: float = 0.0,
           seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    L = rng.uniform(0, noise, (k, k)) if noise else np.zeros((k, k))
    L = (L + L.T) / 2
    np.fill_diagonal(L, inside)
    for (a, b), w in pairs.items():
        L[a, b] = L[b, a] = w
    return L


def test_unrelated_themes_stay_alone_instead_of_being_forced_into_a_group():
    # two linked pairs among 8 themes that link to each other only a little (noise)
    L = _links(8, {(0, 1): 6.0, (2, 3): 5.0}, noise=1.5)
    g = graph_groups(L)
    assert g.tolist() == [0, 0, 1, 1, 2, 3, 4, 5]
    assert 1 < g.max() + 1 < 8            # fewer groups than themes, more than one from 6 themes
    # modularity merging down to sqrt(k) groups put unrelated themes together
    assert len(set(graph_groups(L, 3).tolist())) == 3


def test_a_pair_that_links_above_chance_but_within_the_meetings_spread_stays_apart():
    """Modularity merging joined any pair linking more than chance (tester B14: "fiber – vatten");
    a group needs a link that stands out from the meeting's own theme pairs."""
    k, d = 8, np.array([40, 40, 30, 30, 20, 20, 50, 25.0])
    iu = np.triu_indices(k, 1)
    S = np.zeros((k, k))
    S[iu] = np.array([0.05, 0.1, 0.15, 0.2])[np.arange(len(iu[0])) % 4]   # the meeting's spread
    S = S + S.T
    for (a, b), s in {(0, 1): 0.6, (2, 3): 0.55, (4, 6): 0.3}.items():   # 4-6: a little above it
        S[a, b] = S[b, a] = s
    L = S * np.sqrt(np.outer(d, d))
    np.fill_diagonal(L, d)
    assert graph_groups(L).tolist() == [0, 0, 1, 1, 2, 3, 4, 5]
    # all pairs alike but one a little higher: no pair stands out but the forced closest one
    U = 0.1 * np.sqrt(np.outer(d, d))
    np.fill_diagonal(U, d)
    U[4, 6] = U[6, 4] = 0.14 * np.sqrt(d[4] * d[6])
    assert np.bincount(graph_groups(U)).max() == 2


def test_groups_do_not_depend_on_the_scale_of_the_links_or_theme_sizes():
    L = _links(7, {(0, 1): 6.0, (4, 5): 5.0}, noise=1.0, seed=3)
    assert graph_groups(L).tolist() == graph_groups(L * 37.5).tolist()
    # a big theme links to every other more in absolute terms, but not more than its size says
    big = L.copy()
    big[6, 6] = 400.0
    big[6, :6] = big[:6, 6] = 4.0
    g = graph_groups(big)
    assert g[0] == g[1] and g[4] == g[5] and sum(g == g[6]) == 1


def test_every_meeting_gets_fewer_groups_than_themes_and_more_than_one_from_six():
    # all themes equally close: the closest pair still joins, two groups remain from 6 themes
    S = np.full((6, 6), 0.5) + np.eye(6) * 0.5
    g = close_groups(S)
    assert 2 <= g.max() + 1 < 6
    assert close_groups(np.array([[1, 0.1], [0.1, 1.0]])).tolist() == [0, 0]
    assert close_groups(np.ones((1, 1))).tolist() == [0] and close_groups(np.zeros((0, 0))).size == 0


def test_close_fence_and_link_strength():
    assert close_fence(np.array([0.0, 0.1, 0.1, 0.2, 0.9])) == pytest.approx(0.35)
    S = link_strength(np.array([[20.0, 5.0], [5.0, 5.0]]))
    assert np.allclose(S, [[1, 0.5], [0.5, 1]])


def test_centroid_groups_without_a_graph_follow_the_same_rule():
    rng = np.random.default_rng(1)
    C = rng.normal(size=(8, 16))
    C[1] = C[0] + 0.05 * rng.normal(size=16)          # theme 1 is theme 0 said again
    g = theme_groups(C)
    assert g[0] == g[1] and np.bincount(g).max() == 2 and g.max() + 1 == 7


def test_a_word_or_two_is_no_summary_when_the_theme_has_more_to_say():
    """B16: a home-care theme of four notes was summed up as "Hemtjänst." on every seed (its most
    central statement, a one-word note). A longer statement of the central half comes first, and
    after a fragment a full sentence follows even when it is a quote shown below."""
    docs = ["Hemtjänst", "Förslag: hemtjänstn o hemsjukvården samordnar körningarna, en bil i st f två",
            "Hemtjänsten kör 6 mil mellan brukarna, tiden går till bilen", "Anhöriga får ingen avlastning"]
    V = np.array([[1, 0, 0], [0.97, 0.2, 0], [0.9, 0.3, 0.1], [0.6, 0.2, 0.7]])
    s = theme_summary(docs, V, np.array([1.0, 0.1, 0.0]), shown=docs[:3])
    assert not s.startswith("Hemtjänst.") and "samordnar körningarna" in s
    # a theme of one-word notes only: the most central word is still the summary
    assert theme_summary(["Hemtjänst", "Hemtjänst!!"], V[:2], np.array([1.0, 0, 0])) == "Hemtjänst."
