"""Running the map step on Dask, for corpora too big for one machine.

The function shipped to the workers is the same one the local engine runs, so the output is identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from .config import Config

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_dask(
    items: list[Item],
    config: Config,
    fn: Callable[[Item, Config], Result],
    on_error: Callable[[Item, Config, BaseException], Result],
) -> Iterator[Result]:
    """Map ``fn`` over ``items`` (batches of documents) on a Dask cluster: ``config.scheduler``, or a
    LocalCluster of ``config.workers`` processes here.

    Results are yielded in order. An item whose task fails — an exception outside the extractor, or a
    worker that keeps dying on it (``KilledWorker``) — becomes ``on_error(item, config, exc)``; the others
    are unaffected.
    """
    from dask.distributed import Client, LocalCluster

    cluster = None
    if config.scheduler:
        client = Client(config.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, config.workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = client.map(fn, items, config=config, pure=False)
        for item, future in zip(items, futures, strict=True):
            try:
                yield future.result()
            except Exception as exc:
                yield on_error(item, config, exc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
