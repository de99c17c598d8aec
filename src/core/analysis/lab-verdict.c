/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-verdict"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lab-duration.h"
#include "lab-stats.h"
#include "lab-verdict.h"

/*
 * A verdict explains the measured time in the terms of the lessons: which
 * mechanism made this run as long as it was. The choice reads only the
 * measurement (state shares, busy cores, the serial fraction, start-up
 * and hand-over time), so the same model can earn different verdicts:
 * threads on a one-core machine are told "one core for all the math",
 * processes that spend their run starting up are told what that cost.
 *
 * A prediction that was too high is explained by what saved time (waits
 * that overlapped, cores that computed at once); one too low by what cost
 * time (the lock, start-up, a blocked loop, sliced cores, one core for the
 * math, tasks one after another). A right one names what saved time if
 * anything did, else what set the time.
 */

/* Within this share of the prediction, the prediction was right. */
#define RIGHT_TOLERANCE 0.10

static const char *const reason_ids[LAB_N_VERDICT_REASONS] = {
  [LAB_VERDICT_REASON_WAITS_OVERLAP]     = "waits-overlap",
  [LAB_VERDICT_REASON_CORES_AT_ONCE]     = "cores-at-once",
  [LAB_VERDICT_REASON_LOCK]              = "lock",
  [LAB_VERDICT_REASON_STARTUP]           = "startup",
  [LAB_VERDICT_REASON_LOOP_BLOCKED]      = "loop-blocked",
  [LAB_VERDICT_REASON_OVERSUBSCRIBED]    = "oversubscribed",
  [LAB_VERDICT_REASON_CORES_LIMIT]       = "cores-limit",
  [LAB_VERDICT_REASON_ONE_CORE]          = "one-core",
  [LAB_VERDICT_REASON_PREEMPTED]         = "preempted",
  [LAB_VERDICT_REASON_WORKERS_LIMIT]     = "workers-limit",
  [LAB_VERDICT_REASON_LONGEST_TASK]      = "longest-task",
  [LAB_VERDICT_REASON_ONE_AFTER_ANOTHER] = "one-after-another",
};

/**
 * lab_verdict_reason_to_string:
 * @reason: a reason
 *
 * Returns: a stable id such as "waits-overlap", for files and tests
 */
const char *
lab_verdict_reason_to_string (LabVerdictReason reason)
{
  g_return_val_if_fail (reason < LAB_N_VERDICT_REASONS, NULL);

  return reason_ids[reason];
}

/* The measured figures the rules below read, each from the analysis. */
typedef struct
{
  const LabTraceAnalysis *a;
  LabTrace *trace;
  double  span;
  gint64  difference;      /* |measured − predicted| */
  double  io_saved;        /* waiting task-time beyond its wall time */
  double  cores_saved;     /* busy core-time beyond the time anything ran */
  double  busy_running;    /* cores busy on average while anything ran */
  guint   n_cpu_tasks;
  gint64  longest_ns;      /* the longest task, queued time left out */
} Figures;

static void
measure (LabTrace               *trace,
         const LabTraceAnalysis *a,
         gint64                  predicted_ns,
         Figures                *f)
{
  LabWorkload *workload = lab_trace_get_workload (trace);
  g_autoptr(GArray) tasks = lab_trace_compute_task_stats (trace);
  double busy_ns = a->mean_busy * (double) a->span_ns;
  gint64 run_wall = a->state_wall_ns[LAB_STATE_RUNNING];

  memset (f, 0, sizeof *f);
  f->a = a;
  f->trace = trace;
  f->span = (double) a->span_ns;
  f->difference = ABS (a->span_ns - predicted_ns);
  f->io_saved = (double) (a->state_ns[LAB_STATE_WAITING_IO] - a->state_wall_ns[LAB_STATE_WAITING_IO]);
  f->cores_saved = busy_ns - (double) run_wall;
  f->busy_running = run_wall > 0 ? busy_ns / (double) run_wall : 0.0;
  for (guint i = 0; i < lab_workload_get_n_tasks (workload); i++)
    if (lab_workload_get_task (workload, i)->kind != LAB_TASK_KIND_IO)
      f->n_cpu_tasks++;
  for (guint i = 0; i < tasks->len; i++)
    {
      const LabTaskStats *t = &g_array_index (tasks, LabTaskStats, i);

      if (t->begin_ns >= 0)
        f->longest_ns = MAX (f->longest_ns,
                             t->end_ns - t->begin_ns - t->state_ns[LAB_STATE_QUEUED]);
    }
}

/* What saved time, the larger saving first; FALSE when nothing saved a
 * tenth of the run. */
static gboolean
explain_saving (const Figures *f,
                LabVerdict    *v)
{
  double least = 0.10 * f->span;

  if (f->io_saved < least && f->cores_saved < least)
    return FALSE;
  if (f->io_saved >= f->cores_saved)
    v->reason = LAB_VERDICT_REASON_WAITS_OVERLAP;
  else
    v->reason = LAB_VERDICT_REASON_CORES_AT_ONCE;
  return TRUE;
}

/* What cost time, the most specific mechanism first. */
static gboolean
explain_cost (const Figures *f,
              LabVerdict    *v,
              gboolean       right)
{
  const LabTraceAnalysis *a = f->a;
  double ready = a->state_share[LAB_STATE_READY];
  gboolean computes = f->n_cpu_tasks > 0 && a->state_wall_ns[LAB_STATE_RUNNING] > 0;
  double overhead = (double) a->overhead_wall_ns;

  if (a->state_share[LAB_STATE_WAITING_LOCK] >= 0.10)
    v->reason = LAB_VERDICT_REASON_LOCK;
  else if (right ? overhead >= 0.10 * f->span
                 : overhead >= 0.02 * f->span && overhead >= 0.25 * (double) f->difference)
    v->reason = LAB_VERDICT_REASON_STARTUP;
  else if (a->n_workers_seen == 1 && ready >= 0.05 && a->state_ns[LAB_STATE_WAITING_IO] > 0)
    v->reason = LAB_VERDICT_REASON_LOOP_BLOCKED;
  else if (ready >= 0.10 && a->n_workers_seen > MAX (a->max_busy, 1))
    v->reason = LAB_VERDICT_REASON_OVERSUBSCRIBED;
  else if (computes && f->busy_running >= 1.5 && f->n_cpu_tasks > a->max_busy)
    v->reason = LAB_VERDICT_REASON_CORES_LIMIT;
  else if (computes && f->busy_running < 1.5
           && a->state_share[LAB_STATE_RUNNING] >= 0.25)
    v->reason = LAB_VERDICT_REASON_ONE_CORE;
  else if (a->n_workers_seen >= 2 && a->state_share[LAB_STATE_QUEUED] >= 0.20
           && a->max_in_flight <= a->n_workers_seen
           && a->max_in_flight < lab_trace_get_n_tasks (f->trace))
    v->reason = LAB_VERDICT_REASON_WORKERS_LIMIT;
  else if (ready >= 0.10)
    v->reason = LAB_VERDICT_REASON_PREEMPTED;
  else if (!right && f->io_saved >= 0.10 * f->span)
    v->reason = LAB_VERDICT_REASON_LONGEST_TASK;
  else if (!isnan (a->progress_serial_share) && a->progress_serial_share >= 0.8)
    v->reason = LAB_VERDICT_REASON_ONE_AFTER_ANOTHER;
  else
    return FALSE;
  return TRUE;
}

/**
 * lab_verdict_available:
 * @trace: a trace
 * @predicted_ns: a prediction of its total time; 0 for none
 *
 * Whether lab_verdict_judge() has something to judge, without its sweep
 * over the segments: a layout asks at every pointer move.
 *
 * Returns: %TRUE for a prediction and a complete trace (not stopped, no
 *   task failed) that measured a time: a part of the work is judged by
 *   nothing
 */
gboolean
lab_verdict_available (LabTrace *trace,
                       gint64    predicted_ns)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return predicted_ns > 0 && lab_trace_is_complete (trace)
         && lab_trace_get_begin_ns (trace) != 0
         && lab_trace_get_end_ns (trace) > lab_trace_get_begin_ns (trace);
}

/**
 * lab_verdict_judge_analysis:
 * @trace: a finished trace
 * @analysis: its analysis, from lab_analysis_compute()
 * @predicted_ns: the learner's prediction of its total time
 * @out: (out caller-allocates): the verdict
 *
 * As lab_verdict_judge(), for a caller that has the analysis already.
 *
 * Returns: %FALSE when there is nothing to judge: no prediction, a trace
 *   still recording, or one that measured nothing
 */
gboolean
lab_verdict_judge_analysis (LabTrace               *trace,
                            const LabTraceAnalysis *analysis,
                            gint64                  predicted_ns,
                            LabVerdict             *out)
{
  Figures f;
  gboolean explained;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (analysis != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (predicted_ns <= 0 || !lab_trace_is_complete (trace) || analysis->span_ns <= 0)
    return FALSE;

  measure (trace, analysis, predicted_ns, &f);
  out->measured_ns = analysis->span_ns;
  out->predicted_ns = predicted_ns;
  out->n_cores = MAX (analysis->max_busy, 1);
  out->n_workers = analysis->n_workers_seen;
  out->n_tasks = lab_trace_get_n_tasks (trace);
  out->processes = analysis->state_wall_ns[LAB_STATE_SPAWNING] > 0
                   || analysis->state_wall_ns[LAB_STATE_IPC] > 0;

  if ((double) f.difference <= RIGHT_TOLERANCE * (double) predicted_ns)
    out->outcome = LAB_VERDICT_RIGHT;
  else
    out->outcome = analysis->span_ns < predicted_ns ? LAB_VERDICT_FASTER : LAB_VERDICT_SLOWER;

  switch (out->outcome)
    {
    case LAB_VERDICT_FASTER:
      explained = explain_saving (&f, out) || explain_cost (&f, out, FALSE);
      break;
    case LAB_VERDICT_SLOWER:
      explained = explain_cost (&f, out, FALSE) || explain_saving (&f, out);
      break;
    case LAB_VERDICT_RIGHT:
    default:
      explained = explain_saving (&f, out) || explain_cost (&f, out, TRUE);
      break;
    }
  if (!explained)
    out->reason = LAB_VERDICT_REASON_ONE_AFTER_ANOTHER;

  if (out->reason == LAB_VERDICT_REASON_STARTUP)
    out->cost_ns = analysis->overhead_wall_ns;
  else if (out->reason == LAB_VERDICT_REASON_LONGEST_TASK)
    out->cost_ns = f.longest_ns;
  else if (out->reason == LAB_VERDICT_REASON_CORES_LIMIT)
    out->n_workers = f.n_cpu_tasks;
  out->spawning_ns = analysis->state_wall_ns[LAB_STATE_SPAWNING];
  return TRUE;
}

/**
 * lab_verdict_judge:
 * @trace: a finished trace
 * @predicted_ns: the learner's prediction of its total time
 * @out: (out caller-allocates): the verdict
 *
 * Compares the prediction with the measured elapsed time (right when
 * within 10 % of the prediction) and chooses the mechanism that explains
 * the measurement (see #LabVerdictReason).
 *
 * Returns: %FALSE when there is nothing to judge: no prediction, a trace
 *   still recording, or one that measured nothing
 */
gboolean
lab_verdict_judge (LabTrace   *trace,
                   gint64      predicted_ns,
                   LabVerdict *out)
{
  LabTraceAnalysis analysis;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  /* The sweep is not free on a large trace: only where there is a verdict. */
  if (!lab_verdict_available (trace, predicted_ns))
    {
      memset (out, 0, sizeof *out);
      return FALSE;
    }
  lab_analysis_compute (trace, &analysis);
  return lab_verdict_judge_analysis (trace, &analysis, predicted_ns, out);
}

/**
 * lab_verdict_explain:
 * @verdict: a verdict
 *
 * Returns: (transfer full): the explanation alone, translated: "the waits
 *   overlap"
 */
char *
lab_verdict_explain (const LabVerdict *verdict)
{
  g_autofree char *cost = NULL;

  g_return_val_if_fail (verdict != NULL, NULL);

  switch (verdict->reason)
    {
    case LAB_VERDICT_REASON_WAITS_OVERLAP:
      return g_strdup (_("the waits overlap"));
    case LAB_VERDICT_REASON_CORES_AT_ONCE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u core computed at once",
                                           "%u cores computed at once", verdict->n_cores),
                              verdict->n_cores);
    case LAB_VERDICT_REASON_LOCK:
      return g_strdup (_("the lock let one thread compute at a time"));
    case LAB_VERDICT_REASON_STARTUP:
      cost = lab_duration_format (verdict->cost_ns);
      if (2 * verdict->spawning_ns >= verdict->cost_ns)
        return g_strdup_printf (_("starting the worker processes cost %s"), cost);
      return g_strdup_printf (_("handing the work to the processes and back cost %s"), cost);
    case LAB_VERDICT_REASON_LOOP_BLOCKED:
      return g_strdup (_("a computation blocked the loop, so the waits ended late"));
    case LAB_VERDICT_REASON_OVERSUBSCRIBED:
      if (verdict->processes && verdict->n_cores == 1)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the OS shared one core among %u process",
                                             "the OS shared one core among %u processes",
                                             verdict->n_workers),
                                verdict->n_workers);
      if (verdict->processes)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the OS shared %u cores among %u process",
                                             "the OS shared %u cores among %u processes",
                                             verdict->n_workers),
                                verdict->n_cores, verdict->n_workers);
      if (verdict->n_cores == 1)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "the OS shared one core among %u thread",
                                             "the OS shared one core among %u threads",
                                             verdict->n_workers),
                                verdict->n_workers);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "the OS shared %u cores among %u thread",
                                           "the OS shared %u cores among %u threads",
                                           verdict->n_workers),
                              verdict->n_cores, verdict->n_workers);
    case LAB_VERDICT_REASON_CORES_LIMIT:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u cores for %u task of math, so they took turns",
                                           "%u cores for %u tasks of math, so they took turns",
                                           verdict->n_workers),
                              verdict->n_cores, verdict->n_workers);
    case LAB_VERDICT_REASON_ONE_CORE:
      return g_strdup (_("one core for all the math"));
    case LAB_VERDICT_REASON_PREEMPTED:
      return g_strdup (_("other programs took the cores now and then"));
    case LAB_VERDICT_REASON_WORKERS_LIMIT:
      if (verdict->processes)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "only %u processes for %u task, so it waited its turn",
                                             "only %u processes for %u tasks, so they waited their turn",
                                             verdict->n_tasks),
                                verdict->n_workers, verdict->n_tasks);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "only %u threads for %u task, so it waited its turn",
                                           "only %u threads for %u tasks, so they waited their turn",
                                           verdict->n_tasks),
                              verdict->n_workers, verdict->n_tasks);
    case LAB_VERDICT_REASON_LONGEST_TASK:
      cost = lab_duration_format (verdict->cost_ns);
      return g_strdup_printf (_("the longest task alone takes %s"), cost);
    case LAB_VERDICT_REASON_ONE_AFTER_ANOTHER:
    case LAB_N_VERDICT_REASONS:
    default:
      return g_strdup (_("one task after another, so the times add up"));
    }
}

/**
 * lab_verdict_to_string:
 * @verdict: a verdict
 *
 * Returns: (transfer full): the verdict's one line, translated: "Measured
 *   3.00 s, you said 6.00 s: the waits overlap"
 */
char *
lab_verdict_to_string (const LabVerdict *verdict)
{
  g_autofree char *measured = NULL;
  g_autofree char *predicted = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (verdict != NULL, NULL);

  measured = lab_duration_format (verdict->measured_ns);
  predicted = lab_duration_format (verdict->predicted_ns);
  why = lab_verdict_explain (verdict);
  if (verdict->outcome == LAB_VERDICT_RIGHT)
    /* Translators: a prediction within 10 % of the measurement; the last
     * %s is why the run took that long, e.g. "the waits overlap". */
    return g_strdup_printf (_("Measured %s, you said %s: right, %s"), measured, predicted, why);
  /* Translators: the last %s is why the run differs from the prediction,
   * e.g. "the waits overlap". */
  return g_strdup_printf (_("Measured %s, you said %s: %s"), measured, predicted, why);
}

/**
 * lab_verdict_describe:
 * @trace: a trace
 * @predicted_ns: the prediction of its total time; 0 for none
 *
 * Returns: (transfer full) (nullable): the verdict's line, or %NULL when
 *   there is nothing to judge (see lab_verdict_judge())
 */
char *
lab_verdict_describe (LabTrace *trace,
                      gint64    predicted_ns)
{
  LabVerdict verdict;

  g_return_val_if_fail (trace != NULL, NULL);

  if (!lab_verdict_judge (trace, predicted_ns, &verdict))
    return NULL;
  return lab_verdict_to_string (&verdict);
}
