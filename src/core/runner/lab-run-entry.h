/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-comparison.h"
#include "lab-model.h"

G_BEGIN_DECLS

/**
 * LabRunEntry:
 * @model: the model to run
 * @n_workers: its threads or processes: 0 for one per task, or
 *   %LAB_RUN_WORKERS_DEFAULT for the run's own setting
 *
 * One panel of a run: a model and how many workers it gets. A run is a list
 * of entries, so that one model can run twice with different worker counts
 * (a thread per task beside a thread per core) and each run tells the
 * trace its own count. Parsed here, where the models are known; a
 * #LabRunPlan holds each as its model's id and the count.
 */
typedef struct
{
  const LabModel *model;
  guint           n_workers;
} LabRunEntry;

GArray   *lab_run_entries_parse       (const char        *text,
                                       guint              n_cores,
                                       GError           **error);
GArray   *lab_run_entries_from_models (const LabModel   **models);
char     *lab_run_entry_to_string     (const LabRunEntry *entry);
gboolean  lab_run_entries_has_model   (GArray            *entries,
                                       const LabModel    *model);
/* Adds every entry of @entries (of LabRunEntry) to a plan being built. */
void      lab_run_entries_add_to_plan (GArray            *entries,
                                       LabRunPlanBuilder *builder);
/* The name of entry @index of @comparison's plan, as panels show it. */
char     *lab_run_entry_dup_name      (LabComparison     *comparison,
                                       guint              index);

G_END_DECLS
