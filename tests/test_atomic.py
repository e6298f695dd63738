"""Atomic writes (``eventgraph.atomic``, used by every output): all or nothing, with the usual permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventgraph import atomic
from eventgraph.store import write_outputs
from store_graph import small_graph


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_and_folders_get_the_umask_permissions_not_tempfiles_private_ones(
    tmp_path: Path, umask_022: None
) -> None:
    assert mode(atomic.write_text(tmp_path / "a.txt", "x")) == 0o644
    assert mode(atomic.write_bytes(tmp_path / "b.bin", b"x")) == 0o644
    with atomic.atomic_dir(tmp_path / "folder") as tmp:
        (tmp / "inside.csv").write_text("x")
    assert mode(tmp_path / "folder") == 0o755


def test_a_stricter_umask_is_respected(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        assert mode(atomic.write_text(tmp_path / "a.txt", "x")) == 0o600
    finally:
        os.umask(old)


def test_every_store_export_is_readable_by_others(tmp_path: Path, umask_022: None) -> None:
    # Regression: the Cypher script and the neo4j/ CSV folder were written 0600 and 0700 (by tempfile).
    paths = write_outputs(small_graph(), tmp_path / "out")
    assert mode(paths["database"]) == mode(paths["script"]) == 0o644
    assert mode(paths["neo4j_csv"]) == 0o755
    assert {mode(p) for p in paths["neo4j_csv"].iterdir()} == {0o644}


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = atomic.write_text(tmp_path / "a.txt", "good")
    with pytest.raises(RuntimeError), atomic.atomic_open(target) as fh:
        fh.write("half")
        raise RuntimeError("export failed")
    assert target.read_text() == "good" and os.listdir(tmp_path) == ["a.txt"]


def test_a_failed_folder_keeps_the_old_folder_and_a_good_one_replaces_it(tmp_path: Path) -> None:
    target = tmp_path / "neo4j"
    with atomic.atomic_dir(target) as tmp:
        (tmp / "old.csv").write_text("old")
    with pytest.raises(RuntimeError), atomic.atomic_dir(target) as tmp:
        (tmp / "new.csv").write_text("half")
        raise RuntimeError("export failed")
    assert os.listdir(target) == ["old.csv"] and os.listdir(tmp_path) == ["neo4j"]
    with atomic.atomic_dir(target) as tmp:
        (tmp / "new.csv").write_text("new")
    assert os.listdir(target) == ["new.csv"] and os.listdir(tmp_path) == ["neo4j"]
