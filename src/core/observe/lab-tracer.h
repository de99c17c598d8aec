/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"

G_BEGIN_DECLS

/*
 * LabTracer runs another program and measures it: every thread of every
 * process it starts, from `/proc` (lab-proc-sampler.h), into a comparison
 * of one observed trace with the model id "trace", which may be drawn
 * while it grows.
 *
 * The program is started with no shell (argv as given, found on PATH as a
 * shell would), in a process group of its own, with the standard streams
 * of this process. Tracing goes on, on a thread of the tracer, until the
 * program and every process it started have exited, or until
 * lab_tracer_stop(): the signal, then SIGKILL to whatever is left after
 * a grace period. Nothing it started is left running when the tracer is
 * finished, not even a zombie.
 */

#define LAB_TYPE_TRACER (lab_tracer_get_type ())

G_DECLARE_FINAL_TYPE (LabTracer, lab_tracer, LAB, TRACER, GObject)

/* The model id of a traced program's trace. */
#define LAB_TRACER_MODEL_ID "trace"
#define LAB_TRACER_DEFAULT_RATE_HZ 1000
#define LAB_TRACER_MAX_RATE_HZ 10000
#define LAB_TRACER_DEFAULT_GRACE_NS (3 * G_GINT64_CONSTANT (1000000000))

/**
 * LabTracerError:
 * @LAB_TRACER_ERROR_NOT_FOUND: the command was not found (a shell exits 127)
 * @LAB_TRACER_ERROR_NOT_EXECUTABLE: it was found but could not be run
 *   (a shell exits 126)
 * @LAB_TRACER_ERROR_FAILED: it could not be started for another reason
 */
typedef enum
{
  LAB_TRACER_ERROR_NOT_FOUND,
  LAB_TRACER_ERROR_NOT_EXECUTABLE,
  LAB_TRACER_ERROR_FAILED,
} LabTracerError;

#define LAB_TRACER_ERROR (lab_tracer_error_quark ())
GQuark          lab_tracer_error_quark        (void);

LabTracer      *lab_tracer_new                (const char * const *argv);
void            lab_tracer_set_directory      (LabTracer          *self,
                                               const char         *directory);
void            lab_tracer_set_rate           (LabTracer          *self,
                                               guint               rate_hz);
void            lab_tracer_set_grace_ns       (LabTracer          *self,
                                               gint64              grace_ns);
/* Python programs: record their asyncio tasks too (lab-python-tasks.h),
 * with the module in @python_dir; NULL: not. */
void            lab_tracer_set_python_tasks   (LabTracer          *self,
                                               const char         *python_dir);
/* Follow the tree's orphans (a daemon's double fork) by making this
 * process their reaper; for a process that starts no other children. */
void            lab_tracer_set_adopt_orphans  (LabTracer          *self,
                                               gboolean            adopt);
/* Hand the terminal to the program while it runs, as a shell does, when
 * this process holds it: Ctrl+C and keyboard input then go to it. */
void            lab_tracer_set_foreground     (LabTracer          *self,
                                               gboolean            foreground);

/* Starts the program and the tracing thread; FALSE with a
 * #LabTracerError when it cannot be started (nothing is left running). */
gboolean        lab_tracer_start              (LabTracer          *self,
                                               GError            **error);
/* The comparison being filled; NULL before lab_tracer_start(). Once
 * tracing is over, another one: the same trace with its lanes grouped by
 * process (lab_trace_dup_by_process()), which the wait returns. */
LabComparison  *lab_tracer_get_comparison     (LabTracer          *self);
/* The program's pid; 0 before it started. */
GPid            lab_tracer_get_pid            (LabTracer          *self);
/* Ends the program: @signum to every process of it, then SIGKILL to
 * those left after the grace period. Safe from any thread. */
void            lab_tracer_stop               (LabTracer          *self,
                                               int                 signum);
gboolean        lab_tracer_was_stopped        (LabTracer          *self);

/* Waiting for the end of tracing (every process gone). */
void            lab_tracer_wait_async         (LabTracer          *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
LabComparison  *lab_tracer_wait_finish        (LabTracer          *self,
                                               GAsyncResult       *result,
                                               GError            **error);
/* How the program ended, as waitpid() says; -1 while it runs. */
int             lab_tracer_get_wait_status    (LabTracer          *self);
/* The status a shell would give it: the exit code, or 128 + the signal. */
int             lab_tracer_get_exit_code      (LabTracer          *self);

G_END_DECLS
