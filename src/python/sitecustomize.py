# SPDX-License-Identifier: GPL-3.0-or-later
"""Loaded by Python at start-up in a program traced with
`concurrency-lab trace --python-tasks`: starts concurrency_lab_tasks, then
runs the sitecustomize this one hides (the next one on sys.path), so that
the program starts as it would have."""

import os
import sys


def _start():
    folder = os.environ.get("LAB_PYTHON_TASKS_DIR")
    if not folder:
        return
    try:
        import concurrency_lab_tasks

        concurrency_lab_tasks.install(folder)
    except Exception:
        # Never at the program's expense.
        pass


def _run_hidden():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


_start()
_run_hidden()
