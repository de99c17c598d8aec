/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-affinity.h"
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

/* All models in display order: sequential, event-loop, loop-offload,
 * threads, threads-gil, processes, process-per-task. */
const LabModel * const *lab_model_get_all  (guint       *n_models);
const LabModel         *lab_model_find     (const char  *id);
/* Parses "sequential,threads" into a NULL-terminated array of models;
 * an unknown id is an error naming it. */
const LabModel        **lab_model_parse_list (const char *text,
                                              GError    **error);
const char             *lab_model_get_name (const LabModel *model);  /* translated */

/* Implemented by the model files. */
extern const LabModel lab_model_sequential;
extern const LabModel lab_model_event_loop;
extern const LabModel lab_model_loop_offload;
extern const LabModel lab_model_threads;
extern const LabModel lab_model_threads_gil;
extern const LabModel lab_model_processes;
extern const LabModel lab_model_process_per_task;

G_END_DECLS
