/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-cpu-monitor.h"
#include "lab-cpu.h"
#include "lab-proc-files.h"
#include "lab-proc-sampler.h"
#include "lab-process-memory.h"
#include "lab-python-tasks.h"
#include "lab-spawn.h"
#include "lab-tracer.h"

/* Records of Python tasks, orphans of the tree and the processes whose
 * memory is measured are looked for this often; threads are read at the
 * sampling rate. */
#define SLOW_EVERY_NS (50 * LAB_NS_PER_MS)

struct _LabTracer
{
  GObject         parent_instance;

  char          **argv;
  char           *directory;
  guint           rate_hz;
  gint64          grace_ns;
  char           *python_dir;
  gboolean        adopt_orphans;
  gboolean        foreground;

  LabComparison  *comparison;
  LabTrace       *trace;
  LabPythonTasks *python_tasks;
  LabCpuMonitor  *monitor;
  GThread        *thread;
  GPid            pid;
  gint64          begin_ns;
  gboolean        has_terminal;

  int             stop_signal;   /* atomic: 0, or the signal asked for */

  GMutex          mutex;         /* guards what follows */
  int             wait_status;
  gboolean        stopped;
  gboolean        finished;
  GPtrArray      *waiters;       /* of GTask */
};

G_DEFINE_FINAL_TYPE (LabTracer, lab_tracer, G_TYPE_OBJECT)

G_DEFINE_QUARK (lab-tracer-error-quark, lab_tracer_error)

static void
lab_tracer_finalize (GObject *object)
{
  LabTracer *self = LAB_TRACER (object);

  /* The tracing thread holds a reference until it is done. */
  g_assert (self->thread == NULL);
  g_strfreev (self->argv);
  g_free (self->directory);
  g_free (self->python_dir);
  g_clear_pointer (&self->comparison, lab_comparison_unref);
  g_clear_pointer (&self->trace, lab_trace_unref);
  g_clear_pointer (&self->python_tasks, lab_python_tasks_free);
  g_ptr_array_unref (self->waiters);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (lab_tracer_parent_class)->finalize (object);
}

static void
lab_tracer_class_init (LabTracerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lab_tracer_finalize;
}

static void
lab_tracer_init (LabTracer *self)
{
  g_mutex_init (&self->mutex);
  self->rate_hz = LAB_TRACER_DEFAULT_RATE_HZ;
  self->grace_ns = LAB_TRACER_DEFAULT_GRACE_NS;
  self->wait_status = -1;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * lab_tracer_new:
 * @argv: (array zero-terminated=1): the command and its arguments
 *
 * Returns: (transfer full): a tracer of @argv, not started
 */
LabTracer *
lab_tracer_new (const char * const *argv)
{
  LabTracer *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL && argv[0][0] != '\0', NULL);

  self = g_object_new (LAB_TYPE_TRACER, NULL);
  self->argv = g_strdupv ((char **) argv);
  return self;
}

void
lab_tracer_set_directory (LabTracer  *self,
                          const char *directory)
{
  g_return_if_fail (LAB_IS_TRACER (self));
  g_return_if_fail (self->comparison == NULL);

  g_free (self->directory);
  self->directory = directory != NULL && *directory != '\0' ? g_strdup (directory) : NULL;
}

void
lab_tracer_set_rate (LabTracer *self,
                     guint      rate_hz)
{
  g_return_if_fail (LAB_IS_TRACER (self));
  g_return_if_fail (rate_hz >= 1 && rate_hz <= LAB_TRACER_MAX_RATE_HZ);

  self->rate_hz = rate_hz;
}

void
lab_tracer_set_grace_ns (LabTracer *self,
                         gint64     grace_ns)
{
  g_return_if_fail (LAB_IS_TRACER (self));
  g_return_if_fail (grace_ns >= 0);

  self->grace_ns = grace_ns;
}

/**
 * lab_tracer_set_python_tasks:
 * @self: a tracer
 * @python_dir: (nullable): the folder of concurrency_lab_tasks.py
 *   (lab_python_tasks_find_dir()), or %NULL to record no Python tasks
 */
void
lab_tracer_set_python_tasks (LabTracer  *self,
                             const char *python_dir)
{
  g_return_if_fail (LAB_IS_TRACER (self));

  g_free (self->python_dir);
  self->python_dir = g_strdup (python_dir);
}

void
lab_tracer_set_adopt_orphans (LabTracer *self,
                              gboolean   adopt)
{
  g_return_if_fail (LAB_IS_TRACER (self));

  self->adopt_orphans = adopt;
}

void
lab_tracer_set_foreground (LabTracer *self,
                           gboolean   foreground)
{
  g_return_if_fail (LAB_IS_TRACER (self));

  self->foreground = foreground;
}

LabComparison *
lab_tracer_get_comparison (LabTracer *self)
{
  g_return_val_if_fail (LAB_IS_TRACER (self), NULL);

  return self->comparison;
}

GPid
lab_tracer_get_pid (LabTracer *self)
{
  g_return_val_if_fail (LAB_IS_TRACER (self), 0);

  return self->pid;
}

/* The command as a person would type it: arguments with spaces quoted. */
static char *
command_title (char **argv)
{
  GString *title = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (title, ' ');
      if (argv[i][0] != '\0' && strpbrk (argv[i], " \t\n'\"\\$`*?;&|<>()") == NULL)
        g_string_append (title, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);

          g_string_append (title, quoted);
        }
    }
  return g_string_free (title, FALSE);
}

/* PYTHONPATH with the module's folder first, and where it writes. */
static char **
python_environment (LabTracer *self)
{
  const char *old = g_getenv ("PYTHONPATH");
  char **env = g_new0 (char *, 3);

  env[0] = old != NULL && *old != '\0'
             ? g_strdup_printf ("PYTHONPATH=%s:%s", self->python_dir, old)
             : g_strdup_printf ("PYTHONPATH=%s", self->python_dir);
  env[1] = g_strdup_printf ("%s=%s", LAB_PYTHON_TASKS_ENV,
                            lab_python_tasks_get_folder (self->python_tasks));
  return env;
}

static gpointer tracing_thread (gpointer data);

/**
 * lab_tracer_start:
 * @self: a tracer not started yet
 * @error: a #LabTracerError
 *
 * Starts the program and, on a thread of its own, the tracing.
 *
 * Returns: %TRUE when the program runs
 */
gboolean
lab_tracer_start (LabTracer  *self,
                  GError    **error)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) extra_env = NULL;
  LabSpawnRequest request = { 0 };

  g_return_val_if_fail (LAB_IS_TRACER (self), FALSE);
  g_return_val_if_fail (self->comparison == NULL, FALSE);

  lab_spawn_raise_file_limit ();
  self->trace = lab_trace_new_observed (LAB_TRACER_MODEL_ID, lab_cpu_count ());
  title = command_title (self->argv);
  lab_observed_set_title (lab_trace_get_observed (self->trace), title);
  if (self->python_dir != NULL)
    {
      self->python_tasks = lab_python_tasks_new (self->trace, error);
      if (self->python_tasks == NULL)
        return FALSE;
      extra_env = python_environment (self);
    }

  request.argv = (const char * const *) self->argv;
  request.directory = self->directory;
  request.extra_env = (const char * const *) extra_env;
  self->has_terminal = isatty (STDIN_FILENO) && tcgetpgrp (STDIN_FILENO) == getpgrp ();
  request.foreground = self->foreground && self->has_terminal;
  request.null_input = !self->foreground;
  if (self->adopt_orphans)
    prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

  self->begin_ns = lab_clock_now_ns ();
  if (!lab_spawn_program (&request, &self->pid, error))
    {
      if (self->adopt_orphans)
        prctl (PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
      g_clear_pointer (&self->python_tasks, lab_python_tasks_free);
      return FALSE;
    }
  lab_trace_begin (self->trace, self->begin_ns);
  self->comparison = lab_comparison_new_observed (LAB_TRACER_MODEL_ID, lab_cpu_count ());
  lab_comparison_set_n_expected (self->comparison, 1);
  lab_comparison_add_trace (self->comparison, self->trace);
  self->monitor = lab_cpu_monitor_start (self->trace, NULL);
  self->thread = g_thread_new ("lab-tracer", tracing_thread, g_object_ref (self));
  return TRUE;
}

void
lab_tracer_stop (LabTracer *self,
                 int        signum)
{
  g_return_if_fail (LAB_IS_TRACER (self));
  g_return_if_fail (signum > 0);

  g_mutex_lock (&self->mutex);
  if (!self->finished)
    self->stopped = TRUE;
  g_mutex_unlock (&self->mutex);
  g_atomic_int_compare_and_exchange (&self->stop_signal, 0, signum);
}

gboolean
lab_tracer_was_stopped (LabTracer *self)
{
  gboolean stopped;

  g_return_val_if_fail (LAB_IS_TRACER (self), FALSE);

  g_mutex_lock (&self->mutex);
  stopped = self->stopped;
  g_mutex_unlock (&self->mutex);
  return stopped;
}

int
lab_tracer_get_wait_status (LabTracer *self)
{
  int status;

  g_return_val_if_fail (LAB_IS_TRACER (self), -1);

  g_mutex_lock (&self->mutex);
  status = self->wait_status;
  g_mutex_unlock (&self->mutex);
  return status;
}

int
lab_tracer_get_exit_code (LabTracer *self)
{
  int status = lab_tracer_get_wait_status (self);

  if (status == -1)
    return -1;
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 1;
}

/* The tracing thread's own state. */
typedef struct
{
  LabTracer        *tracer;
  LabProcSampler   *sampler;
  LabProcessMemory *memory;
  gboolean          reaped;
  gboolean          signalled;
  gboolean          killed;
  gint64            kill_at_ns;
  gint64            slow_ns;
  int               pidfd;         /* readable when the program ends; -1 without pidfds */
  gint64            reaped_cpu_ns; /* the CPU time of what this thread reaped, from the kernel */
  gboolean          ended;         /* the pidfd said the program ended */
} Tracing;

/* The CPU time of a reaped child and of the children it reaped itself. */
static gint64
cpu_of (const struct rusage *ru)
{
  return ((gint64) ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * LAB_NS_PER_S
         + ((gint64) ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * LAB_NS_PER_US;
}

/* The program exited: read its last counters while it is a zombie, then
 * reap it. */
static void
check_program (Tracing *t,
               gint64   now_ns)
{
  LabTracer *self = t->tracer;
  siginfo_t info = { 0 };
  struct rusage ru;
  int status;

  if (t->reaped || waitid (P_PID, (id_t) self->pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0
      || info.si_pid != self->pid)
    return;
  lab_proc_sampler_process_ending (t->sampler, self->pid, now_ns);
  while (wait4 (self->pid, &status, 0, &ru) < 0)
    if (errno != EINTR)
      return;
  t->reaped_cpu_ns += cpu_of (&ru);
  t->reaped = TRUE;
  g_mutex_lock (&self->mutex);
  self->wait_status = status;
  g_mutex_unlock (&self->mutex);
  lab_proc_sampler_process_exited (t->sampler, self->pid, status, now_ns);
}

/* As the tree's reaper: its orphans are this process's children now.
 * Follow them, and reap them when they end. */
static void
adopt_orphans (Tracing *t,
               gint64   now_ns)
{
  LabTracer *self = t->tracer;
  g_autoptr(GArray) tids = NULL;
  int task_fd = lab_proc_open_dir (AT_FDCWD, "/proc/self/task");

  tids = lab_proc_list_threads (task_fd);
  for (guint i = 0; tids != NULL && i < tids->len; i++)
    {
      char name[32];
      int fd;
      g_autoptr(GArray) pids = NULL;

      g_snprintf (name, sizeof name, "%d/children", g_array_index (tids, gint32, i));
      fd = lab_proc_open_file (task_fd, name);
      pids = lab_proc_read_children (fd);
      if (fd >= 0)
        close (fd);
      for (guint k = 0; pids != NULL && k < pids->len; k++)
        if (g_array_index (pids, gint32, k) != self->pid)
          lab_proc_sampler_adopt (t->sampler, g_array_index (pids, gint32, k), now_ns);
    }
  if (task_fd >= 0)
    close (task_fd);

  for (;;)
    {
      siginfo_t info = { 0 };
      struct rusage ru;
      int status;

      if (waitid (P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid <= 0
          || info.si_pid == self->pid)
        break;
      lab_proc_sampler_process_ending (t->sampler, info.si_pid, now_ns);
      if (wait4 (info.si_pid, &status, 0, &ru) == info.si_pid)
        {
          t->reaped_cpu_ns += cpu_of (&ru);
          lab_proc_sampler_process_exited (t->sampler, info.si_pid, status, now_ns);
        }
    }
}

/* Stop: the signal asked for to everything, then SIGKILL after the grace
 * period. The program's group first, while it exists: it holds what was
 * too short-lived to be followed. */
static void
enforce_stop (Tracing *t,
              gint64   now_ns)
{
  LabTracer *self = t->tracer;
  int signum = g_atomic_int_get (&self->stop_signal);

  if (signum == 0 || t->killed)
    return;
  if (!t->signalled)
    {
      if (!t->reaped)
        killpg (self->pid, signum);
      lab_proc_sampler_signal_all (t->sampler, signum);
      t->signalled = TRUE;
      t->kill_at_ns = now_ns + self->grace_ns;
    }
  else if (now_ns >= t->kill_at_ns)
    {
      if (!t->reaped)
        killpg (self->pid, SIGKILL);
      lab_proc_sampler_signal_all (t->sampler, SIGKILL);
      t->killed = TRUE;
    }
}

/* Sleeps until @until_ns, or until the program ends if that is sooner:
 * its end is noticed at once, not at the next reading. */
static void
wait_until (Tracing *t,
            gint64   until_ns)
{
  gint64 now = lab_clock_now_ns ();
  struct timespec ts;

  if (until_ns <= now)
    return;
  if (t->pidfd >= 0 && !t->reaped)
    {
      struct pollfd pfd = { t->pidfd, POLLIN, 0 };

      ts.tv_sec = (until_ns - now) / LAB_NS_PER_S;
      ts.tv_nsec = (until_ns - now) % LAB_NS_PER_S;
      if (ppoll (&pfd, 1, &ts, NULL) > 0)
        t->ended = TRUE;
      return;
    }
  ts.tv_sec = until_ns / LAB_NS_PER_S;
  ts.tv_nsec = until_ns % LAB_NS_PER_S;
  while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
    ;
}

/* Over: the lanes in the order of their processes (they came in the
 * order they were found), in a comparison of their own. */
static void
group_by_process (LabTracer *self)
{
  g_autoptr(LabTrace) grouped = lab_trace_dup_by_process (self->trace);
  LabComparison *comparison = lab_comparison_new_observed (LAB_TRACER_MODEL_ID,
                                                           lab_comparison_get_n_cores (self->comparison));

  lab_comparison_set_n_expected (comparison, 1);
  lab_comparison_add_trace (comparison, grouped);
  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->comparison, lab_comparison_unref);
  self->comparison = comparison;
  g_clear_pointer (&self->trace, lab_trace_unref);
  self->trace = g_steal_pointer (&grouped);
  g_mutex_unlock (&self->mutex);
}

static void
finish (Tracing *t,
        gint64   end_ns)
{
  LabTracer *self = t->tracer;
  g_autoptr(GPtrArray) waiters = NULL;
  LabSamplingNote note;
  gint64 memory_cpu_ns;

  if (self->python_tasks != NULL)
    lab_python_tasks_finish (self->python_tasks, t->sampler);
  memory_cpu_ns = lab_process_memory_stop (g_steal_pointer (&t->memory), end_ns);
  lab_proc_sampler_finish (t->sampler, end_ns, t->reaped_cpu_ns);
  lab_observed_get_sampling (lab_trace_get_observed (self->trace), &note);
  note.memory_cpu_ns = memory_cpu_ns;
  lab_observed_set_sampling (lab_trace_get_observed (self->trace), &note);
  /* Ended by us (Stop, or a signal passed on): what it did so far, a part
   * of its run, which nothing may judge. */
  if (t->signalled)
    lab_trace_mark_stopped (self->trace);
  lab_trace_end (self->trace, end_ns);
  g_clear_pointer (&self->monitor, lab_cpu_monitor_stop);
  group_by_process (self);
  if (self->adopt_orphans)
    prctl (PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
  if (self->foreground && self->has_terminal)
    lab_spawn_take_terminal ();

  g_mutex_lock (&self->mutex);
  self->finished = TRUE;
  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_unlock (&self->mutex);
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_pointer (g_ptr_array_index (waiters, i), lab_comparison_ref (self->comparison),
                           (GDestroyNotify) lab_comparison_unref);
}

static gpointer
tracing_thread (gpointer data)
{
  LabTracer *self = data;
  Tracing t = { self, NULL, NULL, FALSE, FALSE, FALSE, 0, 0, -1, 0 };
  gint64 now = lab_clock_now_ns ();
  gboolean followed;

#ifdef SYS_pidfd_open
  t.pidfd = (int) syscall (SYS_pidfd_open, self->pid, 0);
#endif
  t.sampler = lab_proc_sampler_new (self->trace, self->rate_hz);
  followed = lab_proc_sampler_add_root (t.sampler, self->pid, self->begin_ns);
  t.memory = lab_process_memory_start (self->trace, t.sampler, now);
  for (;;)
    {
      gint64 next;
      guint alive;
      gboolean slow;

      now = lab_clock_now_ns ();
      slow = now - t.slow_ns >= SLOW_EVERY_NS;
      /* Its /proc entry could not be read at the first try: try again
       * while it runs, rather than leave the whole program unseen. */
      if (!followed && !t.reaped)
        followed = lab_proc_sampler_add_root (t.sampler, self->pid, self->begin_ns);
      /* With a pidfd, the program's end wakes the wait below: asking
       * the kernel at every tick would cost as much as a reading. */
      if (t.pidfd < 0 || t.ended || slow)
        check_program (&t, now);
      alive = lab_proc_sampler_tick (t.sampler, now);
      if (slow)
        {
          if (self->python_tasks != NULL)
            lab_python_tasks_poll (self->python_tasks, t.sampler, now);
          if (self->adopt_orphans)
            adopt_orphans (&t, now);
          lab_process_memory_follow (t.memory, t.sampler, now);
          t.slow_ns = now;
        }
      enforce_stop (&t, now);
      if (t.reaped && alive == 0 && self->adopt_orphans)
        {
          /* The last one may have left orphans, now this process's. */
          adopt_orphans (&t, now);
          alive = lab_proc_sampler_tick (t.sampler, now);
        }
      if (t.reaped && alive == 0)
        break;

      /* Asleep until a thread is due: a program that sleeps costs few
       * wake-ups. A stop asked for meanwhile waits for the next one. */
      next = MIN (lab_proc_sampler_get_next_due (t.sampler), t.slow_ns + SLOW_EVERY_NS);
      if (t.signalled && !t.killed)
        next = MIN (next, t.kill_at_ns);
      wait_until (&t, next);
    }
  finish (&t, now);
  lab_proc_sampler_free (t.sampler);
  if (t.pidfd >= 0)
    close (t.pidfd);

  /* The thread is joined by nobody: it lets go of itself and the tracer. */
  g_thread_unref (g_steal_pointer (&self->thread));
  g_object_unref (self);
  return NULL;
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 LabTracer    *self)
{
  lab_tracer_stop (self, SIGTERM);
}

/**
 * lab_tracer_wait_async:
 * @self: a started tracer
 * @cancellable: (nullable): cancelling it stops the program (SIGTERM, then
 *   SIGKILL after the grace period); the wait still ends only once every
 *   process is gone
 * @callback: called on the caller's thread-default main context when
 *   tracing is over
 * @user_data: for @callback
 */
void
lab_tracer_wait_async (LabTracer           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gboolean finished;

  g_return_if_fail (LAB_IS_TRACER (self));
  g_return_if_fail (self->comparison != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, lab_tracer_wait_async);
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), self, NULL);

  g_mutex_lock (&self->mutex);
  finished = self->finished;
  if (!finished)
    g_ptr_array_add (self->waiters, g_object_ref (task));
  g_mutex_unlock (&self->mutex);
  if (finished)
    g_task_return_pointer (task, lab_comparison_ref (self->comparison),
                           (GDestroyNotify) lab_comparison_unref);
}

/**
 * lab_tracer_wait_finish:
 * @self: a tracer
 * @result: the result given to the callback
 * @error: never set: a program that failed is measured all the same
 *
 * Returns: (transfer full): the comparison, with the trace complete
 */
LabComparison *
lab_tracer_wait_finish (LabTracer     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LAB_IS_TRACER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
