"""The report's Swedish strings (the default language): headings, labels, explanations and
summary.md sentences, by key. ``report.i18n`` looks them up (``t``); a key missing from another
language falls back to these. ``{n:~möte|möten}`` agrees with the number ``n``.
"""
from __future__ import annotations

SV: dict[str, str] = {
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
    "coverage_intro": "Antal påståenden per insatsområde och delmål. Mål som verktyget inte kopplade "
                      "något påstående till är markerade som lucka.",
    "gap": "lucka",
    "gaps": "Luckor",
    "gaps_intro": "Mål i strategin som verktyget inte kopplade något påstående till (sök i tabellen "
                  "med alla påståenden om något ändå handlar om dem):",
    "no_gaps": "Varje mål i strategin fick minst ett påstående kopplat till sig.",
    "no_goals": "Ingen målfil fanns med i analysen.",
    "statements_axis": "påståenden",
    "theme": "Tema",
    "theme_n": "Tema {n}",
    "themes_intro": "Teman sorterade efter storlek. Varje tema visar nyckelord, vilket mål i "
                    "strategin det kopplas till och varför, andel utmaningar och tre typiska citat.",
    "themes_intro_groups": "Teman som hör ihop står under en gemensam rubrik, på platsen för gruppens "
                           "största tema och med det största temat först; ett tema utan nära granne står "
                           "för sig. Temats nummer "
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
    "map_hint": "Teman som liknar varandra ligger nära varandra. Varje tema ritas som en egen cirkel, "
                "större ju fler påståenden det har, med punkterna jämnt utlagda: hur utspritt ett tema "
                "ser ut säger därför inte hur olika dess påståenden är. En grå punkt ligger i kanten av "
                "det tema den liknar mest. Håll muspekaren över (eller tryck på) en punkt "
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
    "table_col": "Bord",
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
    "agreement_of": "av",
    "agreement_changed": "Ändrade av visade",
    "agreement_reviewed_of": "{n} av {m} visade rader granskade",
    "agreement_changed_line": "ändrade {x} av {y} visade",
    "agreement_changes_only": ("Nästan alla granskade rader är rättelser: då mäter ”Överens” de fel ni hittade, "
                               "inte hur ofta verktyget har rätt. Läs hellre ”Ändrade av visade”: av de värden "
                               "ni såg ändrade ni så många."),
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
    "taught_kept_goal": ("Godkänt vid granskningen: {k} {k:~påstående|påståenden} behåller målet som verktyget "
                         "hade lärt sig och som analytikern lät stå i review.xlsx."),
    "taught_kept_challenge": ("Godkänt vid granskningen: {k} {k:~påstående|påståenden} behåller "
                              "utmaningsbedömningen som verktyget hade lärt sig och som analytikern lät stå i "
                              "review.xlsx."),
    "taught_left_goal": ("Kvar efter granskningen: {k} {k:~påstående|påståenden} behåller målet som verktyget "
                         "hade lärt sig och som stod kvar i review.xlsx på en rad utan bedömning."),
    "taught_left_challenge": ("Kvar efter granskningen: {k} {k:~påstående|påståenden} behåller "
                              "utmaningsbedömningen som verktyget hade lärt sig och som stod kvar i review.xlsx "
                              "på en rad utan bedömning."),
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
    "quality_intro": "Vad som hände med varje rad i underlaget. En rad med flera punkter blir flera påståenden, så "
                     "antalen nedan kan tillsammans bli fler än de inlästa raderna.",
    "rows_read": "Inlästa rader",
    "statements_total": "Påståenden",
    "statements_total_help": "raderna uppdelade i påståenden; varje påstående har en status nedan",
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
    "status_too_short_help": "för lite text för att tolka, eller bara \"ok\", \"tack\" eller \"se ovan\"",
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
    "too_short_list": "För korta påståenden",
    "too_short_intro": "De ingår inte i analysen: för lite innehåll att tolka. Läs dem om något viktigt "
                       "ändå står där.",
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
    "md_gaps": "Luckor: mål utan kopplade påståenden",
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
}
