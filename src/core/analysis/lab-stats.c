/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-stats"

#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-observed.h"
#include "lab-stats.h"

/* The span measured so far: end - begin once finished; up to the live
 * edge while running. */
static gint64
elapsed_of (LabTrace *trace)
{
  gint64 begin = lab_trace_get_begin_ns (trace);
  gint64 end = lab_trace_get_end_ns (trace);

  if (begin == 0)
    return 0;
  if (end == 0)
    end = lab_trace_get_last_ns (trace);
  return MAX (end - begin, 0);
}

typedef struct
{
  LabTaskStats *tasks;
  guint         n_tasks;
  gint64        origin;
} Gather;

static gboolean
gather_segment (const LabSegment *segment,
                gpointer          user_data)
{
  Gather *g = user_data;
  LabTaskStats *t;
  gint64 begin;
  gint64 end;

  if (segment->task >= g->n_tasks || segment->state >= LAB_N_STATES)
    return TRUE;

  t = &g->tasks[segment->task];
  begin = segment->begin_ns - g->origin;
  end = segment->end_ns - g->origin;
  if (t->begin_ns < 0 || begin < t->begin_ns)
    t->begin_ns = begin;
  t->end_ns = MAX (t->end_ns, end);
  t->state_ns[segment->state] += segment->end_ns - segment->begin_ns;
  return TRUE;
}

static gboolean
find_first_begin (const LabSegment *segment,
                  gpointer          user_data)
{
  gint64 *first = user_data;

  if (*first == 0 || segment->begin_ns < *first)
    *first = segment->begin_ns;
  return TRUE;
}

/**
 * lab_trace_compute_task_stats:
 * @trace: a trace, finished or still recording
 *
 * Times are relative to the trace's begin (or, before it has one, to its
 * first segment). A task with no segment yet has begin, end and response
 * of -1.
 *
 * Returns: (transfer full): a #GArray of #LabTaskStats, one per task
 */
GArray *
lab_trace_compute_task_stats (LabTrace *trace)
{
  Gather g;
  GArray *array;

  g_return_val_if_fail (trace != NULL, NULL);

  g.n_tasks = lab_trace_get_n_tasks (trace);
  array = g_array_sized_new (FALSE, TRUE, sizeof (LabTaskStats), g.n_tasks);
  g_array_set_size (array, g.n_tasks);
  g.tasks = (LabTaskStats *) (gpointer) array->data;

  g.origin = lab_trace_get_begin_ns (trace);
  if (g.origin == 0)
    lab_trace_foreach_segment (trace, find_first_begin, &g.origin);

  for (guint i = 0; i < g.n_tasks; i++)
    {
      g.tasks[i].task = i;
      g.tasks[i].status = lab_trace_task_get_status (trace, i);
      g.tasks[i].begin_ns = -1;
      g.tasks[i].end_ns = -1;
    }
  lab_trace_foreach_segment (trace, gather_segment, &g);
  for (guint i = 0; i < g.n_tasks; i++)
    g.tasks[i].response_ns = g.tasks[i].end_ns;
  return array;
}

static gboolean
sum_running (const LabSegment *segment,
             gpointer          user_data)
{
  if (segment->state == LAB_STATE_RUNNING)
    *(gint64 *) user_data += segment->end_ns - segment->begin_ns;
  return TRUE;
}

/**
 * lab_trace_compute_stats:
 * @trace: a trace, finished or still recording
 * @out_stats: (out caller-allocates): the statistics
 *
 * cpu_ns is the thread CPU time the model reported with
 * lab_trace_add_cpu_time(), or, where it reported none, the time its
 * tasks were `running`.
 */
void
lab_trace_compute_stats (LabTrace      *trace,
                         LabTraceStats *out_stats)
{
  g_autoptr(GArray) tasks = NULL;
  LabWorkload *workload;
  gint64 response_sum = 0;
  guint n_responses = 0;
  guint n_cores;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out_stats != NULL);

  memset (out_stats, 0, sizeof *out_stats);
  workload = lab_trace_get_workload (trace);

  out_stats->elapsed_ns = elapsed_of (trace);
  out_stats->cpu_ns = lab_trace_get_cpu_ns (trace);
  /* Another tool's spans are work under way, not CPU time: unknown. */
  if (lab_trace_get_observed (trace) != NULL
      && !lab_observed_is_measured (lab_trace_get_observed (trace)))
    out_stats->cpu_ns = -1;
  else if (out_stats->cpu_ns == 0)
    lab_trace_foreach_segment (trace, sum_running, &out_stats->cpu_ns);
  /* A what-if run confined to fewer cores could use only those. */
  n_cores = lab_trace_get_n_cores (trace);
  if (lab_trace_get_core_limit (trace) > 0)
    n_cores = MIN (n_cores, lab_trace_get_core_limit (trace));
  /* An observed program had no plan: the machine's cores were its to use. */
  out_stats->usable_cores = workload != NULL
                              ? lab_workload_usable_cores (workload, n_cores,
                                                           lab_trace_get_n_workers (trace))
                              : MAX (n_cores, 1);

  tasks = lab_trace_compute_task_stats (trace);
  for (guint i = 0; i < tasks->len; i++)
    {
      const LabTaskStats *t = &g_array_index (tasks, LabTaskStats, i);

      switch (t->status)
        {
        case LAB_TASK_STATUS_DONE:
          out_stats->n_done++;
          break;
        case LAB_TASK_STATUS_FAILED:
          out_stats->n_failed++;
          break;
        case LAB_TASK_STATUS_CANCELLED:
          out_stats->n_cancelled++;
          break;
        case LAB_TASK_STATUS_PENDING:
        default:
          break;
        }
      for (guint s = 0; s < LAB_N_STATES; s++)
        out_stats->state_ns[s] += t->state_ns[s];
      if (t->status == LAB_TASK_STATUS_DONE && t->response_ns >= 0)
        {
          response_sum += t->response_ns;
          out_stats->max_response_ns = MAX (out_stats->max_response_ns, t->response_ns);
          n_responses++;
        }
    }
  out_stats->mean_response_ns = n_responses > 0 ? response_sum / n_responses : 0;
}
