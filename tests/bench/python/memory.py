# SPDX-License-Identifier: GPL-3.0-or-later
"""What the Python peers hold in memory, read from /proc as the app's memory
sampler reads it: resident set size from statm, RSS and PSS from
smaps_rollup."""

import ctypes
import ctypes.util
import gc
import os
import sys

PAGE = os.sysconf("SC_PAGESIZE")


def rss_bytes(pid="self"):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE


def rollup_bytes(pid):
    """(RSS, PSS) of a process, from smaps_rollup."""
    rss = pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key == "Rss":
                rss = int(rest.split()[0]) * 1024
            elif key == "Pss":
                pss = int(rest.split()[0]) * 1024
    return rss, pss


def settle():
    """Frees what can be freed before a baseline, as the app's runner does
    (a full collection, then glibc's malloc_trim)."""
    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        try:
            ctypes.CDLL(name).malloc_trim(0)
        except (OSError, AttributeError):
            pass


if __name__ == "__main__":
    sys.exit("memory.py is a module of the benchmark peers")
