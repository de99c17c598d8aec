# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python peers' CPU work: a pure-Python arithmetic loop, calibrated so
that one task takes as long on one core as the app's CPU task of the same
duration (the app's kernel is calibrated the same way: iterations per unit
of the thread's CPU time, median of several runs)."""

import statistics
import sys
import time


def sample(key, value):
    """One measurement, in the form the driver collects."""
    print(f"sample {key} {value:.9g}", flush=True)


def note(text):
    print(f"# {text}", flush=True)


def kernel(iterations):
    # A dependent chain of integer operations: each step needs the last,
    # as in the app's xorshift-multiply kernel.
    x = 1
    for _ in range(iterations):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
    return x


def calibrate(runs=5, run_s=0.05):
    """Iterations per second of thread CPU time on one core."""
    n = 20000
    begin = time.thread_time()
    kernel(n)
    probe = n / max(time.thread_time() - begin, 1e-6)
    n = max(int(probe * run_s), 1000)
    rates = []
    for _ in range(runs):
        begin = time.thread_time()
        kernel(n)
        rates.append(n / max(time.thread_time() - begin, 1e-6))
    return statistics.median(rates)


def iterations_for(task_ms, rate=None):
    return max(int((rate or calibrate()) * task_ms / 1000.0), 1)


def positive_int(text):
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


if __name__ == "__main__":
    sys.exit("cpu_work.py is a module of the benchmark peers")
