/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-threads"

#include "config.h"

#include <glib/gi18n.h>

#include "lab-clock.h"
#include "lab-error.h"
#include "lab-gil.h"
#include "lab-model-private.h"

/*
 * threads and threads-gil: a pool of N worker threads taking the tasks in
 * order from a shared counter (a GThreadPool would do the same, but these
 * threads each need a fixed worker index for their trace writer, and must
 * all be joined before run() returns). A task is `queued` from the start of
 * the run until a worker takes it.
 *
 * threads-gil runs the same pool with every CPU slice taken under a LabGil:
 * a worker holds the lock from its first slice until the task ends or
 * waits, as a CPython thread holds the GIL while it runs Python code.
 */

typedef struct
{
  const LabModelContext *ctx;
  LabGil                *gil;
  gint64                 begin_ns;
  guint                  n_tasks;
  guint                  next_task;  /* atomic */
  gint                   stop;       /* atomic: the pool could not be started */
} Pool;

typedef struct
{
  Pool  *pool;
  guint  index;
} Worker;

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;
  Pool *pool = worker->pool;
  const LabModelContext *ctx = pool->ctx;
  g_autoptr(LabAffinityScope) cores = lab_affinity_enter (ctx->affinity);
  LabRecorder recorder;

  _lab_model_recorder_init (&recorder, lab_trace_get_writer (ctx->trace, worker->index));

  for (;;)
    {
      guint32 task;
      gint64 now;
      gboolean ok;

      if (g_cancellable_is_cancelled (ctx->cancellable) || g_atomic_int_get (&pool->stop))
        break;
      task = (guint32) g_atomic_int_add ((gint *) &pool->next_task, 1);
      if (task >= pool->n_tasks)
        break;

      now = lab_clock_now_ns ();
      if (now > pool->begin_ns)
        recorder.record (recorder.data, task, LAB_STATE_QUEUED, -1, pool->begin_ns, now);

      if (pool->gil != NULL)
        lab_gil_set_thread_task (worker->index, task);
      ok = _lab_model_run_task (ctx, &recorder, task, pool->gil);
      /* Between tasks a CPython worker blocks on its work queue, which
       * releases the GIL. */
      if (pool->gil != NULL)
        lab_gil_release (pool->gil);
      if (!ok)
        break;
    }
  return NULL;
}

/* How many threads to start, or 0 with @error when the request is over the
 * limit. */
static guint
count_threads (const LabModelContext *ctx,
               guint                  n_tasks,
               GError               **error)
{
  if (ctx->n_workers == 0 && n_tasks > LAB_MAX_THREADS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("One thread per task would start %u threads, more than the limit of %d; "
                     "choose a number of workers"),
                   n_tasks, LAB_MAX_THREADS);
      return 0;
    }
  if (ctx->n_workers > LAB_MAX_THREADS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_RANGE,
                   _("%u threads is more than the limit of %d"),
                   ctx->n_workers, LAB_MAX_THREADS);
      return 0;
    }
  /* More threads than tasks would only sit idle. */
  return MAX (ctx->n_workers == 0 ? n_tasks : MIN (ctx->n_workers, n_tasks), 1);
}

static gboolean
run_pool (const LabModelContext *ctx,
          gboolean               with_gil,
          GError               **error)
{
  Pool pool = { ctx, NULL, 0, lab_workload_get_n_tasks (ctx->workload), 0, 0 };
  g_autofree GThread **threads = NULL;
  g_autofree Worker *workers = NULL;
  g_autoptr(GError) thread_error = NULL;
  guint n_threads, n_started = 0;

  n_threads = count_threads (ctx, pool.n_tasks, error);
  if (n_threads == 0)
    return FALSE;

  if (with_gil)
    {
      pool.gil = lab_gil_new (ctx->switch_interval_ns > 0 ? ctx->switch_interval_ns
                                                          : 5 * LAB_NS_PER_MS);
      lab_trace_set_switch_interval_ns (ctx->trace, lab_gil_get_switch_interval_ns (pool.gil));
      lab_gil_set_trace (pool.gil, ctx->trace);
    }

  threads = g_new0 (GThread *, n_threads);
  workers = g_new0 (Worker, n_threads);
  pool.begin_ns = _lab_model_begin (ctx, n_threads);
  for (; n_started < n_threads; n_started++)
    {
      workers[n_started].pool = &pool;
      workers[n_started].index = n_started;
      threads[n_started] = g_thread_try_new ("lab-worker", worker_main,
                                             &workers[n_started], &thread_error);
      if (threads[n_started] == NULL)
        {
          g_atomic_int_set (&pool.stop, 1);
          break;
        }
    }

  for (guint i = 0; i < n_started; i++)
    g_thread_join (threads[i]);
  g_clear_pointer (&pool.gil, lab_gil_free);

  if (thread_error != NULL)
    {
      lab_trace_end (ctx->trace, lab_clock_now_ns ());
      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER,
                   _("Could not start thread %u of %u: %s"),
                   n_started + 1, n_threads, thread_error->message);
      return FALSE;
    }

  _lab_model_end (ctx);
  return TRUE;
}

static gboolean
threads_run (const LabModelContext *ctx,
             GError               **error)
{
  return run_pool (ctx, FALSE, error);
}

static gboolean
threads_gil_run (const LabModelContext *ctx,
                 GError               **error)
{
  return run_pool (ctx, TRUE, error);
}

const LabModel lab_model_threads = {
  .id = "threads",
  .name = N_("Threads"),
  .summary = N_("A pool of threads computing at the same time on every core"),
  .run = threads_run,
};

const LabModel lab_model_threads_gil = {
  .id = "threads-gil",
  .name = N_("Threads with a GIL"),
  .summary = N_("The same pool under a global interpreter lock, as Python threads run"),
  .run = threads_gil_run,
};
