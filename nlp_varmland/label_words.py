"""Word classes of label words: which words may name a theme (issue 12).

- :func:`label_stop_words` (function words, fillers, meeting words, note abbreviations: data
  files ``nlp_varmland/data/sv_label_*``), :func:`label_vague_words`, :func:`vague_word`;
- :func:`lone_modifier`, :func:`adjective_like`: an adjective or participle alone is a
  quality, not a topic ("tomma"; "unga" is a topic, :func:`people_adjectives`);
- :func:`verb_like`, :func:`verb_reading`, :func:`verb_form`, :func:`misread_verb`: verbs, told
  from nouns by how often their forms occur in Swedish (wordfreq) and by the lemmatizer;
- :func:`compound_parts`: the nouns a compound is made of (vård of vårdcentral), label
  candidates that several words of a theme share.

``keywords.weak_label_terms`` applies them to a theme's keywords; ``theme_text`` re-exports
them. Needs the lemmatizer (simplemma) and wordfreq's word list, both loaded lazily.
"""
from __future__ import annotations

import math
from functools import lru_cache

#: Data files of words that are never label words (see :func:`label_stop_words`).
LABEL_STOP_FILES = ("sv_label_stop_words.txt", "sv_label_meeting_words.txt",
                    "sv_label_fillers.txt", "sv_label_abbreviations.txt", "sv_label_function_words.txt",
                    "sv_label_numerals.txt", "sv_calendar_words.txt")


@lru_cache(maxsize=1)
def label_stop_words() -> frozenset[str]:
    """Lemmas kept for clustering but not used as label words: generic words
    (``data/sv_label_stop_words.txt``), meeting words (``sv_label_meeting_words.txt``: bord,
    möte, grupp), verbs/adverbs/fillers (``sv_label_fillers.txt``) and note abbreviations
    (``sv_label_abbreviations.txt``: kn:s) and Swedish function words
    (``sv_label_function_words.txt``: prepositions, pronouns, auxiliaries: kring, lärt) and
    numerals (``sv_label_numerals.txt``: tre, första) and months and weekdays
    (``sv_calendar_words.txt``: a month says when, not what; tester B9's "turister – fritidsgård –
    september").

    >>> {"bord", "möte", "diskussion", "ser", "både", "kn", "kring", "lärt", "tre", "september"} <= label_stop_words()
    True
    """
    from nlp_varmland.preprocessing.resources import wordset

    return frozenset().union(*(wordset(name, lower=True) for name in LABEL_STOP_FILES))


@lru_cache(maxsize=1)
def label_vague_words(concrete: bool = True) -> frozenset[str]:
    """Vague nouns that are not label words on their own (``data/sv_label_vague.txt``: värde,
    aspekt), with (``concrete=True``) or without the ones that also have a concrete sense
    (``sv_label_vague_concrete.txt``: väg, plats), which may name a theme most of whose
    statements use them (:func:`vague_word`).

    >>> "värde" in label_vague_words(), "väg" in label_vague_words(), "väg" in label_vague_words(False)
    (True, True, False)
    """
    from nlp_varmland.preprocessing.resources import wordset

    out = wordset("sv_label_vague.txt", lower=True)
    return out | wordset("sv_label_vague_concrete.txt", lower=True) if concrete else out


#: A vague noun with a concrete sense (väg = road) or a place name is a label word only when
#: at least this share of the theme's statements use it: then it is what the theme is about.
TOPIC_SHARE = 0.5


def vague_word(lemma: str, surface: str, share: float) -> bool:
    """True for a vague noun (:func:`label_vague_words`) as a label word; one that is also
    concrete (väg, plats) is kept when ``share`` (of the theme's statements using it) is at
    least :data:`TOPIC_SHARE`.

    >>> vague_word("värde", "värdet", 0.9), vague_word("väg", "vägar", 0.6), vague_word("väg", "väg", 0.1)
    (True, False, True)
    """
    if lemma in label_vague_words(False) or surface in label_vague_words(False):
        return True
    return (lemma in label_vague_words() or surface in label_vague_words()) and share < TOPIC_SHARE


@lru_cache(maxsize=1)
def people_adjectives() -> frozenset[str]:
    """Adjectives and participles used as nouns for people (``data/sv_label_people_adjectives.txt``)."""
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_label_people_adjectives.txt", lower=True)


@lru_cache(maxsize=65_536)
def lone_modifier(lemma: str, surface: str) -> bool:
    """True for an adjective or participle shown as a label word on its own ("tomma",
    "stängda", "psykisk"): a quality, not a topic. Adjectives Swedish uses as nouns for people
    (:func:`people_adjectives`: unga, äldre, långtidsarbetslösa) are topics and stay.

    An adjective is a lemma :func:`adjective_like` says so of, or a surface that is its lemma
    plus the adjective -a (tom/tomma, öppen/öppna, enkel/enkla: Swedish nouns never inflect
    so); a participle is the -d/-t form of an -a verb (stänga/stängda, föda/födda).

    >>> lone_modifier("tom", "tomma"), lone_modifier("stänga", "stängda"), lone_modifier("ung", "unga")
    (True, True, False)
    >>> lone_modifier("utmärkt", "utmärkt"), lone_modifier("säker", "säker")
    (True, True)
    >>> lone_modifier("buss", "bussar"), lone_modifier("lokal", "lokaler")
    (False, False)
    >>> lone_modifier("arbetslös", "långtidsarbetslösa")
    False
    """
    if " " in lemma or " " in surface:
        return False
    people = people_adjectives()
    if surface in people or lemma in people or any(
            surface.endswith(p) and len(surface) - len(p) >= 3 for p in people if len(p) >= 5):
        return False
    forms = {lemma + "a", lemma + lemma[-1:] + "a"}
    if lemma.endswith(("en", "el", "er")) and len(lemma) >= 4:
        forms.add(lemma[:-2] + lemma[-1] + "a")      # öppen/öppna, enkel/enkla, vacker/vackra
    if surface in forms:
        return True
    if not lemma.endswith("a") and surface in (lemma, lemma + "t"):
        # the base form of an adjective; "lokaler", "planer" are the nouns' plurals
        return adjective_like(lemma) or _adjective_base(lemma) or _participle_base(lemma)
    if lemma.endswith("a") and len(lemma) >= 4:
        stem = lemma[:-1]
        participle = {stem + e for e in ("d", "da", "dd", "dda", "t", "ta", "tt", "tta", "ad", "ade", "at")}
        return surface in participle or (surface.startswith(lemma) and surface[len(lemma):] in ("d", "de", "t"))
    return False


@lru_cache(maxsize=65_536)
def _participle_base(lemma: str) -> bool:
    """True for a past participle simplemma keeps as its own lemma: its -a form maps to an -a
    verb whose stem + -t/-d is the lemma (utmärkt: utmärkta -> utmärka)."""
    if len(lemma) < 5 or not lemma.endswith(("t", "d")) or " " in lemma:
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    verb = lemma_strategy_lemmatizer()(lemma + "a", lang="sv").lower()
    return verb.endswith("a") and verb != lemma + "a" and lemma == verb[:-1] + lemma[-1]


@lru_cache(maxsize=65_536)
def _adjective_base(lemma: str) -> bool:
    """True for an adjective lemma :func:`adjective_like` misses: syncope (säker/säkra,
    öppen/öppna), -d/-t (hård/hårt) and -t stems (intressant/intressanta)."""
    if len(lemma) < 3 or " " in lemma or lemma.endswith(("a", "e")):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()

    def back(form: str) -> bool:
        return lem(form, lang="sv").lower() == lemma

    plural = [lemma + "a", lemma + lemma[-1] + "a"]
    if lemma.endswith(("en", "el", "er")) and len(lemma) >= 4:
        plural.append(lemma[:-2] + lemma[-1] + "a")
    if not any(back(f) for f in plural if f != lemma):
        return False
    if lemma.endswith("t"):
        return True
    neuter = lemma[:-1] + "t" if lemma.endswith(("d", "en")) else lemma + "t"
    return back(neuter) and neuter != lemma


#: Forms rarer than this in running Swedish (wordfreq's zipf scale: 3 = once per million
#: words) are no evidence of a reading of a word.
ATTESTED_ZIPF = 3.0
#: A word is read as a verb when its verb forms are this much (zipf: a factor of 10 per unit)
#: more frequent than its noun forms: skada, resa, fråga, hälsa are both and stay nouns.
READING_LEAD = 1.0


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float] | None:
    """wordfreq's Swedish word frequencies (340,000 words, ~0.3 s to load), or None without
    wordfreq."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency; the lemmatizer test remains
        return None
    return get_frequency_dict("sv")


def zipf(word: str) -> float:
    """Zipf frequency of a lowercase Swedish word form (log10 per billion words; 0 when unseen).

    >>> zipf("skolan") > 5 > ATTESTED_ZIPF > zipf("skolor") - 2 > zipf("xqzt")
    True
    """
    freqs = _frequencies()
    f = freqs.get(word, 0.0) if freqs else 0.0
    return math.log10(f * 1e9) if f > 0 else 0.0


@lru_cache(maxsize=65_536)
def verb_reading(lemma: str) -> bool | None:
    """Whether Swedish text reads ``lemma`` as a verb, from how often its forms occur (wordfreq):
    the verb's present and past (samlar and samlade; lyfter and lyfte; når) against the noun's
    plural and definite forms (skolor, skolan; byar, byn). A verb when its forms are attested and
    :data:`READING_LEAD` more frequent than the noun's; None when neither reading is attested
    (an unknown compound, or no wordfreq): then simplemma decides (:func:`verb_like`).

    The forms are those of the regular conjugations; a strong verb's own past (bar, for) is not
    looked for, and a lemma that is no infinitive (not -a, nor a long vowel: slå, tro) is None.
    The definite form counts for the noun only when it is the noun's (skolan -> skola), not an
    -an noun of its own (påverkan, början: the verbs påverka, börja).

    >>> verb_reading("samla"), verb_reading("prata"), verb_reading("slå"), verb_reading("skola")
    (True, True, True, False)
    >>> verb_reading("hälsa"), verb_reading("fråga"), verb_reading("kvinna"), verb_reading("buss")
    (False, False, False, None)
    >>> verb_reading("synas"), verb_reading("trivas"), verb_reading("kommunas")
    (True, True, None)
    >>> verb_reading("dra"), verb_reading("burka")
    (True, None)
    >>> verb_reading("hinna"), verb_reading("vända"), verb_reading("resa"), verb_reading("hyra")
    (True, True, False, False)
    """
    if " " in lemma or "-" in lemma or len(lemma) < 2 or _frequencies() is None:
        return None
    if lemma.endswith("as") and len(lemma) >= 5:
        # a deponent verb (synas, trivas, lyckas): present syns/trivs, past syntes/lyckades
        stem = lemma[:-2]
        # present and past both: stem + s alone is also a noun's genitive (kommuns: kommun)
        present = max(zipf(stem + "s"), zipf(lemma))  # syns; lyckas, hoppas
        verb = [lemma[:-1] + "des", stem + "des", stem + "tes"] if present >= ATTESTED_ZIPF else []
        noun = [lemma + "en", lemma + "et", lemma + "er"]    # ananasen, atlasen
    elif lemma.endswith("a"):
        stem = lemma[:-1]
        # present and past both: -ar alone is also a noun's plural (burkar: burk, not burka)
        present = max(map(zipf, (lemma + "r", stem + "er")))
        verb = [lemma + "de", stem + "de", stem + "te"] if present >= ATTESTED_ZIPF else []
        if zipf(lemma + "r") >= ATTESTED_ZIPF and _lemma(lemma + "r") == lemma and not _noun_by_form(stem):
            verb.append(lemma + "r")  # a strong verb (drar, drog: no -de past); burkar is burk's plural
        if stem.endswith("d") and present >= ATTESTED_ZIPF:
            verb.append(stem + "e")   # a stem in -d takes -e in the past: vände, använde, hände
        if zipf(stem + "er") >= ATTESTED_ZIPF and _lemma(stem + "er") == lemma:
            verb.append(stem + "er")  # a strong verb of the -er present (hinner, hann; ligger, låg)
        noun = [stem + "or", stem + "orna"]
        from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

        lem = lemma_strategy_lemmatizer()
        # the definite skolan, hälsan is the noun's; påverkan, början are nouns of their own
        noun += [f for f in (lemma + "n", lemma + "ns") if lem(f, lang="sv").lower() == lemma]
    elif lemma[-1] in "iouyåäö" and len(lemma) <= 7:
        verb = [lemma + "r", lemma + "dde"]           # når, nådde; tror, trodde; flyr, flydde
        noun = [lemma + "n", lemma + "ar", lemma + "er", lemma + "na"]  # byn, byar; köer
    else:
        return None  # -e: se, ge, ske are few (sv_label_fillers.txt); kväve, möte are nouns
    v, n = max(map(zipf, verb), default=0.0), max(map(zipf, noun))
    if max(v, n) < ATTESTED_ZIPF:
        return None
    return v >= ATTESTED_ZIPF and v >= n + READING_LEAD


@lru_cache(maxsize=65_536)
def misread_verb(lemma: str, surface: str) -> bool:
    """True for a verb's present or past form that the lemmatizer read as another word: the
    -ar present as an -are agent noun (samlar -> samlare, tillverkar -> tillverkare) or the
    -de/-te past as a noun or participle without its -e (nämnde -> nämnd, täckte -> täckt; not
    -ade, which is also the participle's plural: kvalificerade jobb),
    when the -a infinitive is a verb (:func:`verb_reading`). A noun's plural (städer: stad,
    matcher: match) keeps its lemma and is no verb.

    >>> misread_verb("samlare", "samlar"), misread_verb("nämnd", "nämnde"), misread_verb("täckt", "täckte")
    (True, True, True)
    >>> misread_verb("syn", "syns"), misread_verb("kommun", "kommuns"), misread_verb("by", "byns")
    (True, False, False)
    >>> misread_verb("match", "matcher"), misread_verb("lärare", "lärare"), misread_verb("bil", "bilar")
    (False, False, False)
    >>> misread_verb("samordnare", "samordnar")  # too rare for wordfreq: no -are noun form either
    True
    """
    if len(surface) < 4 or " " in surface or "-" in surface:
        return False
    if surface.endswith("ar") and lemma == surface + "e":
        infinitive = surface[:-1]
    elif surface == lemma + "s" and len(lemma) >= 3:
        infinitive = lemma + "as"  # a deponent's present read as a genitive: syns -> syn (synas)
    elif surface.endswith(("de", "te")) and lemma == surface[:-1] and not surface.endswith("ade"):
        infinitive = surface[:-2] + "a"  # -ade is also the participle's plural: kvalificerade jobb
    else:
        return False
    reading = verb_reading(infinitive)
    if reading is None and surface.endswith("ar") and lemma == surface + "e":
        # an -are noun is never written -ar (samordnare, samordnaren, samordnarna): unless the
        # stem is a noun whose plural it is (ring|ar), a rare verb's present (samordnar)
        return not _noun_by_form(surface[:-2])
    return reading is True


@lru_cache(maxsize=65_536)
def verb_like(lemma: str) -> bool:
    """True for a lemma read as a verb infinitive and not as a noun.

    First by how often its forms occur (:func:`verb_reading`: samla, prata are verbs; skola,
    hälsa are nouns); for a lemma wordfreq has not seen, by simplemma: the lemma ends in -a, a
    present-tense or past form (ställer, hittar, stängde) maps back to it, and the -or plural /
    -n definite form of an -a noun (skolor, kvinnan) does not.

    >>> verb_like("ställa"), verb_like("kontakta"), verb_like("skola"), verb_like("ohälsa")
    (True, True, False, False)
    >>> verb_like("samla"), verb_like("prata"), verb_like("hälsa")
    (True, True, False)
    """
    if len(lemma) < 3 or " " in lemma or "-" in lemma:
        return False
    reading = verb_reading(lemma)
    if reading is not None:
        return reading
    if not lemma.endswith("a"):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()

    def back(form: str) -> bool:
        return lem(form, lang="sv").lower() == lemma

    verb = any(back(f) for f in (lemma[:-1] + "er", lemma + "r", lemma[:-1] + "de", lemma + "de"))
    noun = any(back(f) for f in (lemma[:-1] + "or", lemma + "n", lemma[:-1] + "orna"))
    return verb and not noun


@lru_cache(maxsize=65_536)
def adjective_like(lemma: str) -> bool:
    """True for a lemma whose -a and -t forms simplemma maps back to it (grön, gröna, grönt).

    >>> adjective_like("cirkulär"), adjective_like("psykisk"), adjective_like("gemensam"), adjective_like("buss")
    (True, True, True, False)
    """
    if len(lemma) < 2 or " " in lemma or lemma.endswith("a"):
        return False
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    lem = lemma_strategy_lemmatizer()
    plural = lemma + lemma[-1] + "a" if lemma.endswith("m") else lemma + "a"  # gemensam: gemensamma
    return all(lem(form, lang="sv").lower() == lemma for form in (plural, lemma + "t"))


def verb_form(lemma: str, surface: str) -> bool:
    """True when ``surface`` is a finite or passive form of the -a verb ``lemma`` (läcker,
    klarar, drivs, saknas, klarade, klarat): the form shows a verb even where the lemma is also
    a noun (läcka, driva). An -a noun's genitive (skolas) is not a verb form.

    >>> verb_form("läcka", "läcker"), verb_form("driva", "drivs"), verb_form("förstöra", "förstör")
    (True, True, True)
    >>> verb_form("läcka", "läckor"), verb_form("skola", "skolas"), verb_form("bostad", "bostäder")
    (False, False, False)
    >>> verb_form("spåra", "spår")
    False
    """
    if len(lemma) < 3 or not lemma.endswith("a") or surface == lemma or " " in lemma:
        return False
    stem = lemma[:-1]
    if surface in (stem + "er", lemma + "r", stem + "s", lemma + "de", stem + "de", stem + "te",
                   lemma + "t", lemma + "des", stem + "des"):
        return True
    if surface == stem and stem.endswith("r") and len(stem) >= 3:
        # the present of an r-stem verb (förstör, kör, hör), unless the verb's present is -ar
        # (spåra: spårar, so "spår" is the noun)
        return zipf(lemma + "r") < ATTESTED_ZIPF
    if surface == lemma + "s":  # passive of an -ar verb (saknas), or an -a noun's genitive (skolas)
        from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

        return lemma_strategy_lemmatizer()(stem + "or", lang="sv").lower() != lemma
    return False


#: Parts of a compound shorter than this are label candidates only when they are nouns by
#: their own inflection (:func:`_short_noun`: väg of vägunderhåll, mat of matsvinn, hus, bil);
#: a 3-letter word that is also another word class (han, per, tur|ism's ism) is no part.
PART_MIN = 4
#: The shortest part of a compound at all (väg, mat, nät).
SHORT_PART = 3


@lru_cache(maxsize=262_144)
def compound_parts(lemma: str) -> tuple[str, ...]:
    """The nouns a Swedish compound noun is made of: the split with the longest head whose
    halves are both words in their base form (known to the lemmatizer, wordfreq-attested, their
    own lemma), the first part with its joint undone (bostads- -> bostad, skol- -> skola,
    arbets- -> arbete); of the two, the ones that are nouns (no verb, adjective or label stop
    word). A theme whose statements say närvård, vårdcentral and vårdbesök shares "vård".
    A part of 3 letters counts when it is a noun by its own inflection (:func:`_short_noun`:
    väg of vägunderhåll and grusväg, nät of vägnät); a half that is itself an unknown compound
    is split in turn (vinterväghållning: vinter, väg, hållning).
    Verbs, -ande/-ende words and place names are not split (renovera, avgörande, Karlstad).

    >>> compound_parts("vårdcentral"), compound_parts("kollektivtrafik"), compound_parts("sjuksköterska")
    (('vård',), ('trafik',), ('sköterska',))
    >>> compound_parts("bostadsbrist"), compound_parts("skolbuss"), compound_parts("verksamhet")
    (('bostad', 'brist'), ('buss',), ())
    >>> compound_parts("vägunderhåll"), compound_parts("grusväg"), compound_parts("matsvinn")
    (('väg',), ('grus', 'väg'), ('mat',))
    >>> compound_parts("kultur"), compound_parts("turism"), compound_parts("handel")
    ((), (), ())
    """
    if " " in lemma or len(lemma) < 2 * SHORT_PART or lemma.endswith(("ande", "ende")):
        return ()
    if "-" in lemma:
        return tuple(p for p in lemma.split("-") if _noun_part(p))
    if verb_like(lemma) or lemma in _place_names() or adjective_like(lemma):
        return ()  # a verb, a place, an adjective (reglerbar, idéburen) is no compound noun
    from nlp_varmland.preprocessing.resources import wordset

    particles = wordset("sv_label_function_words.txt", lower=True) | wordset("sv_label_numerals.txt", lower=True)
    nested = len(lemma) >= PART_MIN + 2 * SHORT_PART  # room for a first word and a compound head
    return _split(lemma, particles, False) or (_split(lemma, particles, True) if nested else ())


def _split(lemma: str, particles: frozenset[str], nested: bool) -> tuple[str, ...]:
    """:func:`compound_parts`' split; ``nested``: a head that is a compound of its own."""
    for i in range(SHORT_PART, len(lemma) - SHORT_PART + 1):  # the longest head first
        left, right = lemma[:i], _head(lemma[i:])
        inner: tuple[str, ...] = ()
        if nested and not right and len(lemma) - i >= 2 * SHORT_PART and len(left) >= PART_MIN and _word_part(left):
            inner = compound_parts(lemma[i:])  # a compound head of its own: vinter|väghållning
            right = lemma[i:] if inner else ""
        if not right:
            continue
        if right.startswith("s") and _base_word(right[1:]) and _base_word(left) and zipf(right[1:]) > zipf(right):
            left, right = left + "s", right[1:]  # the joint -s, read as the commoner head: idrotts|hall, kultur|skola
            inner = ()
        firsts = [left] + ([left + "a"] if len(left) >= PART_MIN else [])  # skol- -> skola
        if left.endswith("s"):
            firsts += [left[:-1], left[:-1] + "e"]  # bostads- -> bostad, arbets- -> arbete
        first = next((f for f in firsts if _word_part(f)), None)
        if first is None or (first == left and first in particles):  # upp-, ut-, för-: a derivation
            continue
        if min(len(first), len(right)) < PART_MIN and not all(
                len(w) >= PART_MIN or (_noun_by_form(w) and zipf(lemma) < zipf(w))
                for w in (first, right) if w != lemma[i:] or not inner):
            continue  # a 3-letter half must be a noun (väg|nät, not tur|ism), and a compound
            # commoner than it is a word of its own (nätverk, centrum, storlek)
        heads = inner or (right,)
        return tuple(dict.fromkeys(w for w in (first, *heads) if _noun_part(w)))
    return ()


@lru_cache(maxsize=262_144)
def _word_part(word: str) -> bool:
    """A first part of a compound: a word in its base form (:func:`_base_word`) or a noun by
    its inflection that the lemmatizer, seeing it alone, reads as a verb (tåg: 'tåga', grus)."""
    return _base_word(word) or _noun_by_form(word)


@lru_cache(maxsize=65_536)
def _short_noun(word: str) -> bool:
    """True for a short word (väg, mat, nät, hus, tåg) that is a noun by its own inflection
    (:func:`_noun_by_form`) and no label stop word.

    >>> _short_noun("väg"), _short_noun("tåg"), _short_noun("nät"), _short_noun("han"), _short_noun("ism")
    (True, True, True, False, False)
    """
    return word not in label_stop_words() and _noun_by_form(word)


@lru_cache(maxsize=65_536)
def _noun_by_form(word: str) -> bool:
    """True for a noun by its own inflection: its definite form (vägen, maten, nätet, tåget,
    hemmet) is attested (:data:`ATTESTED_ZIPF`) and the lemmatizer takes it back to the word."""
    if " " in word or len(word) < SHORT_PART:
        return False
    from nlp_varmland.preprocessing.tokens import lemmatize

    double = word + word[-1] if word[-1] not in "aeiouyåäö" else word
    forms = (word + "en", word + "et", word + "n", double + "en", double + "et")
    return any(zipf(f) >= ATTESTED_ZIPF and lemmatize(f) == word for f in forms)


@lru_cache(maxsize=262_144)
def _head(word: str) -> str:
    """``word`` as a compound's head in its base form ("" if it is none): an unknown compound
    keeps the head's inflection (vattenrådet: rådet -> råd)."""
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    if zipf(word) < ATTESTED_ZIPF and not is_known_word(word):
        return ""  # neither attested nor a form the lemmatizer knows: no word (most splits)
    if _word_part(word):
        return word  # tåg (nattåg), which the lemmatizer alone reads as 'tåga'

    lem = lemmatize(word) if len(word) >= PART_MIN and is_known_word(word) else ""
    return lem if lem and lem != word and word.startswith(lem[:2]) and _word_part(lem) else ""


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_places.txt", lower=True)


@lru_cache(maxsize=65_536)
def _base_word(word: str) -> bool:
    """A Swedish word in its base form: known to the lemmatizer, attested (:func:`zipf`) and its
    own lemma."""
    if len(word) < PART_MIN - 1 or zipf(word) < ATTESTED_ZIPF:
        return False
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    return is_known_word(word) and lemmatize(word) == word


def _noun_part(word: str) -> bool:
    if len(word) < PART_MIN:
        return _short_noun(word) and not verb_like(word) and not adjective_like(word)
    return (_word_part(word) and word not in label_stop_words()
            and not verb_like(word) and not adjective_like(word) and not _adjective_base(word))


@lru_cache(maxsize=1)
def meeting_heads() -> frozenset[str]:
    """Meeting words that make a compound a meeting word as its head
    (``data/sv_label_meeting_heads.txt``: bord, möte, grupp, anteckning; not fråga, punkt)."""
    from nlp_varmland.preprocessing.resources import wordset

    return wordset("sv_label_meeting_heads.txt", lower=True)


@lru_cache(maxsize=65_536)
def meeting_compound(word: str) -> bool:
    """True for a compound whose head is a meeting word (:func:`meeting_heads`), in any form:
    bordsgruppen, mötesanteckningar, gruppdiskussionen, styrgruppsmötet (the list holds the
    simple words; the lemmatizer gives the head's lemma).

    >>> meeting_compound("bordsgruppen"), meeting_compound("mötesanteckningar"), meeting_compound("bostadsbrist")
    (True, True, False)
    >>> meeting_compound("styrgruppsmötet"), meeting_compound("tjänsteman")
    (True, False)
    """
    if " " in word or len(word) < 6:
        return False
    from nlp_varmland.preprocessing.tokens import is_known_word, lemmatize

    meeting = meeting_heads()
    for i in range(SHORT_PART, len(word) - SHORT_PART + 1):
        head = word[i:]
        if head not in meeting and lemmatize(head) not in meeting:
            continue
        first = word[:i]
        if any(_word_part(f) or (is_known_word(f) and zipf(f) >= ATTESTED_ZIPF) or meeting_compound(f)
               for f in (first, first[:-1] if first.endswith("s") else "") if len(f) >= SHORT_PART):
            return True  # a word before the head (bords-, mötes-), not a piece of one (tjäns|teman)
    return False


@lru_cache(maxsize=65_536)
def english_word(word: str) -> bool:
    """True for an English word in Swedish notes (meeting, issue, stakeholder): unknown to the
    Swedish lemmatizer, attested in English (wordfreq) and :data:`READING_LEAD` more frequent
    there than in Swedish. Loanwords Swedish has taken (feedback, service, app) are known
    Swedish words and stay.

    >>> english_word("meeting"), english_word("stakeholder"), english_word("feedback"), english_word("sfi")
    (True, True, False, False)
    """
    if " " in word or len(word) < 3:
        return False
    from nlp_varmland.preprocessing.tokens import is_known_word

    if is_known_word(word):
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return False
    en = zipf_frequency(word, "en")
    return en >= ATTESTED_ZIPF and en >= zipf(word) + READING_LEAD


#: Heads that make a compound with a numeral a number word: hundratal, tiotal, tusentals,
#: tredjedel, fjärdedel.
_NUMBER_HEADS = ("tals", "tal", "dels", "del")


@lru_cache(maxsize=65_536)
def number_word(word: str) -> bool:
    """True for a numeral compound (hundratal, tusentals, tiotal, tredjedel, fjärdedel): a
    numeral (``data/sv_label_numerals.txt``) followed by -tal or
    -del; a word of its own such as "andel", "samtal" or "kvartal" is none (no numeral first).

    >>> number_word("hundratal"), number_word("tredjedel"), number_word("samtal"), number_word("handel")
    (True, True, False, False)
    """
    from nlp_varmland.preprocessing.resources import wordset

    numerals = wordset("sv_label_numerals.txt", lower=True)
    for head in _NUMBER_HEADS:
        first = word[: -len(head)]
        if word.endswith(head) and len(first) >= SHORT_PART and first in numerals:
            return True
    return False


def _lemma(form: str) -> str:
    from nlp_varmland.preprocessing.tokens import lemma_strategy_lemmatizer

    return lemma_strategy_lemmatizer()(form, lang="sv").lower()
