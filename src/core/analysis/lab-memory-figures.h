/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/**
 * LabMemoryFigures:
 * @measured: at least one sample was read whole; every other field is
 *   meaningful only then
 * @source: the least precise file any sample was read from
 * @n_samples: samples taken, gaps included
 * @n_gaps: samples that could not be read whole (a process vanished or
 *   could not be read)
 * @baseline_rss_bytes: the program (and workers) before the model's tasks
 *   began: the first whole sample
 * @peak_rss_bytes: the most resident memory of the program and its worker
 *   processes at any sample, the trace included
 * @peak_pss_bytes: the same in proportional set size, or
 *   %LAB_MEMORY_NOT_MEASURED where only statm could be read
 * @per_task_bytes: the growth of resident memory over the baseline, less
 *   the growth of the trace's own records (the measurement, not the
 *   model), divided by the tasks in flight at that moment; taken at the
 *   sample with the most tasks in flight (the largest growth among
 *   equals). %LAB_MEMORY_NOT_MEASURED when no whole sample had a task in
 *   flight, and for a traced program (its lanes are threads, which hold
 *   nothing of their own that could be told apart)
 * @tasks_in_flight: the tasks in flight at that sample
 * @per_worker_rss_bytes: for a model with worker processes, their resident
 *   memory divided by their number, at the sample with the most of them;
 *   %LAB_MEMORY_NOT_MEASURED without workers
 * @per_worker_pss_bytes: the same in proportional set size
 * @max_workers: the most worker processes measured at once
 *
 * What one model held in memory, from the samples of its trace
 * (lab-memory-sampler.c), never from the plan.
 */
typedef struct
{
  gboolean        measured;
  LabMemorySource source;
  guint           n_samples;
  guint           n_gaps;
  gint64          baseline_rss_bytes;
  gint64          peak_rss_bytes;
  gint64          peak_pss_bytes;
  gint64          per_task_bytes;
  guint           tasks_in_flight;
  gint64          per_worker_rss_bytes;
  gint64          per_worker_pss_bytes;
  guint           max_workers;
} LabMemoryFigures;

void     lab_memory_figures_init    (LabMemoryFigures *out);
void     lab_memory_figures_compute (LabTrace         *trace,
                                     LabMemoryFigures *out);

G_END_DECLS
