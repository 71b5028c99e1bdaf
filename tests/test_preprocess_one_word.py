"""One-word notes: a table host's single-word post-it is a contribution when the word is a content noun.

"Bostadsbrist", "fiber!!", "Kompetensförsörjning." and "Kollektivtrafiken?" are what a table
wanted said; they were ``too_short`` (fewer than ``min_tokens`` content lemmas). Fillers,
judgements, interjections, meeting words and meeting logistics stay ``too_short``: "Ok", "Ja",
"Bra", "Tack", "Inget", "Övrigt", "Se ovan", "-", "?", "Lunch", "Grupp 4".
"""
from __future__ import annotations

import pandas as pd
import pytest

from nlp_varmland.preprocessing import CleanConfig, clean
from nlp_varmland.preprocessing.one_word import content_noun


def status_of(texts: list[str], config: CleanConfig | None = None) -> dict[str, str]:
    raw = pd.DataFrame({"source": "a.csv", "source_row": range(1, len(texts) + 1), "meeting": "M", "text": texts})
    notes = clean(raw, config)
    return dict(zip(notes["text"], notes["status"]))


KEPT = ["Bostadsbrist", "fiber!!", "Kompetensförsörjning.", "Kollektivtrafiken?", "ingenjörer!!", "Läkarbrist",
        "Bredband!!", "BUP-köerna", "Ssk-brist", "Krisberedskap", "Laddinfrastruktur", "Bostäder", "Glesbygd",
        "Integration", "Samarbete", "Pendling", "Vatten", "Skolfrånvaro!", "Landsbygdsutveckling", "Fler bussar!",
        "Samverkan", "Äldreomsorg", "Tåg", "Boende", "Resor", "Vårdcentralen",
        # adjectives and participles Swedish uses as nouns for a group of people (tester B18's notes)
        "Unga", "Nyanlända!!", "Äldre", "Säsongsanställda", "Arbetslösa",
        # acronyms of a service or a role
        "SYV", "BUP!!", "SFI"]
TOO_SHORT = ["Ok", "Ja", "Bra", "Tack", "Inget", "Övrigt", "Se ovan", "-", "?", "Okej", "Toppen", "Kul",
             "Intressant", "Viktigt", "Absolut", "Precis", "Hej", "Lunch", "Kaffe", "fika!", "Lunch 12-13",
             "Grupp 4", "Bordet", "Bra diskussion!", "Tack för en bra dag!", "Tack alla!", "x", "Mobil [TELEFON]",
             "Kontakta [NAMN]", "Prata", "Svårt", "Ung", "Nyanländ", "Housing", "Saknas", "Bordsvärd: [NAMN]",
             "Numret är 12 34", "OK!", "TACK", "EDA", "VIKTIGT",
             "Utmaningar", "Behov", "Styrkor", "Sammanfattning", "Datum", "Krävs", "Stämmer", "Fixa", "Karlstad",
             "Hallå", "Inspirerande", "Nästa steg"]


@pytest.mark.parametrize("text", KEPT)
def test_a_one_word_post_it_of_a_content_noun_is_kept(text):
    assert status_of([text]) == {text: "kept"}


@pytest.mark.parametrize("text", TOO_SHORT)
def test_fillers_judgements_meeting_words_and_non_nouns_stay_too_short(text):
    got = status_of([text])[text]
    assert got in ("too_short", "empty"), text


def test_the_rule_can_be_switched_off_and_min_tokens_1_still_keeps_every_one_lemma_note():
    off = CleanConfig(keep_one_word_nouns=False)
    assert status_of(["Bostadsbrist", "Se ovan"], off) == {"Bostadsbrist": "too_short", "Se ovan": "kept"}
    assert status_of(["Bostadsbrist", "Ambitiös"], CleanConfig(min_tokens=1)) == {"Bostadsbrist": "kept",
                                                                                    "Ambitiös": "kept"}


def test_longer_notes_are_untouched():
    texts = ["Brist på bostäder", "Mjölkgårdarna i Värmland blir färre", "Bra möte idag"]
    assert status_of(texts) == {"Brist på bostäder": "kept", "Mjölkgårdarna i Värmland blir färre": "kept",
                                "Bra möte idag": "too_short"}


def test_content_noun():
    assert content_noun("bostadsbrist") and content_noun("köerna") and content_noun("frånvaro")
    assert not content_noun("prata") and not content_noun("svår") and not content_noun("xqzt")
