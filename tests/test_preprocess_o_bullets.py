"""Word's sub-bullet "o" at the start of a line is a list marker, the abbreviation "o" (= och) is not.

Notes copied from a Word list carry the level-2 bullet (Courier New "o", and "o" + tab when
Word copies a list as plain text) as a letter: "o Fler platser på VUX" reached notes.csv and the
themes with its "o". It is removed at the start of a line in a list context (the note's first
line, after a closed line or another bullet, before another "o" line, or with a tab after it);
"Selma Lagerlöf o Fröding ..." keeps its "o", also when a line break falls before it.
"""
from __future__ import annotations

import pandas as pd
import pytest

from nlp_varmland.preprocessing import clean
from nlp_varmland.preprocessing.split import lines, statements


@pytest.mark.parametrize("note, expected", [
    ("o Fler platser på VUX", ["Fler platser på VUX"]),
    ("o\tFler platser på VUX", ["Fler platser på VUX"]),
    ("o Fler platser på VUX\no Praktikplatser för nyanlända", ["Fler platser på VUX", "Praktikplatser för nyanlända"]),
    ("Utbildning:\no Fler platser på VUX\no praktik för nyanlända", ["Utbildning:", "Fler platser på VUX",
                                                                    "praktik för nyanlända"]),
    ("• Kompetens\n\to\tFler platser på VUX\n\to\tLärlingar", ["Kompetens", "Fler platser på VUX", "Lärlingar"]),
    ("·\tKompetens\no\tFler platser på VUX\n§\tLärlingar i industrin", ["Kompetens", "Fler platser på VUX",
                                                                       "Lärlingar i industrin"]),
    ("Bussen går sällan.\no Tåget också", ["Bussen går sällan.", "Tåget också"]),
])
def test_a_leading_o_bullet_is_removed(note, expected):
    assert statements(note) == expected


@pytest.mark.parametrize("note, expected", [
    ("Selma Lagerlöf o Fröding kan lyftas", ["Selma Lagerlöf o Fröding kan lyftas"]),
    ("Selma Lagerlöf\no Fröding kan lyftas", ["Selma Lagerlöf o Fröding kan lyftas"]),
    ("Vi behöver bussar o tåg\no bättre cykelvägar", ["Vi behöver bussar o tåg o bättre cykelvägar"]),
    ("o", ["o"]),
])
def test_the_abbreviation_o_inside_a_sentence_stays(note, expected):
    assert statements(note) == expected


def test_o_bullets_in_cleaned_notes_and_their_text_column():
    raw = pd.DataFrame({"source": "a.csv", "source_row": [1, 2], "meeting": "M",
                        "text": ["o Fler platser på VUX\no Praktikplatser för nyanlända",
                                 "Selma Lagerlöf o Fröding kan lyftas i marknadsföringen av Värmland"]})
    notes = clean(raw)
    assert notes["text"].tolist() == ["Fler platser på VUX", "Praktikplatser för nyanlända",
                                      "Selma Lagerlöf o Fröding kan lyftas i marknadsföringen av Värmland"]
    assert notes["text_clean"].str.startswith("o ").sum() == 0
    assert (notes["status"] == "kept").all()


def test_lines_keeps_a_wrapped_line_that_starts_with_o():
    assert lines("Vi lyfter Selma Lagerlöf\no Fröding") == ["Vi lyfter Selma Lagerlöf o Fröding"]


def test_docx_o_sub_bullets_are_bullets_and_the_abbreviation_is_text(tmp_path):
    """python-docx gives a real Word list no glyph (numPr); a list typed or pasted as text keeps
    "o" + tab, or "o " under a bullet: both are bullet items without their marker."""
    import docx

    from nlp_varmland.io.documents import _docx_items

    document = docx.Document()
    document.add_heading("Bord 1", 1)
    document.add_paragraph("Kompetens", style="List Bullet")
    document.add_paragraph("Fler platser på VUX", style="List Bullet 2")
    document.add_paragraph("o\tPraktikplatser för nyanlända")
    document.add_paragraph("o Lärlingar i industrin")
    document.add_paragraph("Selma Lagerlöf o Fröding kan lyftas i marknadsföringen")
    document.add_paragraph("o Fröding och Tegnér")  # after a paragraph, not a bullet: left to the cleaning
    path = tmp_path / "o.docx"
    document.save(path)
    items = [(kind, text) for _, kind, _, text in _docx_items(path, "o.docx")]
    assert items[1:6] == [("bullet", "Kompetens"), ("bullet", "Fler platser på VUX"),
                          ("bullet", "Praktikplatser för nyanlända"), ("bullet", "Lärlingar i industrin"),
                          ("para", "Selma Lagerlöf o Fröding kan lyftas i marknadsföringen")]
    assert items[6] == ("para", "o Fröding och Tegnér")
