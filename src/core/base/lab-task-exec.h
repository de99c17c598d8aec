/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "lab-types.h"

G_BEGIN_DECLS

/*
 * Running one phase of one task on the calling thread and recording what
 * happened. Shared by every model that computes on a thread: sequential,
 * the event loop's callbacks, loop-offload's pool, threads, threads-gil,
 * and the worker process (which records into its pipe instead of a trace).
 */

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

/* What a model of this process adds, any of it NULL (the worker program,
 * stopped by a signal and with no lock, passes none): whether the run was
 * stopped; holding the lock each slice is computed under (threads-gil's GIL:
 * take it, or give it up to the thread that asked and take it back; says
 * whether it waited, FALSE when cancelled); releasing it around a wait. */
typedef struct
{
  gboolean (*is_cancelled) (gpointer  data);
  gboolean (*hold_lock)    (gpointer  data,
                            gboolean *waited);
  void     (*release_lock) (gpointer  data);
  gpointer   data;
} LabExecHooks;

/*
 * lab_exec_cpu:
 * Runs @iterations of the CPU kernel for @task in slices of about 0.5 ms.
 * After each slice it reads sched_getcpu() and the thread's CPU clock: a
 * change of core closes the running segment and opens another; a slice in
 * which the thread got less than half the wall time is recorded as `ready`
 * (preempted by the OS). With a lock in @hooks, every slice is computed
 * holding it, time spent waiting for it is `waiting-lock`, and the lock is
 * dropped when another thread asked for it (CPython's forced switching).
 *
 * Consecutive slices in the same state on the same core are one segment,
 * handed to @recorder when it closes (so recording costs one call per
 * segment, not per slice), and at the latest when it reaches 100 ms, so that
 * a chart drawn during the run sees a long computation as it goes.
 *
 * Returns FALSE when the run was cancelled (@hooks) before the work was done.
 * @out_cpu_ns (optional) receives the thread CPU time used.
 */
gboolean lab_exec_cpu  (const LabRecorder  *recorder,
                        guint32             task,
                        guint64             iterations,
                        const LabExecHooks *hooks,
                        gint64             *out_cpu_ns);

/*
 * lab_exec_wait:
 * A real blocking wait of @ns (clock_nanosleep on CLOCK_MONOTONIC, in pieces
 * of at most 20 ms so that cancellation is noticed), recorded as
 * `waiting-io` (in segments of at most about 100 ms, for live charts). With
 * a lock in @hooks, the lock is released for the wait and taken again
 * afterwards (as CPython releases it around blocking I/O).
 * Returns FALSE when cancelled.
 */
gboolean lab_exec_wait (const LabRecorder  *recorder,
                        guint32             task,
                        gint64              ns,
                        const LabExecHooks *hooks);

G_END_DECLS
