"""The map step: one document in, everything extracted from it out.

``Extractor.extract(document)`` is a pure function of (document, configuration): it depends on nothing
else, so results are cached by content and the map can run in worker processes or on a cluster engine.
Long documents are analysed in paragraph-aligned chunks so memory stays bounded; offsets are shifted back
so they always index the whole document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import multiprocessing
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from spacy.tokens import Doc as SpacyDoc

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
    """Holds the loaded model and lexicons; create one per process and reuse it for every document.

    ``extract_batch`` runs the model over many documents with ``nlp.pipe`` and then calls ``extract`` on
    each with its parse ready, so ``extract(doc)`` stays the one per-document entry point.
    """

    def __init__(self, config: Config) -> None:
        started = time.perf_counter()
        self.config = config
        self.nlp = nlp_module.load(config.model)
        self.actors = ActorStage(config)
        self.events = EventStage(config)
        temporal.default_tagger()  # its rules compiled here, not in the first document (forks inherit them)
        self.fingerprint = config.fingerprint()
        # Seconds spent per stage, summed over documents; "load" is the model and lexicons.
        self.timings = {"load": time.perf_counter() - started, **dict.fromkeys(STAGES, 0.0)}
        self.reported: dict[str, float] = {}  # what unreported_timings() has handed out so far
        self._parsed: tuple[Document, list[SpacyDoc]] | None = None  # parses extract_batch made for a doc

    def _pieces(self, doc: Document) -> list[tuple[int, Document]]:
        """The chunks of ``doc`` that are analysed: (offset, sub-document)."""
        text_end = min(len(doc.text), self.config.max_chars)
        return [(start, _sub_document(doc, start, end)) for start, end in _chunks(doc.text[:text_end])]

    def _analyse(
        self, doc: Document, sdoc: SpacyDoc | None = None
    ) -> tuple[list[Timex], list[ActorMention], list[EventMention]]:
        t0 = time.perf_counter()
        # Boilerplate is blanked out (same offsets) so no stage sees it.
        masked = doc.masked_text()
        if sdoc is None:
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
        parsed = self._parsed[1] if self._parsed and self._parsed[0] is doc else None
        self._parsed = None
        try:
            for i, (start, piece) in enumerate(self._pieces(doc)):
                part = DocResult(document=doc)
                sdoc = parsed[i] if parsed else None
                part.timexes, part.actor_mentions, part.events = self._analyse(piece, sdoc)
                _shift(part, start)
                result.timexes += part.timexes
                result.actor_mentions += part.actor_mentions
                result.events += part.events
        except Exception as exc:  # one bad document must never sink a build
            result.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"
        return result

    def extract_batch(self, docs: list[Document]) -> Iterator[DocResult]:
        """``extract`` every document, the model running over all of them with ``nlp.pipe`` (in order)."""
        pieces = [(doc, self._pieces(doc)) for doc in docs]
        texts = (piece.masked_text() for _, doc_pieces in pieces for _, piece in doc_pieces)
        parses = self.nlp.pipe(texts, batch_size=self.config.batch_size)
        for n, (doc, doc_pieces) in enumerate(pieces):
            t = time.perf_counter()
            try:
                sdocs = [next(parses) for _ in doc_pieces]
            except Exception:  # the model failed inside the batch: the rest one by one, each on its own
                self.timings["nlp"] += time.perf_counter() - t
                yield from (self.extract(d) for d, _ in pieces[n:])
                return
            self.timings["nlp"] += time.perf_counter() - t
            self._parsed = (doc, sdocs)
            yield self.extract(doc)


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

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

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

    def prune(self, keep: set[str]) -> int:
        """Delete every stored result whose key is not in ``keep``; → how many were deleted."""
        deleted = 0
        for path in self.directory.glob("??/*.json"):
            if path.stem not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    deleted += 1
        return deleted

    def put(self, key: str, result: DocResult) -> None:
        if result.error:
            return  # failures are retried on the next run
        text = json.dumps(result.to_dict(), ensure_ascii=False, sort_keys=True)
        write_text(self._path(key), text, durable=False)  # a cache: a file lost in a crash is only a miss


# --- running the map ----------------------------------------------------------------------------------------

_worker: Extractor | None = None

# What a worker sends back: the results (without their documents, which the caller has) and the seconds
# each stage took on them, so ``--profile`` can show where the time went in every process.
Shipped = tuple[list[DocResult], dict[str, float]]


def _extractor(config: Config) -> Extractor:
    """The process's Extractor: loaded once, reused for every document."""
    global _worker
    if _worker is None or _worker.config != config:
        _worker = Extractor(config)
    return _worker


def extract_document(doc: Document, config: Config) -> DocResult:
    """The map function for one document: one Extractor per process, reused for every document."""
    return _extractor(config).extract(doc)


def extract_batch(docs: list[Document], config: Config) -> Shipped:
    """The map function every engine runs, on a batch of documents."""
    extractor = _extractor(config)
    results = list(extractor.extract_batch(docs))
    for result in results:
        result.document = None  # the caller has it; don't ship the text back
    return results, unreported_timings(extractor)


def unreported_timings(extractor: Extractor) -> dict[str, float]:
    """The seconds per stage spent since the last call (the first call includes loading)."""
    spent = {k: v - extractor.reported.get(k, 0.0) for k, v in extractor.timings.items()}
    extractor.reported = dict(extractor.timings)
    return spent


def document_keys(documents: list[Document], config: Config) -> list[str]:
    fingerprint = config.fingerprint()
    return [cache_key(d, fingerprint, config.max_chars) for d in documents]


def extract_all(
    documents: list[Document], config: Config, timings: dict[str, float] | None = None
) -> Iterator[DocResult]:
    """Extract every document, from the cache where possible, with ``config.engine``.

    Results come back in the order of ``documents``. Failed documents come back with ``error`` set and are
    not cached, so the next run retries exactly those. Seconds spent per stage (summed over every process)
    are added to ``timings``.
    """
    cache = ResultCache(config.cache_dir) if config.cache_dir and config.use_cache else None
    keys = document_keys(documents, config)
    stored = [cache is not None and cache.has(k) for k in keys]
    hits: dict[int, DocResult | None] = {}

    def load_hits() -> None:
        for i, (doc, key) in enumerate(zip(documents, keys, strict=True)):
            if stored[i]:
                hits[i] = cache.get(doc, key)

    spent: dict[str, float] = timings if timings is not None else {}
    todo = [d for d, s in zip(documents, stored, strict=True) if not s]
    # The cached results are loaded while the workers extract the new documents: this process would
    # otherwise only wait for them (a rebuild after adding a few documents spends most of its time here).
    fresh = iter(_run(todo, config, spent, meanwhile=load_hits))
    ahead = [next(fresh)] if todo else []  # starts the work (and the loading); the first new result
    if not todo:
        load_hits()
    for i, (doc, key) in enumerate(zip(documents, keys, strict=True)):
        result = hits.pop(i, None)
        if result is not None:
            yield result
            continue
        if stored[i]:  # a cache file that cannot be read: extracted again, here
            result = next(iter(_run([doc], config, spent)))
        else:
            result = ahead.pop() if ahead else next(fresh)
        result.document = doc
        if cache:
            cache.put(key, result)
        yield result


def _batch_bounds(n: int, config: Config) -> list[tuple[int, int]]:
    """[start, end) of batches of ``config.batch_size`` documents, smaller when needed to give every worker
    some. With several workers the last ones are a quarter of that: a worker that runs out of work waits
    for the others' last batch, and a full one takes a second or more."""
    workers = max(1, config.workers)
    size = max(1, min(config.batch_size, -(-n // workers)))
    head = (n - size * workers) // size * size if workers > 1 and n > 2 * size * workers else n
    small = max(1, size // 4)
    return [(i, min(i + size, head)) for i in range(0, head, size)] + [
        (i, min(i + small, n)) for i in range(head, n, small)
    ]


def _batches(documents: list[Document], config: Config) -> list[list[Document]]:
    return [documents[a:b] for a, b in _batch_bounds(len(documents), config)]


def _add(timings: dict[str, float], more: dict[str, float]) -> None:
    for stage, seconds in more.items():
        timings[stage] = timings.get(stage, 0.0) + seconds


def _run(
    documents: list[Document],
    config: Config,
    timings: dict[str, float],
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[DocResult]:
    """Extract ``documents`` in order; ``meanwhile`` is called once, while worker processes are busy when
    there are any (else first)."""
    if not documents:
        return
    if config.engine == "dask" or config.workers <= 1 or len(documents) == 1:
        if meanwhile:
            meanwhile()
        if config.engine == "dask":
            yield from _run_dask(documents, config, timings)
            return
        for batch in _batches(documents, config):
            results, spent = extract_batch(batch, config)
            _add(timings, spent)
            yield from results
    else:
        yield from _run_pool(documents, config, timings, meanwhile)


def _crashed(doc: Document, config: Config, why: str) -> DocResult:
    return DocResult(document=doc, pipeline=config.fingerprint(), error=f"worker crashed: {why}")


def _failed_batch(batch: list[Document], config: Config, exc: BaseException) -> Shipped:
    """A batch whose task failed outright on the cluster: each document reported as failed."""
    return [_crashed(d, config, f"{type(exc).__name__}: {exc}") for d in batch], {}


def _run_dask(documents: list[Document], config: Config, timings: dict[str, float]) -> Iterator[DocResult]:
    """Batches on the Dask cluster, in order. The documents of a batch whose task failed (a worker that kept
    dying on it) are run again one per task, so only the document that kills workers is lost."""
    from .engines import run_dask

    batches = _batches(documents, config)
    results: list[DocResult | None] = []
    retry: list[Document] = []
    for batch, (batch_results, spent) in zip(
        batches, run_dask(batches, config, extract_batch, _failed_batch), strict=True
    ):
        _add(timings, spent)
        if len(batch) > 1 and all(r.error and r.error.startswith("worker crashed") for r in batch_results):
            results += [None] * len(batch)
            retry += batch
        elif retry:  # keep the order: hold results back until the retried ones are in
            results += batch_results
        else:
            yield from batch_results
    if retry:
        singles = iter(run_dask([[d] for d in retry], config, extract_batch, _failed_batch))
        for result in results:
            if result is None:
                batch_results, spent = next(singles)
                _add(timings, spent)
                result = batch_results[0]
            yield result


def _run_pool(
    documents: list[Document],
    config: Config,
    timings: dict[str, float],
    meanwhile: Callable[[], None] | None = None,
) -> Iterator[DocResult]:
    """Extract in worker processes, yielding in order. A worker that dies takes only its own document down.

    Only two batches per worker are in flight at a time (the next one waits in the pool's queue, so a worker
    never idles while this process stores results), so when a worker dies the batches that broke with the
    pool are the only suspects. Each is run again alone in a fresh process; one that still kills
    its process is split into documents, each run alone, and a document that kills its process is
    reported as crashed. Workers are forked from a process that already holds the model (where the start
    method is fork), so (re)starting them is cheap.
    """
    if multiprocessing.get_start_method() == "fork":
        _add(timings, unreported_timings(_extractor(config)))  # forked workers inherit it, loaded
    pending = deque(tuple(range(a, b)) for a, b in _batch_bounds(len(documents), config))
    results: dict[int, DocResult] = {}
    done = 0
    while pending:
        suspects: list[tuple[int, ...]] = []
        with ProcessPoolExecutor(max_workers=config.workers) as pool:
            running: dict[Future[Shipped], tuple[int, ...]] = {}
            while (pending or running) and not suspects:
                while pending and len(running) < 2 * config.workers:
                    batch = pending.popleft()
                    running[pool.submit(extract_batch, [documents[i] for i in batch], config)] = batch
                if meanwhile:  # the workers are busy: this process's own work
                    meanwhile()
                    meanwhile = None
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    batch = running.pop(future)
                    try:
                        batch_results, spent = future.result()
                    except BrokenProcessPool:
                        suspects.append(batch)
                        continue
                    _add(timings, spent)
                    results.update(zip(batch, batch_results, strict=True))
                while done in results:
                    yield results.pop(done)
                    done += 1
            for future, batch in running.items():  # the pool is broken: whatever was in flight with it
                try:
                    batch_results, spent = future.result()
                    _add(timings, spent)
                    results.update(zip(batch, batch_results, strict=True))
                except BrokenProcessPool:
                    suspects.append(batch)
        for batch in suspects:
            results.update(_isolate(batch, documents, config, timings))
        while done in results:
            yield results.pop(done)
            done += 1


def _alone(docs: list[Document], config: Config) -> Shipped | None:
    """``extract_batch`` in a process of its own; None if that process died."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_batch, docs, config).result()
        except BrokenProcessPool:
            return None


def _isolate(
    batch: tuple[int, ...], documents: list[Document], config: Config, timings: dict[str, float]
) -> dict[int, DocResult]:
    """A batch that was in flight when a worker died: again alone, then document by document."""
    runs = [batch] if len(batch) == 1 else [batch, *((i,) for i in batch)]
    results: dict[int, DocResult] = {}
    for run in runs:
        if all(i in results for i in run):
            continue
        shipped = _alone([documents[i] for i in run], config)
        if shipped is not None:
            _add(timings, shipped[1])
            results.update(zip(run, shipped[0], strict=True))
        elif len(run) == 1:
            results[run[0]] = _crashed(documents[run[0]], config, "its process died while extracting it")
    return results
