"""Running the map step on Dask, for corpora too big for one machine.

The function shipped to the workers is the same one the local engine runs, so the output is identical.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from .config import Config

if TYPE_CHECKING:
    from distributed import Future

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
        # A bounded window of tasks in flight: the documents of a huge corpus are not all shipped to the
        # scheduler at once, and results are yielded (and written by the caller) as they arrive, in order.
        window = max(4, 4 * sum(client.nthreads().values()))
        queue: deque[tuple[Item, Future]] = deque()
        for item in items:
            queue.append((item, client.submit(fn, item, config, pure=False)))
            if len(queue) < window:
                continue
            yield _outcome(*queue.popleft(), config, on_error)
        while queue:
            yield _outcome(*queue.popleft(), config, on_error)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _outcome(
    item: Item, future: Future, config: Config, on_error: Callable[[Item, Config, BaseException], Result]
) -> Result:
    try:
        return future.result()
    except Exception as exc:
        return on_error(item, config, exc)
