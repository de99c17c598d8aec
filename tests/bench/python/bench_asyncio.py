#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""asyncio's figure beside the app's event loop: N tasks of
asyncio.sleep(1) gathered, timed around asyncio.run() (creating the loop,
the tasks, every wait, closing the loop), as the app's figure is timed
around the whole model run."""

import argparse
import asyncio
import time

from cpu_work import note, positive_int, sample


async def gather(n_tasks, wait_s):
    await asyncio.gather(*(asyncio.sleep(wait_s) for _ in range(n_tasks)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=positive_int, default=100000)
    parser.add_argument("--wait-ms", type=positive_int, default=1000)
    parser.add_argument("--reps", type=positive_int, default=3)
    args = parser.parse_args()

    for rep in range(args.reps):
        begin = time.monotonic()
        asyncio.run(gather(args.tasks, args.wait_ms / 1000.0))
        wall = time.monotonic() - begin
        sample(f"py-asyncio-{args.tasks}-wall-s", wall)
        note(f"rep {rep}: {wall:.4f} s")


if __name__ == "__main__":
    main()
