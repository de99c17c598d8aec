#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""asyncio's figures beside the app's event loop: N tasks of
asyncio.sleep(1) gathered, timed around asyncio.run() (creating the loop,
the tasks, every wait, closing the loop), as the app's figure is timed
around the whole model run.

--memory: instead of the time, the resident memory per waiting task: the
  growth of the process's RSS from before asyncio.run() to half-way
  through the waits, when every task sleeps, divided by N (the app's
  figure is the same growth over the tasks in flight).
--peak: also the process's peak resident set after the run (ru_maxrss),
  the whole interpreter included, as the app's whole-program figure."""

import argparse
import asyncio
import resource
import time

from cpu_work import note, positive_int, sample
from memory import rss_bytes, settle


async def gather(n_tasks, wait_s):
    await asyncio.gather(*(asyncio.sleep(wait_s) for _ in range(n_tasks)))


async def gather_watched(n_tasks, wait_s):
    async def watch():
        await asyncio.sleep(wait_s / 2)
        return rss_bytes()

    watcher = asyncio.ensure_future(watch())
    await gather(n_tasks, wait_s)
    return await watcher


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=positive_int, default=100000)
    parser.add_argument("--wait-ms", type=positive_int, default=1000)
    parser.add_argument("--reps", type=positive_int, default=3)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--peak", action="store_true")
    args = parser.parse_args()

    if args.memory:
        for rep in range(args.reps):
            settle()
            before = rss_bytes()
            during = asyncio.run(gather_watched(args.tasks, args.wait_ms / 1000.0))
            per_task = (during - before) / args.tasks
            sample(f"py-asyncio-{args.tasks}-per-task-bytes", per_task)
            note(f"rep {rep}: {per_task:.0f} bytes a sleeping task")
        return

    for rep in range(args.reps):
        begin = time.monotonic()
        asyncio.run(gather(args.tasks, args.wait_ms / 1000.0))
        wall = time.monotonic() - begin
        sample(f"py-asyncio-{args.tasks}-wall-s", wall)
        note(f"rep {rep}: {wall:.4f} s")
    if args.peak:
        # ru_maxrss is in KiB on Linux.
        sample(f"py-asyncio-{args.tasks}-peak-mb",
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)


if __name__ == "__main__":
    main()
