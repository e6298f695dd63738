"""Build configuration: one object passed to every stage instead of flags threaded through calls."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import __version__
from .nlp import DEFAULT_MODEL

DATA_DIR = Path(str(resources.files("eventgraph") / "data"))

# Documents longer than this many characters are analysed only this far, with a warning (--max-chars).
DEFAULT_MAX_CHARS = 1_000_000
# graph.html shows at most this many nodes (the most connected): 5,000 are interactive in under 2 s in
# Chromium, the 40,000 of a 10,000-article corpus take 8 s and pan sluggishly. The rest stay in the timelines,
# the data files and the database.
DEFAULT_MAX_NODES = 5_000


@dataclass
class Config:
    model: str = DEFAULT_MODEL
    # User data files extending the packaged lexicons (see README, "Extending the lexicons").
    actor_files: list[Path] = field(default_factory=list)
    event_catalog_files: list[Path] = field(default_factory=list)
    trigger_files: list[Path] = field(default_factory=list)
    workers: int = 1
    engine: str = "local"  # local (processes on this machine) or dask
    scheduler: str | None = None  # dask scheduler address; None starts a LocalCluster
    batch_size: int = 32  # documents per nlp.pipe batch (and per worker task); as fast as any, with spaCy sm
    cache_dir: Path | None = None  # per-document results; the build defaults it to OUTPUT/.eventgraph-cache
    use_cache: bool = True
    narrative_dates: bool = False  # resolve relative dates against the last explicit date, not the DCT
    max_chars: int = DEFAULT_MAX_CHARS  # documents longer than this are truncated with a warning
    strict: bool = False
    max_nodes: int | None = DEFAULT_MAX_NODES  # graph.html keeps the most connected; None: all (output only)

    def user_files(self) -> list[Path]:
        return [*self.actor_files, *self.event_catalog_files, *self.trigger_files]

    def fingerprint(self) -> str:
        """Identifies everything a per-document result depends on; part of the cache key."""
        h = hashlib.sha256()
        h.update(f"{_package_digest()}\nmodel {self.model}\nnarrative {self.narrative_dates}\n".encode())
        for path in self.user_files():
            h.update(path.name.encode())
            h.update(Path(path).read_bytes())
        return h.hexdigest()[:16]


@functools.cache
def _package_digest() -> str:
    """Version, code and packaged data of eventgraph: changing any of them invalidates cached results."""
    h = hashlib.sha256(f"eventgraph {__version__}".encode())
    package = DATA_DIR.parent
    suffixes = {".py", ".yaml", ".yml", ".json"}
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in suffixes):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
