/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"
#include "lab-model.h"
#include "lab-run-entry.h"

G_BEGIN_DECLS

/*
 * LabRunner runs a plan (LabRunPlan: the workload, the models with their
 * workers, the switch interval, the cores and the order) off the caller's
 * thread, one model after another or all at once, and fills a
 * LabComparison that records the plan and that the caller may draw while
 * it grows.
 *
 * Signals are emitted on the thread-default main context of the thread that
 * called lab_runner_run_async():
 *   "model-started" (guint index, const char *model_id)
 *   "model-finished" (guint index, const char *model_id)
 *   "progress" (guint finished_tasks, guint total_tasks), at most every 50 ms
 */

#define LAB_TYPE_RUNNER (lab_runner_get_type ())

G_DECLARE_FINAL_TYPE (LabRunner, lab_runner, LAB, RUNNER, GObject)

LabRunner     *lab_runner_new_for_plan          (LabRunPlan         *plan);
LabRunPlan    *lab_runner_get_plan              (LabRunner          *self);        /* (transfer none) */
void           lab_runner_set_worker_path       (LabRunner          *self,
                                                 const char         *path);       /* default: lab_worker_find_path() */
/* The comparison being filled; NULL before the first run. */
LabComparison *lab_runner_get_comparison        (LabRunner          *self);

void           lab_runner_run_async             (LabRunner          *self,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
LabComparison *lab_runner_run_finish            (LabRunner          *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
/* Blocks the caller (the CLI and tests); still runs models on worker threads. */
LabComparison *lab_runner_run_sync              (LabRunner          *self,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

/* The worker program: LIBEXECDIR/concurrency-lab-worker; in the build
 * tree, $LAB_WORKER_PATH when set, else the worker built in that tree. */
const char    *lab_worker_find_path             (void);
/* The folder of the Python module of `trace --python-tasks`: installed
 * beside the program, or this source tree's in the build tree. */
const char    *lab_python_tasks_find_dir        (void);

G_END_DECLS
