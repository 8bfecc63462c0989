"""Run a function over chunks of work in worker processes, with bounded memory.

:func:`bounded_map` keeps at most ``window`` chunks in flight (submitted and not
yet yielded), so memory stays constant however long the input is: the input
iterator is pulled only as results are taken out (``multiprocessing.Pool.imap``
instead reads its whole input ahead).  Results come in input order, or in
completion order with ``ordered=False``.  Workers are started with ``spawn`` (no
forked locks or models) and get the Pipeline once, through the initializer.

A worker that dies (killed, out of memory) breaks the pool: the chunks in flight
are retried once in a new pool, and a chunk that breaks it again is handed to
``on_failure`` so that its items still yield a result each.

>>> list(bounded_map(abs, [-1, 2, -3], n_process=1))
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last one shorter).

    >>> list(chunked(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _start_worker(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    """Worker set-up: Ctrl-C is the main process's to handle (it stops submitting,
    lets the chunks in flight finish and writes them), then the caller's initializer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def bounded_map(
    fn: Callable[[T], R],
    chunks: Iterable[T],
    *,
    n_process: int,
    window: int | None = None,
    ordered: bool = True,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    on_failure: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """``fn(chunk)`` for every chunk, in ``n_process`` processes (1: in this one).

    ``window`` (default ``2 * n_process``) bounds the chunks in flight.
    """
    if n_process <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(fn, chunks)
        return
    limit = max(window or 2 * n_process, n_process)
    context = multiprocessing.get_context("spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            n_process,
            mp_context=context,
            initializer=_start_worker,
            initargs=(initializer, initargs),
        )

    pool = new_pool()
    # in flight: (chunk, future, attempt, the pool it was submitted to)
    flight: deque[tuple[T, Future[R], int, ProcessPoolExecutor]] = deque()
    source = iter(chunks)
    exhausted = False

    def refill() -> None:
        nonlocal exhausted
        while not exhausted and len(flight) < limit:
            try:
                chunk = next(source)
            except StopIteration:
                exhausted = True
                return
            flight.append((chunk, pool.submit(fn, chunk), 0, pool))

    def settle(
        entry: tuple[T, Future[R], int, ProcessPoolExecutor],
    ) -> tuple[bool, R | None]:
        """(True, result), or (False, None) after resubmitting a chunk of a broken pool."""
        nonlocal pool
        chunk, future, attempt, owner = entry
        try:
            return True, future.result()
        except BrokenProcessPool as exc:
            if attempt == 0:
                if owner is pool:  # the current pool broke: replace it
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                flight.append((chunk, pool.submit(fn, chunk), 1, pool))
                return False, None
            if on_failure is None:
                raise
            return True, on_failure(chunk, exc)

    try:
        refill()
        while flight:
            if ordered:
                ok, result = settle(flight.popleft())
                if not ok:  # the retry was appended at the back: it is next in order
                    flight.appendleft(flight.pop())
                    continue
                refill()
                yield result  # type: ignore[misc]
            else:
                done, _ = wait([e[1] for e in flight], return_when=FIRST_COMPLETED)
                for entry in [e for e in flight if e[1] in done]:
                    flight.remove(entry)
                    ok, result = settle(entry)
                    if ok:
                        yield result  # type: ignore[misc]
                refill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
