/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-event-loop"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-cpu-work.h"
#include "lab-model-event-loop-private.h"

/*
 * event-loop and loop-offload: one thread running a GMainLoop on a
 * GMainContext of its own (the thread that called run(), which the runner
 * gives to this model alone; never the UI's default context).
 *
 * Every task starts as soon as the loop runs, in order, as under
 * asyncio.gather(). Waits are timers; a CPU phase runs inside the callback,
 * so it blocks the loop, and a task whose timer expired meanwhile is
 * `ready` (late) from its deadline until the loop gets to it. Under
 * loop-offload a CPU phase goes to a pool of threads instead and the loop
 * stays free; the task resumes on the loop when the result comes back.
 *
 * Scale: GLib visits every attached source on every iteration, so 100,000
 * waits as 100,000 GSources would make each wake-up cost O(tasks). One
 * source owns all the timers (lab-loop-timers.c: a queue for deadlines set
 * in order, a binary heap for the rest), and a timerfd armed at the
 * earliest deadline wakes the loop; a dispatch pops every deadline that is
 * due. (A poll() timeout would do, but it counts in milliseconds and Linux
 * lets it overshoot by 0.1 % of its length: a 1 s wait would end 2 ms late
 * and every task would look `ready` for no fault of the loop.)
 */

/* Lateness below this is the cost of waking up, counted as part of the
 * wait; above it the task was runnable and the loop was busy: `ready`. */
#define READY_MIN_NS LAB_NS_PER_MS

/* Open waits are handed to the trace at this pace, so a chart drawn during
 * the run sees them grow (threads and processes do the same in
 * lab_exec_wait). Above LIVE_WAITS_MAX open waits the chart groups its
 * lanes anyway, and the hand-over would cost more than the waits: then
 * each wait is recorded when it ends. */
#define LIVE_HANDOVER_MS 100
#define LIVE_WAITS_MAX   1024

typedef struct
{
  GSource  source;
  LabLoop *loop;
} LoopSource;

/* Sets the timerfd to the earliest deadline, if that changed. */
static void
timers_arm (LabLoop *loop)
{
  const LabLoopTimer *first = _lab_loop_timers_peek (&loop->timers);
  gint64 deadline = first != NULL ? first->deadline_ns : 0;
  struct itimerspec spec = { { 0, 0 }, { 0, 0 } };

  if (loop->timer_fd < 0 || deadline == loop->armed_ns)
    return;
  /* it_value 0 would disarm: a deadline is never at time 0. */
  spec.it_value.tv_sec = deadline / LAB_NS_PER_S;
  spec.it_value.tv_nsec = deadline % LAB_NS_PER_S;
  if (timerfd_settime (loop->timer_fd, TFD_TIMER_ABSTIME, &spec, NULL) == 0)
    loop->armed_ns = deadline;
}

/* Running the tasks, on the loop thread */

static void
ready_push_timer (LabLoop            *loop,
                  const LabLoopTimer *timer)
{
  LabLoopWake wake = { timer->deadline_ns, timer->begin_ns, timer->task, LAB_LOOP_WAKE_TIMER,
                       TRUE };

  g_array_append_val (loop->ready, wake);
}

static void
finish_task (LabLoop  *loop,
             guint32   task,
             gboolean  done)
{
  if (done)
    lab_trace_task_done (loop->ctx->trace, task);
  else
    lab_trace_task_cancelled (loop->ctx->trace, task);
  loop->n_finished++;
}

static void
record (LabLoop  *loop,
        guint32   task,
        LabState  state,
        gint64    begin_ns,
        gint64    end_ns)
{
  if (end_ns > begin_ns)
    loop->recorder.record (loop->recorder.data, task, state, -1, begin_ns, end_ns);
}

/* Records the part of every open wait that has passed, for live charts;
 * the rest is recorded when the wait ends (wake_task) or is cancelled
 * (record_open_waits), from the timer's new begin. */
static gboolean
hand_over_waits_cb (gpointer user_data)
{
  LabLoop *loop = user_data;
  gint64 now;

  if (_lab_loop_timers_count (&loop->timers) > LIVE_WAITS_MAX)
    return G_SOURCE_CONTINUE;
  now = lab_clock_now_ns ();
  for (guint i = 0; i < _lab_loop_timers_count (&loop->timers); i++)
    {
      LabLoopTimer *timer = _lab_loop_timers_at (&loop->timers, i);
      gint64 end = MIN (now, timer->deadline_ns);

      if (end > timer->begin_ns)
        {
          record (loop, timer->task, LAB_STATE_WAITING_IO, timer->begin_ns, end);
          timer->begin_ns = end;
        }
    }
  return G_SOURCE_CONTINUE;
}

/* Runs @task from its next phase up to its next wait (or its end); @now
 * is when the loop got to it. Returns whether it computed, keeping the
 * loop from everything else meanwhile. */
static gboolean
advance (LabLoop *loop,
         guint32  task,
         gint64   now)
{
  const LabModelContext *ctx = loop->ctx;
  LabPhase phases[LAB_MAX_PHASES];
  guint n_phases = lab_workload_get_phases (ctx->workload, task, phases);
  gboolean computed = FALSE;

  while (loop->next_phase[task] < n_phases)
    {
      const LabPhase *phase = &phases[loop->next_phase[task]++];
      guint64 iterations;
      gint64 cpu_ns = 0;
      LabModelHooks hooks;

      if (phase->kind == LAB_PHASE_IO)
        {
          /* A million waits start in one turn: the clock is read again
           * only where a computation ran since @now. */
          if (computed)
            now = lab_clock_now_ns ();
          _lab_loop_timers_push (&loop->timers, now, now + phase->ns, task);
          return computed;
        }

      iterations = lab_cpu_iterations_for (loop->rate, phase->ns);
      if (loop->offload)
        {
          _lab_loop_pool_submit (loop, task, iterations);
          return computed;
        }

      /* The computation runs here, inside the callback: nothing else on
       * this loop moves until it is over. */
      computed = TRUE;
      _lab_model_hooks_init (&hooks, ctx->cancellable, NULL);
      if (!lab_exec_cpu (&loop->recorder, task, iterations, &hooks.hooks, &cpu_ns))
        {
          lab_trace_add_cpu_time (ctx->trace, cpu_ns);
          finish_task (loop, task, FALSE);
          return computed;
        }
      lab_trace_add_cpu_time (ctx->trace, cpu_ns);
    }
  finish_task (loop, task, TRUE);
  return computed;
}

/* Records what @wake's task did from the end of its last phase until now,
 * when the loop gets to it, then runs it on. */
static void
wake_task (LabLoop           *loop,
           const LabLoopWake *wake)
{
  gint64 now = lab_clock_now_ns ();
  gint64 late = now - wake->since_ns;
  guint32 task = wake->task;

  /* Loop health: how late this callback runs, and how many were due with
   * it (itself and those behind it in this turn). */
  lab_trace_loop_observe (loop->ctx->trace, now, late,
                          loop->ready->len - loop->ready_head + (loop->n_tasks - loop->next_start)
                          + 1);

  switch ((LabLoopWakeCause) wake->cause)
    {
    case LAB_LOOP_WAKE_START:
      if (late >= READY_MIN_NS)
        record (loop, task, LAB_STATE_READY, wake->since_ns, now);
      break;

    case LAB_LOOP_WAKE_TIMER:
      if (late >= READY_MIN_NS)
        {
          record (loop, task, LAB_STATE_WAITING_IO, wake->wait_begin_ns, wake->since_ns);
          record (loop, task, LAB_STATE_READY, wake->since_ns, now);
        }
      else
        {
          record (loop, task, LAB_STATE_WAITING_IO, wake->wait_begin_ns, now);
        }
      break;

    case LAB_LOOP_WAKE_POOL:
      if (!wake->ok)
        {
          finish_task (loop, task, FALSE);
          return;
        }
      /* No timer granularity here: any delay is the loop's. */
      record (loop, task, LAB_STATE_READY, wake->since_ns, now);
      break;

    default:
      g_assert_not_reached ();
    }

  /* A callback that kept the loop from everything else for a while: only
   * a computation takes long enough to count. */
  if (advance (loop, task, now))
    lab_trace_loop_add_block (loop->ctx->trace, task, now, lab_clock_now_ns ());
}

/* One turn of the loop, like one _run_once() of asyncio: what is due now
 * runs, in order; what becomes due meanwhile waits for the next turn. */
static void
loop_turn (LabLoop *loop)
{
  gint64 now;
  guint end;

  if (loop->offload)
    _lab_loop_pool_take_done (loop);
  now = lab_clock_now_ns ();
  while (_lab_loop_timers_count (&loop->timers) > 0
         && _lab_loop_timers_peek (&loop->timers)->deadline_ns <= now)
    {
      LabLoopTimer timer = _lab_loop_timers_pop (&loop->timers);

      ready_push_timer (loop, &timer);
    }

  /* Every task is runnable from the start, in order, as under
   * asyncio.gather(); they are started in the first turn without a wake
   * each in the ready queue (16 MB less to touch for a million). */
  while (loop->next_start < loop->n_tasks)
    {
      LabLoopWake wake = { .since_ns = loop->begin_ns, .task = loop->next_start,
                           .cause = LAB_LOOP_WAKE_START };

      if (g_cancellable_is_cancelled (loop->ctx->cancellable))
        {
          g_main_loop_quit (loop->main_loop);
          return;
        }
      loop->next_start++;
      wake_task (loop, &wake);
    }

  end = loop->ready->len;
  while (loop->ready_head < end)
    {
      LabLoopWake wake;

      if (g_cancellable_is_cancelled (loop->ctx->cancellable))
        {
          g_main_loop_quit (loop->main_loop);
          return;
        }
      wake = g_array_index (loop->ready, LabLoopWake, loop->ready_head);
      loop->ready_head++;
      wake_task (loop, &wake);
    }
  if (loop->ready_head == loop->ready->len)
    {
      g_array_set_size (loop->ready, 0);
      loop->ready_head = 0;
    }

  if (loop->n_finished == loop->n_tasks)
    g_main_loop_quit (loop->main_loop);
  timers_arm (loop);
}

/* The source */

static gboolean
has_work (LabLoop *loop)
{
  return loop->next_start < loop->n_tasks || loop->ready_head < loop->ready->len
         || g_atomic_int_get (&loop->n_done) > 0;
}

static gboolean
loop_source_prepare (GSource *source,
                     gint    *timeout)
{
  LabLoop *loop = ((LoopSource *) source)->loop;
  const LabLoopTimer *first;
  gint64 delta;

  *timeout = -1;
  if (has_work (loop))
    {
      *timeout = 0;
      return TRUE;
    }
  first = _lab_loop_timers_peek (&loop->timers);
  if (first == NULL)
    return FALSE;
  delta = first->deadline_ns - lab_clock_now_ns ();
  if (delta <= 0)
    {
      *timeout = 0;
      return TRUE;
    }
  /* The timerfd will wake the loop. */
  if (loop->timer_fd >= 0)
    return FALSE;
  /* Rounded up: waking early would only cost another turn. */
  *timeout = (gint) MIN ((delta + LAB_NS_PER_MS - 1) / LAB_NS_PER_MS, G_MAXINT);
  return FALSE;
}

static gboolean
loop_source_check (GSource *source)
{
  LabLoop *loop = ((LoopSource *) source)->loop;
  const LabLoopTimer *first = _lab_loop_timers_peek (&loop->timers);

  return has_work (loop) || (first != NULL && first->deadline_ns <= lab_clock_now_ns ());
}

static gboolean
loop_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  LabLoop *loop = ((LoopSource *) source)->loop;

  if (loop->timer_fd >= 0)
    {
      guint64 expirations;

      /* Empties the timerfd so that it stops waking the loop; nothing to
       * read (EAGAIN) is fine: the wake-up had another cause. */
      if (read (loop->timer_fd, &expirations, sizeof expirations) < 0)
        expirations = 0;
    }
  loop_turn (loop);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs loop_source_funcs = {
  .prepare = loop_source_prepare,
  .check = loop_source_check,
  .dispatch = loop_source_dispatch,
};

/* Runs in the thread that cancels. A quit that comes before the loop runs
 * is not lost: the first dispatch checks the cancellable before any task. */
static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  LabLoop *loop = user_data;

  g_main_loop_quit (loop->main_loop);
}

/* After a cancel: the waits still open are recorded up to now. */
static void
record_open_waits (LabLoop *loop,
                   gint64   now)
{
  for (guint i = 0; i < _lab_loop_timers_count (&loop->timers); i++)
    {
      const LabLoopTimer *timer = _lab_loop_timers_at (&loop->timers, i);

      record (loop, timer->task, LAB_STATE_WAITING_IO, timer->begin_ns,
              MIN (now, timer->deadline_ns));
      if (now > timer->deadline_ns)
        record (loop, timer->task, LAB_STATE_READY, timer->deadline_ns, now);
    }
  for (guint i = loop->ready_head; i < loop->ready->len; i++)
    {
      const LabLoopWake *wake = &g_array_index (loop->ready, LabLoopWake, i);

      if (wake->cause == LAB_LOOP_WAKE_TIMER)
        record (loop, wake->task, LAB_STATE_WAITING_IO, wake->wait_begin_ns, wake->since_ns);
      record (loop, wake->task, LAB_STATE_READY, wake->since_ns, now);
    }
  /* Tasks never started were runnable, waiting for the loop, all along. */
  for (guint32 task = loop->next_start; task < loop->n_tasks; task++)
    record (loop, task, LAB_STATE_READY, loop->begin_ns, now);
}

gboolean
_lab_loop_run (const LabModelContext *ctx,
               gboolean               offload,
               GError               **error)
{
  LabLoop loop = { 0 };
  GSource *source;
  GSource *live_source;
  gulong cancel_handler = 0;
  gint64 begin;
  gboolean ok = TRUE;

  loop.ctx = ctx;
  loop.rate = _lab_model_iterations_per_ms (ctx);
  loop.offload = offload;
  loop.n_tasks = lab_workload_get_n_tasks (ctx->workload);
  loop.next_phase = g_new0 (guint8, loop.n_tasks);
  _lab_loop_timers_init (&loop.timers, loop.n_tasks);
  loop.ready = g_array_new (FALSE, FALSE, sizeof (LabLoopWake));
  g_mutex_init (&loop.done_mutex);
  _lab_model_recorder_init (&loop.recorder, lab_trace_get_writer (ctx->trace, 0));

  loop.context = g_main_context_new ();
  g_main_context_push_thread_default (loop.context);
  loop.main_loop = g_main_loop_new (loop.context, FALSE);

  source = g_source_new (&loop_source_funcs, sizeof (LoopSource));
  ((LoopSource *) source)->loop = &loop;
  g_source_set_name (source, "lab-event-loop");
  loop.timer_fd = timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (loop.timer_fd >= 0)
    g_source_add_unix_fd (source, loop.timer_fd, G_IO_IN);
  else
    g_debug ("no timerfd (%s): waking up by poll() timeouts", g_strerror (errno));
  g_source_attach (source, loop.context);
  live_source = g_timeout_source_new (LIVE_HANDOVER_MS);
  g_source_set_callback (live_source, hand_over_waits_cb, &loop, NULL);
  g_source_set_name (live_source, "lab-event-loop-live");
  g_source_attach (live_source, loop.context);
  /* A handler, not a GCancellableSource: GLib 2.74 leaks such a source
   * when its last reference goes while another thread is still inside
   * g_cancellable_cancel() (found by valgrind in the cancel test), while
   * g_cancellable_disconnect() waits for that call to end. */
  if (ctx->cancellable != NULL)
    cancel_handler = g_cancellable_connect (ctx->cancellable, G_CALLBACK (on_cancelled_cb),
                                            &loop, NULL);

  if (offload)
    loop.n_pool = _lab_loop_pool_count (ctx);
  if (offload && !_lab_loop_pool_start (&loop, error))
    {
      ok = FALSE;
      begin = _lab_model_begin (ctx, 1 + loop.n_pool);
    }
  else
    {
      begin = _lab_model_begin (ctx, 1 + loop.n_pool);
      loop.begin_ns = begin;
      g_main_loop_run (loop.main_loop);
      record_open_waits (&loop, lab_clock_now_ns ());
    }

  if (offload)
    _lab_loop_pool_stop (&loop);
  if (ctx->cancellable != NULL)
    g_cancellable_disconnect (ctx->cancellable, cancel_handler);
  g_source_destroy (source);
  g_source_unref (source);
  g_source_destroy (live_source);
  g_source_unref (live_source);
  g_main_loop_unref (loop.main_loop);
  g_main_context_pop_thread_default (loop.context);
  g_main_context_unref (loop.context);
  if (loop.timer_fd >= 0)
    close (loop.timer_fd);

  if (ok)
    _lab_model_end (ctx);
  else
    lab_trace_end (ctx->trace, lab_clock_now_ns ());

  g_mutex_clear (&loop.done_mutex);
  _lab_loop_timers_clear (&loop.timers);
  g_array_unref (loop.ready);
  g_free (loop.next_phase);
  return ok;
}

static gboolean
event_loop_run (const LabModelContext *ctx,
                GError               **error)
{
  return _lab_loop_run (ctx, FALSE, error);
}

const LabModel lab_model_event_loop = {
  .id = "event-loop",
  .name = N_("Event loop"),
  .summary = N_("One thread switching between tasks at their waits; computing blocks it"),
  .run = event_loop_run,
};
