/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-model-processes"

#include "config.h"

#include <glib/gi18n.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "lab-error.h"
#include "lab-model-private.h"
#include "lab-model-processes-private.h"

/*
 * processes: a pool of N concurrency-lab-worker processes fed over pipes
 * (docs/WORKER-PROTOCOL.md). One thread of this process per worker. The
 * first thread of each group of LAB_POOL_WORKERS_PER_START starts the worker
 * program, which starts the rest of its group as copies of itself (each
 * group on its own thread, so the groups' start-ups overlap). Each thread
 * waits for its worker's "ready", then takes tasks in order from a shared
 * counter, hands each over and appends the segments the worker streams
 * back to the worker's trace writer as they arrive, so a live chart sees
 * them.
 *
 * A worker that dies, breaks the protocol or falls silent for longer than
 * SILENCE_DEADLINE_NS fails the task it had, leaves a marker and retires;
 * the others take the remaining tasks. Tasks left when every worker has
 * retired fail too. The run thread watches the deadlines and, on cancel,
 * kills every worker; each worker thread reaps its own child before it
 * ends, and the run thread joins them all.
 *
 * process-per-task: the same threads, each starting a fresh worker for
 * every task it takes and ending it after, as a program that starts a
 * multiprocessing.Process per task does: at most N processes at a time,
 * the other tasks queued, and every task pays a process start.
 */

/* Healthy workers report at least every 100 ms (segments are handed over
 * at that length) and start in milliseconds: 5 s of silence is far beyond
 * any load this machine is expected to carry. */
#define SILENCE_DEADLINE_NS (5 * LAB_NS_PER_S)
/* On cancel, the time given to a SIGTERM before SIGKILL. */
#define KILL_GRACE_US       (20 * G_TIME_SPAN_MILLISECOND)
/* How often the run thread looks at the deadlines. */
#define WATCH_PERIOD_US     (50 * G_TIME_SPAN_MILLISECOND)

typedef enum
{
  RECEIVED,
  GONE,     /* the pipe closed: the worker exited or was killed */
  BROKEN,   /* the worker sent something that is not the protocol */
} Received;

static gboolean
is_cancelled (Pool *pool)
{
  return g_cancellable_is_cancelled (pool->ctx->cancellable);
}

/* Talking to the worker */

static gboolean
slot_send (Slot                   *slot,
           const LabWorkerMessage *message)
{
  char line[LAB_WORKER_MESSAGE_MAX];
  gsize length = lab_worker_message_encode (message, line, sizeof line);

  g_assert (length > 0);
  /* A worker that died makes this fail (EPIPE; SIGPIPE is blocked on this
   * thread); the read that follows tells why. */
  return lab_child_write_all (&slot->child, line, length);
}

/* The next line from the worker, at most LAB_WORKER_MESSAGE_MAX bytes. */
static Received
slot_read_line (Slot        *slot,
                const char **line,
                gsize       *length,
                GError     **error)
{
  for (;;)
    {
      char *newline = memchr (slot->buffer + slot->start, '\n', slot->end - slot->start);
      gssize n;

      if (newline != NULL)
        {
          *line = slot->buffer + slot->start;
          *length = (gsize) (newline - *line) + 1;
          slot->start += *length;
          return RECEIVED;
        }
      if (slot->end - slot->start >= LAB_WORKER_MESSAGE_MAX)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                       _("a line longer than %d bytes"), LAB_WORKER_MESSAGE_MAX);
          return BROKEN;
        }
      memmove (slot->buffer, slot->buffer + slot->start, slot->end - slot->start);
      slot->end -= slot->start;
      slot->start = 0;
      n = lab_child_read (&slot->child, slot->buffer + slot->end,
                          sizeof slot->buffer - slot->end);
      if (n <= 0)
        return GONE;
      slot->end += (gsize) n;
      slot_heard (slot);
    }
}

/* Reads until the pipe closes; after @max_lines, kills the worker. */
static void
slot_drain (Slot  *slot,
            guint  max_lines)
{
  const char *line;
  gsize length;

  for (guint i = 0;; i++)
    {
      Received received = slot_read_line (slot, &line, &length, NULL);

      if (received == GONE)
        return;
      if (received == BROKEN)
        slot->start = slot->end = 0;  /* an overlong line: drop it */
      if (i == max_lines)
        lab_child_signal (&slot->child, SIGKILL);
    }
}

static Received
slot_receive (Slot             *slot,
              LabWorkerMessage *message,
              GError          **error)
{
  const char *line;
  gsize length;
  Received received = slot_read_line (slot, &line, &length, error);

  if (received == RECEIVED && !lab_worker_message_decode (line, length, message, error))
    return BROKEN;
  return received;
}

static Received
broken (GError    **error,
        const char *what)
{
  g_set_error_literal (error, LAB_ERROR, LAB_ERROR_INVALID, what);
  return BROKEN;
}

static Received
slot_wait_ready (Slot    *slot,
                 GError **error)
{
  LabWorkerMessage message;
  Received received = slot_receive (slot, &message, error);

  if (received != RECEIVED)
    return received;
  if (message.kind != LAB_WORKER_MESSAGE_READY)
    return broken (error, _("something else before “ready”"));
  if (message.version != LAB_WORKER_PROTOCOL_VERSION)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_INVALID,
                   _("protocol version %u where %d was expected"),
                   message.version, LAB_WORKER_PROTOCOL_VERSION);
      return BROKEN;
    }
  if (!_lab_processes_take_pid (slot, message.pid))
    return broken (error, _("a process id that is not its own"));
  slot->ready_ns = lab_clock_now_ns ();
  /* From now on the worker is the model's memory too. */
  if (slot->pool->ctx->memory != NULL)
    lab_memory_sampler_add_pid (slot->pool->ctx->memory, slot->child.pid);
  g_debug ("worker %u ready %.2f ms after its spawn began, %.2f ms after the run began",
           slot->index, (double) (slot->ready_ns - slot->spawn_ns) / 1e6,
           (double) (slot->ready_ns - slot->pool->begin_ns) / 1e6);
  return RECEIVED;
}

/* Checks one message about @task against what was said so far, records it,
 * and sets @over when the task is done. */
static Received
slot_take (Slot                   *slot,
           const LabRecorder      *recorder,
           guint32                 task,
           gint64                  sent_ns,
           gint64                 *started_ns,
           const LabWorkerMessage *m,
           gboolean               *over,
           GError                **error)
{
  gint64 now = lab_clock_now_ns ();

  if (m->kind != LAB_WORKER_MESSAGE_READY && m->task != task)
    return broken (error, _("news of another task"));
  switch (m->kind)
    {
    case LAB_WORKER_MESSAGE_START:
      if (*started_ns != 0 || m->t_ns < sent_ns || m->t_ns > now)
        return broken (error, _("a start at an impossible time"));
      *started_ns = m->t_ns;
      recorder->record (recorder->data, task, LAB_STATE_IPC, -1, sent_ns, m->t_ns);
      return RECEIVED;
    case LAB_WORKER_MESSAGE_SEGMENT:
      if (*started_ns == 0 || m->begin_ns < *started_ns || m->end_ns > now)
        return broken (error, _("a segment outside the task’s time"));
      recorder->record (recorder->data, task, m->state, m->core, m->begin_ns, m->end_ns);
      return RECEIVED;
    case LAB_WORKER_MESSAGE_DONE:
      if (*started_ns == 0 || m->t_ns < *started_ns || m->t_ns > now
          || m->cpu_ns > m->t_ns - *started_ns + LAB_NS_PER_MS)
        return broken (error, _("a result with impossible times"));
      lab_trace_add_cpu_time (slot->pool->ctx->trace, m->cpu_ns);
      recorder->record (recorder->data, task, LAB_STATE_IPC, -1, m->t_ns, now);
      *over = TRUE;
      return RECEIVED;
    default:
      return broken (error, _("a message a worker does not send during a task"));
    }
}

static Received
slot_run_task (Slot              *slot,
               const LabRecorder *recorder,
               guint32            task,
               GError           **error)
{
  const LabModelContext *ctx = slot->pool->ctx;
  LabWorkerMessage message = { .kind = LAB_WORKER_MESSAGE_TASK, .task = task };
  gint64 started_ns = 0;
  gboolean over = FALSE;

  message.n_phases = lab_workload_get_phases (ctx->workload, task, message.phases);
  message.t_ns = lab_clock_now_ns ();
  slot_heard (slot);
  if (!slot_send (slot, &message))
    {
      /* The worker's exit status says more than EPIPE. */
      slot_drain (slot, G_MAXUINT);
      return GONE;
    }

  while (!over)
    {
      LabWorkerMessage m;
      Received received = slot_receive (slot, &m, error);

      if (received == RECEIVED)
        received = slot_take (slot, recorder, task, message.t_ns, &started_ns, &m, &over, error);
      if (received != RECEIVED)
        return received;
    }
  return RECEIVED;
}

/* Failures */

/* Stops the worker if it still runs, reaps it, and says how it ended. */
static char *
slot_describe_end (Slot   *slot,
                   GError *detail)
{
  Pool *pool = slot->pool;
  gboolean timed_out;

  if (detail != NULL)
    lab_child_signal (&slot->child, SIGKILL);
  lab_child_wait (&slot->child, &pool->mutex);

  g_mutex_lock (&pool->mutex);
  timed_out = slot->timed_out;
  g_mutex_unlock (&pool->mutex);

  if (timed_out)
    return g_strdup_printf (_("worker %u sent nothing for %d s and was stopped"), slot->index,
                            (int) (SILENCE_DEADLINE_NS / LAB_NS_PER_S));
  if (detail != NULL)
    return g_strdup_printf (_("worker %u sent a malformed message (%s)"), slot->index,
                            detail->message);
  /* A copy that was never started, or ended before it could say its pid:
   * how it ended is not known here. */
  if (slot->child.pid <= 0)
    return g_strdup_printf (_("worker %u, copied from worker %u, ended"), slot->index,
                            _lab_processes_group_leader (slot->index));
  if (lab_child_get_if_signaled (&slot->child))
    {
      int sig = lab_child_get_term_sig (&slot->child);

      return g_strdup_printf (_("worker %u exited with signal %d (%s)"), slot->index, sig,
                              g_strsignal (sig));
    }
  return g_strdup_printf (_("worker %u exited with status %d"), slot->index,
                          lab_child_get_exit_status (&slot->child));
}

static void
slot_fail_task (Slot    *slot,
                guint32  task,
                GError  *detail)
{
  g_autofree char *end = slot_describe_end (slot, detail);
  /* Translators: the first %s is how a worker ended, e.g. "worker 2 exited
   * with signal 9 (Killed)" */
  g_autofree char *reason = g_strdup_printf (_("%s during task %u"), end, task);

  lab_trace_task_failed (slot->pool->ctx->trace, task, reason);
  lab_trace_add_marker (slot->pool->ctx->trace, lab_clock_now_ns (), reason);
}

static void
slot_fail_start (Slot    *slot,
                 GError  *detail)
{
  g_autofree char *end = slot_describe_end (slot, detail);

  slot->start_error = g_strdup_printf (_("%s before it was ready"), end);
  lab_trace_add_marker (slot->pool->ctx->trace, lab_clock_now_ns (), slot->start_error);
}

/* The worker's life, on its own thread */

static void
slot_serve (Slot *slot)
{
  Pool *pool = slot->pool;
  LabRecorder recorder;
  gboolean first = TRUE;

  _lab_model_recorder_init (&recorder, lab_trace_get_writer (pool->ctx->trace, slot->index));

  for (;;)
    {
      g_autoptr(GError) detail = NULL;
      Received received;
      guint32 task;
      gint64 now;

      if (is_cancelled (pool))
        return;
      task = (guint32) g_atomic_int_add ((gint *) &pool->next_task, 1);
      if (task >= pool->n_tasks)
        return;

      /* The first task of a worker waited for the worker's start-up. */
      now = first ? slot->spawn_ns : lab_clock_now_ns ();
      if (now > pool->begin_ns)
        recorder.record (recorder.data, task, LAB_STATE_QUEUED, -1, pool->begin_ns, now);
      if (first)
        recorder.record (recorder.data, task, LAB_STATE_SPAWNING, -1,
                         MAX (slot->spawn_ns, pool->begin_ns), slot->ready_ns);
      first = FALSE;

      received = slot_run_task (slot, &recorder, task, &detail);
      if (received == RECEIVED)
        {
          lab_trace_task_done (pool->ctx->trace, task);
          continue;
        }
      if (!is_cancelled (pool))
        slot_fail_task (slot, task, received == BROKEN ? detail : NULL);
      return;
    }
}

/* Stops the worker if need be, reaps it and closes its pipes, so that the
 * slot can start another. */
static void
slot_end_worker (Slot *slot)
{
  Pool *pool = slot->pool;

  /* Let go by the memory sampler first, so that its exit is not taken for
   * a worker that vanished. */
  if (pool->ctx->memory != NULL && slot->child.pid > 0)
    lab_memory_sampler_remove_pid (pool->ctx->memory, slot->child.pid);
  lab_child_close_in (&slot->child);
  slot_drain (slot, 16);
  lab_child_wait (&slot->child, &pool->mutex);
  lab_child_clear (&slot->child);
}

/* A task on a worker started for it alone: queued until this slot is
 * free, then `spawning` until its worker is ready. */
static gboolean
slot_run_fresh (Slot              *slot,
                const LabRecorder *recorder,
                guint32            task)
{
  Pool *pool = slot->pool;
  g_autoptr(GError) error = NULL;
  gint64 now = lab_clock_now_ns ();
  Received received;

  if (now > pool->begin_ns)
    recorder->record (recorder->data, task, LAB_STATE_QUEUED, -1, pool->begin_ns, now);
  if (!_lab_processes_start_group (slot, &error))
    {
      if (!is_cancelled (pool))
        lab_trace_task_failed (pool->ctx->trace, task, error != NULL ? error->message : NULL);
      return FALSE;
    }
  received = slot_wait_ready (slot, &error);
  if (received == RECEIVED)
    {
      recorder->record (recorder->data, task, LAB_STATE_SPAWNING, -1, slot->spawn_ns,
                        slot->ready_ns);
      received = slot_run_task (slot, recorder, task, &error);
    }
  if (received == RECEIVED)
    lab_trace_task_done (pool->ctx->trace, task);
  else if (!is_cancelled (pool))
    slot_fail_task (slot, task, received == BROKEN ? error : NULL);
  slot_end_worker (slot);
  return received == RECEIVED;
}

static void
slot_serve_per_task (Slot *slot)
{
  Pool *pool = slot->pool;
  LabRecorder recorder;

  _lab_model_recorder_init (&recorder, lab_trace_get_writer (pool->ctx->trace, slot->index));
  for (;;)
    {
      guint32 task;

      if (is_cancelled (pool))
        return;
      task = (guint32) g_atomic_int_add ((gint *) &pool->next_task, 1);
      if (task >= pool->n_tasks)
        return;
      /* A worker that could not start or failed its task: the next task
       * gets a fresh one all the same. */
      slot_run_fresh (slot, &recorder, task);
    }
}

static gpointer
slot_main (gpointer data)
{
  Slot *slot = data;
  Pool *pool = slot->pool;
  /* Before the spawn: the worker process inherits this thread's mask. */
  g_autoptr(LabAffinityScope) cores = lab_affinity_enter (pool->ctx->affinity);
  g_autoptr(GError) error = NULL;
  sigset_t pipe_signal;

  sigemptyset (&pipe_signal);
  sigaddset (&pipe_signal, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_signal, NULL);

  if (pool->per_task)
    slot_serve_per_task (slot);
  else if (_lab_processes_is_leader (slot)
             ? !_lab_processes_start_group (slot, &error)
             : !_lab_processes_wait_group (slot))
    {
      /* Not started (a copy's reason is set by its group's first slot), or
       * cancelled before it was. */
      if (error != NULL)
        slot->start_error = g_strdup (error->message);
    }
  else
    {
      Received received = slot_wait_ready (slot, &error);

      if (received != RECEIVED)
        {
          if (!is_cancelled (pool))
            slot_fail_start (slot, received == BROKEN ? error : NULL);
        }
      else
        {
          slot_serve (slot);
        }
      /* No more tasks: the worker exits when its input closes; one that
       * talks on instead is stopped. */
      slot_end_worker (slot);
    }

  g_mutex_lock (&pool->mutex);
  slot->finished = TRUE;
  pool->n_running--;
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->mutex);
  return NULL;
}

/* The pool, on the run thread */

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Pool *pool = user_data;

  g_mutex_lock (&pool->mutex);
  g_cond_broadcast (&pool->cond);
  g_mutex_unlock (&pool->mutex);
}

/* Kills a worker silent for too long; its thread then fails its task. */
static void
watch_deadlines (Pool *pool)
{
  gint64 now = lab_clock_now_ns ();

  for (guint i = 0; i < pool->n_slots; i++)
    {
      Slot *slot = &pool->slots[i];
      gint64 heard = __atomic_load_n (&slot->heard_ns, __ATOMIC_ACQUIRE);

      if (slot->child.pid > 0 && !slot->finished && !slot->timed_out
          && now - heard > SILENCE_DEADLINE_NS)
        {
          g_debug ("worker %u silent for %" G_GINT64_FORMAT " ms: stopping it", i,
                   (now - heard) / LAB_NS_PER_MS);
          slot->timed_out = TRUE;
          lab_child_signal (&slot->child, SIGKILL);
        }
    }
}

/* Called with the mutex held. */
static void
signal_all (Pool *pool,
            int   sig)
{
  for (guint i = 0; i < pool->n_slots; i++)
    if (!pool->slots[i].finished)
      lab_child_signal (&pool->slots[i].child, sig);
}

/* Waits until every worker thread is finished, watching deadlines; on
 * cancel, stops every worker: SIGTERM, a short grace, SIGKILL. */
static void
watch_pool (Pool *pool)
{
  gint64 grace_end;

  g_mutex_lock (&pool->mutex);
  while (pool->n_running > 0 && !is_cancelled (pool))
    {
      watch_deadlines (pool);
      g_cond_wait_until (&pool->cond, &pool->mutex, g_get_monotonic_time () + WATCH_PERIOD_US);
    }
  if (pool->n_running > 0)
    {
      pool->stopping = TRUE;
      signal_all (pool, SIGTERM);
      grace_end = g_get_monotonic_time () + KILL_GRACE_US;
      while (pool->n_running > 0 && g_cond_wait_until (&pool->cond, &pool->mutex, grace_end))
        ;
      signal_all (pool, SIGKILL);
    }
  g_mutex_unlock (&pool->mutex);
}

static guint
start_threads (Pool    *pool,
               GError **error)
{
  guint n_started = 0;

  g_mutex_lock (&pool->mutex);
  for (; n_started < pool->n_slots; n_started++)
    {
      Slot *slot = &pool->slots[n_started];

      slot->thread = g_thread_try_new ("lab-process", slot_main, slot, error);
      if (slot->thread == NULL)
        break;
      pool->n_running++;
    }
  /* Read by each group's first thread, which can only take the mutex now. */
  pool->n_threads = n_started;
  g_mutex_unlock (&pool->mutex);
  return n_started;
}

/* After the run: tasks no worker could take (every worker retired). */
static void
fail_leftover_tasks (Pool *pool)
{
  for (guint32 task = 0; task < pool->n_tasks; task++)
    if (lab_trace_task_get_status (pool->ctx->trace, task) == LAB_TASK_STATUS_PENDING)
      lab_trace_task_failed (pool->ctx->trace, task,
                             _("no worker process was left to run this task"));
}

static gboolean
finish_pool (Pool     *pool,
             guint     n_started,
             GError   *thread_error,
             GError  **error)
{
  const char *start_error = thread_error != NULL ? thread_error->message : NULL;
  gboolean any_ready = FALSE;

  for (guint i = 0; i < n_started; i++)
    {
      Slot *slot = &pool->slots[i];

      g_thread_join (slot->thread);
      any_ready |= slot->ready_ns != 0;
      if (slot->start_error != NULL)
        start_error = slot->start_error;
    }

  if (!any_ready && !is_cancelled (pool))
    {
      lab_trace_end (pool->ctx->trace, lab_clock_now_ns ());
      /* The program is named: it ran but was not a worker (a wrong path). */
      g_set_error (error, LAB_ERROR, LAB_ERROR_WORKER, _("No worker process started from “%s”: %s"),
                   pool->ctx->worker_path,
                   start_error != NULL ? start_error : _("no worker could be started"));
      return FALSE;
    }
  if (!is_cancelled (pool))
    fail_leftover_tasks (pool);
  _lab_model_end (pool->ctx);
  return TRUE;
}

static void
free_slots (Pool *pool)
{
  for (guint i = 0; i < pool->n_slots; i++)
    {
      g_clear_pointer (&pool->slots[i].start_error, g_free);
    }
  g_free (pool->slots);
}

static gboolean
pool_run (const LabModelContext *ctx,
          gboolean               per_task,
          GError               **error)
{
  Pool pool = { ctx, 0, 0, lab_workload_get_n_tasks (ctx->workload), 0 };
  g_autoptr(GError) thread_error = NULL;
  gulong handler;
  guint n_started;
  gboolean ok;

  pool.n_slots = _lab_processes_count (ctx, pool.n_tasks, error);
  if (pool.n_slots == 0 || !_lab_processes_check_program (ctx->worker_path, error))
    return FALSE;

  g_mutex_init (&pool.mutex);
  g_cond_init (&pool.cond);
  pool.per_task = per_task;
  pool.rate = _lab_model_iterations_per_ms (ctx);
  pool.slots = g_new0 (Slot, pool.n_slots);
  for (guint i = 0; i < pool.n_slots; i++)
    {
      pool.slots[i].pool = &pool;
      pool.slots[i].index = i;
      pool.slots[i].child = (LabChild) { .in_fd = -1, .out_fd = -1 };
    }

  pool.begin_ns = _lab_model_begin (ctx, pool.n_slots);
  handler = ctx->cancellable == NULL ? 0 : g_cancellable_connect (ctx->cancellable,
                                                                  G_CALLBACK (on_cancelled_cb),
                                                                  &pool, NULL);
  n_started = start_threads (&pool, &thread_error);
  watch_pool (&pool);
  g_cancellable_disconnect (ctx->cancellable, handler);

  ok = finish_pool (&pool, n_started, thread_error, error);
  if (ok && thread_error != NULL)
    lab_trace_add_marker (ctx->trace, lab_clock_now_ns (), thread_error->message);
  free_slots (&pool);
  g_cond_clear (&pool.cond);
  g_mutex_clear (&pool.mutex);
  return ok;
}

static gboolean
processes_run (const LabModelContext *ctx,
               GError               **error)
{
  return pool_run (ctx, FALSE, error);
}

static gboolean
process_per_task_run (const LabModelContext *ctx,
                      GError               **error)
{
  return pool_run (ctx, TRUE, error);
}

const LabModel lab_model_process_per_task = {
  .id = "process-per-task",
  .name = N_("Process per task"),
  .summary = N_("A fresh worker process for every task, at most N at a time, as "
                "multiprocessing.Process: every task pays a process start"),
  .run = process_per_task_run,
};

const LabModel lab_model_processes = {
  .id = "processes",
  .name = N_("Processes"),
  .summary = N_("A pool of worker processes: true parallelism, with start-up and hand-over costs"),
  .run = processes_run,
};
