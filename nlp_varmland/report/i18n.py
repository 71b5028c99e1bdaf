"""Swedish and English strings for the report, and number formatting per language.

The strings are UI text of the report (headings, explanations), not language data for the
analysis, so they live next to the report code.

>>> t("sv", "themes")
'Teman'
>>> fmt_int(12345, "sv"), fmt_int(12345, "en")
('12\\u202f345', '12,345')
>>> fmt_pct(0.426, "sv"), fmt_pct(0.426, "en")
('43\\xa0%', '43%')
"""
from __future__ import annotations

import math
import string
from typing import Any

from nlp_varmland.schema import STATUSES  # noqa: F401  (re-exported for html, summary and facts)

LANGUAGES = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Analys av arbetsmöten – Värmlandsstrategin 2040",
        "subtitle": "Teman, strategimål och återkommande utmaningar",
        "generated": "Skapad",
        "contents": "Innehåll",
        "summary": "Sammanfattning",
        "meetings": "Möten",
        "statements": "Påståenden",
        "statements_analysed": "analyserade påståenden",
        "of_rows": "av {n} {n:~rad|rader} i underlaget",
        "themes": "Teman",
        "themes_hint": "{n} {n:~påstående|påståenden} utanför teman",
        "mapped": "Kopplade till mål",
        "mapped_hint": "av de analyserade påståendena",
        "challenges": "Utmaningar",
        "challenges_hint": "påståenden som beskriver ett problem",
        "notices": "Att tänka på",
        "coverage": "Täckning av strategins mål",
        "coverage_intro": "Antal påståenden per insatsområde och delmål. Mål som ingen tog upp är "
                          "markerade som lucka.",
        "gap": "lucka",
        "gaps": "Luckor",
        "gaps_intro": "Mål i strategin som ingen tog upp i underlaget:",
        "no_gaps": "Alla mål i strategin togs upp av minst ett påstående.",
        "no_goals": "Ingen målfil fanns med i analysen.",
        "statements_axis": "påståenden",
        "theme": "Tema",
        "theme_n": "Tema {n}",
        "themes_intro": "Teman sorterade efter storlek. Varje tema visar nyckelord, vilket mål i "
                        "strategin det kopplas till och varför, andel utmaningar och tre typiska citat.",
        "no_themes": "Inga teman kunde bildas ur underlaget.",
        "keywords": "Nyckelord",
        "size": "Storlek",
        "size_value": "{n} {n:~påstående|påståenden} ({pct})",
        "area": "Insatsområde",
        "goal": "Mål",
        "no_goal": "Inget mål",
        "score": "säkerhet",
        "score_help": ("Hur tydligt påståendena pekar på målet jämfört med en bakgrund av andra texter "
                       "(antal standardavvikelser över bakgrunden; högre är säkrare)."),
        "evidence": "Underlag för kopplingen",
        "challenge_share": "Andel utmaningar",
        "seen_in": "Förekommer i",
        "n_meetings": "{n} {n:~möte|möten}",
        "one_meeting": "1 möte",
        "all_meetings": "alla {n} möten",
        "both_meetings": "båda mötena",
        "recurring": "återkommande",
        "emerging": "nytt",
        "quotes": "Typiska citat",
        "map": "Temakarta",
        "map_intro": "Varje punkt är ett påstående; närliggande punkter handlar om liknande saker. "
                     "Grå punkter passade inget tema.",
        "no_map": "Ingen karta: det finns inga koordinater för påståendena.",
        "outliers": "Utanför teman",
        "outliers_intro": "{n} {n:~påstående|påståenden} ({pct} av de analyserade) passade inget tema: "
                          "{n:~det|de} låg för långt "
                          "från varje tema för att räknas dit. {n:~Det|De} visas här i stället för att ligga i ett "
                          "tema {n:~det|de} inte hör till.",
        "outliers_list": "Påståenden utanför teman",
        "theme_summary": "Sammanfattning",
        "group_hint": "{k} teman, {n} påståenden",
        "group_hint_one": "1 tema, {n} {n:~påstående|påståenden}",
        "map_hint": "Teman som liknar varandra ligger nära varandra; avståndet inom ett tema visar "
                    "hur olika dess påståenden är. Håll muspekaren över en punkt för att läsa "
                    "påståendet, klicka på ett tema i förklaringen för att markera det.",
        "heatmap": "Teman × insatsområden",
        "heatmap_intro": "Antal påståenden per tema och insatsområde.",
        "recurring_title": "Återkommande utmaningar",
        "recurring_intro": "Teman som togs upp vid minst två möten, utmaningar först.",
        "no_recurring": "Inga teman återkom vid mer än ett möte.",
        "trend": "Utveckling över möten",
        "trend_intro": "Antal påståenden per tema och möte.",
        "no_trend": "Ingen utveckling över tid att visa (underlaget kommer från ett enda möte "
                    "eller saknar teman).",
        "meeting": "Möte",
        "date": "Datum",
        "meetings_col": "Möten",
        "n_statements": "Påståenden",
        "emerging_title": "Nya teman",
        "emerging_intro": "Teman utan tydlig koppling till något mål: frågor som strategin ännu inte "
                          "namnger, eller synpunkter som inte hör till strategin (t.ex. om själva mötet). "
                          "Läs citaten innan ett tema förs vidare.",
        "no_emerging": "Alla teman kunde kopplas till ett mål i strategin.",
        "all_statements": "Alla påståenden",
        "all_statements_intro": "Analyserade påståenden med tema och mål. Skriv i rutan för att filtrera.",
        "filter": "Filtrera…",
        "filter_label": "Filtrera påståenden",
        "text": "Påstående",
        "challenge": "Utmaning",
        "yes": "ja",
        "no": "nej",
        "agreement": "Analytikernas granskning",
        "agreement_intro": ("{n} {n:~påstående|påståenden} är {n:~granskat|granskade} av analytiker och {k} av dem "
                            "rättade. Så ofta "
                            "håller analytikerna med verktyget; kappa räknar bort slumpens överensstämmelse "
                            "(1 = full, 0 = som slumpen). Granskat är ett påstående där analytikern ändrade "
                            "minst en cell eller skrev en kommentar. Ett fält som ingen ändrade på någon rad "
                            "får inget mått: en förifylld cell som lämnats orörd går inte att skilja från en "
                            "bekräftelse."),
        "agreement_no_changes": "inga ändringar i fältet",
        "agreement_field": "Fält",
        "agreement_n": "Granskade",
        "agreement_share": "Överens",
        "agreement_kappa": "Cohens kappa",
        "evaluation": "Utvärdering mot facit",
        "evaluation_intro": ("Körningen jämfördes med facitkolumnerna i {name} (de visades aldrig för analysen). "
                             "Ett påstående som delats upp bedöms efter sin första behållna del."),
        "evaluation_column": "Facitkolumn",
        "evaluation_accuracy": "Träffsäkerhet",
        "evaluation_false_no_goal": "Felaktigt utan mål",
        "evaluation_no_goal_kept": "Utan mål, rätt",
        "evaluation_files": "Hela tabeller och förväxlingsmatriser: evaluation.md och evaluation.json.",
        "top_corrections": "Vanligaste rättelserna",
        "taught": "Vad granskningen lärde verktyget",
        "taught_goal_examples": "Målkopplingen, med de granskade påståendena som exempel",
        "taught_goal_id": "Målkopplingen, efter närmaste granskade påstående",
        "taught_is_challenge": "Utmaningar, efter närmaste granskade påstående",
        "taught_used": ("{what}: används. Prövat på de granskade påståendena, vart och ett utan sig "
                        "självt, rättade det {fixed} och försämrade {broken}."),
        "taught_refused": ("{what}: används inte den här gången. Prövat på de granskade påståendena, vart och "
                           "ett utan sig självt, rättade det {fixed} och försämrade {broken}: för lite för att "
                           "lita på. Era rättelser gäller ändå de påståenden ni har rättat."),
        "corrected_mark": "rättad av analytiker",
        "taught_dt": "Inlärning",
        "taught_from": "Lärde av {n} {n:~granskat påstående|granskade påståenden} från {meetings}",
        "taught_goal_part": "{k} {k:~påståendes|påståendens} mål",
        "taught_challenge_part": "{k} {k:~påståendes|påståendens} utmaningsbedömning",
        "taught_changed": "{parts} ändrades",
        "taught_none": "inget annat påstående fick ett annat mål eller en annan utmaningsbedömning av dem",
        "taught_and": " och ",
        "taught_more": "{n} till",
        "shown_of": "Visar de första {n} av {total}.",
        "quality": "Datakvalitet",
        "quality_intro": "Vad som hände med varje rad i underlaget.",
        "rows_read": "Inlästa rader",
        "status": "Status",
        "count": "Antal",
        "status_kept": "analyserade",
        "status_duplicate": "dubbletter",
        "status_empty": "tomma",
        "status_too_short": "för korta",
        "status_not_swedish": "inte på svenska",
        "status_kept_help": "ingår i analysen",
        "status_duplicate_help": "samma text fanns redan",
        "status_empty_help": "raden saknade text",
        "status_too_short_help": "för lite text för att tolka",
        "quality_extra_fields_joined": "avgränsare i texten",
        "quality_extra_fields_joined_help": "ett ociterat ; eller , i anteckningen; fälten fogades ihop igen",
        "quality_quote_unclosed": "ostängt citattecken",
        "quality_quote_unclosed_help": "raderna efter det lästes in en och en",
        "quality_mojibake_repaired": "teckenkodning lagad",
        "quality_mojibake_repaired_help": "raden hade en annan teckenkodning (t.ex. cp1252 bland UTF-8)",
        "quality_nul_removed": "nolltecken borttagna",
        "quality_nul_removed_help": "NUL-byte i raden togs bort",
        "quality_truncated": "avkortade",
        "quality_truncated_help": "anteckningen var längre än gränsen och kortades",
        "status_not_swedish_help": "annat språk än svenska",
        "redactions": "Maskerade personuppgifter",
        "redactions_none": "Inga personuppgifter maskerades.",
        "provenance": "Om körningen",
        "version": "Programversion",
        "embedder": "Språkmodell",
        "goal_file": "Målfil",
        "seed": "Slumpfrö",
        "created": "Datum",
        "timings": "Tidsåtgång",
        "inputs": "Underlag",
        "parameters": "Parametrar",
        "path": "Fil",
        "rows": "Rader",
        "seconds": "{s} s",
        "total": "totalt",
        "footer": "Skapad med nlp_varmland {version}. Rapporten är fristående och fungerar utan "
                  "internetuppkoppling.",
        "md_title": "Sammanfattning: arbetsmöten och Värmlandsstrategin 2040",
        "md_headline": "{statements} {statements:~påstående|påståenden} från {meetings} {meetings:~möte|möten} gav "
                       "{themes} {themes:~tema|teman}; "
                       "{mapped} av påståendena kopplas till ett mål i strategin.",
        "md_top_themes": "Största teman",
        "md_recurring": "Återkommande utmaningar",
        "md_gaps": "Luckor: mål som ingen tog upp",
        "md_emerging": "Nya teman som strategin ännu inte namnger",
        "md_quality": "Datakvalitet",
        "md_quality_line": "{rows} {rows:~rad|rader} lästes in; {kept} {kept:~påstående|påståenden} analyserades",
        "md_redactions": "{n} {n:~personuppgift|personuppgifter} maskerades",
        "md_outliers": "{n} {n:~påstående|påståenden} ({pct} av de analyserade) passade inget tema",
        "md_none": "Inga.",
        "md_example": "Exempel",
        "md_meetings_line": "{where}, {notes} {notes:~påstående|påståenden}, {share} utmaningar",
        "md_theme_line": "{n} {n:~påstående|påståenden}, {share} utmaningar",
    },
    "en": {
        "title": "Workshop analysis – Värmland Strategy 2040",
        "subtitle": "Themes, strategy goals and recurring challenges",
        "generated": "Created",
        "contents": "Contents",
        "summary": "Summary",
        "meetings": "Meetings",
        "statements": "Statements",
        "statements_analysed": "statements analysed",
        "of_rows": "of {n} input {n:~row|rows}",
        "themes": "Themes",
        "themes_hint": "{n} {n:~statement|statements} outside themes",
        "mapped": "Mapped to goals",
        "mapped_hint": "of the analysed statements",
        "challenges": "Challenges",
        "challenges_hint": "statements that describe a problem",
        "notices": "Notes",
        "coverage": "Coverage of the strategy goals",
        "coverage_intro": "Statements per focus area and sub-goal. Goals nobody raised are marked as gaps.",
        "gap": "gap",
        "gaps": "Gaps",
        "gaps_intro": "Strategy goals that nobody raised:",
        "no_gaps": "Every goal of the strategy was raised by at least one statement.",
        "no_goals": "The analysis had no goal file.",
        "statements_axis": "statements",
        "theme": "Theme",
        "theme_n": "Theme {n}",
        "themes_intro": "Themes by size. Each shows its keywords, the strategy goal it maps to and "
                        "why, the share of challenges and three typical quotes.",
        "no_themes": "No themes could be formed from the input.",
        "keywords": "Keywords",
        "size": "Size",
        "size_value": "{n} {n:~statement|statements} ({pct})",
        "area": "Focus area",
        "goal": "Goal",
        "no_goal": "No goal",
        "score": "confidence",
        "score_help": ("How clearly the statements point to the goal compared with a background of other "
                       "texts (standard deviations above the background; higher is surer)."),
        "evidence": "Evidence for the mapping",
        "challenge_share": "Share of challenges",
        "seen_in": "Seen in",
        "n_meetings": "{n} {n:~meeting|meetings}",
        "one_meeting": "1 meeting",
        "all_meetings": "all {n} meetings",
        "both_meetings": "both meetings",
        "recurring": "recurring",
        "emerging": "new",
        "quotes": "Typical quotes",
        "map": "Theme map",
        "map_intro": "Each dot is a statement; nearby dots are about similar things. Grey dots fit no theme.",
        "no_map": "No map: the statements have no coordinates.",
        "outliers": "Outside themes",
        "outliers_intro": "{n} {n:~statement|statements} ({pct} of those analysed) fit no theme: "
                          "{n:~it was|they were} too far from "
                          "every theme to count as part of it. {n:~It is|They are} listed here rather than placed in a "
                          "theme {n:~it does|they do} not belong to.",
        "outliers_list": "Statements outside themes",
        "theme_summary": "Summary",
        "group_hint": "{k} themes, {n} statements",
        "group_hint_one": "1 theme, {n} {n:~statement|statements}",
        "map_hint": "Themes that are alike sit close together; the spread within a theme shows how "
                    "different its statements are. Hover over a dot to read the statement, click a "
                    "theme in the legend to highlight it.",
        "heatmap": "Themes × focus areas",
        "heatmap_intro": "Statements per theme and focus area.",
        "recurring_title": "Recurring challenges",
        "recurring_intro": "Themes raised at two or more meetings, challenges first.",
        "no_recurring": "No theme came up at more than one meeting.",
        "trend": "Across meetings",
        "trend_intro": "Statements per theme and meeting.",
        "no_trend": "No trend to show (the input comes from a single meeting or has no themes).",
        "meeting": "Meeting",
        "date": "Date",
        "meetings_col": "Meetings",
        "n_statements": "Statements",
        "emerging_title": "Emerging themes",
        "emerging_intro": "Themes with no clear goal: issues the strategy does not yet name, or remarks "
                          "outside the strategy (e.g. about the meeting itself). Read the quotes before "
                          "taking a theme further.",
        "no_emerging": "Every theme maps to a goal of the strategy.",
        "all_statements": "All statements",
        "all_statements_intro": "Analysed statements with theme and goal. Type in the box to filter.",
        "filter": "Filter…",
        "filter_label": "Filter statements",
        "text": "Statement",
        "challenge": "Challenge",
        "yes": "yes",
        "no": "no",
        "agreement": "Analysts' review",
        "agreement_intro": ("Analysts reviewed {n} {n:~statement|statements} and corrected {k} of them. "
                            "This is how often "
                            "they agree with the tool; kappa discounts chance agreement (1 = full, 0 = chance). "
                            "A statement is reviewed when the analyst changed at least one cell of it or wrote "
                            "a comment. A field nobody changed in any row gets no figure: a pre-filled cell "
                            "left as it was cannot be told from a confirmation."),
        "agreement_no_changes": "no changes in this field",
        "agreement_field": "Field",
        "agreement_n": "Reviewed",
        "agreement_share": "Agree",
        "agreement_kappa": "Cohen's kappa",
        "evaluation": "Evaluation against gold labels",
        "evaluation_intro": ("The run was compared with the gold columns of {name} (never shown to the analysis). "
                             "A statement split into parts is scored by its first kept part."),
        "evaluation_column": "Gold column",
        "evaluation_accuracy": "Accuracy",
        "evaluation_false_no_goal": "False no goal",
        "evaluation_no_goal_kept": "No goal, right",
        "evaluation_files": "Full tables and confusion matrices: evaluation.md and evaluation.json.",
        "top_corrections": "Most frequent corrections",
        "taught": "What the review taught the tool",
        "taught_goal_examples": "Goal mapping, with the reviewed statements as examples",
        "taught_goal_id": "Goal mapping, by the nearest reviewed statement",
        "taught_is_challenge": "Challenges, by the nearest reviewed statement",
        "taught_used": ("{what}: used. Tried on the reviewed statements, each without itself, it fixed "
                        "{fixed} and broke {broken}."),
        "taught_refused": ("{what}: not used this time. Tried on the reviewed statements, each without itself, "
                           "it fixed {fixed} and broke {broken}: too little to trust. Your corrections still "
                           "hold for the statements you corrected."),
        "corrected_mark": "corrected by an analyst",
        "taught_dt": "Learning",
        "taught_from": "Learned from {n} reviewed {n:~statement|statements} from {meetings}",
        "taught_goal_part": "{k} {k:~statement's|statements'} goal",
        "taught_challenge_part": "{k} {k:~statement's|statements'} challenge flag",
        "taught_changed": "{parts} changed",
        "taught_none": "no other statement got another goal or challenge flag from them",
        "taught_and": " and ",
        "taught_more": "{n} more",
        "shown_of": "Showing the first {n} of {total}.",
        "quality": "Data quality",
        "quality_intro": "What happened to each input row.",
        "rows_read": "Rows read",
        "status": "Status",
        "count": "Count",
        "status_kept": "analysed",
        "status_duplicate": "duplicates",
        "status_empty": "empty",
        "status_too_short": "too short",
        "status_not_swedish": "not Swedish",
        "status_kept_help": "part of the analysis",
        "status_duplicate_help": "the same text came earlier",
        "status_empty_help": "the row had no text",
        "status_too_short_help": "too little text to interpret",
        "quality_extra_fields_joined": "delimiter in the text",
        "quality_extra_fields_joined_help": "an unquoted ; or , in the note; the fields were joined back",
        "quality_quote_unclosed": "unclosed quote",
        "quality_quote_unclosed_help": "the rows after it were read one by one",
        "quality_mojibake_repaired": "encoding repaired",
        "quality_mojibake_repaired_help": "the row was in another encoding (e.g. cp1252 among UTF-8)",
        "quality_nul_removed": "NUL bytes removed",
        "quality_nul_removed_help": "NUL bytes in the row were removed",
        "quality_truncated": "cut",
        "quality_truncated_help": "the note was longer than the limit and was cut",
        "status_not_swedish_help": "a language other than Swedish",
        "redactions": "Redacted personal data",
        "redactions_none": "No personal data was redacted.",
        "provenance": "About this run",
        "version": "Version",
        "embedder": "Language model",
        "goal_file": "Goal file",
        "seed": "Seed",
        "created": "Date",
        "timings": "Timings",
        "inputs": "Inputs",
        "parameters": "Parameters",
        "path": "File",
        "rows": "Rows",
        "seconds": "{s} s",
        "total": "total",
        "footer": "Made with nlp_varmland {version}. The report is self-contained and works offline.",
        "md_title": "Summary: workshops and the Värmland Strategy 2040",
        "md_headline": "{statements} {statements:~statement|statements} from {meetings} {meetings:~meeting|meetings} "
                       "gave {themes} {themes:~theme|themes}; "
                       "{mapped} of the statements map to a strategy goal.",
        "md_top_themes": "Largest themes",
        "md_recurring": "Recurring challenges",
        "md_gaps": "Gaps: goals nobody raised",
        "md_emerging": "Emerging themes the strategy does not yet name",
        "md_quality": "Data quality",
        "md_quality_line": "{rows} {rows:~row|rows} read; {kept} {kept:~statement|statements} analysed",
        "md_redactions": "{n} items of personal data redacted",
        "md_outliers": "{n} {n:~statement|statements} ({pct} of those analysed) fit no theme",
        "md_none": "None.",
        "md_example": "Example",
        "md_meetings_line": "{where}, {notes} {notes:~statement|statements}, {share} challenges",
        "md_theme_line": "{n} {n:~statement|statements}, {share} challenges",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` when supported, else raise ``ValueError`` naming the choices."""
    if lang not in STRINGS:
        raise ValueError(f"unsupported report language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


class _Plural(string.Formatter):
    """``{n:~möte|möten}`` is the singular when ``n`` is 1 (or "1", as formatted), else the plural."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("~"):
            one, _, many = format_spec[1:].partition("|")
            return one if str(value).strip() == "1" else many
        return super().format_field(value, format_spec)


_PLURAL = _Plural()


def t(lang: str, key: str, **kwargs: Any) -> str:
    """Translate ``key`` into ``lang``, formatting ``{placeholders}`` from ``kwargs``; a noun
    written ``{n:~singular|plural}`` agrees with the number ``n``.

    >>> t("en", "n_meetings", n=3), t("sv", "n_meetings", n=1), t("sv", "n_meetings", n="12")
    ('3 meetings', '1 möte', '12 möten')
    """
    text = STRINGS[lang].get(key) or STRINGS["sv"][key]
    return _PLURAL.format(text, **kwargs) if kwargs else text


def meetings_phrase(lang: str, n: int, total: int) -> str:
    """How many meetings a theme came up at, of ``total``: "1 möte", "båda mötena", "alla 3 möten".

    >>> [meetings_phrase("sv", n, total) for n, total in ((1, 1), (2, 2), (3, 3), (2, 5))]
    ['1 möte', 'båda mötena', 'alla 3 möten', '2 möten']
    """
    if total > 1 and n >= total:
        return t(lang, "both_meetings") if n == 2 else t(lang, "all_meetings", n=fmt_int(n, lang))
    return t(lang, "n_meetings", n=fmt_int(n, lang))


def _is_nan(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def fmt_int(value: Any, lang: str) -> str:
    """Format a count: ``12 345`` (narrow no-break space) in Swedish, ``12,345`` in English."""
    if _is_nan(value):
        return "–"
    s = f"{int(round(float(value))):,}"
    return s.replace(",", "\u202f") if lang == "sv" else s


def fmt_pct(value: Any, lang: str, digits: int = 0) -> str:
    """Format a share in [0, 1] as a percentage: ``43 %`` in Swedish, ``43%`` in English."""
    if _is_nan(value):
        return "–"
    s = f"{100 * float(value):.{digits}f}"
    return (s.replace(".", ",") + "\u00a0%") if lang == "sv" else s + "%"


def fmt_num(value: Any, lang: str, digits: int = 2) -> str:
    """Format a float with a decimal comma in Swedish: ``0,62``."""
    if _is_nan(value):
        return "–"
    s = f"{float(value):.{digits}f}"
    return s.replace(".", ",") if lang == "sv" else s
