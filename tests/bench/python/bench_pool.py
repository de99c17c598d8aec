#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""multiprocessing.Pool's figures beside the app's processes model.

--speedup: the CPU tasks (two per core) on Pool(cores), timed from
  creating the pool to having every result, as the app's processes model
  is timed from its begin (before spawning) to its last task's end;
  against the same tasks one after another in this process.
--ready: Pool(4) start-up until every worker has answered once: four
  tasks that each wait at a barrier for all four, so no worker can answer
  twice while another has not started; timed from creating the pool to
  the four answers. The pool is closed and joined outside the timing.
--memory N: Pool(N) with N tasks that each sleep 1 s; half-way through,
  each worker's RSS and PSS from smaps_rollup, averaged over the workers,
  beside the app's worker processes.
All use the platform's default start method (fork on Linux)."""

import argparse
import multiprocessing
import os
import time

from cpu_work import calibrate, iterations_for, kernel, note, positive_int, sample
from memory import rollup_bytes

_barrier = None


def _init(barrier):
    global _barrier
    _barrier = barrier


def _answer(_):
    _barrier.wait(timeout=30)
    return os.getpid()


def pool_ready(n_workers):
    barrier = multiprocessing.Barrier(n_workers)
    begin = time.monotonic()
    pool = multiprocessing.Pool(n_workers, initializer=_init, initargs=(barrier,))
    pids = pool.map(_answer, range(n_workers), chunksize=1)
    elapsed = time.monotonic() - begin
    pool.close()
    pool.join()
    if len(set(pids)) != n_workers:
        raise SystemExit(f"only {len(set(pids))} of {n_workers} workers answered")
    return elapsed


def pool_speedup(n_workers, n_tasks, iterations):
    begin = time.monotonic()
    for _ in range(n_tasks):
        kernel(iterations)
    sequential = time.monotonic() - begin

    begin = time.monotonic()
    with multiprocessing.Pool(n_workers) as pool:
        pool.map(kernel, [iterations] * n_tasks, chunksize=1)
    parallel = time.monotonic() - begin
    return sequential, parallel


def _sleep(seconds):
    time.sleep(seconds)
    return os.getpid()


def per_worker_bytes(n_workers, wait_s):
    with multiprocessing.Pool(n_workers) as pool:
        result = pool.map_async(_sleep, [wait_s] * n_workers, chunksize=1)
        time.sleep(wait_s / 2)
        readings = [rollup_bytes(p.pid) for p in multiprocessing.active_children()]
        result.get(timeout=30)
    if len(readings) != n_workers:
        raise SystemExit(f"{len(readings)} workers where {n_workers} were asked")
    rss = sum(r for r, _ in readings) / n_workers
    pss = sum(p for _, p in readings) / n_workers
    return rss, pss


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speedup", action="store_true")
    parser.add_argument("--ready", action="store_true")
    parser.add_argument("--cores", type=positive_int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--per-core", type=positive_int, default=2)
    parser.add_argument("--task-ms", type=positive_int, default=250)
    parser.add_argument("--workers", type=positive_int, default=4, help="for --ready")
    parser.add_argument("--reps", type=positive_int, default=5)
    parser.add_argument("--memory", type=positive_int, metavar="N")
    args = parser.parse_args()
    if args.memory:
        for rep in range(args.reps):
            rss, pss = per_worker_bytes(args.memory, 1.0)
            sample(f"py-pool-{args.memory}-per-worker-rss-mib", rss / 1048576)
            sample(f"py-pool-{args.memory}-per-worker-pss-mib", pss / 1048576)
            note(f"rep {rep}: a worker holds {rss / 1048576:.1f} MiB RSS, "
                 f"{pss / 1048576:.1f} MiB PSS")
        return
    if not args.speedup and not args.ready:
        args.speedup = args.ready = True

    if args.ready:
        for rep in range(args.reps):
            ms = pool_ready(args.workers) * 1000.0
            sample(f"py-pool-{args.workers}-ready-ms", ms)
            note(f"rep {rep}: Pool({args.workers}) answered after {ms:.2f} ms")

    if args.speedup:
        n_tasks = args.cores * args.per_core
        iterations = iterations_for(args.task_ms, calibrate())
        for rep in range(args.reps):
            sequential, parallel = pool_speedup(args.cores, n_tasks, iterations)
            sample("py-pool-speedup", sequential / parallel)
            note(f"rep {rep}: sequential {sequential:.3f} s, Pool({args.cores}) {parallel:.3f} s")


if __name__ == "__main__":
    main()
