"""``check_out_dir``: a bundle that cannot be written is refused before the work (tester B8 #9)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from nlp_varmland.errors import NlpVarmlandError
from nlp_varmland.report import bundle
from nlp_varmland.report.bundle import OutputError


def _deny(folder: Path):
    real = os.access

    def access(path, mode, *args, **kwargs):  # tests run as root, who may write anywhere
        if Path(path).resolve() == folder.resolve() and mode & os.W_OK:
            return False
        return real(path, mode, *args, **kwargs)
    return access


def test_a_read_only_parent_of_an_existing_out_is_refused_first(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ro" / "year"
    out.mkdir(parents=True)
    monkeypatch.setattr(bundle.os, "access", _deny(tmp_path / "ro"))
    with pytest.raises(OutputError) as err:
        bundle.check_out_dir(out)
    message = str(err.value)
    assert f"cannot write in {tmp_path / 'ro'}" in message and "\n" not in message
    assert "choose another --out" in message and isinstance(err.value, NlpVarmlandError)


def test_a_read_only_out_and_a_missing_out_under_a_read_only_folder_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "year"
    out.mkdir()
    monkeypatch.setattr(bundle.os, "access", _deny(out))
    with pytest.raises(OutputError, match=f"cannot write in {out}"):
        bundle.check_out_dir(out)
    monkeypatch.setattr(bundle.os, "access", _deny(tmp_path))
    with pytest.raises(OutputError, match=f"cannot write in {tmp_path}"):
        bundle.check_out_dir(tmp_path / "new" / "year")
    monkeypatch.undo()
    assert bundle.check_out_dir(tmp_path / "new" / "year") == tmp_path / "new" / "year"


def test_a_file_in_the_way_is_still_named(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        bundle.check_out_dir(tmp_path / "f")
    with pytest.raises(OutputError, match="which is a file"):
        bundle.check_out_dir(tmp_path / "f" / "out")
