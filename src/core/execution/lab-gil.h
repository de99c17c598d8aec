/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * LabGil: a simulated global interpreter lock with the rules of CPython's
 * "new GIL" (Python 3.2 onwards, Python/ceval_gil.c):
 *
 * - a thread computes only while it holds the lock;
 * - a thread that has waited a whole switch interval without the holder
 *   changing sets the drop request (CPython's gil_drop_request, seen by the
 *   eval loop through the eval breaker);
 * - the holder checks the request at its next slice boundary, drops the lock
 *   and, because the drop was forced, does not try to take it back before
 *   another thread has taken it (FORCE_SWITCHING);
 * - a blocking wait (I/O) releases the lock without that rule.
 *
 * The lock has an owner: the thread that took it. LabGil is shared by the
 * threads of one run and freed after they are joined.
 */

typedef struct _LabGil LabGil;

LabGil   *lab_gil_new                (gint64        switch_interval_ns);
void      lab_gil_free               (LabGil       *gil);
gint64    lab_gil_get_switch_interval_ns (LabGil   *gil);

/* Blocks until the calling thread holds the lock. Returns TRUE at once when
 * it already does. Returns FALSE (not holding it) when @cancellable was
 * cancelled while waiting; *waited (optional) says whether it had to wait. */
gboolean  lab_gil_acquire            (LabGil       *gil,
                                      GCancellable *cancellable,
                                      gboolean     *waited);
/* Releases the lock if the calling thread holds it (no forced switch). */
void      lab_gil_release            (LabGil       *gil);
gboolean  lab_gil_is_held            (LabGil       *gil);   /* by the calling thread */
/* Cheap (one atomic load): another thread waited a switch interval. */
gboolean  lab_gil_drop_requested     (LabGil       *gil);
/* The forced switch: drop, wait until another thread has taken the lock,
 * take it again. Returns FALSE (not holding it) when cancelled. */
gboolean  lab_gil_yield              (LabGil       *gil,
                                      GCancellable *cancellable);
/* Recording: with a trace, every hold (who took the lock, for which task,
 * until when) and every drop request is recorded into it, under the
 * lock's own mutex. A thread says which worker it is and which task it
 * runs before it takes the lock. */
void      lab_gil_set_trace          (LabGil       *gil,
                                      LabTrace     *trace);
void      lab_gil_set_thread_task    (guint         worker,
                                      guint32       task);
/* How many times the lock changed hands (CPython's switch_number). */
guint64   lab_gil_get_n_switches     (LabGil       *gil);

G_END_DECLS
