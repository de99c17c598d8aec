/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lab-trace.h"

G_BEGIN_DECLS

/**
 * LabLateness:
 * @n_tasks: the tasks that waited and are done: what the figures are over
 * @median_ns: their median lateness
 * @p99_ns: the 99th percentile (nearest rank: with fewer than 100 tasks,
 *   the largest)
 * @max_ns: the largest
 *
 * How late the waiting tasks were. A wait is due when its time is up (it
 * began, plus the wait the task asked for); the task is late from then
 * until it runs again: what the wait overran, and the time it was `ready`
 * or `waiting-lock` right after (an event loop busy with a computation, a
 * lock held by another thread). A task's lateness is the sum over its
 * waits. All figures are 0 with @n_tasks 0.
 */
typedef struct
{
  guint  n_tasks;
  gint64 median_ns;
  gint64 p99_ns;
  gint64 max_ns;
} LabLateness;

GArray  *lab_lateness_per_task  (LabTrace    *trace);
void     lab_lateness_compute   (LabTrace    *trace,
                                 LabLateness *out);

G_END_DECLS
