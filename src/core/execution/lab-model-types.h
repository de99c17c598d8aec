/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-affinity.h"
#include "lab-memory-sampler.h"
#include "lab-trace.h"
#include "lab-workload.h"

G_BEGIN_DECLS

/*
 * An execution model: one small file implementing run(). run() is called on
 * a thread of the runner (never the UI thread), runs every task of the
 * workload, records into ctx->trace (calling lab_trace_begin/end itself,
 * around the real work, and setting every task's status), and returns
 * promptly when ctx->cancellable is cancelled: threads joined, child
 * processes killed and reaped, tasks not run marked cancelled.
 *
 * Returns FALSE with @error only when the model could not run at all (the
 * worker program is missing, say); a task that failed is recorded in the
 * trace, not returned.
 */

typedef struct
{
  LabWorkload  *workload;
  LabTrace     *trace;
  GCancellable *cancellable;
  guint         n_workers;           /* threads/processes; 0: one thread per task (threads models) */
  gint64        switch_interval_ns;  /* threads-gil */
  double        iterations_per_ms;   /* CPU kernel calibration */
  const char   *worker_path;         /* processes: absolute path of concurrency-lab-worker */
  const LabAffinity *affinity;       /* what-if: the cores every thread computes on; NULL: all */
  LabMemorySampler  *memory;         /* measures this program; a model adds its worker
                                        processes to it. NULL: not measured */
} LabModelContext;

typedef struct
{
  const char *id;          /* "event-loop" */
  const char *name;        /* untranslated N_() title: "Event loop" */
  const char *summary;     /* untranslated N_() one-liner: what it shows */
  gboolean  (*run)        (const LabModelContext *ctx,
                           GError               **error);
} LabModel;

#define LAB_MAX_THREADS 1024
#define LAB_MAX_PROCESSES 256

/* The list of every model, and the declaration of each, are in
 * lab-model.h (src/core/runner/), above the process pool. */

G_END_DECLS
