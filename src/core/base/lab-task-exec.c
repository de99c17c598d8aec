/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-task-exec"

#include "config.h"

#include <sched.h>
#include <time.h>

#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-task-exec.h"

static gboolean
is_cancelled (const LabExecHooks *hooks)
{
  return hooks != NULL && hooks->is_cancelled != NULL && hooks->is_cancelled (hooks->data);
}

/* Slices of about half a millisecond: short enough to see a core change or
 * a preemption (the kernel's time slices are a few ms) and to answer a GIL
 * drop request or a cancel quickly, long enough that the three clock
 * reads after each slice cost a few hundredths of a percent. */
#define SLICE_NS       (LAB_NS_PER_MS / 2)
/* Waits sleep in pieces of at most this, to notice cancellation. */
#define WAIT_PIECE_NS  (20 * LAB_NS_PER_MS)
/* A segment still growing is handed over at this length and continued in
 * a new one, so that a chart drawn while the run goes on shows a long
 * computation or wait as it happens, not only when it is over. */
#define LIVE_SPLIT_NS  (100 * LAB_NS_PER_MS)

/* The segment being built. Consecutive slices in the same state on the
 * same core extend it; it is handed to the recorder only when it closes,
 * so recording costs one call per segment, not one per slice. */
typedef struct
{
  const LabRecorder *recorder;
  guint32            task;
  gboolean           open;
  LabState           state;
  gint               core;
  gint64             begin_ns;
  gint64             end_ns;
} Pending;

static void
pending_flush (Pending *pending)
{
  if (!pending->open)
    return;
  pending->recorder->record (pending->recorder->data, pending->task, pending->state,
                             pending->core, pending->begin_ns, pending->end_ns);
  pending->open = FALSE;
}

static void
pending_add (Pending  *pending,
             LabState  state,
             gint      core,
             gint64    begin_ns,
             gint64    end_ns)
{
  if (end_ns <= begin_ns)
    return;
  if (pending->open && pending->state == state && pending->core == core
      && pending->end_ns == begin_ns && end_ns - pending->begin_ns < LIVE_SPLIT_NS)
    {
      pending->end_ns = end_ns;
      return;
    }
  pending_flush (pending);
  pending->open = TRUE;
  pending->state = state;
  pending->core = core;
  pending->begin_ns = begin_ns;
  pending->end_ns = end_ns;
}

static gint
current_core (void)
{
  gint core = sched_getcpu ();

  return core >= 0 ? core : -1;
}

/* Takes the lock before a slice: at the start, or on a drop request after
 * the previous slice (the forced switch). The time away is waiting-lock.
 * Returns FALSE when cancelled while waiting. */
static gboolean
lock_before_slice (const LabExecHooks *hooks,
                   Pending            *pending,
                   gint64             *now_ns,
                   gint64             *cpu_ns)
{
  gboolean waited = FALSE;
  gboolean ok = hooks->hold_lock (hooks->data, &waited);
  gint64 after;

  if (ok && !waited)
    return TRUE;

  after = lab_clock_now_ns ();
  pending_add (pending, LAB_STATE_WAITING_LOCK, -1, *now_ns, after);
  *now_ns = after;
  /* The next slice's CPU share starts now, not before the wait. */
  *cpu_ns = lab_clock_thread_cpu_ns ();
  return ok;
}

gboolean
lab_exec_cpu (const LabRecorder  *recorder,
              guint32             task,
              guint64             iterations,
              const LabExecHooks *hooks,
              gint64             *out_cpu_ns)
{
  Pending pending = { recorder, task, FALSE };
  guint64 state = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ task;
  guint64 slice;
  gint64 now, cpu, cpu_start;
  gboolean ok = TRUE;
  gboolean locked = hooks != NULL && hooks->hold_lock != NULL;

  g_return_val_if_fail (recorder != NULL && recorder->record != NULL, FALSE);

  slice = lab_cpu_iterations_for (lab_cpu_calibrate (), SLICE_NS);
  slice = MAX (slice, 1);

  now = lab_clock_now_ns ();
  cpu = cpu_start = lab_clock_thread_cpu_ns ();

  while (iterations > 0)
    {
      guint64 n = MIN (iterations, slice);
      gint64 after, cpu_after, wall, used;
      gint core;

      if (is_cancelled (hooks))
        {
          ok = FALSE;
          break;
        }
      if (locked && !lock_before_slice (hooks, &pending, &now, &cpu))
        {
          ok = FALSE;
          break;
        }

      lab_cpu_kernel (n, &state);
      iterations -= n;

      after = lab_clock_now_ns ();
      cpu_after = lab_clock_thread_cpu_ns ();
      core = current_core ();
      wall = after - now;
      used = cpu_after - cpu;

      /* Less than half the wall time on a core: the OS ran something else.
       * Where in the slice is unknown, so the slice is split: running for
       * the CPU time it got, then ready for the rest. A preemption usually
       * spans whole slices (kernel time slices are longer than ours), and
       * those come out as ready from end to end. */
      if (used * 2 < wall)
        {
          pending_add (&pending, LAB_STATE_RUNNING, core, now, now + used);
          pending_add (&pending, LAB_STATE_READY, -1, now + used, after);
        }
      else
        {
          pending_add (&pending, LAB_STATE_RUNNING, core, now, after);
        }
      now = after;
      cpu = cpu_after;
    }

  pending_flush (&pending);
  if (out_cpu_ns != NULL)
    *out_cpu_ns = lab_clock_thread_cpu_ns () - cpu_start;
  return ok;
}

gboolean
lab_exec_wait (const LabRecorder  *recorder,
               guint32             task,
               gint64              ns,
               const LabExecHooks *hooks)
{
  gint64 begin, deadline, end, piece_begin;
  gboolean ok = TRUE;

  g_return_val_if_fail (recorder != NULL && recorder->record != NULL, FALSE);

  /* Like CPython around a blocking call: others may compute meanwhile. */
  if (hooks != NULL && hooks->release_lock != NULL)
    hooks->release_lock (hooks->data);

  begin = piece_begin = lab_clock_now_ns ();
  deadline = begin + MAX (ns, 0);
  for (;;)
    {
      gint64 now = lab_clock_now_ns ();
      gint64 until;
      struct timespec ts;

      if (now >= deadline)
        break;
      if (now - piece_begin >= LIVE_SPLIT_NS)
        {
          recorder->record (recorder->data, task, LAB_STATE_WAITING_IO, -1, piece_begin, now);
          piece_begin = now;
        }
      if (is_cancelled (hooks))
        {
          ok = FALSE;
          break;
        }
      until = MIN (deadline, now + WAIT_PIECE_NS);
      ts.tv_sec = until / LAB_NS_PER_S;
      ts.tv_nsec = until % LAB_NS_PER_S;
      /* EINTR or not, the loop reads the clock again. */
      clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
  end = lab_clock_now_ns ();
  if (end > piece_begin)
    recorder->record (recorder->data, task, LAB_STATE_WAITING_IO, -1, piece_begin, end);

  if (ok && hooks != NULL && hooks->hold_lock != NULL)
    {
      gboolean waited = FALSE;
      gint64 after;

      ok = hooks->hold_lock (hooks->data, &waited);
      after = lab_clock_now_ns ();
      if ((waited || !ok) && after > end)
        recorder->record (recorder->data, task, LAB_STATE_WAITING_LOCK, -1, end, after);
    }
  return ok;
}
