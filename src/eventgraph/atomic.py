"""Atomic writes: write to a temporary file beside the target, then rename over it.

An interrupted or failing export never leaves a half-written file and never destroys the previous good one.
Every output file and folder, whoever writes it, goes through this module.

What is written gets the usual permissions (0666 or 0777 less the umask, e.g. 0644 and 0755), as with
``open()`` and ``mkdir``: the temporary file is created with that mode rather than by ``tempfile``, which
makes files 0600 and folders 0700 (a build shared with a team or served as pages would not be readable).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TypeVar

_T = TypeVar("_T")


def _beside(path: Path, make: Callable[[Path], _T]) -> tuple[Path, _T]:
    """A new, hidden, unused name beside ``path`` (``.NAME.RANDOM.tmp``), created with ``make``."""
    for _ in range(100):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return candidate, make(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _create_file(path: Path) -> int:
    # Mode 0666: the umask applies, as for open(); O_EXCL: never reuse someone else's file.
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)


@contextlib.contextmanager
def atomic_open(
    path: Path | str, mode: str = "w", encoding: str | None = "utf-8", durable: bool = True
) -> Iterator[IO]:
    """A file that replaces ``path`` when the block succeeds. ``durable=False`` skips the fsync: for caches,
    where a file lost in a crash is only a miss (a rename is still atomic; a torn file fails to parse)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, fd = _beside(path, _create_file)
    text = "b" not in mode
    try:
        with os.fdopen(fd, mode, encoding=encoding if text else None, newline="\n" if text else None) as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: Path | str, text: str, durable: bool = True) -> Path:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically; returns the path."""
    with atomic_open(path, "w", durable=durable) as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path: Path | str, data: bytes) -> Path:
    with atomic_open(path, "wb") as fh:
        fh.write(data)
    return Path(path)


@contextlib.contextmanager
def atomic_dir(path: Path | str) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``path``; on success it replaces ``path``, on failure it is
    removed.

    Two renames (old → aside, new → path): a crash between them leaves the old folder beside the target
    under a ``.old`` name rather than losing it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, _ = _beside(path, lambda p: p.mkdir(0o777))  # the umask applies, as for mkdir
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    aside = None
    if path.exists():
        aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.old")
        os.replace(path, aside)
    os.replace(tmp, path)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
