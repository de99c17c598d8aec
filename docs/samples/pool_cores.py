# SPDX-License-Identifier: GPL-3.0-or-later
"""The computation of gil_threads.py in a pool of two processes: each has
its own interpreter and its own GIL, so both cores compute at once.

Trace it with
    concurrency-lab trace -o pool.png -- python3 pool_cores.py
"""

import sys
from multiprocessing import Pool

WORK = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000


def count(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


if __name__ == "__main__":
    with Pool(2) as pool:
        print(sum(pool.map(count, [WORK, WORK])))
