/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/*
 * Statistics of a finished (or running) trace, all measured: times, task
 * counts and the time spent in each state. The figures that compare (speedup,
 * efficiency, the ideal time) are lab-figures.h's. Workers 0 means one per
 * task. A trace confined to fewer cores (a what-if run's core limit) counts
 * only those.
 */
typedef struct
{
  gint64  elapsed_ns;
  gint64  cpu_ns;         /* -1 where not measured (another tool's trace) */
  guint   usable_cores;   /* min (core limit, cores, workers, tasks), at least 1 */
  guint   n_done;
  guint   n_failed;
  guint   n_cancelled;
  gint64  state_ns[LAB_N_STATES];  /* summed over all tasks */
  gint64  mean_response_ns;  /* over done tasks: run start to task end */
  gint64  max_response_ns;
} LabTraceStats;

typedef struct
{
  guint32       task;
  LabTaskStatus status;
  gint64        begin_ns;        /* relative to the trace's begin; first segment */
  gint64        end_ns;          /* relative; last segment */
  gint64        response_ns;     /* end_ns: from the run's start to the task's end */
                                 /* begin, end and response are -1 for a task without segments */
  gint64        state_ns[LAB_N_STATES];
} LabTaskStats;

void     lab_trace_compute_stats      (LabTrace      *trace,
                                       LabTraceStats *out_stats);
/* Returns an array of LabTaskStats, one per task. */
GArray  *lab_trace_compute_task_stats (LabTrace      *trace);

G_END_DECLS
