# SPDX-License-Identifier: GPL-3.0-or-later
"""The same computation twice in one thread, then once in each of two
threads: the GIL lets one thread run Python code at a time, so the two
threads take as long as one thread doing both, whatever the cores.

Trace it with
    concurrency-lab trace -o gil.png -- python3 gil_threads.py
"""

import sys
import threading

WORK = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000


def count(n, results):
    total = 0
    for i in range(n):
        total += i % 7
    results.append(total)


one_thread = []
count(WORK, one_thread)
count(WORK, one_thread)

two_threads = []
threads = [threading.Thread(target=count, args=(WORK, two_threads)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()

print(sum(one_thread), sum(two_threads))
