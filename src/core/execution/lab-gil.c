/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-gil"

#include "config.h"

#include "lab-clock.h"
#include "lab-gil.h"

/* Waiting threads wake at least this often to notice cancellation, even
 * when the switch interval is longer. */
#define CANCEL_POLL_NS (20 * LAB_NS_PER_MS)

/* The fields follow CPython's struct _gil_runtime_state: `holder` is its
 * `locked` flag plus the owner, `last_holder` and `switch_number` serve the
 * drop-request and FORCE_SWITCHING rules. One mutex guards everything but
 * the drop request, which the holder polls at every slice without it. */
struct _LabGil
{
  GMutex   mutex;
  GCond    cond;          /* signalled when the lock is dropped */
  GCond    switch_cond;   /* signalled when a thread takes the lock */
  gint64   interval_ns;
  GThread *holder;        /* NULL: free */
  GThread *last_holder;
  guint64  switch_number;
  guint    n_waiting;
  gint     drop_request;  /* atomic */
  LabTrace *trace;        /* nullable: where holds and requests are recorded */
};

/* Who the calling thread is, for the records: set by the pool. */
static __thread guint   thread_worker;
static __thread guint32 thread_task;

/**
 * lab_gil_new:
 * @switch_interval_ns: how long a thread waits before it asks the holder to
 *   drop the lock (CPython's sys.getswitchinterval(), 5 ms by default)
 *
 * Returns: (transfer full): a free lock
 */
LabGil *
lab_gil_new (gint64 switch_interval_ns)
{
  LabGil *gil;

  g_return_val_if_fail (switch_interval_ns > 0, NULL);

  gil = g_new0 (LabGil, 1);
  g_mutex_init (&gil->mutex);
  g_cond_init (&gil->cond);
  g_cond_init (&gil->switch_cond);
  gil->interval_ns = switch_interval_ns;
  return gil;
}

/**
 * lab_gil_free:
 * @gil: (transfer full): a lock nobody holds or waits for
 */
void
lab_gil_free (LabGil *gil)
{
  if (gil == NULL)
    return;
  g_warn_if_fail (gil->holder == NULL && gil->n_waiting == 0);
  g_clear_pointer (&gil->trace, lab_trace_unref);
  g_mutex_clear (&gil->mutex);
  g_cond_clear (&gil->cond);
  g_cond_clear (&gil->switch_cond);
  g_free (gil);
}

gint64
lab_gil_get_switch_interval_ns (LabGil *gil)
{
  g_return_val_if_fail (gil != NULL, 0);

  return gil->interval_ns;
}

/* GCond deadlines are on g_get_monotonic_time()'s clock, CLOCK_MONOTONIC
 * in microseconds, the same clock as lab_clock_now_ns(). */
static gboolean
wait_until_ns (GCond  *cond,
               GMutex *mutex,
               gint64  deadline_ns)
{
  return g_cond_wait_until (cond, mutex, (deadline_ns + LAB_NS_PER_US - 1) / LAB_NS_PER_US);
}

/* CPython's take_gil(), with the mutex held. */
static gboolean
take_locked (LabGil       *gil,
             GCancellable *cancellable,
             gboolean     *waited)
{
  GThread *self = g_thread_self ();

  if (gil->holder == self)
    return TRUE;

  if (gil->holder != NULL)
    {
      *waited = TRUE;
      gil->n_waiting++;
      while (gil->holder != NULL)
        {
          guint64 saved_switch = gil->switch_number;
          gint64 deadline = lab_clock_now_ns () + gil->interval_ns;
          gint64 now;

          /* One switch interval, in pieces short enough to notice a cancel;
           * a change of holder meanwhile starts a fresh interval, as a
           * wake-up does in CPython. */
          while (gil->holder != NULL && gil->switch_number == saved_switch
                 && (now = lab_clock_now_ns ()) < deadline)
            {
              if (g_cancellable_is_cancelled (cancellable))
                {
                  gil->n_waiting--;
                  g_cond_broadcast (&gil->switch_cond);
                  return FALSE;
                }
              wait_until_ns (&gil->cond, &gil->mutex, MIN (deadline, now + CANCEL_POLL_NS));
            }

          /* A whole interval went by and the same thread still holds it:
           * ask it to let go (SET_GIL_DROP_REQUEST). */
          if (gil->holder != NULL && gil->switch_number == saved_switch
              && !g_atomic_int_get (&gil->drop_request))
            {
              g_atomic_int_set (&gil->drop_request, 1);
              if (gil->trace != NULL)
                lab_trace_lock_request (gil->trace, lab_clock_now_ns (), thread_worker);
            }
        }
      gil->n_waiting--;
    }

  gil->holder = self;
  if (gil->trace != NULL)
    lab_trace_lock_take (gil->trace, lab_clock_now_ns (), thread_worker, thread_task);
  if (gil->last_holder != self)
    {
      gil->last_holder = self;
      gil->switch_number++;
    }
  /* FORCE_SWITCHING: a holder that dropped on request waits for this. */
  g_cond_broadcast (&gil->switch_cond);
  g_atomic_int_set (&gil->drop_request, 0);
  return TRUE;
}

/**
 * lab_gil_acquire:
 * @gil: the lock
 * @cancellable: (nullable): stops the wait
 * @waited: (out) (optional): whether another thread held the lock
 *
 * Returns: %TRUE when the calling thread holds the lock
 */
gboolean
lab_gil_acquire (LabGil       *gil,
                 GCancellable *cancellable,
                 gboolean     *waited)
{
  gboolean dummy = FALSE;
  gboolean ok;

  g_return_val_if_fail (gil != NULL, FALSE);

  if (waited == NULL)
    waited = &dummy;
  *waited = FALSE;

  g_mutex_lock (&gil->mutex);
  ok = take_locked (gil, cancellable, waited);
  g_mutex_unlock (&gil->mutex);
  return ok;
}

/**
 * lab_gil_release:
 * @gil: the lock
 *
 * Drops the lock if the calling thread holds it, as around blocking I/O:
 * nothing forces a switch.
 */
void
lab_gil_release (LabGil *gil)
{
  g_return_if_fail (gil != NULL);

  g_mutex_lock (&gil->mutex);
  if (gil->holder == g_thread_self ())
    {
      gil->holder = NULL;
      if (gil->trace != NULL)
        lab_trace_lock_drop (gil->trace, lab_clock_now_ns ());
      g_cond_signal (&gil->cond);
    }
  g_mutex_unlock (&gil->mutex);
}

gboolean
lab_gil_is_held (LabGil *gil)
{
  gboolean held;

  g_return_val_if_fail (gil != NULL, FALSE);

  /* Only the calling thread can make this TRUE or FALSE for itself, but
   * the field is read under the mutex to keep sanitizers quiet. */
  g_mutex_lock (&gil->mutex);
  held = gil->holder == g_thread_self ();
  g_mutex_unlock (&gil->mutex);
  return held;
}

gboolean
lab_gil_drop_requested (LabGil *gil)
{
  g_return_val_if_fail (gil != NULL, FALSE);

  return g_atomic_int_get (&gil->drop_request) != 0;
}

/**
 * lab_gil_yield:
 * @gil: the lock, held by the calling thread
 * @cancellable: (nullable): stops the waits
 *
 * What CPython's eval loop does on a drop request: drop_gil() then
 * take_gil(). Because the drop was requested, the thread first waits until
 * another thread has taken the lock, so that it cannot grab it straight
 * back (FORCE_SWITCHING).
 *
 * Returns: %TRUE when the calling thread holds the lock again
 */
gboolean
lab_gil_yield (LabGil       *gil,
               GCancellable *cancellable)
{
  GThread *self = g_thread_self ();
  gboolean waited = FALSE;
  gboolean ok;

  g_return_val_if_fail (gil != NULL, FALSE);

  g_mutex_lock (&gil->mutex);
  if (gil->holder == self)
    {
      gil->holder = NULL;
      if (gil->trace != NULL)
        lab_trace_lock_drop (gil->trace, lab_clock_now_ns ());
      g_cond_signal (&gil->cond);
      g_atomic_int_set (&gil->drop_request, 0);
      /* Nobody waiting (the one who asked was cancelled): no one to hand to. */
      while (gil->last_holder == self && gil->n_waiting > 0
             && !g_cancellable_is_cancelled (cancellable))
        wait_until_ns (&gil->switch_cond, &gil->mutex, lab_clock_now_ns () + CANCEL_POLL_NS);
    }
  ok = !g_cancellable_is_cancelled (cancellable) && take_locked (gil, cancellable, &waited);
  g_mutex_unlock (&gil->mutex);
  return ok;
}

guint64
lab_gil_get_n_switches (LabGil *gil)
{
  guint64 n;

  g_return_val_if_fail (gil != NULL, 0);

  g_mutex_lock (&gil->mutex);
  n = gil->switch_number;
  g_mutex_unlock (&gil->mutex);
  return n;
}

/**
 * lab_gil_set_trace:
 * @gil: a lock nobody holds yet
 * @trace: (nullable): where to record who holds it
 */
void
lab_gil_set_trace (LabGil   *gil,
                   LabTrace *trace)
{
  g_return_if_fail (gil != NULL);

  g_mutex_lock (&gil->mutex);
  g_clear_pointer (&gil->trace, lab_trace_unref);
  gil->trace = trace != NULL ? lab_trace_ref (trace) : NULL;
  g_mutex_unlock (&gil->mutex);
}

/**
 * lab_gil_set_thread_task:
 * @worker: the calling thread's worker index
 * @task: the task it runs now
 *
 * Names the calling thread in the holds it records from now on.
 */
void
lab_gil_set_thread_task (guint   worker,
                         guint32 task)
{
  thread_worker = worker;
  thread_task = task;
}
