/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "lab-comparison.h"
#include "lab-model.h"
#include "lab-run-entry.h"

G_BEGIN_DECLS

/*
 * LabRunner runs the chosen models on one workload off the caller's thread,
 * one after another (default) or all at once, and fills a LabComparison that
 * the caller may draw while it grows.
 *
 * Signals are emitted on the thread-default main context of the thread that
 * called lab_runner_run_async():
 *   "model-started" (guint index, const char *model_id)
 *   "model-finished" (guint index, const char *model_id)
 *   "progress" (guint finished_tasks, guint total_tasks), at most every 50 ms
 */

#define LAB_TYPE_RUNNER (lab_runner_get_type ())

G_DECLARE_FINAL_TYPE (LabRunner, lab_runner, LAB, RUNNER, GObject)

LabRunner     *lab_runner_new                   (LabWorkload        *workload);
LabWorkload   *lab_runner_get_workload          (LabRunner          *self);
void           lab_runner_set_models            (LabRunner          *self,
                                                 const LabModel    **models);  /* NULL-terminated */
void           lab_runner_set_entries           (LabRunner          *self,
                                                 const LabRunEntry  *entries,
                                                 guint               n_entries);
void           lab_runner_set_n_workers         (LabRunner          *self,
                                                 guint               n_workers);  /* default: cores */
void           lab_runner_set_switch_interval_ns (LabRunner         *self,
                                                  gint64             ns);          /* default 5 ms */
/* What-if: confine the run to the first @core_limit CPUs (0: all); FALSE
 * with @error when the machine has fewer. */
gboolean       lab_runner_set_core_limit        (LabRunner          *self,
                                                 guint               core_limit,
                                                 GError            **error);
guint          lab_runner_get_core_limit        (LabRunner          *self);
void           lab_runner_set_all_at_once       (LabRunner          *self,
                                                 gboolean            all_at_once);
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
