/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-observe"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-proc-files.h"
#include "lab-proc-sampler.h"
#include "lab-thread-ledger.h"
#include "lab-wchan.h"

/* A growing segment is handed to the trace this often, for live charts. */
#define PUBLISH_NS (100 * LAB_NS_PER_MS)
/* How often the sampler checks what it costs, and adjusts. */
#define BUDGET_WINDOW_NS (50 * LAB_NS_PER_MS)
#define BUDGET_AIM (LAB_PROC_SAMPLER_CPU_SHARE * 0.85)
#define MAX_STRETCH 64.0
/* Threads that ran are checked for new child processes at most this
 * often, and only when the system gave out a new pid meanwhile. */
#define CHILDREN_EVERY_NS (5 * LAB_NS_PER_MS)
/* A thread that keeps running has the core it runs on read at most this
 * often (a `stat` read costs several times a `schedstat` one); a thread
 * that just woke has it read at once. */
#define CORE_EVERY_NS (4 * LAB_NS_PER_MS)
/* A process that ran has its name read again at most this often: an exec
 * changes it (make's child becomes cc1), and then its command line. */
#define RENAME_EVERY_NS (10 * LAB_NS_PER_MS)
/* Reads of threads that stay asleep, a second, when there are many. */
#define SLEEPER_READS_PER_S 500
/* Intervals kept to find their median. */
#define MAX_INTERVALS 200000

typedef struct _Proc Proc;

typedef struct
{
  gint32          tid;
  Proc           *proc;
  guint32         task;
  int             schedstat_fd;
  int             wchan_fd;
  int             stat_fd;
  int             children_fd;
  LabThreadLedger ledger;
  LabSchedstat    last;
  gint64          last_read_ns;
  gint            core;
  gint64          core_ns;       /* when its core was read last */
  gint64          due_ns;        /* when it is to be read next */
  guint           skip;          /* sampling periods between reads while asleep */
  gboolean        children_due;  /* it ran since its children were read */
  gboolean        gone;
} Thread;

struct _Proc
{
  LabProcSampler *sampler;
  gint32   pid;
  guint    process;      /* in the roster */
  int      dir_fd;       /* /proc/PID */
  int      task_fd;      /* /proc/PID/task */
  int      comm_fd;      /* /proc/PID/comm */
  char     comm[64];     /* as read last */
  guint    n_threads;    /* the link count seen last */
  guint    n_live;       /* threads followed and not gone */
  gboolean wait_readable;
  gboolean ran;          /* a thread ran since the last look for threads */
  gboolean rescan;
  gint64   named_ns;
  gboolean name_due;     /* it ran since its name was read: it may have exec'd */
  gboolean gone;
};

struct _LabProcSampler
{
  LabTrace       *trace;
  LabObserved    *observed;
  LabTraceWriter *writer;
  guint           rate_hz;
  gint64          period_ns;

  GPtrArray      *procs;        /* of Proc*, every one ever followed */
  GPtrArray      *threads;      /* of Thread*, the live ones */
  GHashTable     *proc_by_pid;  /* live */
  GHashTable     *ended_by_pid; /* pid -> Proc*, gone */
  GHashTable     *task_by_tid;  /* live tid -> task + 1 */
  GHashTable     *ended_tids;   /* threads followed to their end */

  double          stretch;
  gint64          window_begin_ns;
  gint64          window_cpu_ns;
  gint64          cpu_begin_ns;
  gint64          last_publish_ns;
  guint64         reads;
  GArray         *intervals;    /* of gint64: between reads of a thread that moved */
  gint64          max_interval_ns;
  guint           unreadable;

  int             loadavg_fd;      /* /proc/loadavg: the last pid given out */
  gint32          last_pid;        /* as read there last, or 0 */
  gint64          children_ns;     /* when children were last looked for */

  double          ns_per_tick;     /* clock ticks of /proc/…/stat */
  gint64          boot_to_mono_ns; /* CLOCK_BOOTTIME − CLOCK_MONOTONIC */
};

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    close (*fd);
  *fd = -1;
}

static void
thread_free (gpointer data)
{
  Thread *t = data;

  close_fd (&t->schedstat_fd);
  close_fd (&t->wchan_fd);
  close_fd (&t->stat_fd);
  close_fd (&t->children_fd);
  g_free (t);
}

static void
proc_free (gpointer data)
{
  Proc *p = data;

  close_fd (&p->dir_fd);
  close_fd (&p->task_fd);
  close_fd (&p->comm_fd);
  g_free (p);
}

static gint64
boottime_offset (void)
{
  struct timespec boot, mono;

  clock_gettime (CLOCK_BOOTTIME, &boot);
  clock_gettime (CLOCK_MONOTONIC, &mono);
  return ((gint64) boot.tv_sec - mono.tv_sec) * LAB_NS_PER_S + (boot.tv_nsec - mono.tv_nsec);
}

/**
 * lab_proc_sampler_new:
 * @trace: an observed trace (lab_trace_new_observed()) to record into
 * @rate_hz: readings per second of a thread that is doing something
 *
 * Returns: (transfer full): a sampler following nothing yet; call every
 *   other function from one thread, the one that ticks it
 */
LabProcSampler *
lab_proc_sampler_new (LabTrace *trace,
                      guint     rate_hz)
{
  LabProcSampler *s;
  long ticks = sysconf (_SC_CLK_TCK);

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (lab_trace_get_observed (trace) != NULL, NULL);
  g_return_val_if_fail (rate_hz > 0, NULL);

  s = g_new0 (LabProcSampler, 1);
  s->trace = lab_trace_ref (trace);
  s->observed = lab_trace_get_observed (trace);
  s->rate_hz = rate_hz;
  s->period_ns = LAB_NS_PER_S / rate_hz;
  s->procs = g_ptr_array_new_with_free_func (proc_free);
  s->threads = g_ptr_array_new_with_free_func (thread_free);
  s->proc_by_pid = g_hash_table_new (NULL, NULL);
  s->ended_by_pid = g_hash_table_new (NULL, NULL);
  s->task_by_tid = g_hash_table_new (NULL, NULL);
  s->ended_tids = g_hash_table_new (NULL, NULL);
  s->stretch = 1.0;
  s->intervals = g_array_new (FALSE, FALSE, sizeof (gint64));
  s->ns_per_tick = ticks > 0 ? (double) LAB_NS_PER_S / (double) ticks : 1e7;
  s->boot_to_mono_ns = boottime_offset ();
  s->cpu_begin_ns = -1;
  /* Unreadable: children are looked for whenever a thread ran. */
  s->loadavg_fd = lab_proc_open_file (AT_FDCWD, "/proc/loadavg");
  return s;
}

void
lab_proc_sampler_free (LabProcSampler *sampler)
{
  if (sampler == NULL)
    return;
  g_hash_table_unref (sampler->proc_by_pid);
  g_hash_table_unref (sampler->ended_by_pid);
  g_hash_table_unref (sampler->task_by_tid);
  g_hash_table_unref (sampler->ended_tids);
  g_ptr_array_unref (sampler->threads);
  g_ptr_array_unref (sampler->procs);
  g_array_unref (sampler->intervals);
  close_fd (&sampler->loadavg_fd);
  lab_trace_unref (sampler->trace);
  g_free (sampler);
}

static void
on_segment_cb (LabState state,
               gint     core,
               gint64   begin_ns,
               gint64   end_ns,
               gpointer user_data)
{
  Thread *t = user_data;

  lab_trace_writer_add (t->proc->sampler->writer, t->task, state, core, begin_ns, end_ns);
}

/* Start of a thread or process from its stat line, on CLOCK_MONOTONIC:
 * the kernel counts it in clock ticks (10 ms), so it is that coarse. */
static gint64
start_of (LabProcSampler    *s,
          const LabProcStat *st)
{
  return (gint64) ((double) st->start_ticks * s->ns_per_tick) - s->boot_to_mono_ns;
}

/* One of the thread's files, opened the first time it is needed. */
static int
thread_file (Thread     *t,
             int        *fd,
             const char *name)
{
  if (*fd < 0)
    {
      char path[64];

      g_snprintf (path, sizeof path, "%d/%s", t->tid, name);
      *fd = lab_proc_open_file (t->proc->task_fd, path);
    }
  return *fd;
}

/* What a thread is doing now, for a reading whose counters moved (or that
 * is its first): runnable, asleep and why, or gone (a zombie). */
static gboolean
read_now (Thread   *t,
          gboolean  moved,
          LabState *out_now)
{
  Proc *p = t->proc;
  char wchan[128];
  LabProcStat st;

  p->sampler->reads++;
  if (p->wait_readable)
    {
      if (!lab_proc_read_line (thread_file (t, &t->wchan_fd, "wchan"), wchan, sizeof wchan))
        return FALSE;
      *out_now = lab_wchan_classify (wchan);
      /* "0" is also what a zombie shows: when nothing moved, ask. */
      if (*out_now != LAB_STATE_RUNNING || moved)
        return TRUE;
    }
  p->sampler->reads++;
  if (!lab_proc_read_stat (thread_file (t, &t->stat_fd, "stat"), &st)
      || st.state == 'Z' || st.state == 'X')
    return FALSE;
  t->core = st.core;
  /* A readable wait of "0" on a thread the kernel calls asleep: it is on
   * its way to sleep, still on its core; read again at the next tick.
   * Asleep with a wait that may not be read: blank, never guessed. */
  *out_now = st.state == 'R' || p->wait_readable ? LAB_STATE_RUNNING : LAB_N_STATES;
  return TRUE;
}

static void
read_core (Thread *t)
{
  LabProcStat st;

  t->proc->sampler->reads++;
  if (lab_proc_read_stat (thread_file (t, &t->stat_fd, "stat"), &st))
    t->core = st.core;
}

static void proc_add_child (LabProcSampler *s, Proc *parent, gint32 pid, gint64 now_ns);

static void
read_children (Thread *t,
               gint64  now_ns)
{
  g_autoptr(GArray) pids = NULL;

  t->children_due = FALSE;
  t->proc->sampler->reads++;
  pids = lab_proc_read_children (thread_file (t, &t->children_fd, "children"));
  for (guint i = 0; pids != NULL && i < pids->len; i++)
    proc_add_child (t->proc->sampler, t->proc, g_array_index (pids, gint32, i), now_ns);
}

static void
thread_gone (LabProcSampler *s,
             Thread         *t)
{
  lab_thread_ledger_finish (&t->ledger);
  lab_observed_task_ended (s->observed, t->task, t->ledger.settled_ns);
  lab_trace_task_done (s->trace, t->task);
  g_hash_table_remove (s->task_by_tid, GINT_TO_POINTER (t->tid));
  /* A zombie leader stays listed in its process's task folder. */
  g_hash_table_add (s->ended_tids, GINT_TO_POINTER (t->tid));
  close_fd (&t->schedstat_fd);
  close_fd (&t->wchan_fd);
  close_fd (&t->stat_fd);
  close_fd (&t->children_fd);
  t->gone = TRUE;
  t->proc->n_live--;
  t->proc->rescan = TRUE;
}

static void
note_interval (LabProcSampler *s,
               gint64          interval_ns)
{
  s->max_interval_ns = MAX (s->max_interval_ns, interval_ns);
  if (s->intervals->len < MAX_INTERVALS)
    g_array_append_val (s->intervals, interval_ns);
}

/* When a thread read at @now_ns is due again: every period while it does
 * something, less often while it sleeps; everything less often while the
 * sampler is over its share of a core, but a sleeper never more than
 * LAB_PROC_SAMPLER_MAX_SKIP_NS apart. */
static gint64
next_due (LabProcSampler *s,
          guint           skip,
          gint64          now_ns)
{
  gint64 wait = (gint64) ((double) (s->period_ns * skip) * s->stretch);
  gint64 most;

  wait = MAX (wait, s->period_ns);
  if (skip == 1)
    return now_ns + wait;
  /* Sleepers are read on a shared grid, so that their reads come
   * together in few wake-ups of the sampler, at most every
   * LAB_PROC_SAMPLER_MAX_SKIP_NS, or, when there are many of them,
   * SLEEPER_READS_PER_S reads a second in all. */
  most = MAX (LAB_PROC_SAMPLER_MAX_SKIP_NS,
              (gint64) s->threads->len * (LAB_NS_PER_S / SLEEPER_READS_PER_S));
  wait = MIN (wait, (gint64) ((double) most * s->stretch));
  return (now_ns / wait + 1) * wait;
}

/* New child processes, of the threads that ran since their children were
 * read (make forks its jobs and waits: they are found soon after, asleep
 * or not). Only if the system gave out a pid since the last look: while
 * the last pid stands still, no thread anywhere started anything, and a
 * program of idle threads that wake often costs one read here, not one
 * per thread. */
static void
look_for_children (LabProcSampler *s,
                   gint64          now_ns)
{
  gboolean due = FALSE;
  gint32 last_pid;

  if (now_ns - s->children_ns < (gint64) ((double) CHILDREN_EVERY_NS * s->stretch))
    return;
  for (guint i = 0; i < s->threads->len && !due; i++)
    due = ((Thread *) g_ptr_array_index (s->threads, i))->children_due;
  if (!due)
    return;
  s->children_ns = now_ns;
  s->reads++;
  if (lab_proc_read_last_pid (s->loadavg_fd, &last_pid))
    {
      gboolean same = last_pid == s->last_pid;

      s->last_pid = last_pid;
      if (same)
        {
          for (guint i = 0; i < s->threads->len; i++)
            ((Thread *) g_ptr_array_index (s->threads, i))->children_due = FALSE;
          return;
        }
    }
  for (guint i = 0; i < s->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (s->threads, i);

      if (t->children_due && !t->gone)
        read_children (t, now_ns);
    }
}

/* One reading of a thread that is due. */
static void
read_thread (LabProcSampler *s,
             Thread         *t,
             gint64          now_ns)
{
  LabSchedstat st;
  LabThreadReading r;
  gboolean moved, runnable;
  gint64 dc, dr, interval;

  s->reads++;
  if (!lab_proc_read_schedstat (t->schedstat_fd, &st))
    {
      thread_gone (s, t);
      return;
    }
  dc = st.cpu_ns > t->last.cpu_ns ? (gint64) (st.cpu_ns - t->last.cpu_ns) : 0;
  dr = st.delay_ns > t->last.delay_ns ? (gint64) (st.delay_ns - t->last.delay_ns) : 0;
  moved = dc > 0 || dr > 0;
  runnable = lab_thread_ledger_is_runnable (&t->ledger);
  interval = now_ns - t->last_read_ns;

  r.t_ns = now_ns;
  r.cpu_ns = st.cpu_ns;
  r.delay_ns = st.delay_ns;
  r.core = -1;
  if (!moved && !runnable)
    {
      /* Still asleep in the same wait: it cannot change its wait without
       * running. Read it less often. */
      r.now = t->ledger.mode;
      /* next_due() keeps the wait within its bounds. */
      t->skip = MIN (t->skip * 2, 1u << 16);
    }
  else
    {
      if (runnable && dc + dr >= interval - interval / 10)
        r.now = LAB_STATE_RUNNING;   /* counted all along: still runnable */
      else if (!read_now (t, moved, &r.now))
        {
          thread_gone (s, t);
          return;
        }
      if (!runnable && r.now != LAB_STATE_RUNNING && dc < s->period_ns / 2)
        {
          /* A sleeper's blip between two readings: where it ran is not
           * read (a stat costs several schedstats), so it is not known.
           * Asleep again, it stays a sleeper, read less often: a pool's
           * idle workers wake often for nothing. */
          r.core = -1;
          t->skip = MIN (t->skip * 2, 1u << 16);
        }
      else
        {
          t->skip = 1;
          if (dc > 0 && (t->core < 0 || !runnable
                         || (st.slices != t->last.slices && now_ns - t->core_ns >= CORE_EVERY_NS)))
            {
              read_core (t);
              t->core_ns = now_ns;
            }
          r.core = t->core;
        }
      /* The time resolution of a thread at work: between two readings of
       * it busy or waiting for a core. */
      if (runnable && moved)
        note_interval (s, interval);
    }

  lab_thread_ledger_advance (&t->ledger, &r);
  if (dc > 0)
    {
      lab_trace_add_cpu_time (s->trace, dc);
      t->proc->ran = TRUE;
      t->proc->name_due = TRUE;
      t->children_due = TRUE;
    }
  t->last = st;
  t->last_read_ns = now_ns;
  t->due_ns = next_due (s, t->skip, now_ns);
}

/* Follows thread @tid of @p from now; its counters so far are laid out
 * from its start (as the kernel dates it) to now. */
static void
thread_add (LabProcSampler *s,
            Proc           *p,
            gint32          tid,
            gint64          now_ns,
            gint64          not_before_ns)
{
  LabThreadReading first = { 0 };
  LabThreadReading r = { 0 };
  LabProcStat pst;
  LabSchedstat st;
  gboolean alive;
  Thread *t;
  gint64 start;

  if (g_hash_table_contains (s->ended_tids, GINT_TO_POINTER (tid)))
    return;
  t = g_new0 (Thread, 1);
  t->tid = tid;
  t->proc = p;
  t->wchan_fd = t->stat_fd = t->children_fd = -1;
  t->core = -1;
  t->skip = 1;
  t->schedstat_fd = -1;
  /* Its name, start and core from `stat`, its counters from `schedstat`:
   * opening a /proc file costs more than reading it again. */
  s->reads += 2;
  if (!lab_proc_read_stat (thread_file (t, &t->stat_fd, "stat"), &pst)
      || !lab_proc_read_schedstat (thread_file (t, &t->schedstat_fd, "schedstat"), &st))
    {
      thread_free (t);
      return;
    }
  t->core = pst.core;
  /* A thread already ended (a program that exits at once) still shows
   * what it did, up to now. */
  alive = read_now (t, TRUE, &r.now);
  if (!alive)
    r.now = LAB_N_STATES;
  t->task = lab_trace_add_observed_task (s->trace, LAB_OBSERVED_THREAD, p->process, tid, pst.name,
                                         now_ns);
  if (t->task == G_MAXUINT32)
    {
      thread_free (t);
      return;
    }

  /* Its start, as the kernel dates it, but not before it could have
   * been seen (the trace's start, or its process's first sight). */
  start = CLAMP (start_of (s, &pst), not_before_ns, now_ns);
  first.t_ns = start;
  first.now = LAB_STATE_RUNNING;
  first.core = t->core;
  lab_thread_ledger_init (&t->ledger, &first, on_segment_cb, t);
  r.t_ns = now_ns;
  r.cpu_ns = st.cpu_ns;
  r.delay_ns = st.delay_ns;
  r.core = t->core;
  lab_thread_ledger_advance (&t->ledger, &r);
  if (st.cpu_ns > 0)
    lab_trace_add_cpu_time (s->trace, (gint64) st.cpu_ns);
  t->last = st;
  t->last_read_ns = now_ns;
  t->due_ns = now_ns + s->period_ns;
  /* It may have started processes before it was seen: look at once. */
  t->children_due = TRUE;
  p->n_live++;
  g_ptr_array_add (s->threads, t);
  g_hash_table_insert (s->task_by_tid, GINT_TO_POINTER (tid), GUINT_TO_POINTER (t->task + 1));
  if (!alive)
    thread_gone (s, t);
}

/* Reads a process's name again, and its command line when the name
 * changed: it exec'd another program. */
static void
proc_name (LabProcSampler *s,
           Proc           *p,
           gint64          now_ns)
{
  char comm[sizeof p->comm];

  s->reads++;
  p->named_ns = now_ns;
  if (!lab_proc_read_line (p->comm_fd, comm, sizeof comm) || strcmp (comm, p->comm) == 0)
    return;
  g_strlcpy (p->comm, comm, sizeof p->comm);
  {
    g_autofree char *cmdline = lab_proc_read_cmdline (p->dir_fd);
    guint32 leader = lab_proc_sampler_find_task (s, p->pid);

    s->reads++;
    lab_observed_process_rename (s->observed, p->process, comm, cmdline);
    /* An exec renames the thread that made it: the process's first. */
    if (leader != G_MAXUINT32)
      lab_observed_task_rename (s->observed, leader, comm);
  }
}

/* Every thread of @p not followed yet. */
static void
proc_scan (LabProcSampler *s,
           Proc           *p,
           gint64          now_ns,
           gint64          not_before_ns)
{
  g_autoptr(GArray) tids = lab_proc_list_threads (p->task_fd);

  s->reads++;
  p->rescan = FALSE;
  for (guint i = 0; tids != NULL && i < tids->len; i++)
    {
      gint32 tid = g_array_index (tids, gint32, i);

      if (!g_hash_table_contains (s->task_by_tid, GINT_TO_POINTER (tid)))
        thread_add (s, p, tid, now_ns, not_before_ns);
    }
}

/* Starts following process @pid; @parent is the process it is a child
 * of (checked, so that a pid reused meanwhile is not taken), or NULL. */
static Proc *
proc_add (LabProcSampler *s,
          Proc           *parent,
          gint32          pid,
          gint64          now_ns,
          gint64          begin_ns)
{
  g_autofree char *comm = NULL;
  g_autofree char *cmdline = NULL;
  char name[16];
  LabProcStat st;
  Proc *p;
  int stat_fd;
  gboolean ok;

  if (g_hash_table_contains (s->proc_by_pid, GINT_TO_POINTER (pid)))
    return NULL;
  p = g_new0 (Proc, 1);
  p->comm_fd = -1;
  p->sampler = s;
  p->pid = pid;
  g_snprintf (name, sizeof name, "/proc/%d", pid);
  p->dir_fd = lab_proc_open_dir (AT_FDCWD, name);
  p->task_fd = lab_proc_open_dir (p->dir_fd, "task");
  stat_fd = lab_proc_open_file (p->dir_fd, "stat");
  /* A child of a process followed must still be its child (a pid reused
   * would not be). The program itself, or an orphan of it, is followed
   * even when it has just ended: its last counters are still there. */
  ok = lab_proc_read_stat (stat_fd, &st) && st.state != 'X'
       && (parent == NULL || (st.ppid == parent->pid && st.state != 'Z'));
  close_fd (&stat_fd);
  comm = ok ? lab_proc_read_comm (p->dir_fd) : NULL;
  s->reads += 3;
  if (comm == NULL || p->task_fd < 0)
    {
      proc_free (p);
      return NULL;
    }
  cmdline = lab_proc_read_cmdline (p->dir_fd);
  if (begin_ns == 0)
    begin_ns = CLAMP (start_of (s, &st), lab_trace_get_begin_ns (s->trace), now_ns);
  p->process = lab_observed_add_process (s->observed, pid, parent != NULL ? (gint32) parent->process : -1,
                                         comm, cmdline, begin_ns);
  p->named_ns = now_ns;
  p->comm_fd = lab_proc_open_file (p->dir_fd, "comm");
  g_strlcpy (p->comm, comm, sizeof p->comm);
  /* The wait of another user's process may not be read (its wchan shows
   * "0", as if it ran); the same check guards its environ. */
  stat_fd = lab_proc_open_file (p->dir_fd, "environ");
  p->wait_readable = stat_fd >= 0;
  close_fd (&stat_fd);
  if (!p->wait_readable)
    s->unreadable++;
  g_ptr_array_add (s->procs, p);
  g_hash_table_insert (s->proc_by_pid, GINT_TO_POINTER (pid), p);
  p->n_threads = lab_proc_count_threads (p->task_fd);
  proc_scan (s, p, now_ns, begin_ns);
  return p;
}

static void
proc_add_child (LabProcSampler *s,
                Proc           *parent,
                gint32          pid,
                gint64          now_ns)
{
  if (!g_hash_table_contains (s->proc_by_pid, GINT_TO_POINTER (pid)))
    proc_add (s, parent, pid, now_ns, 0);
}

static void
proc_gone (LabProcSampler *s,
           Proc           *p,
           gint64          end_ns)
{
  p->gone = TRUE;
  lab_observed_process_exited (s->observed, p->process, end_ns, -1);
  g_hash_table_remove (s->proc_by_pid, GINT_TO_POINTER (p->pid));
  g_hash_table_insert (s->ended_by_pid, GINT_TO_POINTER (p->pid), p);
  close_fd (&p->task_fd);
  close_fd (&p->dir_fd);
  close_fd (&p->comm_fd);
}

gboolean
lab_proc_sampler_add_root (LabProcSampler *sampler,
                           gint32          pid,
                           gint64          begin_ns)
{
  g_return_val_if_fail (sampler != NULL, FALSE);
  g_return_val_if_fail (pid > 0, FALSE);

  if (sampler->cpu_begin_ns < 0)
    sampler->cpu_begin_ns = lab_clock_thread_cpu_ns ();
  lab_proc_sampler_get_writer (sampler);
  return proc_add (sampler, NULL, pid, lab_clock_now_ns (), begin_ns) != NULL;
}

void
lab_proc_sampler_adopt (LabProcSampler *sampler,
                        gint32          pid,
                        gint64          t_ns)
{
  g_return_if_fail (sampler != NULL);

  /* One followed to its end is not followed again while it waits, a
   * zombie, to be reaped. */
  if (sampler->writer != NULL && !g_hash_table_contains (sampler->proc_by_pid, GINT_TO_POINTER (pid))
      && !g_hash_table_contains (sampler->ended_by_pid, GINT_TO_POINTER (pid)))
    proc_add (sampler, NULL, pid, t_ns, 0);
}

/* Threads and children of the processes that ran: only a process that
 * ran can have started anything. */
static void
look_for_new (LabProcSampler *s,
              gint64          now_ns)
{
  for (guint i = 0; i < s->procs->len; i++)
    {
      Proc *p = g_ptr_array_index (s->procs, i);
      guint n;

      if (!p->gone && p->name_due && now_ns - p->named_ns >= RENAME_EVERY_NS)
        {
          proc_name (s, p, now_ns);
          p->name_due = FALSE;
        }
      if (p->gone || (!p->ran && !p->rescan))
        continue;
      n = lab_proc_count_threads (p->task_fd);
      s->reads++;
      if (n != p->n_threads || p->rescan)
        proc_scan (s, p, now_ns, now_ns - s->period_ns);
      p->n_threads = n;
      p->ran = FALSE;
    }
}

/* Processes whose every thread is gone have exited. */
static guint
count_alive (LabProcSampler *s,
             gint64          now_ns)
{
  guint alive = 0;

  for (guint i = 0; i < s->procs->len; i++)
    {
      Proc *p = g_ptr_array_index (s->procs, i);

      if (p->gone)
        continue;
      /* A thread that went away made its process look again (above): a
       * process with no thread left to follow has exited. */
      if (p->n_live == 0)
        proc_gone (s, p, now_ns);
      else
        alive++;
    }
  return alive;
}

static void
drop_gone_threads (LabProcSampler *s)
{
  for (guint i = 0; i < s->threads->len;)
    if (((Thread *) g_ptr_array_index (s->threads, i))->gone)
      g_ptr_array_remove_index_fast (s->threads, i);
    else
      i++;
}

/* Keeps the sampler under its share of a core: reads every thread less
 * often while it costs more, and as often as asked again when it can.
 * It aims a little below the share, and moves towards it in proportion
 * (at most doubling or halving the interval a window): a short program
 * is over before small steps would have caught up. */
static void
keep_budget (LabProcSampler *s,
             gint64          now_ns)
{
  gint64 cpu;

  if (s->window_begin_ns != 0 && now_ns - s->window_begin_ns < BUDGET_WINDOW_NS)
    return;
  /* The thread's CPU clock is a system call: read once a window. */
  cpu = lab_clock_thread_cpu_ns ();
  if (s->window_begin_ns != 0)
    {
      double share = (double) (cpu - s->window_cpu_ns) / (double) (now_ns - s->window_begin_ns);

      s->stretch = CLAMP (s->stretch * CLAMP (share / BUDGET_AIM, 0.5, 2.0), 1.0, MAX_STRETCH);
    }
  s->window_begin_ns = now_ns;
  s->window_cpu_ns = cpu;
}

guint
lab_proc_sampler_tick (LabProcSampler *sampler,
                       gint64          now_ns)
{
  LabProcSampler *s = sampler;
  guint alive;

  g_return_val_if_fail (sampler != NULL, 0);

  for (guint i = 0; i < s->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (s->threads, i);

      /* Half a period early is on time: wake-ups are never exact. */
      if (!t->gone && t->due_ns <= now_ns + s->period_ns / 2)
        read_thread (s, t, now_ns);
    }
  look_for_children (s, now_ns);
  look_for_new (s, now_ns);
  drop_gone_threads (s);
  alive = count_alive (s, now_ns);

  if (now_ns - s->last_publish_ns >= PUBLISH_NS)
    {
      for (guint i = 0; i < s->threads->len; i++)
        lab_thread_ledger_publish (&((Thread *) g_ptr_array_index (s->threads, i))->ledger, PUBLISH_NS);
      s->last_publish_ns = now_ns;
    }
  keep_budget (s, now_ns);
  return alive;
}

void
lab_proc_sampler_process_ending (LabProcSampler *sampler,
                                 gint32          pid,
                                 gint64          now_ns)
{
  Proc *p;

  g_return_if_fail (sampler != NULL);

  p = g_hash_table_lookup (sampler->proc_by_pid, GINT_TO_POINTER (pid));
  if (p == NULL)
    return;
  for (guint i = 0; i < sampler->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (sampler->threads, i);
      LabThreadReading r = { now_ns, 0, 0, LAB_N_STATES, -1 };
      LabSchedstat st;

      if (t->proc != p || t->gone)
        continue;
      /* What it did since the last reading, then nothing: it ended. A
       * thread at work then was still on the core it was read on. */
      if (lab_thread_ledger_is_runnable (&t->ledger))
        r.core = t->core;
      if (lab_proc_read_schedstat (t->schedstat_fd, &st))
        {
          r.cpu_ns = st.cpu_ns;
          r.delay_ns = st.delay_ns;
          if (st.cpu_ns > t->last.cpu_ns)
            lab_trace_add_cpu_time (sampler->trace, (gint64) (st.cpu_ns - t->last.cpu_ns));
          lab_thread_ledger_advance (&t->ledger, &r);
        }
      thread_gone (sampler, t);
    }
  drop_gone_threads (sampler);
  proc_gone (sampler, p, now_ns);
}

void
lab_proc_sampler_process_exited (LabProcSampler *sampler,
                                 gint32          pid,
                                 gint            wait_status,
                                 gint64          t_ns)
{
  Proc *p;

  g_return_if_fail (sampler != NULL);

  p = g_hash_table_lookup (sampler->proc_by_pid, GINT_TO_POINTER (pid));
  if (p == NULL)
    p = g_hash_table_lookup (sampler->ended_by_pid, GINT_TO_POINTER (pid));
  if (p != NULL)
    lab_observed_process_exited (sampler->observed, p->process, t_ns, wait_status);
}

GArray *
lab_proc_sampler_dup_pids (LabProcSampler *sampler)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (gint32));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (sampler != NULL, pids);

  g_hash_table_iter_init (&iter, sampler->proc_by_pid);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint32 pid = GPOINTER_TO_INT (key);

      g_array_append_val (pids, pid);
    }
  return pids;
}

/* Whether /proc/PID, opened when the process was first followed, is still
 * that process: the descriptor stays bound to it after it exits. */
static gboolean
proc_is_alive (Proc *p)
{
  int fd = lab_proc_open_file (p->dir_fd, "stat");
  LabProcStat st;
  gboolean alive = lab_proc_read_stat (fd, &st) && st.state != 'Z' && st.state != 'X';

  close_fd (&fd);
  return alive;
}

/* A signal to @p only: through a pidfd opened while it is known to be the
 * process followed, so a pid reused meanwhile is never signalled. */
static gboolean
proc_signal (Proc *p,
             int   signum)
{
  if (!proc_is_alive (p))
    return FALSE;
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
  {
    int pidfd = (int) syscall (SYS_pidfd_open, p->pid, 0);

    if (pidfd >= 0)
      {
        gboolean sent = proc_is_alive (p)
                        && syscall (SYS_pidfd_send_signal, pidfd, signum, NULL, 0) == 0;

        close (pidfd);
        return sent;
      }
  }
#endif
  /* A kernel before pidfds (5.3): the check just made is the guard. */
  return kill (p->pid, signum) == 0;
}

guint
lab_proc_sampler_signal_all (LabProcSampler *sampler,
                             int             signum)
{
  guint n = 0;

  g_return_val_if_fail (sampler != NULL, 0);

  for (guint i = 0; i < sampler->procs->len; i++)
    {
      Proc *p = g_ptr_array_index (sampler->procs, i);

      if (!p->gone && proc_signal (p, signum))
        n++;
    }
  return n;
}

/**
 * lab_proc_sampler_get_next_due:
 * @sampler: a sampler
 *
 * Returns: when the next thread is due to be read: the time to tick next
 */
gint64
lab_proc_sampler_get_next_due (LabProcSampler *sampler)
{
  gint64 next = G_MAXINT64;

  g_return_val_if_fail (sampler != NULL, G_MAXINT64);

  for (guint i = 0; i < sampler->threads->len; i++)
    next = MIN (next, ((Thread *) g_ptr_array_index (sampler->threads, i))->due_ns);
  return next;
}

guint
lab_proc_sampler_find_process (LabProcSampler *sampler,
                               gint32          pid)
{
  Proc *p;

  g_return_val_if_fail (sampler != NULL, G_MAXUINT);

  p = g_hash_table_lookup (sampler->proc_by_pid, GINT_TO_POINTER (pid));
  if (p == NULL)
    p = g_hash_table_lookup (sampler->ended_by_pid, GINT_TO_POINTER (pid));
  return p != NULL ? p->process : G_MAXUINT;
}

LabTraceWriter *
lab_proc_sampler_get_writer (LabProcSampler *sampler)
{
  g_return_val_if_fail (sampler != NULL, NULL);

  if (sampler->writer == NULL)
    sampler->writer = lab_trace_get_writer (sampler->trace, 0);
  return sampler->writer;
}

guint32
lab_proc_sampler_find_task (LabProcSampler *sampler,
                            gint32          tid)
{
  gpointer task;

  g_return_val_if_fail (sampler != NULL, G_MAXUINT32);

  task = g_hash_table_lookup (sampler->task_by_tid, GINT_TO_POINTER (tid));
  return task != NULL ? GPOINTER_TO_UINT (task) - 1 : G_MAXUINT32;
}

static gint
compare_ns (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

void
lab_proc_sampler_finish (LabProcSampler *sampler,
                         gint64          end_ns,
                         gint64          kernel_cpu_ns)
{
  LabProcSampler *s = sampler;
  LabSamplingNote note = { 0 };

  g_return_if_fail (sampler != NULL);

  for (guint i = 0; i < s->threads->len; i++)
    {
      Thread *t = g_ptr_array_index (s->threads, i);

      if (!t->gone)
        thread_gone (s, t);
    }
  drop_gone_threads (s);
  for (guint i = 0; i < s->procs->len; i++)
    {
      Proc *p = g_ptr_array_index (s->procs, i);

      if (!p->gone)
        proc_gone (s, p, end_ns);
    }

  note.rate_hz = s->rate_hz;
  note.reads = s->reads;
  note.sampler_cpu_ns = s->cpu_begin_ns >= 0 ? lab_clock_thread_cpu_ns () - s->cpu_begin_ns : 0;
  if (s->intervals->len > 0)
    {
      g_array_sort (s->intervals, compare_ns);
      note.median_interval_ns = g_array_index (s->intervals, gint64, s->intervals->len / 2);
    }
  note.max_interval_ns = s->max_interval_ns;
  note.unreadable = s->unreadable;
  /* What ran where no lane could show it: threads' last moments after
   * their last reading, processes too short to be seen. */
  note.kernel_cpu_ns = kernel_cpu_ns;
  note.unseen_cpu_ns = kernel_cpu_ns > 0 ? MAX (kernel_cpu_ns - lab_trace_get_cpu_ns (s->trace), 0) : -1;
  lab_observed_set_sampling (s->observed, &note);
}
