"""Inputs that are hard to read: Mac Roman CSVs, dangling symlinks and unreadable files or folders
(tester B8's findings 6, 7 and 8)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlp_varmland.errors import InputError
from nlp_varmland.io import read_contributions
from nlp_varmland.io.paths import check_inputs

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


# --------------------------------------------------------------------------- broken links, unreadable entries


def _meetings(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "arbetsmote-2025-01-13.csv").write_text(
        "Bord;Anteckning\n1;Bussarna går för sällan på landsbygden\n2;Skolan saknar behöriga lärare\n",
        encoding="utf-8")
    (folder / "konferens-2025-05-20.md").write_text(
        "# Konferens 20 maj 2025\n\n- Vården i Torsby har för långa köer\n- Unga flyttar från orten\n",
        encoding="utf-8")
    return folder


def _cli(args: list[str], *, drop_root_override: bool = False) -> subprocess.CompletedProcess[str]:
    """``nlp-varmland ARGS`` in a child process; with ``drop_root_override`` root loses the capability
    to read files without permission (so chmod 000 means unreadable, as for every other user)."""
    cmd = [sys.executable, "-m", "nlp_varmland", *args]
    if drop_root_override and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "running as root: setpriv (util-linux) is needed to test unreadable files"
        caps = "-dac_override,-dac_read_search"
        cmd = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def _build_report_refuses(folder, tmp_path, *parts):
    """build-report on ``folder`` (without root's override) ends in one line holding ``parts``,
    before any bundle is written."""
    result = _cli(["build-report", str(folder), "--out", str(tmp_path / "year"), "--embedder", "tfidf", "-q"],
                  drop_root_override=True)
    _one_line_error(result, *parts)
    assert not (tmp_path / "year").exists()


def _one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr and "Usage" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_broken_symlink_in_a_folder_is_refused_not_skipped(tmp_path):
    folder = _meetings(tmp_path / "möten")
    (folder / "borta.csv").symlink_to(tmp_path / "finns-inte.csv")
    with pytest.raises(InputError, match=r"möten/borta\.csv is a broken symlink .* remove the link from"):
        read_contributions(folder)
    with pytest.raises(InputError, match="broken symlink"):
        check_inputs(folder)


def test_symlink_loop_in_a_sub_folder_is_refused(tmp_path):
    folder = _meetings(tmp_path / "möten")
    (folder / "maj").mkdir()
    (folder / "maj" / "loop.csv").symlink_to(folder / "maj" / "loop.csv")
    with pytest.raises(InputError, match=r"möten/maj/loop\.csv is a symlink loop"):
        read_contributions(folder)


def test_hidden_and_special_entries_are_still_left_out(tmp_path):
    folder = _meetings(tmp_path / "möten")
    os.mkfifo(folder / "pipe.csv")
    (folder / ".git").mkdir()
    (folder / ".git" / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (folder / ".~lock.csv").symlink_to(tmp_path / "nowhere.csv")
    assert [Path(p).name for p in check_inputs(folder)] == ["arbetsmote-2025-01-13.csv", "konferens-2025-05-20.md"]


def test_unreadable_file_says_it_cannot_be_read(tmp_path, monkeypatch):
    """As root chmod does not stop reading: an open() that is refused stands in for it here
    (the real chmod is tested through the CLI below)."""
    from nlp_varmland.io import paths

    folder = _meetings(tmp_path / "möten")
    real_open = open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(paths, "open", refuse, raising=False)
    with pytest.raises(InputError, match=r"cannot read .*möten/konferens-2025-05-20\.md \(Permission denied\); "
                                         r"make it readable \(chmod a\+r\) or move it out of"):
        read_contributions(folder)
    with pytest.raises(InputError, match=r"cannot read .*konferens-2025-05-20\.md .* or give a copy you can read"):
        read_contributions(folder / "konferens-2025-05-20.md")


def test_build_report_with_a_broken_link_fails_before_recording_anything(tmp_path):
    folder = _meetings(tmp_path / "möten")
    (folder / "borta.csv").symlink_to(tmp_path / "finns-inte.csv")
    result = _cli(["build-report", str(folder), "--out", str(tmp_path / "year"), "--embedder", "tfidf", "-q"])
    _one_line_error(result, "borta.csv is a broken symlink")
    assert not (tmp_path / "year").exists()  # no store, nothing recorded


def test_unreadable_file_and_folder_in_the_cli(tmp_path):
    """B8: `analyze UNREADABLE` printed click's usage (exit 2); build-report said "choose a folder you can
    write to" after recording the readable meetings; an unreadable sub-folder gave "no supported files"."""
    folder = _meetings(tmp_path / "möten")
    extra = folder / "extra.csv"
    extra.write_text("Anteckning\nFler cykelvägar\n", encoding="utf-8")
    extra.chmod(0)
    try:
        result = _cli(["analyze", str(extra), "--out", str(tmp_path / "a"), "--embedder", "tfidf", "-q"],
                      drop_root_override=True)
        _one_line_error(result, "cannot read", "extra.csv", "Permission denied")
        _build_report_refuses(folder, tmp_path, "cannot read", "möten/extra.csv", "move it out of")
    finally:
        extra.chmod(0o644)
    extra.unlink()
    sub = folder / "maj"
    sub.mkdir()
    (sub / "bord1.csv").write_text("Anteckning\nFler cykelvägar\n", encoding="utf-8")
    sub.chmod(0)
    try:
        _build_report_refuses(folder, tmp_path, "cannot read folder", "möten/maj", "chmod a+rx")
    finally:
        sub.chmod(0o755)


def test_a_zero_byte_file_says_it_is_empty(tmp_path):
    (tmp_path / "tom.csv").write_bytes(b"")
    with pytest.raises(InputError, match=r"no notes found in .*tom\.csv: the file is empty \(0 bytes\)"):
        read_contributions(tmp_path / "tom.csv")
    (tmp_path / "header.csv").write_text("Bord;Anteckning\n", encoding="utf-8")
    with pytest.raises(InputError, match="only a header or blank lines"):
        read_contributions(tmp_path / "header.csv")


def test_unreadable_option_files_end_in_one_line(tmp_path):
    """B8: an unreadable --config, --corrections or --db got click's usage text and exit 2; the
    library names the file in one line, exit 1."""
    folder = _meetings(tmp_path / "möten")
    files = {"--config": tmp_path / "run.json", "--corrections": tmp_path / "review.csv",
             "--db": tmp_path / "store.sqlite"}
    files["--config"].write_text("{}", encoding="utf-8")
    files["--corrections"].write_text("note_id,goal_id\n", encoding="utf-8")
    files["--db"].write_bytes(b"SQLite format 3\x00")
    for path in files.values():
        path.chmod(0)
    try:
        for option, path in files.items():
            result = _cli(["analyze", str(folder), "--out", str(tmp_path / "out"), "--embedder", "tfidf", "-q",
                           option, str(path)], drop_root_override=True)
            _one_line_error(result, path.name)
            assert not (tmp_path / "out").exists()
    finally:
        for path in files.values():
            path.chmod(0o644)


@pytest.mark.parametrize("name, content, says", [
    ("bild.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "bild.csv is a PNG image, not a csv file"),
    ("protokoll.docx", b"%PDF-1.4\n" + b"x" * 40, "protokoll.docx is a PDF document, not a Word document"),
    ("anteckningar.docx", "Bord 1: bussen går sällan".encode(), "is a text file, not a Word document"),
    ("gammal.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "old Office 97-2003 file"),
    ("tom.docx", b"", "tom.docx is empty (0 bytes)"),
    ("tom.xlsx", b"", "tom.xlsx is empty (0 bytes)"),
    ("zip.csv", b"PK\x03\x04" + b"\x00" * 40, "an .xlsx or .docx keeps its own name"),
])
def test_a_file_that_is_not_what_its_name_says_is_named_in_one_line(tmp_path, name, content, says):
    # tester B12: "(PackageNotFoundError)" and "cannot decode … as text" did not say that the
    # file was an image, a PDF or empty
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_contributions(path)
    message = str(info.value)
    assert says in message and "\n" not in message and "Error" not in message


def _zip_with(path, *names):
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return path


@pytest.mark.parametrize("name, parts, says", [
    ("fake.docx", ["hello.txt"], "fake.docx is a zip archive of other files, not a Word document"),
    ("tabell.docx", ["xl/workbook.xml"], "is an Excel workbook, not a Word document, despite its .docx name; "
                                         "give it its .xlsx name"),
    ("protokoll.xlsx", ["word/document.xml"], "is a Word document, not an Excel workbook, despite its .xlsx name; "
                                              "give it its .docx name"),
])
def test_a_zip_that_is_not_the_office_file_its_name_says_is_named(tmp_path, name, parts, says):
    # tester B14: a zip of other files named .docx read "cannot open ... as a Word document (KeyError)"
    with pytest.raises(InputError) as info:
        read_contributions(_zip_with(tmp_path / name, *parts))
    message = str(info.value)
    assert says in message and "\n" not in message and "KeyError" not in message
