"""The map step: one document in, everything extracted from it out.

``Extractor.extract(document)`` is a pure function of (document, configuration): it depends on nothing
else, so results are cached by content and the map can run in worker processes or on a cluster engine.
Long documents are analysed in paragraph-aligned chunks so memory stays bounded; offsets are shifted back
so they always index the whole document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from . import nlp as nlp_module
from . import temporal
from .actors import ActorStage
from .atomic import write_text
from .config import Config
from .events import EventStage
from .model import ActorMention, DocResult, Document, EventMention, Evidence, SkipSpan, Timex

CHUNK_CHARS = 100_000
STAGES = ("nlp", "temporal", "actors", "events")


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split at paragraph (else line, else space) boundaries into pieces of at most ``size`` chars."""
    bounds, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        end = start + (cut + 1 if cut > size // 4 else size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _sub_document(doc: Document, start: int, end: int) -> Document:
    skips = [
        SkipSpan(max(s.start, start) - start, min(s.end, end) - start, s.reason)
        for s in doc.skip_spans
        if s.start < end and s.end > start
    ]
    return dataclasses.replace(doc, text=doc.text[start:end], skip_spans=skips)


def _shift_evidence(ev: Evidence, by: int) -> Evidence:
    return dataclasses.replace(
        ev,
        start=ev.start + by,
        end=ev.end + by,
        sentence_start=ev.sentence_start + by,
        sentence_end=ev.sentence_end + by,
    )


def _shift(result: DocResult, by: int) -> None:
    if not by:
        return
    result.timexes = [dataclasses.replace(t, start=t.start + by, end=t.end + by) for t in result.timexes]
    for mention in [*result.actor_mentions, *result.events]:
        mention.evidence = _shift_evidence(mention.evidence, by)


class Extractor:
    """Holds the loaded model and lexicons; create one per process and reuse it for every document."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.nlp = nlp_module.load(config.model)
        self.actors = ActorStage(config)
        self.events = EventStage(config)
        self.fingerprint = config.fingerprint()
        self.timings = dict.fromkeys(STAGES, 0.0)

    def _analyse(self, doc: Document) -> tuple[list[Timex], list[ActorMention], list[EventMention]]:
        t0 = time.perf_counter()
        # Boilerplate is blanked out (same offsets) so no stage sees it.
        masked = doc.masked_text()
        sdoc = self.nlp(masked)
        t1 = time.perf_counter()
        timexes = temporal.tag(masked, doc.dct, doc=sdoc, narrative=self.config.narrative_dates)
        t2 = time.perf_counter()
        actors = self.actors.recognize(doc, sdoc)
        t3 = time.perf_counter()
        events = self.events.extract(doc, sdoc, timexes, actors)
        t4 = time.perf_counter()
        for stage, spent in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            self.timings[stage] += spent
        return timexes, actors, events

    def extract(self, doc: Document) -> DocResult:
        """Everything in one document. A failure is returned as ``DocResult.error``, never raised."""
        result = DocResult(document=doc, pipeline=self.fingerprint)
        limit = self.config.max_chars
        try:
            text_end = min(len(doc.text), limit)
            for start, end in _chunks(doc.text[:text_end]):
                part = DocResult(document=doc)
                part.timexes, part.actor_mentions, part.events = self._analyse(_sub_document(doc, start, end))
                _shift(part, start)
                result.timexes += part.timexes
                result.actor_mentions += part.actor_mentions
                result.events += part.events
        except Exception as exc:  # one bad document must never sink a build
            result.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"
        return result


# --- the per-document cache -------------------------------------------------------------------------------


def cache_key(doc: Document, fingerprint: str, max_chars: int) -> str:
    """Content, DCT and pipeline: everything a DocResult depends on (the path is not part of it)."""
    dct = json.dumps(doc.dct.to_dict() if doc.dct else None, sort_keys=True)
    skips = json.dumps([s.to_dict() for s in doc.skip_spans], sort_keys=True)
    raw = f"{doc.sha256}\n{dct}\n{skips}\n{fingerprint}\n{max_chars}"
    return hashlib.sha256(raw.encode()).hexdigest()


class ResultCache:
    """Per-document results as JSON files, keyed by :func:`cache_key`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, doc: Document | None, key: str) -> DocResult | None:
        """The stored result, or None. With ``doc``, the stored document is replaced by it (the content is
        the same, but paths and metadata are today's)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        result = DocResult.from_dict(data)
        if doc is not None:
            result.document = doc
        return result

    def put(self, key: str, result: DocResult) -> None:
        if result.error:
            return  # failures are retried on the next run
        write_text(self._path(key), json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True))


# --- running the map ----------------------------------------------------------------------------------------

_worker: Extractor | None = None


def extract_document(doc: Document, config: Config) -> DocResult:
    """The map function every engine runs: one Extractor per process, reused for every document."""
    global _worker
    if _worker is None or _worker.config != config:
        _worker = Extractor(config)
    return _worker.extract(doc)


def _extract_for_pool(doc: Document, config: Config) -> DocResult:
    result = extract_document(doc, config)
    result.document = None  # the parent has it; don't ship the text back
    return result


def document_keys(documents: list[Document], config: Config) -> list[str]:
    fingerprint = config.fingerprint()
    return [cache_key(d, fingerprint, config.max_chars) for d in documents]


def extract_all(documents: list[Document], config: Config) -> Iterator[DocResult]:
    """Extract every document, from the cache where possible, with ``config.engine``.

    Results come back in the order of ``documents``. Failed documents come back with ``error`` set and are
    not cached, so the next run retries exactly those.
    """
    cache = ResultCache(config.cache_dir) if config.cache_dir and config.use_cache else None
    keys = document_keys(documents, config)
    cached = [cache.get(d, k) if cache else None for d, k in zip(documents, keys, strict=True)]
    todo = [d for d, c in zip(documents, cached, strict=True) if c is None]
    fresh = iter(_run(todo, config))
    for doc, key, hit in zip(documents, keys, cached, strict=True):
        if hit is not None:
            yield hit
            continue
        result = next(fresh)
        result.document = doc
        if cache:
            cache.put(key, result)
        yield result


def _run(documents: list[Document], config: Config) -> Iterator[DocResult]:
    if not documents:
        return iter(())
    if config.engine == "dask":
        from .engines import run_dask

        return run_dask(documents, config, _extract_for_pool)
    if config.workers <= 1 or len(documents) == 1:
        return (extract_document(d, config) for d in documents)
    return _run_pool(documents, config)


def _crashed(doc: Document, config: Config, why: str) -> DocResult:
    return DocResult(document=doc, pipeline=config.fingerprint(), error=f"worker crashed: {why}")


def _run_pool(documents: list[Document], config: Config) -> Iterator[DocResult]:
    """Extract in worker processes, in order. A worker that dies takes only its own document down:
    documents whose futures broke with the pool are retried one at a time in a fresh process."""
    with ProcessPoolExecutor(max_workers=config.workers) as pool:
        futures = [pool.submit(_extract_for_pool, d, config) for d in documents]
        for doc, future in zip(documents, futures, strict=True):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield _retry_alone(doc, config)


def _retry_alone(doc: Document, config: Config) -> DocResult:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_extract_for_pool, doc, config).result()
        except BrokenProcessPool as exc:
            return _crashed(doc, config, str(exc) or "process died")
