/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#ifdef LAB_WORKER_BUILD
/* The worker program links GLib only (it starts in a few milliseconds
 * because the loader has little to link): it computes and waits, never
 * under the GIL and never cancelled from inside, since the parent ends it
 * with a signal. The cancellable is only a name there, and always NULL. */
#include <glib.h>
typedef struct _GCancellable GCancellable;
#else
#include <gio/gio.h>
#endif

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * Running one phase of one task on the calling thread and recording what
 * happened. Shared by every model that computes on a thread: sequential,
 * the event loop's callbacks, loop-offload's pool, threads, threads-gil,
 * and the worker process (which records into its pipe instead of a trace).
 */

typedef struct _LabGil LabGil;

/* Where segments go: a LabTraceWriter in the app, the pipe in the worker. */
typedef struct
{
  void   (*record) (gpointer  data,
                    guint32   task,
                    LabState  state,
                    gint      core,
                    gint64    begin_ns,
                    gint64    end_ns);
  gpointer data;
} LabRecorder;

/*
 * lab_exec_cpu:
 * Runs @iterations of the CPU kernel for @task in slices of about 0.5 ms.
 * After each slice it reads sched_getcpu() and the thread's CPU clock: a
 * change of core closes the running segment and opens another; a slice in
 * which the thread got less than half the wall time is recorded as `ready`
 * (preempted by the OS). With @gil, every slice is computed holding the
 * lock, time spent waiting for it is `waiting-lock`, and the lock is dropped
 * when another thread asked for it (CPython's forced switching).
 *
 * Consecutive slices in the same state on the same core are one segment,
 * handed to @recorder when it closes (so recording costs one call per
 * segment, not per slice), and at the latest when it reaches 100 ms, so that
 * a chart drawn during the run sees a long computation as it goes.
 *
 * Returns FALSE when @cancellable was cancelled before the work was done.
 * @out_cpu_ns (optional) receives the thread CPU time used.
 */
gboolean lab_exec_cpu  (const LabRecorder *recorder,
                        guint32            task,
                        guint64            iterations,
                        LabGil            *gil,
                        GCancellable      *cancellable,
                        gint64            *out_cpu_ns);

/*
 * lab_exec_wait:
 * A real blocking wait of @ns (clock_nanosleep on CLOCK_MONOTONIC, in pieces
 * of at most 20 ms so that cancellation is noticed), recorded as
 * `waiting-io` (in segments of at most about 100 ms, for live charts). With @gil, the lock is released for the wait and taken
 * again afterwards (as CPython releases it around blocking I/O).
 * Returns FALSE when cancelled.
 */
gboolean lab_exec_wait (const LabRecorder *recorder,
                        guint32            task,
                        gint64             ns,
                        LabGil            *gil,
                        GCancellable      *cancellable);

G_END_DECLS
