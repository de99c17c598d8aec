#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""CPython threads' figures beside the app's: CPU tasks (two per core by
default) in one thread each, against the same tasks one after another;
the speedup is sequential time over threaded time, beside threads-gil's.

--memory N: instead, the resident memory per thread of N threads that
  each sleep 1 s (a thread per connection): the growth of the process's
  RSS from before the threads start to when all of them sleep, divided
  by N, beside the app's threads with a thread per task."""

import argparse
import os
import threading
import time

from cpu_work import calibrate, iterations_for, kernel, note, positive_int, sample
from memory import rss_bytes, settle


def per_thread_bytes(n_threads, wait_s):
    started = threading.Barrier(n_threads + 1)

    def connection():
        started.wait()
        time.sleep(wait_s)

    settle()
    before = rss_bytes()
    threads = [threading.Thread(target=connection) for _ in range(n_threads)]
    for thread in threads:
        thread.start()
    started.wait()
    during = rss_bytes()
    for thread in threads:
        thread.join()
    return (during - before) / n_threads


def run_sequential(n_tasks, iterations):
    begin = time.monotonic()
    for _ in range(n_tasks):
        kernel(iterations)
    return time.monotonic() - begin


def run_threads(n_tasks, iterations):
    threads = [threading.Thread(target=kernel, args=(iterations,)) for _ in range(n_tasks)]
    begin = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - begin


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cores", type=positive_int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--per-core", type=positive_int, default=2)
    parser.add_argument("--task-ms", type=positive_int, default=250)
    parser.add_argument("--reps", type=positive_int, default=5)
    parser.add_argument("--memory", type=positive_int, metavar="N")
    args = parser.parse_args()

    if args.memory:
        for rep in range(args.reps):
            per_thread = per_thread_bytes(args.memory, 1.0)
            sample(f"py-threads-{args.memory}-per-thread-bytes", per_thread)
            note(f"rep {rep}: {per_thread:.0f} bytes a sleeping thread")
        return

    n_tasks = args.cores * args.per_core
    rate = calibrate()
    iterations = iterations_for(args.task_ms, rate)
    note(f"{n_tasks} tasks of {iterations} iterations ({args.task_ms} ms at {rate:.0f}/s)")
    for rep in range(args.reps):
        sequential = run_sequential(n_tasks, iterations)
        threaded = run_threads(n_tasks, iterations)
        sample("py-sequential-s", sequential)
        sample("py-threads-speedup", sequential / threaded)
        note(f"rep {rep}: sequential {sequential:.3f} s, threads {threaded:.3f} s")


if __name__ == "__main__":
    main()
