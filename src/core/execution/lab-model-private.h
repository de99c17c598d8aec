/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-gil.h"
#include "lab-model-types.h"
#include "lab-task-exec.h"

G_BEGIN_DECLS

/* Shared by the in-process model files (lab-model-*.c). */

/* What lab_exec_cpu() and lab_exec_wait() need from a model of this
 * process: to stop when @cancellable is cancelled and, with a GIL, to
 * compute under it. Pass &hooks.hooks; it points into the struct, so the
 * struct must outlive the calls and not be copied. */
typedef struct
{
  LabExecHooks  hooks;
  GCancellable *cancellable;
  LabGil       *gil;
} LabModelHooks;

void     _lab_model_hooks_init      (LabModelHooks         *hooks,
                                     GCancellable          *cancellable,
                                     LabGil                *gil);

/* A recorder that appends to @writer; @writer must belong to the calling
 * thread. */
void     _lab_model_recorder_init   (LabRecorder           *recorder,
                                     LabTraceWriter        *writer);
/* Marks the start of the run on the trace and fills in how it is run;
 * returns the start time. */
gint64   _lab_model_begin           (const LabModelContext *ctx,
                                     guint                  n_workers);
/* Every task still pending is cancelled (it was never run to the end);
 * then the trace ends now. */
void     _lab_model_end             (const LabModelContext *ctx);
/* The calibration to use: the context's, else this process's own. */
double   _lab_model_iterations_per_ms (const LabModelContext *ctx);
/* Runs every phase of @task on the calling thread, adds its CPU time to
 * the trace and sets its status (done, or cancelled). With @gil, the
 * calling thread keeps the lock after the task: the caller releases it. */
gboolean _lab_model_run_task        (const LabModelContext *ctx,
                                     const LabRecorder     *recorder,
                                     guint32                task,
                                     LabGil                *gil);

G_END_DECLS
