/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model"

#include "config.h"

#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-model-private.h"

/* What the model files share: a run's start and end on the trace, and one
 * task's phases run on the calling thread. */

static gboolean
hooks_is_cancelled (gpointer data)
{
  LabModelHooks *hooks = data;

  return g_cancellable_is_cancelled (hooks->cancellable);
}

/* CPython's eval loop between two bytecodes: take the GIL when not
 * holding it; when another thread asked for it, the forced switch. */
static gboolean
hooks_hold_gil (gpointer  data,
                gboolean *waited)
{
  LabModelHooks *hooks = data;

  if (!lab_gil_is_held (hooks->gil))
    return lab_gil_acquire (hooks->gil, hooks->cancellable, waited);
  if (lab_gil_drop_requested (hooks->gil))
    {
      *waited = TRUE;
      return lab_gil_yield (hooks->gil, hooks->cancellable);
    }
  *waited = FALSE;
  return TRUE;
}

static void
hooks_release_gil (gpointer data)
{
  LabModelHooks *hooks = data;

  lab_gil_release (hooks->gil);
}

void
_lab_model_hooks_init (LabModelHooks *hooks,
                       GCancellable  *cancellable,
                       LabGil        *gil)
{
  g_assert (hooks != NULL);

  hooks->cancellable = cancellable;
  hooks->gil = gil;
  hooks->hooks = (LabExecHooks) {
    .is_cancelled = cancellable != NULL ? hooks_is_cancelled : NULL,
    .hold_lock = gil != NULL ? hooks_hold_gil : NULL,
    .release_lock = gil != NULL ? hooks_release_gil : NULL,
    .data = hooks,
  };
}

static void
record_to_writer (gpointer  data,
                  guint32   task,
                  LabState  state,
                  gint      core,
                  gint64    begin_ns,
                  gint64    end_ns)
{
  lab_trace_writer_add (data, task, state, core, begin_ns, end_ns);
}

void
_lab_model_recorder_init (LabRecorder    *recorder,
                          LabTraceWriter *writer)
{
  g_assert (recorder != NULL);
  g_assert (writer != NULL);

  recorder->record = record_to_writer;
  recorder->data = writer;
}

double
_lab_model_iterations_per_ms (const LabModelContext *ctx)
{
  return ctx->iterations_per_ms > 0 ? ctx->iterations_per_ms : lab_cpu_calibrate ();
}

gint64
_lab_model_begin (const LabModelContext *ctx,
                  guint                  n_workers)
{
  gint64 now;

  g_assert (ctx != NULL && ctx->trace != NULL && ctx->workload != NULL);

  lab_trace_set_n_workers (ctx->trace, n_workers);
  lab_trace_set_iterations_per_ms (ctx->trace, _lab_model_iterations_per_ms (ctx));
  now = lab_clock_now_ns ();
  lab_trace_begin (ctx->trace, now);
  return now;
}

static gboolean
mark_seen (const LabSegment *segment,
           gpointer          user_data)
{
  guint8 *seen = user_data;

  seen[segment->task / 8] |= (guint8) (1u << (segment->task % 8));
  return TRUE;
}

/* A stopped run's tasks that no worker took were queued until the stop:
 * their lanes say so, instead of staying empty as if they did not exist. */
static void
record_never_taken (const LabModelContext *ctx,
                    guint                  n_tasks,
                    gint64                 end_ns)
{
  g_autofree guint8 *seen = g_malloc0 (n_tasks / 8 + 1);
  gint64 begin_ns = lab_trace_get_begin_ns (ctx->trace);
  LabTraceWriter *writer = lab_trace_get_writer (ctx->trace, 0);

  if (end_ns <= begin_ns)
    return;
  lab_trace_foreach_segment (ctx->trace, mark_seen, seen);
  for (guint32 task = 0; task < n_tasks; task++)
    if ((seen[task / 8] & (1u << (task % 8))) == 0
        && lab_trace_task_get_status (ctx->trace, task) == LAB_TASK_STATUS_PENDING)
      lab_trace_writer_add (writer, task, LAB_STATE_QUEUED, -1, begin_ns, end_ns);
}

void
_lab_model_end (const LabModelContext *ctx)
{
  guint n_tasks = lab_workload_get_n_tasks (ctx->workload);
  gint64 now = lab_clock_now_ns ();

  /* Every worker has ended here, so writer 0 is free to use. */
  if (g_cancellable_is_cancelled (ctx->cancellable))
    record_never_taken (ctx, n_tasks, now);
  /* Only pending tasks change: a status is set once. */
  for (guint32 task = 0; task < n_tasks; task++)
    lab_trace_task_cancelled (ctx->trace, task);
  lab_trace_end (ctx->trace, now);
}

gboolean
_lab_model_run_task (const LabModelContext *ctx,
                     const LabRecorder     *recorder,
                     guint32                task,
                     LabGil                *gil)
{
  LabPhase phases[LAB_MAX_PHASES];
  guint n_phases = lab_workload_get_phases (ctx->workload, task, phases);
  double rate = _lab_model_iterations_per_ms (ctx);
  LabModelHooks hooks;

  _lab_model_hooks_init (&hooks, ctx->cancellable, gil);

  for (guint i = 0; i < n_phases; i++)
    {
      gboolean ok;

      if (phases[i].kind == LAB_PHASE_CPU)
        {
          gint64 cpu_ns = 0;

          ok = lab_exec_cpu (recorder, task, lab_cpu_iterations_for (rate, phases[i].ns),
                             &hooks.hooks, &cpu_ns);
          lab_trace_add_cpu_time (ctx->trace, cpu_ns);
        }
      else
        {
          ok = lab_exec_wait (recorder, task, phases[i].ns, &hooks.hooks);
        }

      if (!ok)
        {
          lab_trace_task_cancelled (ctx->trace, task);
          return FALSE;
        }
    }
  lab_trace_task_done (ctx->trace, task);
  return TRUE;
}
