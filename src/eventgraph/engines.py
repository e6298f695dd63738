"""Running the map step on Dask, for corpora too big for one machine.

The function shipped to the workers is the same one the local engine runs, so the output is identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .config import Config
from .model import DocResult, Document


def run_dask(
    documents: list[Document], config: Config, fn: Callable[[Document, Config], DocResult]
) -> Iterator[DocResult]:
    """Map ``fn`` over the documents on a Dask cluster (``config.scheduler``, or a LocalCluster here).

    Results are yielded in document order. A document whose task fails (or keeps killing its worker) comes
    back as a failed DocResult; the others are unaffected.
    """
    from dask.distributed import Client, LocalCluster

    cluster = None
    if config.scheduler:
        client = Client(config.scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, config.workers), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = client.map(fn, documents, config=config, pure=False)
        for doc, future in zip(documents, futures, strict=True):
            try:
                yield future.result()
            except Exception as exc:  # KilledWorker, or an error raised outside Extractor.extract
                yield DocResult(document=doc, pipeline=config.fingerprint(),
                                error=f"{type(exc).__name__}: {exc}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
