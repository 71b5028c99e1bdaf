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
import re
import string
from typing import Any

from nlp_varmland.schema import STATUSES  # noqa: F401  (re-exported for html, summary and facts)

LANGUAGES = ("sv", "en")

STRINGS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Analys av arbetsmöten – {strategy}",
        "vision": "Vision: {vision}",
        "subtitle": "Teman, strategimål och återkommande utmaningar",
        "generated": "Skapad",
        "contents": "Innehåll",
        "summary": "Sammanfattning",
        "meetings": "Möten",
        "meetings_card": "{n:~Möte|Möten}",
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
        "themes_intro_groups": "Teman står under grupper av närliggande ämnen: grupperna i ordning efter "
                               "sitt största tema, och inom en grupp det största temat först. Temats nummer "
                               "är dess plats i storleksordning bland alla teman. Varje tema visar nyckelord, "
                               "vilket mål i strategin det kopplas till och varför, andel utmaningar och tre "
                               "typiska citat.",
        "no_themes": "Inga teman kunde bildas ur underlaget.",
        "keywords": "Nyckelord",
        "size": "Storlek",
        "theme_id": "Tema-id",
        "theme_id_in": "i",
        "theme_id_rank": "numret i rubriken är temats plats efter storlek",
        "size_value": "{n} {n:~påstående|påståenden} ({pct})",
        "area": "Insatsområde",
        "goal": "Mål",
        "no_goal": "Inget mål",
        "score": "säkerhet",
        "score_high": "hög",
        "score_medium": "medel",
        "score_low": "låg",
        "score_help": ("Poäng {score}: hur tydligt temats påståenden pekar på målet jämfört med en bakgrund "
                       "av andra texter. Ett påstående kopplas till ett mål från {threshold}; säkerheten är hög "
                       "från {high}, medel från {threshold} och låg under, men aldrig hög när färre än hälften "
                       "av temats påståenden kopplas till målet, och låg när färre än en fjärdedel gör det."),
        "support": "{k} av {n} påståenden kopplas till målet",
        "support_area": "{k} av {n} påståenden kopplas till målet, {a} till dess insatsområde",
        "evidence": "Underlag för kopplingen",
        "ev_centroid": "temat som helhet pekar på samma insatsområde",
        "ev_theme_keywords": "temats nyckelord som står i målet: {words}",
        "ev_keywords": "ord ur målet i påståendena: {words}",
        "ev_example": "liknar mest målets exempel ”{text}”",
        "ev_description": "liknar mest målets beskrivning",
        "ev_nearest": "liknar mest ”{text}”",
        "ev_below": "liknar mest ”{text}”, men når inte gränsen för en koppling",
        "ev_no_goal": "inget mål når gränsen för en koppling",
        "ev_forward": "lärt av {n} granskade påståenden från andra möten",
        "ev_analyst": "temat skapades av en analytiker",
        "ev_pulled": "säger nästan samma sak som ett granskat påstående (analytikerns mål: {goal})",
        "ev_taught": "lärt av {n} granskade påståenden",
        "ev_corrected": "rättat av en analytiker (verktygets förslag: {goal})",
        "ev_nearest_goal": "närmast målet {goal}",
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
        "map_intro": "Varje punkt är ett påstående i sitt temas färg; grå punkter passade inget tema.",
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
        "map_hint": "Teman som liknar varandra ligger nära varandra. Varje tema ritas i en egen cirkel vars "
                    "storlek beror på avståndet till närmaste tema, och punkter längre ut läggs på kanten: "
                    "hur utspritt ett tema ser ut säger därför inte hur olika dess påståenden är, och en grå "
                    "punkts plats säger inte vilket tema den liknar mest. Håll muspekaren över en punkt "
                    "för att läsa påståendet, klicka på ett tema i förklaringen för att markera det.",
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
                            "bekräftelse. Rader utan ändring och utan kommentar räknas inte, så om bara felen "
                            "rättas blir överensstämmelsen lägre än verktygets verkliga träffsäkerhet: skriv "
                            "”ok” i kommentaren på rader som stämmer."),
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
        "taught_goal_forward": "Målkopplingen framåt, för påståenden från andra möten än de granskade",
        "taught_challenge_forward": "Utmaningar framåt, för påståenden från andra möten än de granskade",
        "taught_intro": ("Era rättelser gäller alltid de påståenden ni har rättat. Sätten nedan lär av dem "
                         "för andra påståenden. Ett sätt med siffror inom parentes prövades först på de "
                         "granskade påståendena, vart och ett utan sig självt: så många rättade och "
                         "försämrade det, och det används bara när det rättar tydligt fler än det försämrar."),
        "taught_used": "{what}: används (rättade {fixed}, försämrade {broken}).",
        "taught_refused": "{what}: används inte den här gången (rättade {fixed}, försämrade {broken}).",
        "taught_reviewed": ("Granskade möten: påståenden som ingen rättade behåller verktygets svar (utom nästan "
                            "ordagranna upprepningar av ett granskat); lärdomarna används på möten som inte "
                            "granskats."),
        "taught_forward_goal": "{what}: {k} {k:~påståendes|påståendens} mål ändrades.",
        "taught_forward_challenge": "{what}: {k} {k:~påståendes|påståendens} utmaningsbedömning ändrades.",
        "taught_forward_none": "{what}: inget påstående ändrades.",
        "taught_pull_goal": ("Upprepningar: {k} {k:~påstående|påståenden} som säger nästan samma sak som ett "
                             "granskat fick dess mål."),
        "taught_pull_challenge": ("Upprepningar: {k} {k:~påstående|påståenden} som säger nästan samma sak som "
                                  "ett granskat fick dess utmaningsbedömning."),
        "taught_rest_goal": ("{k} {k:~påståendes|påståendens} mål ändrades av sätten som används ovan eller "
                             "som upprepningar av ett granskat påstående."),
        "taught_rest_challenge": ("{k} {k:~påståendes|påståendens} utmaningsbedömning ändrades av sätten som "
                                  "används ovan eller som upprepningar av ett granskat påstående."),
        "corrected_mark": "rättad av analytiker",
        "taught_mark": "ändrad av det verktyget lärde sig av granskade påståenden",
        "taught_dt": "Inlärning",
        "taught_from": "Lärde av {n} {n:~granskat påstående|granskade påståenden} från {meetings}",
        "taught_tried": "Prövade att lära av {n} {n:~granskat påstående|granskade påståenden} från {meetings}",
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
        "not_swedish_list": "Påståenden på annat språk än svenska",
        "not_swedish_intro": "De ingår inte i analysen; läs dem och för in det viktiga för hand.",
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
        "stage_read": "inläsning",
        "stage_clean": "rensning",
        "stage_embed": "inbäddning",
        "stage_themes": "teman",
        "stage_goals": "mål",
        "stage_challenges": "utmaningar",
        "stage_recurring": "återkommande",
        "stage_corrections": "rättelser",
        "footer": "Skapad med nlp_varmland {version}. Rapporten är fristående och fungerar utan "
                  "internetuppkoppling.",
        "md_title": "Sammanfattning: arbetsmöten och {strategy}",
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
        "msg_few": "bara {n} {n:~påstående|påståenden}: temana är preliminära (minst {m} ger stabila teman)",
        "msg_one_theme": "alla påståenden är (nästan) likadana eller färre än 3: ett enda tema",
        "msg_no_themes": "inga påståenden: inga teman",
        "msg_nothing": "inget påstående kunde analyseras (alla tomma, dubbletter, för korta eller inte på "
                       "svenska); se kolumnen status i notes.csv",
        "msg_corr_left_out": "{n} {n:~rättelse|rättelser} utelämnades: deras påståenden analyseras inte längre "
                             "(dubbletter, tomma, för korta eller inte på svenska)",
        "msg_corr_no_store": "rättelserna gäller bara den här körningen; lägg till --db LAGER för att spara dem "
                             "till senare körningar",
        "msg_store_readonly": "lagret är skrivskyddat: rättelserna användes i den här körningen men sparades inte",
    },
    "en": {
        "title": "Workshop analysis – {strategy}",
        "vision": "Vision: {vision}",
        "subtitle": "Themes, strategy goals and recurring challenges",
        "generated": "Created",
        "contents": "Contents",
        "summary": "Summary",
        "meetings": "Meetings",
        "meetings_card": "{n:~Meeting|Meetings}",
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
        "themes_intro_groups": "Themes stand under groups of related topics: the groups in the order of their "
                               "largest theme, and within a group the largest theme first. A theme's number is "
                               "its place by size among all themes. Each shows its keywords, the strategy goal "
                               "it maps to and why, the share of challenges and three typical quotes.",
        "no_themes": "No themes could be formed from the input.",
        "keywords": "Keywords",
        "size": "Size",
        "theme_id": "Theme id",
        "theme_id_in": "in",
        "theme_id_rank": "the number in the heading is the theme's rank by size",
        "size_value": "{n} {n:~statement|statements} ({pct})",
        "area": "Focus area",
        "goal": "Goal",
        "no_goal": "No goal",
        "score": "confidence",
        "score_high": "high",
        "score_medium": "medium",
        "score_low": "low",
        "score_help": ("Score {score}: how clearly the theme's statements point to the goal compared with a "
                       "background of other texts. A statement maps to a goal from {threshold}; confidence is "
                       "high from {high}, medium from {threshold}, low below, but never high when fewer than "
                       "half of the theme's statements map to the goal, and low when fewer than a quarter do."),
        "support": "{k} of {n} statements map to the goal",
        "support_area": "{k} of {n} statements map to the goal, {a} to its focus area",
        "evidence": "Evidence for the mapping",
        "ev_centroid": "the theme as a whole points to the same focus area",
        "ev_theme_keywords": "theme keywords found in the goal: {words}",
        "ev_keywords": "words of the goal in the statements: {words}",
        "ev_example": "closest to the goal's example “{text}”",
        "ev_description": "closest to the goal's description",
        "ev_nearest": "closest to “{text}”",
        "ev_below": "closest to “{text}”, but below the mapping threshold",
        "ev_no_goal": "no goal reaches the mapping threshold",
        "ev_forward": "learned from {n} reviewed statements of other meetings",
        "ev_analyst": "the theme was made by an analyst",
        "ev_pulled": "says nearly the same as a reviewed statement (the analyst's goal: {goal})",
        "ev_taught": "learned from {n} reviewed statements",
        "ev_corrected": "corrected by an analyst (the tool's suggestion: {goal})",
        "ev_nearest_goal": "closest to the goal {goal}",
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
        "map_intro": "Each dot is a statement in its theme's colour; grey dots fit no theme.",
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
        "map_hint": "Themes that are alike sit close together. Each theme is drawn in a circle of its own "
                    "whose size depends on the distance to the nearest theme, and dots further out are put on "
                    "its rim: how spread out a theme looks does not say how different its statements are, "
                    "and a grey dot's place does not say which theme it is most like. Hover over a dot to "
                    "read the statement, click a theme in the legend to highlight it.",
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
                            "left as it was cannot be told from a confirmation. Rows with no change and no "
                            "comment do not count, so when only the errors are corrected the agreement is lower "
                            "than the tool's real accuracy: write \"ok\" in the comment of rows that are right."),
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
        "taught_goal_forward": "Goal mapping forward, for statements of meetings other than the reviewed",
        "taught_challenge_forward": "Challenges forward, for statements of meetings other than the reviewed",
        "taught_intro": ("Your corrections always hold for the statements you corrected. The ways below learn "
                         "from them for other statements. A way with figures in brackets was first tried on the "
                         "reviewed statements, each without itself: it fixed and broke that many, and it is used "
                         "only when it fixes clearly more than it breaks."),
        "taught_used": "{what}: used (fixed {fixed}, broke {broken}).",
        "taught_refused": "{what}: not used this time (fixed {fixed}, broke {broken}).",
        "taught_reviewed": ("Reviewed meetings: statements nobody corrected keep the tool's answer (except near "
                            "repeats of a reviewed one); the lessons are used on meetings not reviewed."),
        "taught_forward_goal": "{what}: {k} {k:~statement's|statements'} goal changed.",
        "taught_forward_challenge": "{what}: {k} {k:~statement's|statements'} challenge flag changed.",
        "taught_forward_none": "{what}: no statement changed.",
        "taught_pull_goal": ("Repeats: {k} {k:~statement|statements} saying nearly the same as a reviewed one "
                             "got its goal."),
        "taught_pull_challenge": ("Repeats: {k} {k:~statement|statements} saying nearly the same as a reviewed "
                                  "one got its challenge flag."),
        "taught_rest_goal": "{k} {k:~statement's|statements'} goal changed by the ways used above or as repeats "
                            "of a reviewed statement.",
        "taught_rest_challenge": "{k} {k:~statement's|statements'} challenge flag changed by the ways used above "
                                 "or as repeats of a reviewed statement.",
        "corrected_mark": "corrected by an analyst",
        "taught_mark": "changed by what the tool learned from reviewed statements",
        "taught_dt": "Learning",
        "taught_from": "Learned from {n} reviewed {n:~statement|statements} from {meetings}",
        "taught_tried": "Tried to learn from {n} reviewed {n:~statement|statements} from {meetings}",
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
        "not_swedish_list": "Statements in a language other than Swedish",
        "not_swedish_intro": "They are not part of the analysis; read them and carry what matters over by hand.",
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
        "stage_read": "read",
        "stage_clean": "clean",
        "stage_embed": "embed",
        "stage_themes": "themes",
        "stage_goals": "goals",
        "stage_challenges": "challenges",
        "stage_recurring": "recurring",
        "stage_corrections": "corrections",
        "footer": "Made with nlp_varmland {version}. The report is self-contained and works offline.",
        "md_title": "Summary: workshops and {strategy}",
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


#: The run's messages (``Analysis.messages``) are English log lines written by the pipeline
#: (themes, stages, corrections); the report says them in its own language: each pattern of an
#: English message and the key of its translation (named groups are the key's placeholders).
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), k) for p, k in (
    (r"only (?P<n>\d+) statements?: themes are tentative \(at least (?P<m>\d+) give stable themes\)", "msg_few"),
    (r"all statements are \(nearly\) identical or fewer than 3: one theme", "msg_one_theme"),
    (r"no statements: no themes", "msg_no_themes"),
    (r"no statement could be analysed \(all empty, duplicate, too short or not Swedish\); "
     r"see the status column of notes\.csv", "msg_nothing"),
    (r"(?P<n>\d+) correction\(s\) left out: their statements are no longer analysed "
     r"\(duplicate, empty, too short or not Swedish\)", "msg_corr_left_out"),
    (r"corrections applied to this run only; add --db STORE to keep them for later runs", "msg_corr_no_store"),
    (r"the store is read-only: the corrections were applied to this run but not stored", "msg_store_readonly"),
))


def translate_message(message: str, lang: str) -> str:
    """A run message (English, as logged) in the report's language; one without a translation
    stays as it is. Messages joined by "; " are translated one by one.

    >>> translate_message("only 14 statements: themes are tentative (at least 20 give stable themes)", "sv")
    'Bara 14 påståenden: temana är preliminära (minst 20 ger stabila teman)'
    """
    if lang == "en":
        return message
    out = message
    for pattern, key in MESSAGES:
        def say(m: re.Match[str], key: str = key) -> str:
            return t(lang, key, **m.groupdict())

        out = pattern.sub(say, out)
    return out[:1].upper() + out[1:]


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
