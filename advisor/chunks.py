"""Work on a large file in chunks across the machine's cores, results back in order, memory bounded.

Arrow's compute kernels, numpy's array arithmetic and Arrow's CSV writer release the GIL, so
threads are enough to keep every core busy; at most `workers + 1` chunks are in flight, so a
million-row file never holds more than a few chunks of intermediate results at once.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_workers() -> int:
    """Threads to use: the cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not every platform can say which cores a process may use
        return os.cpu_count() or 1


def ordered_map(
    work: Callable[[Item], Result], items: Iterable[Item], workers: int | None = None
) -> Iterator[Result]:
    """`map(work, items)` on a few threads: results in input order, at most workers + 1 pending."""
    workers = workers or default_workers()
    if workers <= 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
