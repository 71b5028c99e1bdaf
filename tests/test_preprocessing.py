"""Tests for nlp_varmland.preprocessing: one parametrized Swedish table per step, then clean().

Run ``python tests/test_preprocessing.py`` for the language-check accuracy and a speed figure.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_varmland.errors import InputError, NlpVarmlandError
from nlp_varmland.preprocessing import (
    NOTES_COLUMNS,
    STOP_WORDS,
    CleanConfig,
    attribution,
    clean,
    content_lemmas,
    language,
    normalize,
    redact,
    split,
    tokens,
)

RAW_COLS = ["source", "source_row", "meeting", "date", "table", "speaker", "role", "organisation", "text"]


def raw_frame(texts: list[str], source: str = "möte.csv", **columns: list[str]) -> pd.DataFrame:
    """A RAW frame as io.read_contributions would give it."""
    n = len(texts)
    data: dict[str, list] = {
        "source": [source] * n,
        "source_row": list(range(1, n + 1)),
        "meeting": ["Arbetsmöte 2025"] * n,
        "date": ["2025-01-13"] * n,
        "table": [""] * n,
        "speaker": [""] * n,
        "role": [""] * n,
        "organisation": [""] * n,
        "text": texts,
    }
    data.update(columns)
    return pd.DataFrame(data, columns=RAW_COLS)


# --- normalize --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("func", "text", "expected"),
    [
        (normalize.unicode, "Sa\u0308ffle och a\u030angest", "Säffle och ångest"),
        (normalize.whitespace, "  Brist\u00a0på \t bostäder \u200b\n", "Brist på bostäder"),
        (normalize.quotes, "”Bussen” „går” »sällan« ’säger’ ‘hon’", '"Bussen" "går" "sällan" \'säger\' \'hon\''),
        (normalize.dashes, "Karlstad—Oslo ― 2024−2030 -- e\u2011handel", "Karlstad–Oslo – 2024–2030 – e-handel"),
        (normalize.dashes, "HR-chef och kommun - region", "HR-chef och kommun – region"),
        (normalize.bullets, "• Bostäder\n▪ Skola\n* Vård\n- Buss\n1. Tåg\n2) Cykel", "Bostäder\nSkola\nVård\nBuss\nTåg\nCykel"),
        (normalize.quote_dash, "– Jag är skolmänniska.", "Jag är skolmänniska."),
        (normalize.ellipsis, "Det är svårt…", "Det är svårt..."),
    ],
)
def test_normalize_steps(func, text, expected):
    assert func(text) == expected


def test_whitespace_keep_newlines():
    assert normalize.whitespace("a  b\r\n\r\n  c ", keep_newlines=True) == "a b\nc"


# --- split ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brist på bostäder", ["Brist på bostäder"]),
        ("• Brist på bostäder\n• Dåliga bussar", ["Brist på bostäder", "Dåliga bussar"]),
        ("- Brist på bostäder\n- Dåliga bussar\n- Långt till vården", ["Brist på bostäder", "Dåliga bussar", "Långt till vården"]),
        ("1. Kompetensförsörjning\n2. Bostäder", ["Kompetensförsörjning", "Bostäder"]),
        ("Bostäder; bussar; skola", ["Bostäder", "bussar", "skola"]),
        ("Brist på bostäder; dåliga bussar", ["Brist på bostäder", "dåliga bussar"]),
        ("Vi har många utmaningar; den största är kompetensen.", ["Vi har många utmaningar; den största är kompetensen."]),
        ("Bostäder • bussar • skola", ["Bostäder", "bussar", "skola"]),
        ("Brist på bostäder och\nhyresrätter i Kil", ["Brist på bostäder och hyresrätter i Kil"]),
        ("Vi behöver bl.a. fler bussar. T.ex. på kvällar.", ["Vi behöver bl.a. fler bussar. T.ex. på kvällar."]),
        ("", []),
        ("   \n \n", []),
    ],
)
def test_split_statements(text, expected):
    assert split.statements(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi har bl.a. Karlstad. Bussen går sällan!", ["Vi har bl.a. Karlstad.", "Bussen går sällan!"]),
        ("Det gäller t.ex. Kil och Grums. Och Eda.", ["Det gäller t.ex. Kil och Grums.", "Och Eda."]),
        ("Bl.a. bostäder, m.m. Inget mer.", ["Bl.a. bostäder, m.m. Inget mer."]),
    ],
)
def test_split_sentences_respects_abbreviations(text, expected):
    assert split.sentences(text) == expected


def test_split_semicolons_can_be_switched_off():
    assert split.statements("Bostäder; bussar", semicolons=False) == ["Bostäder; bussar"]


# --- attribution ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "quote", "speaker", "role"),
    [
        ("– Det är en stor utmaning att rekrytera, säger en HR-chef från Kristinehamn.",
         "Det är en stor utmaning att rekrytera.", "", "en HR-chef från Kristinehamn"),
        ("– Jag är skolmänniska, säger Jan Ohlsson, utbildningssamordnare på Hammarö kommun.",
         "Jag är skolmänniska.", "Jan Ohlsson", "utbildningssamordnare på Hammarö kommun"),
        ("Vi måste samverka mer, menar Anna-Karin Tollin.", "Vi måste samverka mer.", "Anna-Karin Tollin", ""),
        ('"Bussen går för sällan", säger hon.', "Bussen går för sällan.", "", ""),
        ("Jan Ohlsson, utbildningssamordnare: – Jag är skolmänniska.",
         "Jag är skolmänniska.", "Jan Ohlsson", "utbildningssamordnare"),
        ("Klara Perhamre: Det finns en härlig kraft i det.", "Det finns en härlig kraft i det.", "Klara Perhamre", ""),
        ("Brist på bostäder", "Brist på bostäder", "", ""),
        ("Vi gör som kommunen säger.", "Vi gör som kommunen säger.", "", ""),
        ("Det kostar, menar att vi borde vänta.", "Det kostar, menar att vi borde vänta.", "", ""),
        ("Karlstad Universitet: bra samarbete", "Karlstad Universitet: bra samarbete", "", ""),
        # quote, dash, "säger": the dash stands where the comma would
        ("Vi behöver fler bussar – säger en HR-chef.", "Vi behöver fler bussar.", "", "en HR-chef"),
        ("Det är svårt att rekrytera - säger Ngozi Okafor, rektor", "Det är svårt att rekrytera.",
         "Ngozi Okafor", "rektor"),
        ("Bussarna går – säger folk – för sällan", "Bussarna går – säger folk – för sällan", "", ""),
    ],
)
def test_attribution_extract(text, quote, speaker, role):
    assert attribution.extract(text) == (quote, speaker, role)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan Ohlsson, utbildningssamordnare på Hammarö kommun", ("Jan Ohlsson", "utbildningssamordnare på Hammarö kommun")),
        ("Mattias Säfström, vd på IUC/Stål & Verkstad", ("Mattias Säfström", "vd på IUC/Stål & Verkstad")),
        ("Caroline Blomstrand", ("Caroline Blomstrand", "")),
        ("Brist på bostäder", None),
        ("Röster från dagen", None),
        ("Karlstad universitet bjuder in till workshop", None),
    ],
)
def test_attribution_header(text, expected):
    assert attribution.header(text) == expected


# --- redaction --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mitt nr 811218-9876.", "Mitt nr [PERSONNUMMER]."),
        ("pnr 19811218-9876", "pnr [PERSONNUMMER]"),
        ("pnr 198112189876 och 8112189876", "pnr [PERSONNUMMER] och [PERSONNUMMER]"),
        ("hundraåring 121212+1212", "hundraåring [PERSONNUMMER]"),
        ("samordningsnummer 811278-9873", "samordningsnummer [PERSONNUMMER]"),
        ("samordningsnummer 701063-2391", "samordningsnummer [PERSONNUMMER]"),
        ("fel kontrollsiffra 811218-9875", "fel kontrollsiffra 811218-9875"),
        ("född 19850412", "född 19850412"),
        ("datum 1985-04-12", "datum 1985-04-12"),
        ("orgnr 556677-8899", "orgnr 556677-8899"),
        ("ogiltig månad 811318-9876", "ogiltig månad 811318-9876"),
        ("budget 1234567890 kr", "budget 1234567890 kr"),
    ],
)
def test_redact_personnummer(text, expected):
    assert redact.personnummer(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mejla anna.svensson@regionvarmland.se!", "Mejla [EPOST]!"),
        ("Kontakt: info@kil.se, jan_o+möte@hammaro.se.", "Kontakt: [EPOST], [EPOST]."),
        ("Skriv till oss @ mötet", "Skriv till oss @ mötet"),
    ],
)
def test_redact_emails(text, expected):
    assert redact.emails(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring 070-123 45 67", "Ring [TELEFON]"),
        ("Ring +46 70 123 45 67", "Ring [TELEFON]"),
        ("Växel 054-10 00 00.", "Växel [TELEFON]."),
        ("Tel 08-123 456 78", "Tel [TELEFON]"),
        ("Mobil 0701234567", "Mobil [TELEFON]"),
        ("Ring 0046 70 123 45 67", "Ring [TELEFON]"),
        ("Tel 054–10 00 00", "Tel [TELEFON]"),
        ("Norsk nr +47 912 34 567", "Norsk nr [TELEFON]"),
        ("År 2024 var bättre än 2023", "År 2024 var bättre än 2023"),
        ("Det kostar 500 000 kr", "Det kostar 500 000 kr"),
        ("Mötet 2025-01-13 kl. 09.30", "Mötet 2025-01-13 kl. 09.30"),
        ("Ca 1 200 000 kronor till 2030", "Ca 1 200 000 kronor till 2030"),
        ("Andelen ökade 0,5 procent", "Andelen ökade 0,5 procent"),
        ("Mellan 2010 – 2020", "Mellan 2010 – 2020"),
    ],
)
def test_redact_phones(text, expected):
    assert redact.phones(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vi pratade med Anna Svensson om bussarna.", "Vi pratade med [NAMN] om bussarna."),
        ("Anna-Karin Tollin förklarar.", "[NAMN] förklarar."),
        ("Per Larsson och Bo Lindberg kom.", "[NAMN] och [NAMN] kom."),
        ("Enligt Lars Erik Johansson är det svårt.", "Enligt [NAMN] är det svårt."),
        ("Klara Perhamre, miljöstrateg", "[NAMN], miljöstrateg"),
        ("Kontakta Maria Bergholm.", "Kontakta [NAMN]."),
        ("Karlstad och Kristinehamn samarbetar med Hammarö.", "Karlstad och Kristinehamn samarbetar med Hammarö."),
        ("Karlstads kommun och Karlskoga", "Karlstads kommun och Karlskoga"),
        ("Bo kvar på landsbygden", "Bo kvar på landsbygden"),
        ("Per capita är kostnaden hög", "Per capita är kostnaden hög"),
        ("Åsa Region Värmland", "Åsa Region Värmland"),
        ("Björn och varg i skogen", "Björn och varg i skogen"),
        ("Region Värmland och Karlstad universitet", "Region Värmland och Karlstad universitet"),
        ("Stig Dagerman skrev om Älvdalen", "[NAMN] skrev om Älvdalen"),
        ("Anna tyckte att det var bra", "[NAMN] tyckte att det var bra"),
        # names of people born abroad, alone and in runs (surname first too)
        ("Li Wei och Ngozi Okafor från Arvika", "[NAMN] och [NAMN] från Arvika"),
        ("Ring Mohammed imorgon", "Ring [NAMN] imorgon"),
        ("Mejla Zeynep Yılmaz och Amra Hodžić", "Mejla [NAMN] och [NAMN]"),
        ("Nguyen Van Minh från Hagfors", "[NAMN] från Hagfors"),
        ("Hussein Ali Mohammed kom från Irak", "[NAMN] kom från Irak"),
        # context says person for an unlisted name
        ("Enligt Okafor saknas lärare i Torsby", "Enligt [NAMN] saknas lärare i Torsby"),
        ("Anna på kommunen vet", "[NAMN] på kommunen vet"),
        ("Okafor på kommunen vet", "[NAMN] på kommunen vet"),
        ("Fagerlund på kommunen vet", "[NAMN] på kommunen vet"),  # ends like a surname: a person
        # a common noun before "på <institution>" is no name (tester B14: "[NAMN] på gymnasiet")
        ("Industriprogrammet på gymnasiet läggs ned", "Industriprogrammet på gymnasiet läggs ned"),
        ("Språkcafé på biblioteket i Kil", "Språkcafé på biblioteket i Kil"),
        ("Projektledaren Okonkwo återkommer", "Projektledaren [NAMN] återkommer"),
        ("Vi pratade med Xqzt, rektor på skolan", "Vi pratade med [NAMN], rektor på skolan"),
        # places, organisations, ordinary words and sentence starts stay
        ("Sten och grus till vägbygget", "Sten och grus till vägbygget"),
        ("Linnea växer i skogen. Rosa bandet också", "Linnea växer i skogen. Rosa bandet också"),
        ("Norge, Årjäng och Eda samarbetar med Arbetsförmedlingen",
         "Norge, Årjäng och Eda samarbetar med Arbetsförmedlingen"),
        ("Stora Enso och Volvo rekryterar i Hagfors", "Stora Enso och Volvo rekryterar i Hagfors"),
        ("Kontakta Maria Bergholm", "Kontakta [NAMN]"),
        ("Han sade att Du säger nej", "Han sade att Du säger nej"),
        # a listed first name that is also a rare word form, at the start: a verb after it says person
        ("Maja är sjuk. Emma och Oskar kom", "[NAMN] är sjuk. [NAMN] och [NAMN] kom"),
        ("Björn är ett rovdjur. Linnea och andra blommor", "Björn är ett rovdjur. Linnea och andra blommor"),
        ("Sofia Eriksson åkte till Sofia", "[NAMN] åkte till Sofia"),
        ("Karlstad CCC och Karlstads universitet", "Karlstad CCC och Karlstads universitet"),
        ("Ellen Key Institutet och Astrid Lindgren Center", "Ellen Key Institutet och Astrid Lindgren Center"),
    ],
)
def test_redact_names(text, expected):
    assert redact.names(text) == expected


def test_redact_names_known_speakers_and_first_name_alone():
    assert redact.names("Ohlsson sa att Jan ringer.", known=["Jan Ohlsson"]) == "[NAMN] sa att [NAMN] ringer."
    assert redact.names("Vi frågade Anna om saken.", first_name_alone=True) == "Vi frågade [NAMN] om saken."
    # without first_name_alone a lone name needs context that says person
    assert redact.names("Vi såg Anna om saken.", first_name_alone=False) == "Vi såg Anna om saken."
    assert redact.names("Ring Anna om saken.", first_name_alone=False) == "Ring [NAMN] om saken."
    assert redact.names("Anna frågade om saken.", first_name_alone=False) == "[NAMN] frågade om saken."


@pytest.mark.parametrize(
    ("func", "text", "expected"),
    [
        (redact.addresses, "Hon bor på Storgatan 12 i Karlstad", "Hon bor på [ADRESS] i Karlstad"),
        (redact.addresses, "Lokalen ligger på Västra vägen 3 B", "Lokalen ligger på [ADRESS]"),
        (redact.addresses, "Kungsgatan 5A, 652 24 Karlstad", "[ADRESS] Karlstad"),
        (redact.addresses, "Stora Torget 4 och Hamngatan 7-9", "[ADRESS] och [ADRESS]"),
        (redact.addresses, "Storgatan är avstängd i sommar", "Storgatan är avstängd i sommar"),
        (redact.addresses, "Riksväg 62 och E18 behöver rustas", "Riksväg 62 och E18 behöver rustas"),
        (redact.plates, "Bilen ABC 123 och KLM 45B och XYZ789", "Bilen [REGNR] och [REGNR] och [REGNR]"),
        (redact.plates, "SEK 500 per deltagare, LSS 100 och E18", "SEK 500 per deltagare, LSS 100 och E18"),
        (redact.plates, "KPI 100 och VIQ 123", "KPI 100 och VIQ 123"),
        (redact.phones, "Ring +44 20 7946 0958 eller +90 532 123 45 67", "Ring [TELEFON] eller [TELEFON]"),
        (redact.phones, "Kontor +252 61 5123456 och +1 (212) 555-0123", "Kontor [TELEFON] och [TELEFON]"),
        (redact.phones, "Workshop kl 09.00-12.00 och 13.00–16.00", "Workshop kl 09.00-12.00 och 13.00–16.00"),
        (redact.phones, "Öppet 0900-1200 och 1300-1600", "Öppet 0900-1200 och 1300-1600"),
        (redact.phones, "Budget 12 345 678 kr för 2025-2027", "Budget 12 345 678 kr för 2025-2027"),
        (redact.phones, "Orgnr 556677-8899 och 10 000 - 20 000", "Orgnr 556677-8899 och 10 000 - 20 000"),
        (redact.personnummer, "samordningsnummer 550561-7893", "samordningsnummer [PERSONNUMMER]"),
        (redact.personnummer, "pnr 850709 1232 och 19850709 1232", "pnr [PERSONNUMMER] och [PERSONNUMMER]"),
    ],
)
def test_redact_addresses_plates_and_library_checks(func, text, expected):
    assert func(text) == expected


def test_redact_counts_every_kind():
    text, counts = redact.apply("Ngozi Okafor, Storgatan 12, ABC 123, +44 20 7946 0958")
    assert text == "[NAMN], [ADRESS], [REGNR], [TELEFON]"
    assert redact.format_counts(counts) == "NAMN:1;TELEFON:1;ADRESS:1;REGNR:1"


def test_redact_apply_counts():
    text, counts = redact.apply("Anna Berg (811218-9876, anna@kil.se) ring 070-123 45 67 eller Per Larsson")
    assert text == "[NAMN] ([PERSONNUMMER], [EPOST]) ring [TELEFON] eller [NAMN]"
    assert redact.format_counts(counts) == "NAMN:2;PERSONNUMMER:1;EPOST:1;TELEFON:1"


# --- language ---------------------------------------------------------------------------------

SWEDISH = [
    "Brist på bostäder", "Bussen går för sällan på landsbygden", "Bl.a. bostäder och skola", "T.ex. fler bussar",
    "Kompetensförsörjning", "Unga flyttar från Värmland", "Vi behöver fler lärlingsplatser",
    "Det är en stor utmaning att få eleverna att välja yrkesprogram", "Dålig mobiltäckning i norra Värmland",
    "Gränshinder mot Norge", "Pendling över gränsen till Norge", "Hyresrätter saknas i mindre orter",
    "Ingen buss efter kl. 18", "Gymnasieskolan m.m.", "Vi har en workshop om AI och digital transformation",
    "Samverkan kommun–region", "Ensamhet bland äldre", "Jag tycker att vi borde satsa mer på ungdomar",
    # an acronym is no function word of another language (Danish "af"; tester B15), capitals or not
    "AF matchar dåligt mot industrins behov i Kristinehamn", "VI BEHÖVER FLER BUSSAR",
]
ENGLISH = [
    "We need more buses in rural areas", "Lack of housing for young people", "Public transport is too expensive",
    "There is a shortage of skilled workers", "Companies cannot find the right skills", "Trains do not run on weekends",
    "WE NEED MORE BUSES IN TORSBY",  # a note all in capitals keeps its English cues
]
NORWEGIAN = [
    "Vi trenger flere busser på bygda", "Det er mangel på boliger for unge", "Skolene sliter med å rekruttere lærere",
    "Mer samarbeid mellom kommunene", "Bedriftene finner ikke riktig kompetanse", "Unge flytter fra distriktene",
    "Vi treng fleire bustader", "Togene går ikke i helgene",
]
DANISH = [
    "Vi har brug for flere busser i landdistrikterne", "Der mangler boliger til unge", "Mere samarbejde mellem kommunerne",
    "Virksomhederne kan ikke finde de rette kompetencer", "Det er svært at pendle til Karlstad", "Togene kører ikke i weekenden",
]
LANGUAGE_CASES = (
    [(t, True) for t in SWEDISH] + [(t, False) for t in ENGLISH + NORWEGIAN + DANISH]
)


@pytest.mark.parametrize(("text", "swedish"), LANGUAGE_CASES)
def test_is_swedish(text, swedish):
    assert language.is_swedish(text) is swedish


@pytest.mark.parametrize(
    ("text", "lang"),
    [("We need more buses", "en"), ("Vi trenger flere boliger", "no"), ("Der mangler boliger i kommunerne", "da"),
     ("Brist på bostäder", "sv")],
)
def test_detect(text, lang):
    assert language.detect(text) == lang


# --- tokens, lemmas, stop words ---------------------------------------------------------------

def test_stop_words_are_spacy_plus_domain():
    for word in ("och", "att", "inte", "behöver", "viktigt", "värmland", "bra", "mer", "finns", "också"):
        assert word in STOP_WORDS
    assert "bostäder" not in STOP_WORDS


def test_stop_words_do_not_import_spacy():
    code = "import sys, nlp_varmland.preprocessing as p; assert len(p.STOP_WORDS) > 300; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brist på bostäder", ["brist", "bostad"]),
        ("Vi behöver fler bostäder och bättre bussförbindelser i Värmland", ["bostad", "bussförbindelse"]),
        ("HR-chefer saknar bl.a. e-handel", ["hr-chef", "sakna", "e-handel"]),
        ("Ring [NAMN] om kommunerna", ["ringa", "kommun"]),
        ("Det är viktigt att vi gör mer", []),
    ],
)
def test_content_lemmas(text, expected):
    assert content_lemmas(text) == expected


def test_tokenize_keeps_compounds_and_abbreviations():
    assert tokens.tokenize("Bl.a. HR-chefer i Säffle, t.ex. e-handel.") == ["Bl.a.", "HR-chefer", "i", "Säffle", "t.ex.", "e-handel"]


TYPICAL_NOTES = [
    "Brist på bostäder i glesbygden",
    "Bussen går för sällan, särskilt på kvällar och helger.",
    "Vi behöver bl.a. fler lärlingsplatser och t.ex. praktik för unga!",
    "Svårt att rekrytera sjuksköterskor till Torsby – många pendlar från Norge.",
    "Kompetensförsörjningen är den största utmaningen för HR-chefer i Kristinehamn.",
    "Digitalisering (e-hälsa) kan minska avstånden till vården.",
]


@pytest.mark.parametrize("text", TYPICAL_NOTES)
def test_spacy_tokenizer_gives_same_content_tokens(text):
    assert tokens.content_tokens(text, tokenizer="spacy") == tokens.content_tokens(text)


# --- clean ------------------------------------------------------------------------------------

def test_clean_columns_ids_and_parts():
    raw = raw_frame(["• Brist på bostäder\n• Dåliga bussförbindelser till Karlstad", "", "Vård på distans behövs"])
    notes = clean(raw)
    assert list(notes.columns) == list(NOTES_COLUMNS)
    assert notes["part"].tolist() == [1, 2, 1, 1]
    assert notes["source_row"].tolist() == [1, 1, 2, 3]
    assert notes["text"].tolist()[:2] == ["Brist på bostäder", "Dåliga bussförbindelser till Karlstad"]
    expected = hashlib.sha1("möte.csv|1|2".encode()).hexdigest()[:10]
    assert notes.loc[1, "note_id"] == expected
    assert notes["note_id"].is_unique
    assert notes["status"].tolist() == ["kept", "kept", "empty", "kept"]
    assert notes.loc[0, "lemmas"] == "brist bostad"


@pytest.mark.parametrize(
    ("texts", "statuses"),
    [
        (["Brist på bostäder", "brist på  bostäder.", "Brist på bostäder"], ["kept", "duplicate", "duplicate"]),
        (["", "   ", "–", "• "], ["empty", "empty", "empty", "empty"]),
        # a one-word post-it of a content noun is a contribution (preprocessing.one_word); a judgement is not
        (["Bostäder", "Bra möte", "Brist på bostäder", "Ok"], ["kept", "too_short", "kept", "too_short"]),
        # a sentence with one content lemma is a statement; four stop words are not
        (["Mjölkgårdarna i Värmland blir färre", "Det är bra så", "Bra möte idag"],
         ["kept", "too_short", "too_short"]),
        (["We need more buses in rural areas", "Det er mangel på boliger for unge", "Der mangler boliger til unge"],
         ["not_swedish", "not_swedish", "not_swedish"]),
        (["Bl.a. bostäder och skola"], ["kept"]),
        # no language cue at all: Swedish compounds of known words make it Swedish, German stays out
        (["Paper Province – innovation i skogsbaserad bioekonomi", "Das ist ein Problem für die Gemeinde"],
         ["kept", "not_swedish"]),
    ],
)
def test_clean_statuses(texts, statuses):
    assert clean(raw_frame(texts))["status"].tolist() == statuses


def test_duplicates_across_sources_first_stays_kept():
    raw = pd.concat([raw_frame(["Brist på bostäder"], source="a.csv"), raw_frame(["BRIST PÅ BOSTÄDER!"], source="b.csv")])
    assert clean(raw.reset_index(drop=True))["status"].tolist() == ["kept", "duplicate"]


def test_clean_redacts_and_counts():
    notes = clean(raw_frame(["Ring Anna Berg på 070-123 45 67 eller Per Larsson om bostäder i Karlstad"]))
    assert notes.loc[0, "text_clean"] == "Ring [NAMN] på [TELEFON] eller [NAMN] om bostäder i Karlstad"
    assert notes.loc[0, "redactions"] == "NAMN:2;TELEFON:1"
    assert "070-123 45 67" in notes.loc[0, "text"]


def test_clean_attribution_inline_and_header_rows():
    raw = raw_frame([
        "– Det är en stor utmaning att rekrytera, säger en HR-chef från Kristinehamn.",
        "Jan Ohlsson, utbildningssamordnare på Hammarö kommun",
        "– Jag är skolmänniska och vill att Ohlsson-skolan lyssnar på näringslivets behov.",
        "Jan tycker att yrkesprogrammen måste bli mer attraktiva.",
    ])
    notes = clean(raw)
    assert notes.loc[0, "text_clean"] == "Det är en stor utmaning att rekrytera."
    assert notes.loc[0, "role"] == "en HR-chef från Kristinehamn"
    assert notes.loc[1, "status"] == "empty"
    assert notes.loc[2, "speaker"] == "Jan Ohlsson"
    assert notes.loc[2, "role"] == "utbildningssamordnare på Hammarö kommun"
    assert notes.loc[2, "text_clean"].startswith("Jag är skolmänniska")
    assert notes.loc[3, "text_clean"].startswith("[NAMN] tycker")


def test_clean_keeps_given_speaker_columns():
    raw = raw_frame(["Bussen går sällan till Kil, säger en förälder."], speaker=["Eva Ek"], role=["förälder i Kil"])
    notes = clean(raw)
    assert notes.loc[0, ["speaker", "role"]].tolist() == ["Eva Ek", "förälder i Kil"]
    assert notes.loc[0, "text_clean"] == "Bussen går sällan till Kil."


def test_clean_config_switches():
    raw = raw_frame(["Ring 070-123 45 67 om bostäder; bussar", "We need more buses in rural areas", "Bostäder"])
    notes = clean(raw, CleanConfig(redact=(), split=False, language_check=False, min_tokens=1))
    assert notes["text_clean"].tolist()[0] == "Ring 070-123 45 67 om bostäder; bussar"
    assert notes["status"].tolist() == ["kept", "kept", "kept"]
    with pytest.raises(NlpVarmlandError):
        clean(raw, CleanConfig(redact=("ssn",)))
    with pytest.raises(InputError):
        clean(pd.DataFrame({"x": [1]}))


def test_clean_minimal_frame_and_missing_values():
    raw = pd.DataFrame({"text": ["Brist på bostäder", None, float("nan")]})
    notes = clean(raw)
    assert notes["source_row"].tolist() == [1, 2, 3]
    assert notes["status"].tolist() == ["kept", "empty", "empty"]


# --- properties -------------------------------------------------------------------------------

_alphabet = st.characters(
    codec="utf-8", exclude_categories=("Cs",),
)
_note = st.one_of(
    st.text(alphabet=_alphabet, max_size=80),
    st.lists(st.sampled_from(
        ["Brist", "på", "bostäder", "•", "-", ";", "\n", "070-123 45 67", "Anna", "Berg", "811218-9876", "–",
         "säger", ",", "Jan Ohlsson", ":", ".", "bl.a.", "”", "Karlstad", " "]
    ), max_size=20).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_note, min_size=0, max_size=8))
def test_clean_never_raises_and_never_loses_a_row(texts):
    raw = raw_frame(texts)
    notes = clean(raw)
    assert list(notes.columns) == list(NOTES_COLUMNS)
    assert set(zip(raw["source"], raw["source_row"])) == set(zip(notes["source"], notes["source_row"]))
    assert notes["note_id"].is_unique
    assert set(notes["status"]) <= {"kept", "duplicate", "empty", "too_short", "not_swedish"}
    for _, group in notes.groupby("source_row"):
        assert group["part"].tolist() == list(range(1, len(group) + 1))


if __name__ == "__main__":  # quick report: language-check accuracy and speed
    import csv
    import time
    from pathlib import Path

    right = sum(language.is_swedish(t) is want for t, want in LANGUAGE_CASES)
    print(f"language check, labelled cases: {right}/{len(LANGUAGE_CASES)} = {right / len(LANGUAGE_CASES):.1%}")
    sib = Path(__file__).resolve().parents[1].parent / "shared/eval/sib200-sv/data.csv"
    if sib.is_file():
        with sib.open(encoding="utf-8") as fh:
            sentences = [row["text"] for row in csv.DictReader(fh)]
        sv = sum(language.is_swedish(t) for t in sentences)
        print(f"language check, SIB-200 Swedish sentences: {sv}/{len(sentences)} = {sv / len(sentences):.1%}")
    pool = SWEDISH + ENGLISH + NORWEGIAN + DANISH + TYPICAL_NOTES
    texts = [f"{pool[i % len(pool)]} {i // 7}" for i in range(10_000)]
    clean(raw_frame(texts[:10]))  # loads simplemma's dictionary
    start, cpu = time.perf_counter(), time.process_time()
    notes = clean(raw_frame(texts))
    print(f"clean: {len(texts)} rows -> {len(notes)} statements in {time.perf_counter() - start:.2f} s wall, "
          f"{time.process_time() - cpu:.2f} s CPU")


_REDACT_ALPHABET = st.sampled_from(
    ["Anna", "Okafor", "Li", "Wei", "Storgatan", "vägen", "Västra", "ABC", "ring", "enligt", "på", "kommunen",
     "0", "7", "12", "070", "+46", "+", "00", "-", "–", " ", "  ", ",", ".", "\n", "@", "a.b", "se", "(", ")",
     "19850709", "1232", "B", "Karlstad", "Region", "Värmland", "säger", "[NAMN]", "Ş", "ı", "Đặng", "ž"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_REDACT_ALPHABET, max_size=40).map("".join))
def test_redact_apply_never_raises_and_only_adds_placeholders(text):
    out, counts = redact.apply(text)
    assert isinstance(out, str)
    # whatever is left besides placeholders comes from the input, in order
    rest = out
    for placeholder in redact.PLACEHOLDERS.values():
        rest = rest.replace(placeholder, "")
    it = iter(text)
    assert all(ch in it for ch in rest)
    assert sum(counts.values()) <= out.count("[")
