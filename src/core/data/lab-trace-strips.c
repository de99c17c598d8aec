/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-trace"

#include "config.h"

#include "lab-trace.h"
#include "lab-trace-private.h"

/*
 * The records behind the chart's strips: who held the simulated GIL and
 * when it was asked to let go (threads-gil), and how late the event loop
 * ran what was due (event-loop, loop-offload).
 *
 * Each kind is a LabTraceLog (lab-trace-log.c) with one writer at a time:
 * the GIL's records are taken under the GIL's own mutex, the loop's on the
 * loop thread, and readers copy them without a lock. The two fields a
 * writer changes after publishing (the end of the hold still open, the
 * bucket maximum of the last loop sample) are atomics.
 */

void
_lab_trace_free_strips (LabTrace *trace)
{
  _lab_trace_log_free (&trace->lock_holds);
  _lab_trace_log_free (&trace->lock_requests);
  _lab_trace_log_free (&trace->loop_samples);
  _lab_trace_log_free (&trace->loop_blocks);
}

/* The lock */

/**
 * lab_trace_lock_take:
 * @trace: a trace
 * @t_ns: when @worker took the lock
 * @worker: the thread that holds it now
 * @task: the task it runs
 *
 * Opens a hold. The caller serializes take, drop and request (the GIL's
 * mutex does).
 */
void
lab_trace_lock_take (LabTrace *trace,
                     gint64    t_ns,
                     guint     worker,
                     guint32   task)
{
  LabLockHold hold = { t_ns, 0, task, (guint16) MIN (worker, G_MAXUINT16), 0 };

  g_return_if_fail (trace != NULL);

  lab_trace_lock_drop (trace, t_ns);
  _lab_trace_log_append (&trace->lock_holds, &hold, sizeof hold);
}

/**
 * lab_trace_lock_drop:
 * @trace: a trace
 * @t_ns: when the holder let the lock go
 *
 * Closes the open hold, if there is one.
 */
void
lab_trace_lock_drop (LabTrace *trace,
                     gint64    t_ns)
{
  guint n;
  LabLockHold *last;

  g_return_if_fail (trace != NULL);

  n = __atomic_load_n (&trace->lock_holds.n, __ATOMIC_RELAXED);
  if (n == 0)
    return;
  last = _lab_trace_log_at (&trace->lock_holds, n - 1, sizeof (LabLockHold));
  if (__atomic_load_n (&last->end_ns, __ATOMIC_RELAXED) == 0)
    __atomic_store_n (&last->end_ns, MAX (t_ns, last->begin_ns), __ATOMIC_RELEASE);
}

/**
 * lab_trace_lock_request:
 * @trace: a trace
 * @t_ns: when @worker asked
 * @worker: the waiting thread that asked the holder to drop the lock
 *
 * Records a drop request against the hold that is open.
 */
void
lab_trace_lock_request (LabTrace *trace,
                        gint64    t_ns,
                        guint     worker)
{
  LabLockRequest request = { t_ns, 0, (guint16) MIN (worker, G_MAXUINT16), 0 };
  guint n;

  g_return_if_fail (trace != NULL);

  n = __atomic_load_n (&trace->lock_holds.n, __ATOMIC_RELAXED);
  if (n > 0)
    {
      const LabLockHold *last = _lab_trace_log_at (&trace->lock_holds, n - 1,
                                                   sizeof (LabLockHold));

      request.holder = last->worker;
      request.holder_task = last->task;
    }
  _lab_trace_log_append (&trace->lock_requests, &request, sizeof request);
}

void
_lab_trace_add_lock_hold (LabTrace          *trace,
                          const LabLockHold *hold)
{
  _lab_trace_log_append (&trace->lock_holds, hold, sizeof *hold);
}

void
_lab_trace_add_lock_request (LabTrace             *trace,
                             const LabLockRequest *request)
{
  _lab_trace_log_append (&trace->lock_requests, request, sizeof *request);
}

/**
 * lab_trace_copy_lock_holds:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabLockHold in the order they
 *   began; the last has end_ns 0 while its thread still holds the lock
 */
GArray *
lab_trace_copy_lock_holds (LabTrace *trace)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LabLockHold));
  guint n;

  g_return_val_if_fail (trace != NULL, copy);

  n = _lab_trace_log_length (&trace->lock_holds);
  g_array_set_size (copy, n);
  for (guint i = 0; i < n; i++)
    {
      LabLockHold *src = _lab_trace_log_at (&trace->lock_holds, i, sizeof (LabLockHold));
      LabLockHold *dst = &g_array_index (copy, LabLockHold, i);

      *dst = (LabLockHold) { src->begin_ns, __atomic_load_n (&src->end_ns, __ATOMIC_ACQUIRE),
                             src->task, src->worker, 0 };
    }
  return copy;
}

/**
 * lab_trace_copy_lock_requests:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabLockRequest in time order
 */
GArray *
lab_trace_copy_lock_requests (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, g_array_new (FALSE, FALSE, sizeof (LabLockRequest)));

  return _lab_trace_log_copy (&trace->lock_requests, sizeof (LabLockRequest));
}

/**
 * lab_trace_has_lock:
 * @trace: a trace
 *
 * Returns: whether a lock's holds or requests were recorded
 */
gboolean
lab_trace_has_lock (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return _lab_trace_log_length (&trace->lock_holds) > 0
         || _lab_trace_log_length (&trace->lock_requests) > 0;
}

/* The loop */

/**
 * lab_trace_loop_observe:
 * @trace: a trace
 * @t_ns: when the loop dispatched a callback
 * @lag_ns: how late: @t_ns minus when the callback became due
 * @ready: callbacks due and not yet dispatched, this one included
 *
 * Keeps the largest lag and queue of each 10 ms, so that a run of 100,000
 * waits records a few hundred samples, not 100,000. Called by the loop
 * thread alone.
 */
void
lab_trace_loop_observe (LabTrace *trace,
                        gint64    t_ns,
                        gint64    lag_ns,
                        guint     ready)
{
  LabTraceLog *log;
  gint64 bucket = t_ns / LAB_LOOP_BUCKET_NS;
  guint n;

  g_return_if_fail (trace != NULL);

  log = &trace->loop_samples;
  lag_ns = MAX (lag_ns, 0);
  n = __atomic_load_n (&log->n, __ATOMIC_RELAXED);
  if (n > 0 && bucket == trace->loop_bucket)
    {
      LabLoopSample *last = _lab_trace_log_at (log, n - 1, sizeof (LabLoopSample));

      if (lag_ns > __atomic_load_n (&last->lag_ns, __ATOMIC_RELAXED))
        {
          __atomic_store_n (&last->t_ns, t_ns, __ATOMIC_RELAXED);
          __atomic_store_n (&last->lag_ns, lag_ns, __ATOMIC_RELEASE);
        }
      if (ready > __atomic_load_n (&last->ready, __ATOMIC_RELAXED))
        __atomic_store_n (&last->ready, ready, __ATOMIC_RELEASE);
      return;
    }
  trace->loop_bucket = bucket;
  {
    LabLoopSample sample = { t_ns, lag_ns, ready, 0 };

    _lab_trace_log_append (log, &sample, sizeof sample);
  }
}

/**
 * lab_trace_loop_add_block:
 * @trace: a trace
 * @task: the task whose callback ran
 * @begin_ns: when the callback began
 * @end_ns: when it gave the loop back
 *
 * Records a callback that held the loop for longer than
 * %LAB_LOOP_BLOCK_MIN_NS; shorter ones are ignored. Loop thread only.
 */
void
lab_trace_loop_add_block (LabTrace *trace,
                          guint32   task,
                          gint64    begin_ns,
                          gint64    end_ns)
{
  LabLoopBlock block = { begin_ns, end_ns, task, 0 };

  g_return_if_fail (trace != NULL);

  if (end_ns - begin_ns <= LAB_LOOP_BLOCK_MIN_NS)
    return;
  _lab_trace_log_append (&trace->loop_blocks, &block, sizeof block);
}

void
_lab_trace_add_loop_sample (LabTrace            *trace,
                            const LabLoopSample *sample)
{
  _lab_trace_log_append (&trace->loop_samples, sample, sizeof *sample);
  trace->loop_bucket = sample->t_ns / LAB_LOOP_BUCKET_NS;
}

/**
 * lab_trace_copy_loop_samples:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabLoopSample, in time order
 */
GArray *
lab_trace_copy_loop_samples (LabTrace *trace)
{
  GArray *copy = g_array_new (FALSE, FALSE, sizeof (LabLoopSample));
  guint n;

  g_return_val_if_fail (trace != NULL, copy);

  n = _lab_trace_log_length (&trace->loop_samples);
  g_array_set_size (copy, n);
  for (guint i = 0; i < n; i++)
    {
      LabLoopSample *src = _lab_trace_log_at (&trace->loop_samples, i,
                                              sizeof (LabLoopSample));
      LabLoopSample *dst = &g_array_index (copy, LabLoopSample, i);

      dst->lag_ns = __atomic_load_n (&src->lag_ns, __ATOMIC_ACQUIRE);
      dst->t_ns = __atomic_load_n (&src->t_ns, __ATOMIC_RELAXED);
      dst->ready = __atomic_load_n (&src->ready, __ATOMIC_ACQUIRE);
      dst->_pad = 0;
    }
  return copy;
}

/**
 * lab_trace_copy_loop_blocks:
 * @trace: a trace
 *
 * Returns: (transfer full): a #GArray of #LabLoopBlock, in time order
 */
GArray *
lab_trace_copy_loop_blocks (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, g_array_new (FALSE, FALSE, sizeof (LabLoopBlock)));

  return _lab_trace_log_copy (&trace->loop_blocks, sizeof (LabLoopBlock));
}

/**
 * lab_trace_has_loop_health:
 * @trace: a trace
 *
 * Returns: whether loop lag samples or blocking callbacks were recorded
 */
gboolean
lab_trace_has_loop_health (LabTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return _lab_trace_log_length (&trace->loop_samples) > 0
         || _lab_trace_log_length (&trace->loop_blocks) > 0;
}
