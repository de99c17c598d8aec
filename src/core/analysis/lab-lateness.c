/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-lateness"

#include "config.h"

#include <string.h>

#include "lab-lateness.h"

/*
 * Lateness is read from the segments and the waits the tasks asked for:
 * a wait's pieces (a long wait is handed over in pieces of 100 ms) end
 * where the task's `waiting-io` stops, and the `ready` or `waiting-lock`
 * that follows without a gap is time the task was due and did not run.
 * The same reading serves every model and saved files of any version.
 */

/* Pieces of one wait, and what follows it, touch; this much slack covers
 * a clock read between two of them. */
#define TOUCH_NS 10000

static gboolean
is_late_state (guint8 state)
{
  return state == LAB_STATE_READY || state == LAB_STATE_WAITING_LOCK;
}

/* The lateness of one task, whose segments are @s[0 .. n), sorted by
 * begin; -1 when it has no wait. */
static gint64
task_lateness (const LabSegment *s,
               guint             n,
               const LabPhase   *phases,
               guint             n_phases)
{
  gint64 late = -1;
  guint phase = 0;
  guint i = 0;

  while (i < n)
    {
      gint64 begin, end, due;

      if (s[i].state != LAB_STATE_WAITING_IO)
        {
          i++;
          continue;
        }
      while (phase < n_phases && phases[phase].kind != LAB_PHASE_IO)
        phase++;
      if (phase >= n_phases)
        break;
      begin = s[i].begin_ns;
      end = s[i].end_ns;
      for (i++; i < n && s[i].state == LAB_STATE_WAITING_IO && s[i].begin_ns <= end + TOUCH_NS; i++)
        end = MAX (end, s[i].end_ns);
      due = begin + phases[phase++].ns;
      for (; i < n && is_late_state (s[i].state) && s[i].begin_ns <= end + TOUCH_NS; i++)
        end = MAX (end, s[i].end_ns);
      late = MAX (late, 0) + MAX (end - due, 0);
    }
  return late;
}

/**
 * lab_lateness_per_task:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of gint64, one per task: its
 *   lateness in nanoseconds (see #LabLateness), or -1 for a task that
 *   never waited or is not done
 */
GArray *
lab_lateness_per_task (LabTrace *trace)
{
  LabWorkload *workload;
  g_autoptr(GArray) segments = NULL;
  GArray *lateness;
  guint n_tasks;
  guint first = 0;

  g_return_val_if_fail (trace != NULL, NULL);

  workload = lab_trace_get_workload (trace);
  n_tasks = lab_trace_get_n_tasks (trace);
  lateness = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_tasks);
  for (guint t = 0; t < n_tasks; t++)
    {
      gint64 none = -1;

      g_array_append_val (lateness, none);
    }
  /* An observed program planned no waits: none can be late. */
  if (workload == NULL)
    return lateness;

  segments = lab_trace_copy_segments (trace);
  while (first < segments->len)
    {
      const LabSegment *s = &g_array_index (segments, LabSegment, first);
      guint32 task = s->task;
      guint n = 0;
      LabPhase phases[LAB_MAX_PHASES];
      guint n_phases;

      while (first + n < segments->len && s[n].task == task)
        n++;
      first += n;
      if (task >= n_tasks || lab_trace_task_get_status (trace, task) != LAB_TASK_STATUS_DONE)
        continue;
      n_phases = lab_workload_get_phases (workload, task, phases);
      g_array_index (lateness, gint64, task) = task_lateness (s, n, phases, n_phases);
    }
  return lateness;
}

static gint
compare_ns (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/**
 * lab_lateness_compute:
 * @trace: a trace
 * @out: (out caller-allocates): the median, 99th percentile and largest
 *   lateness over the tasks that waited and are done
 */
void
lab_lateness_compute (LabTrace    *trace,
                      LabLateness *out)
{
  g_autoptr(GArray) per_task = NULL;
  g_autoptr(GArray) late = NULL;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  per_task = lab_lateness_per_task (trace);
  late = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint t = 0; t < per_task->len; t++)
    if (g_array_index (per_task, gint64, t) >= 0)
      g_array_append_val (late, g_array_index (per_task, gint64, t));
  if (late->len == 0)
    return;
  g_array_sort (late, compare_ns);
  out->n_tasks = late->len;
  /* Nearest rank: the smallest value with at least p of the tasks at or
   * below it. */
  out->median_ns = g_array_index (late, gint64, (late->len + 1) / 2 - 1);
  out->p99_ns = g_array_index (late, gint64, (guint) MIN (late->len - 1,
                                                           (99 * (guint64) late->len + 99) / 100 - 1));
  out->max_ns = g_array_index (late, gint64, late->len - 1);
}
