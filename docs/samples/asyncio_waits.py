# SPDX-License-Identifier: GPL-3.0-or-later
"""Three waits on one event loop: 3, 1 and 2 seconds, about 3 s in all.

The waits overlap: while one task waits, the loop runs the others, on one
thread. Trace it with
    concurrency-lab trace --python-tasks -o waits.png -- python3 asyncio_waits.py
"""

import asyncio
import time


async def wait(seconds):
    await asyncio.sleep(seconds)
    return seconds


async def main():
    start = time.perf_counter()
    done = await asyncio.gather(wait(3), wait(1), wait(2))
    print(f"waited {done}: {round(time.perf_counter() - start)} s in all")


asyncio.run(main())
