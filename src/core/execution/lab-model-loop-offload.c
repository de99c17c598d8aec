/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-loop-offload"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-model-event-loop-private.h"

/*
 * loop-offload: the event loop of lab-model-event-loop.c, with every CPU
 * phase handed to a pool of threads (asyncio's run_in_executor). The loop
 * stays free to end waits on time; the task is `queued` until a pool thread
 * takes the phase, `running` there, and resumes on the loop when the result
 * is back (`ready` for the moment the loop takes to see it).
 *
 * The pool is sized to the workers asked for (default: one per core), never
 * more than the tasks that compute. Pool thread i records as worker 1 + i;
 * worker 0 is the loop.
 */

static LabLoopJob stop_job;

static gpointer
pool_main (gpointer data)
{
  LabLoopPoolThread *self = data;
  LabLoop *loop = self->loop;
  const LabModelContext *ctx = loop->ctx;
  g_autoptr(LabAffinityScope) cores = lab_affinity_enter (ctx->affinity);
  LabRecorder recorder;
  LabModelHooks hooks;

  /* Worker 0 is the loop thread. */
  _lab_model_recorder_init (&recorder, lab_trace_get_writer (ctx->trace, 1 + self->index));
  _lab_model_hooks_init (&hooks, ctx->cancellable, NULL);

  for (;;)
    {
      g_autofree LabLoopJob *job = g_async_queue_pop (loop->jobs);
      LabLoopWake wake = { .cause = LAB_LOOP_WAKE_POOL, .ok = TRUE };
      gint64 cpu_ns = 0;
      gint64 now;

      if (job == &stop_job)
        {
          job = NULL;
          break;
        }
      /* Left pending: the loop is quitting and will mark it cancelled. */
      if (g_cancellable_is_cancelled (ctx->cancellable))
        continue;

      now = lab_clock_now_ns ();
      if (now > job->submitted_ns)
        recorder.record (recorder.data, job->task, LAB_STATE_QUEUED, -1, job->submitted_ns, now);
      wake.ok = lab_exec_cpu (&recorder, job->task, job->iterations, &hooks.hooks, &cpu_ns);
      lab_trace_add_cpu_time (ctx->trace, cpu_ns);
      wake.task = job->task;
      wake.since_ns = lab_clock_now_ns ();

      g_mutex_lock (&loop->done_mutex);
      g_array_append_val (loop->done, wake);
      g_atomic_int_set (&loop->n_done, loop->done->len);
      g_mutex_unlock (&loop->done_mutex);
      g_main_context_wakeup (loop->context);
    }
  return NULL;
}

guint
_lab_loop_pool_count (const LabModelContext *ctx)
{
  guint n_cpu_tasks = 0;
  guint n_tasks = lab_workload_get_n_tasks (ctx->workload);
  guint wanted = ctx->n_workers > 0 ? ctx->n_workers : lab_cpu_count ();

  for (guint i = 0; i < n_tasks && n_cpu_tasks < wanted; i++)
    if (lab_workload_get_task (ctx->workload, i)->kind != LAB_TASK_KIND_IO)
      n_cpu_tasks++;
  return MIN (MIN (wanted, n_cpu_tasks), LAB_MAX_THREADS);
}

gboolean
_lab_loop_pool_start (LabLoop  *loop,
                      GError  **error)
{
  loop->jobs = g_async_queue_new ();
  loop->done = g_array_new (FALSE, FALSE, sizeof (LabLoopWake));
  loop->pool = g_new0 (GThread *, MAX (loop->n_pool, 1));
  loop->pool_threads = g_new0 (LabLoopPoolThread, MAX (loop->n_pool, 1));
  for (guint i = 0; i < loop->n_pool; i++)
    {
      loop->pool_threads[i].loop = loop;
      loop->pool_threads[i].index = i;
      loop->pool[i] = g_thread_try_new ("lab-offload", pool_main, &loop->pool_threads[i], error);
      if (loop->pool[i] == NULL)
        {
          loop->n_pool = i;
          return FALSE;
        }
    }
  return TRUE;
}

void
_lab_loop_pool_submit (LabLoop *loop,
                       guint32  task,
                       guint64  iterations)
{
  LabLoopJob *job = g_new (LabLoopJob, 1);

  job->task = task;
  job->iterations = iterations;
  job->submitted_ns = lab_clock_now_ns ();
  g_async_queue_push (loop->jobs, job);
}

void
_lab_loop_pool_stop (LabLoop *loop)
{
  if (loop->jobs == NULL)
    return;
  /* In front of any job left over from a cancel, which the threads would
   * skip anyway. */
  for (guint i = 0; i < loop->n_pool; i++)
    g_async_queue_push_front (loop->jobs, &stop_job);
  for (guint i = 0; i < loop->n_pool; i++)
    g_thread_join (loop->pool[i]);
  for (LabLoopJob *job; (job = g_async_queue_try_pop (loop->jobs)) != NULL; )
    if (job != &stop_job)
      g_free (job);
  g_clear_pointer (&loop->jobs, g_async_queue_unref);
  g_clear_pointer (&loop->done, g_array_unref);
  g_clear_pointer (&loop->pool, g_free);
  g_clear_pointer (&loop->pool_threads, g_free);
}

void
_lab_loop_pool_take_done (LabLoop *loop)
{
  if (g_atomic_int_get (&loop->n_done) == 0)
    return;
  g_mutex_lock (&loop->done_mutex);
  g_array_append_vals (loop->ready, loop->done->data, loop->done->len);
  g_array_set_size (loop->done, 0);
  g_atomic_int_set (&loop->n_done, 0);
  g_mutex_unlock (&loop->done_mutex);
}

static gboolean
loop_offload_run (const LabModelContext *ctx,
                  GError               **error)
{
  return _lab_loop_run (ctx, TRUE, error);
}

const LabModel lab_model_loop_offload = {
  .id = "loop-offload",
  .name = N_("Event loop with offload"),
  .summary = N_("The event loop, handing computation to a pool of threads"),
  .run = loop_offload_run,
};
