"""Inputs that are hard to read: Mac Roman CSVs, dangling symlinks and unreadable files or folders
(tester B8's findings 6, 7 and 8)."""
from __future__ import annotations

import pytest

from nlp_varmland.io import read_contributions

SWEDISH = ["text;bord", "Vi behöver fler bussar på landsbygden och tätare turer;1",
           "Skolan i Hagfors saknar behöriga lärare i matematik;2",
           "Åsa önskar ÄNNU fler cykelbanor i Årjäng;3"]


@pytest.mark.parametrize("eol", ["\r", "\n"])
def test_mac_roman_csv_is_read_as_mac_roman(tmp_path, eol):
    """Excel for Mac's "CSV (Macintosh)" (Mac Roman) was read as cp1252: "behšver", "pŒ"."""
    path = tmp_path / "mac.csv"
    path.write_bytes(eol.join(SWEDISH).encode("mac_roman"))
    raw = read_contributions(path)
    assert raw["text"].tolist() == [line.split(";")[0] for line in SWEDISH[1:]]
    assert raw["quality"].tolist() == ["", "", ""]


def test_mac_roman_without_capital_a_ring_still_beats_cp1252(tmp_path):
    """Without "Å" (0x81, undefined in cp1252) the bytes decode as cp1252 too: Mac Roman must still win."""
    path = tmp_path / "mac.csv"
    path.write_bytes("\n".join(SWEDISH[:3]).encode("mac_roman"))
    assert read_contributions(path)["text"].tolist()[0] == "Vi behöver fler bussar på landsbygden och tätare turer"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_cp1252_and_latin1_are_not_taken_for_mac_roman(tmp_path, encoding):
    path = tmp_path / "win.csv"
    lines = SWEDISH + ["Tågen – de går för sällan;4"] if encoding == "cp1252" else SWEDISH
    path.write_bytes("\n".join(lines).encode(encoding))
    assert read_contributions(path)["text"].tolist() == [line.split(";")[0] for line in lines[1:]]


def test_mac_roman_markdown_is_read_as_mac_roman(tmp_path):
    path = tmp_path / "möte.md"
    path.write_bytes("# Arbetsmöte i Säffle\n\n- Vi behöver fler bussar på landsbygden\n".encode("mac_roman"))
    raw = read_contributions(path)
    assert raw["meeting"].tolist() == ["Arbetsmöte i Säffle"]
    assert raw["text"].tolist() == ["Vi behöver fler bussar på landsbygden"]
