"""Running the map step on Dask, for corpora too big for one machine.

The function shipped to the workers is the same one the local engine runs, so the output is identical.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from .config import Config

if TYPE_CHECKING:
    from distributed import Client, Future

Item = TypeVar("Item")
Result = TypeVar("Result")

# Seconds to reach a --scheduler before giving up: a scheduler answers at once; waiting Dask's default 30 s
# only delays the error. (The client also gives up reconnecting to a lost scheduler after this long; its
# tasks would be lost with it anyway.)
SCHEDULER_TIMEOUT = 5.0


class SchedulerError(RuntimeError):
    """The Dask scheduler given with ``--scheduler`` cannot be reached (or its address is not one)."""


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at ``address``; :class:`SchedulerError`, saying what to check, if none
    answers within ``timeout`` seconds (default :data:`SCHEDULER_TIMEOUT`)."""
    from dask.distributed import Client

    timeout = SCHEDULER_TIMEOUT if timeout is None else timeout
    try:
        return Client(address, timeout=timeout)
    except ValueError as exc:  # no scheme Dask knows, no port…
        raise SchedulerError(
            f"invalid Dask scheduler address {address!r} ({exc}): expected tcp://HOST:PORT"
        ) from None
    except OSError:  # refused, unknown host, no answer: Dask retries them all until the timeout
        raise SchedulerError(
            f"cannot reach the Dask scheduler at {address} (no answer within {timeout:g} s): is it running "
            f"(`dask scheduler`), and is the address right? Without --scheduler a local cluster is started"
        ) from None


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
        client = connect(config.scheduler)
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
