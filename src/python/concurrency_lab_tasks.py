# SPDX-License-Identifier: GPL-3.0-or-later
"""Records when each asyncio task runs on its event loop, for Concurrency Lab.

`concurrency-lab trace --python-tasks -- python3 script.py` loads this
module into the traced program (through sitecustomize.py beside it) and
reads what it writes: one line per step of a task, so that the chart shows
a lane per task, as the app's own event-loop model does.

It only watches. Two methods of asyncio are wrapped: the event loop's
call_soon (a task's next step was scheduled: the task is ready) and
Handle._run (a callback runs: for a task, one step, from one await to the
next). Each wrapper calls the original with the same arguments and returns
its result or raises its exception unchanged; what the program computes
does not change. The records go to a file of this process, written in
batches, and a fault in writing them turns the recording off, never the
program.

A batch is written at the latest when a loop is about to wait (nothing
is ready to run after a step), and then ends with an idle mark; the next
record after the mark is written at once. So a file whose last line is
the mark holds everything, and the reader may draw the tasks' waits on
up to now; otherwise only up to its last record, since steps that began
since may still sit in the batch.

Each line: EVENT TIME_NS THREAD_ID TASK [REST]
  N ... TASK NAME   a task seen for the first time, with its name
  R ... TASK        a step of the task was scheduled (ready)
  B ... TASK        a step begins
  E ... TASK KIND   a step ends: w waits for I/O or a timer, l waits on an
                    asyncio lock, event, condition, semaphore or queue,
                    t waits for other tasks, d done
  I TIME_NS THREAD_ID  everything before was written; a loop waits
Times are time.monotonic_ns(), the CLOCK_MONOTONIC the tracer uses.
"""

import atexit
import os
import sys
import threading
import time
import weakref

_FLUSH_LINES = 512
_FLUSH_NS = 50_000_000
_SYNC_FILES = ("asyncio/locks.py", "asyncio/queues.py")


class _Recorder:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()
        self.lines = []
        self.file = None
        self.pid = None
        self.flushed_ns = 0
        self.numbers = weakref.WeakKeyDictionary()
        self.next_number = 1
        self.broken = False
        self.idle = False

    def _open(self):
        pid = os.getpid()
        if self.pid != pid:
            # A forked child writes a file of its own and forgets the
            # parent's tasks and unwritten lines.
            self.pid = pid
            self.lines = []
            self.numbers = weakref.WeakKeyDictionary()
            self.next_number = 1
            path = os.path.join(self.folder, "%d.tasks" % pid)
            self.file = open(path, "a", encoding="utf-8", errors="replace")

    def number(self, task, now, tid):
        n = self.numbers.get(task)
        if n is None:
            n = self.next_number
            self.next_number += 1
            self.numbers[task] = n
            name = task.get_name().replace("\n", " ")
            self.lines.append("N %d %d %d %s\n" % (now, tid, n, name))
        return n

    def record(self, event, task, rest="", going_idle=False):
        if self.broken:
            return
        now = time.monotonic_ns()
        tid = threading.get_native_id()
        with self.lock:
            try:
                self._open()
                n = self.number(task, now, tid)
                self.lines.append("%s %d %d %d%s\n" % (event, now, tid, n, rest))
                if going_idle:
                    self.lines.append("I %d %d\n" % (now, tid))
                    self._flush(now)
                    self.idle = True
                elif (self.idle or len(self.lines) >= _FLUSH_LINES
                      or now - self.flushed_ns >= _FLUSH_NS):
                    self._flush(now)
                    self.idle = False
            except Exception:
                self.broken = True

    def _flush(self, now):
        if self.file is not None and self.lines:
            self.file.write("".join(self.lines))
            self.file.flush()
        self.lines = []
        self.flushed_ns = now

    def close(self):
        with self.lock:
            try:
                if self.pid == os.getpid():
                    self._flush(time.monotonic_ns())
            except Exception:
                pass


def _task_of(callback, task_type):
    task = getattr(callback, "__self__", None)
    return task if isinstance(task, task_type) else None


def _going_idle(handle):
    """Whether the loop that ran HANDLE has nothing left ready: it waits
    next. A loop of another kind, whose queue is unknown, counts as
    waiting after every step."""
    ready = getattr(getattr(handle, "_loop", None), "_ready", None)
    try:
        return ready is None or len(ready) == 0
    except Exception:
        return True


def _waits_on(task, task_type):
    """What a task that just stopped stepping waits for."""
    if task.done():
        return " d"
    waiter = getattr(task, "_fut_waiter", None)
    if waiter is not None and (isinstance(waiter, task_type)
                               or type(waiter).__name__ == "_GatheringFuture"):
        return " t"
    # The innermost coroutine it awaits in says whether it waits on one of
    # asyncio's own synchronization objects.
    coro = task.get_coro()
    inner = None
    while coro is not None:
        code = getattr(coro, "cr_code", None) or getattr(coro, "gi_code", None)
        if code is None:
            break
        inner = code
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    if inner is not None and inner.co_filename.replace("\\", "/").endswith(_SYNC_FILES):
        return " l"
    return " w"


def _patch(recorder):
    import asyncio
    import asyncio.base_events as base_events
    import asyncio.events as events

    task_type = asyncio.Task
    original_call_soon = base_events.BaseEventLoop.call_soon
    original_run = events.Handle._run

    def call_soon(self, callback, *args, **kwargs):
        task = _task_of(callback, task_type)
        if task is not None:
            recorder.record("R", task)
        return original_call_soon(self, callback, *args, **kwargs)

    def _run(self):
        task = _task_of(self._callback, task_type)
        if task is None:
            return original_run(self)
        recorder.record("B", task)
        try:
            return original_run(self)
        finally:
            recorder.record("E", task, _waits_on(task, task_type), _going_idle(self))

    call_soon.__wrapped__ = original_call_soon
    _run.__wrapped__ = original_run
    base_events.BaseEventLoop.call_soon = call_soon
    events.Handle._run = _run


class _AfterAsyncio:
    """Lets the asyncio package load as usual, then patches it, so that a
    program that never uses asyncio pays only this check on each import."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.busy = False

    def find_spec(self, name, path=None, target=None):
        if name != "asyncio" or self.busy:
            return None
        import importlib.machinery

        self.busy = True
        try:
            spec = importlib.machinery.PathFinder.find_spec(name, path)
        finally:
            self.busy = False
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _PatchingLoader(spec.loader, self)
        return spec


class _PatchingLoader:
    def __init__(self, inner, finder):
        self.inner = inner
        self.finder = finder

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        if self.finder in sys.meta_path:
            sys.meta_path.remove(self.finder)
        try:
            _patch(self.finder.recorder)
        except Exception:
            self.finder.recorder.broken = True

    def __getattr__(self, name):
        return getattr(self.inner, name)


def install(folder):
    """Starts recording into FOLDER (one file per process)."""
    recorder = _Recorder(folder)
    atexit.register(recorder.close)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=lambda: setattr(recorder, "lock", threading.Lock()))
    if "asyncio" in sys.modules:
        _patch(recorder)
    else:
        sys.meta_path.insert(0, _AfterAsyncio(recorder))
    return recorder
