/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "lab-memory-sampler"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lab-clock.h"
#include "lab-memory-sampler.h"

struct _LabMemorySampler
{
  LabTrace             *trace;
  char                 *proc_root;
  gboolean              include_self;
  gboolean              tree;    /* the processes of a traced program: they end without notice */
  LabMemoryReadingFunc  reading_func;
  gpointer              reading_data;
  gint64                interval_ns;
  GThread              *thread;
  LabMemorySource       best;    /* the sampling thread's: the best file this kernel has */
  gint64                first_deadline;

  GMutex                mutex;
  GCond                 cond;
  gboolean              stopping;
  GArray               *pids;    /* of GPid */
  guint                 n_samples;
  gint64                cpu_ns;
};

/* Reading one process */

typedef void (*LineFunc) (const char *line,
                          gpointer    user_data);

/* Calls @func on every line of @path. The files of /proc are generated as
 * they are read, so this reads them in pieces rather than asking for
 * their size; a line longer than the buffer (none of the ones parsed here
 * is) is skipped. FALSE when the file cannot be opened or read: the
 * process is gone, the file does not exist in this kernel, or it is not
 * ours to read. */
static gboolean
read_lines (const char *path,
            LineFunc    func,
            gpointer    user_data)
{
  char buffer[4096];
  gsize used = 0;
  gboolean skipping = FALSE;
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  for (;;)
    {
      gssize n = read (fd, buffer + used, sizeof buffer - 1 - used);
      char *line, *newline;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          close (fd);
          return n == 0;
        }
      used += (gsize) n;
      buffer[used] = '\0';
      line = buffer;
      while ((newline = strchr (line, '\n')) != NULL)
        {
          *newline = '\0';
          if (!skipping)
            func (line, user_data);
          skipping = FALSE;
          line = newline + 1;
        }
      used -= (gsize) (line - buffer);
      memmove (buffer, line, used);
      if (used == sizeof buffer - 1)
        {
          used = 0;
          skipping = TRUE;
        }
    }
}

typedef struct
{
  guint64 rss_kib;
  guint64 pss_kib;
  gboolean has_rss;
  gboolean has_pss;
} SmapsSums;

/* "Rss:   1704 kB": the lines of smaps and smaps_rollup that matter. The
 * key must match exactly ("SwapPss:" and "Pss_Anon:" are other figures). */
static gboolean
parse_kib (const char *line,
           const char *key,
           guint64    *out)
{
  gsize len = strlen (key);
  char *end;

  if (strncmp (line, key, len) != 0)
    return FALSE;
  *out = g_ascii_strtoull (line + len, &end, 10);
  return end != line + len;
}

static void
smaps_line (const char *line,
            gpointer    user_data)
{
  SmapsSums *sums = user_data;
  guint64 kib;

  if (parse_kib (line, "Rss:", &kib))
    {
      sums->rss_kib += kib;
      sums->has_rss = TRUE;
    }
  else if (parse_kib (line, "Pss:", &kib))
    {
      sums->pss_kib += kib;
      sums->has_pss = TRUE;
    }
}

static void
statm_line (const char *line,
            gpointer    user_data)
{
  SmapsSums *sums = user_data;
  char *end;

  /* "size resident shared text lib data dt", in pages. */
  g_ascii_strtoull (line, &end, 10);
  if (end == line)
    return;
  line = end;
  sums->rss_kib = g_ascii_strtoull (line, &end, 10) * (guint64) (sysconf (_SC_PAGESIZE) / 1024);
  sums->has_rss = end != line;
}

static gboolean
read_source (const char       *proc_root,
             const char       *pid_dir,
             LabMemorySource   source,
             LabMemoryReading *out)
{
  /* A source's name is the name of its file in /proc. */
  g_autofree char *path = g_build_filename (proc_root, pid_dir,
                                            lab_memory_source_to_string (source), NULL);
  SmapsSums sums = { 0 };

  if (!read_lines (path, source == LAB_MEMORY_SOURCE_STATM ? statm_line : smaps_line, &sums))
    return FALSE;
  /* A process that exited and was not yet reaped has no memory left and
   * reads as empty or as zeros: it is not measured, not "0 bytes". */
  if (!sums.has_rss || sums.rss_kib == 0)
    return FALSE;
  if (source != LAB_MEMORY_SOURCE_STATM && !sums.has_pss)
    return FALSE;
  out->rss_bytes = (gint64) sums.rss_kib * 1024;
  out->pss_bytes = sums.has_pss ? (gint64) sums.pss_kib * 1024 : LAB_MEMORY_NOT_MEASURED;
  out->source = source;
  return TRUE;
}

/**
 * lab_memory_read_process:
 * @proc_root: (nullable): where proc is mounted; %NULL for /proc
 * @pid: a process, or 0 for this one
 * @best: the most precise file to try (%LAB_MEMORY_SOURCE_SMAPS_ROLLUP to
 *   try them all)
 * @out: (out caller-allocates): what was read
 *
 * Reads @pid's resident and proportional set size from the most precise
 * of smaps_rollup, smaps and statm, from @best down, that can be read.
 *
 * Returns: %FALSE when none could be read (the process is gone, is a
 *   zombie, or is not ours to read); @out is then untouched
 */
gboolean
lab_memory_read_process (const char       *proc_root,
                         GPid              pid,
                         LabMemorySource   best,
                         LabMemoryReading *out)
{
  g_autofree char *pid_dir = NULL;

  g_return_val_if_fail (pid >= 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  pid_dir = pid == 0 ? g_strdup ("self") : g_strdup_printf ("%d", (int) pid);
  for (guint s = MAX (best, LAB_MEMORY_SOURCE_SMAPS_ROLLUP); s < LAB_N_MEMORY_SOURCES; s++)
    if (read_source (proc_root != NULL ? proc_root : "/proc", pid_dir, s, out))
      return TRUE;
  return FALSE;
}

/* Sampling */

static GArray *
copy_pids (LabMemorySampler *self)
{
  GArray *pids;

  g_mutex_lock (&self->mutex);
  pids = g_array_copy (self->pids);
  g_mutex_unlock (&self->mutex);
  return pids;
}

static gboolean
is_watched (LabMemorySampler *self,
            GPid              pid)
{
  gboolean watched = FALSE;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->pids->len && !watched; i++)
    watched = g_array_index (self->pids, GPid, i) == pid;
  g_mutex_unlock (&self->mutex);
  return watched;
}

/* Adds @reading to @sample; a source worse than the best one tried means
 * the better files are missing from this kernel, so later samples start
 * from it. */
static void
add_reading (LabMemorySampler       *self,
             LabMemorySample        *sample,
             const LabMemoryReading *reading,
             gboolean                worker)
{
  self->best = MAX (self->best, reading->source);
  sample->source = MAX (sample->source, reading->source);
  sample->rss_bytes += reading->rss_bytes;
  if (reading->pss_bytes == LAB_MEMORY_NOT_MEASURED
      || sample->pss_bytes == LAB_MEMORY_NOT_MEASURED)
    sample->pss_bytes = LAB_MEMORY_NOT_MEASURED;
  else
    sample->pss_bytes += reading->pss_bytes;
  if (!worker)
    return;
  sample->n_workers++;
  sample->workers_rss_bytes += reading->rss_bytes;
  if (reading->pss_bytes == LAB_MEMORY_NOT_MEASURED
      || sample->workers_pss_bytes == LAB_MEMORY_NOT_MEASURED)
    sample->workers_pss_bytes = LAB_MEMORY_NOT_MEASURED;
  else
    sample->workers_pss_bytes += reading->pss_bytes;
}

/* Whether @pid is gone or a zombie, whose memory is freed: not a process
 * that is there but cannot be read (another user's, a set-user-ID
 * program's). Its stat is readable for anyone while it exists. */
static gboolean
has_ended (const char *proc_root,
           GPid        pid)
{
  g_autofree char *path = g_strdup_printf ("%s/%d/stat", proc_root, (int) pid);
  g_autofree char *text = NULL;
  const char *state;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return TRUE;
  /* "pid (comm) S ...": the state follows the last parenthesis. */
  state = strrchr (text, ')');
  return state == NULL || state[1] == '\0' || state[2] == 'Z' || state[2] == 'X';
}

static void
take_sample (LabMemorySampler *self,
             gint64            t_ns)
{
  g_autoptr(GArray) pids = copy_pids (self);
  LabMemorySample sample = { t_ns, 0, 0, 0, 0, 0, 0, LAB_MEMORY_SOURCE_NONE,
                             { 0 } };
  LabMemoryReading reading;
  gboolean gap = FALSE;

  if (self->include_self)
    {
      if (lab_memory_read_process (self->proc_root, 0, self->best, &reading))
        add_reading (self, &sample, &reading, FALSE);
      else
        gap = TRUE;
    }
  for (guint i = 0; i < pids->len && !gap; i++)
    {
      GPid pid = g_array_index (pids, GPid, i);

      if (lab_memory_read_process (self->proc_root, pid, self->best, &reading))
        {
          add_reading (self, &sample, &reading, !self->tree);
          if (self->reading_func != NULL)
            self->reading_func (pid, sample.t_ns, &reading, self->reading_data);
        }
      /* A process of a traced program that ended holds nothing any more.
       * A worker let go while it was read holds nothing either; one still
       * in the set that cannot be read makes the total unknown. */
      else if (self->tree ? !has_ended (self->proc_root, pid) : is_watched (self, pid))
        gap = TRUE;
    }
  /* A traced program whose every process has ended holds nothing. */
  if (!gap && self->tree && sample.source == LAB_MEMORY_SOURCE_NONE)
    sample.source = self->best;
  /* Otherwise nothing read at all (no process to measure) is no figure. */
  if (gap || sample.source == LAB_MEMORY_SOURCE_NONE)
    sample = (LabMemorySample) { sample.t_ns, LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED,
                                 LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED, 0, 0,
                                 LAB_MEMORY_SOURCE_NONE, { 0 } };
  /* The trace's own records are part of what is measured only when this
   * program is. */
  sample.trace_bytes = self->include_self ? lab_trace_get_allocated_bytes (self->trace) : 0;
  lab_trace_add_memory (self->trace, &sample);
}

/* Takes one sample and returns when the next one is due: the interval
 * stretches with the cost of a sample, so that reading many processes,
 * or a large one, never takes much of the cores the models are measured
 * on. */
static gint64
sample_and_schedule (LabMemorySampler *self)
{
  gint64 started = g_get_monotonic_time ();
  gint64 cpu_before = lab_clock_thread_cpu_ns ();
  gint64 cost_ns;

  take_sample (self, lab_clock_now_ns ());
  cost_ns = lab_clock_thread_cpu_ns () - cpu_before;

  g_mutex_lock (&self->mutex);
  self->n_samples++;
  self->cpu_ns += cost_ns;
  g_mutex_unlock (&self->mutex);
  return started + MAX (self->interval_ns, cost_ns * LAB_MEMORY_SAMPLER_BUDGET) / 1000;
}

static gpointer
sampler_thread (gpointer data)
{
  LabMemorySampler *self = data;
  gint64 deadline = self->first_deadline;

  g_mutex_lock (&self->mutex);
  while (!self->stopping)
    {
      /* The cond makes stop immediate. */
      while (!self->stopping && g_cond_wait_until (&self->cond, &self->mutex, deadline))
        ;
      if (self->stopping)
        break;
      g_mutex_unlock (&self->mutex);
      deadline = sample_and_schedule (self);
      g_mutex_lock (&self->mutex);
    }
  g_mutex_unlock (&self->mutex);
  return NULL;
}

static LabMemorySampler *
start (LabTrace             *trace,
       const char           *proc_root,
       gboolean              include_self,
       gint64                interval_ns,
       GArray               *tree,
       LabMemoryReadingFunc  func,
       gpointer              user_data)
{
  LabMemorySampler *self = g_new0 (LabMemorySampler, 1);

  self->trace = lab_trace_ref (trace);
  self->proc_root = g_strdup (proc_root != NULL ? proc_root : "/proc");
  self->include_self = include_self;
  self->reading_func = func;
  self->reading_data = user_data;
  self->interval_ns = MAX (interval_ns, LAB_NS_PER_MS);
  self->best = LAB_MEMORY_SOURCE_SMAPS_ROLLUP;
  self->pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  /* A traced program's processes, whose set is then always given whole. */
  self->tree = tree != NULL;
  if (tree != NULL)
    g_array_append_vals (self->pids, tree->data, tree->len);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  /* The baseline, on the caller's thread, before the model starts. */
  self->first_deadline = sample_and_schedule (self);
  self->thread = g_thread_new ("lab-memory", sampler_thread, self);
  return self;
}

/**
 * lab_memory_sampler_start_full:
 * @trace: where the samples go
 * @proc_root: (nullable): where proc is mounted; %NULL for /proc
 * @include_self: whether this program's own memory is part of each sample
 * @interval_ns: the shortest sampling period, at least 1 ms
 *
 * Starts sampling at once: the first sample is taken before this returns
 * to anything the caller starts next, so it is the baseline of a run.
 *
 * Returns: (transfer full): the running sampler; stop it with
 *   lab_memory_sampler_stop()
 */
LabMemorySampler *
lab_memory_sampler_start_full (LabTrace   *trace,
                               const char *proc_root,
                               gboolean    include_self,
                               gint64      interval_ns)
{
  g_return_val_if_fail (trace != NULL, NULL);

  return start (trace, proc_root, include_self, interval_ns, NULL, NULL, NULL);
}

/**
 * lab_memory_sampler_start_tree:
 * @trace: where the samples go
 * @proc_root: (nullable): where proc is mounted; %NULL for /proc
 * @pids: (element-type GPid): the traced program's processes so far
 * @func: (nullable): called on the sampling thread with each process's
 *   reading, for a record of each process
 * @user_data: for @func
 *
 * Measures a traced program rather than this one: the processes in the
 * set (lab_memory_sampler_set_pids()), each of which may end at any time
 * without notice. A process that has ended holds nothing; only one that
 * is there and cannot be read makes a sample a gap.
 *
 * Returns: (transfer full): the running sampler
 */
LabMemorySampler *
lab_memory_sampler_start_tree (LabTrace             *trace,
                               const char           *proc_root,
                               GArray               *pids,
                               LabMemoryReadingFunc  func,
                               gpointer              user_data)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (pids != NULL, NULL);

  return start (trace, proc_root, FALSE, LAB_MEMORY_SAMPLER_INTERVAL_NS, pids, func, user_data);
}

/**
 * lab_memory_sampler_start:
 * @trace: where the samples go
 * @include_self: whether this program's own memory is part of each sample
 *
 * Samples /proc every 50 ms, or less often where a sample costs more than
 * 1/%LAB_MEMORY_SAMPLER_BUDGET of that, until lab_memory_sampler_stop().
 *
 * Returns: (transfer full): the running sampler
 */
LabMemorySampler *
lab_memory_sampler_start (LabTrace *trace,
                          gboolean  include_self)
{
  return lab_memory_sampler_start_full (trace, NULL, include_self,
                                        LAB_MEMORY_SAMPLER_INTERVAL_NS);
}

/**
 * lab_memory_sampler_add_pid:
 * @sampler: a sampler
 * @pid: a process to measure from the next sample on
 *
 * Thread-safe.
 */
void
lab_memory_sampler_add_pid (LabMemorySampler *sampler,
                            GPid              pid)
{
  g_return_if_fail (sampler != NULL);
  g_return_if_fail (pid > 0);

  g_mutex_lock (&sampler->mutex);
  g_array_append_val (sampler->pids, pid);
  g_mutex_unlock (&sampler->mutex);
}

/**
 * lab_memory_sampler_remove_pid:
 * @sampler: a sampler
 * @pid: a process added before
 *
 * Stops measuring @pid. Call it before the process is told to exit: a
 * sample that finds it gone after that counts nothing for it, not a gap.
 * Thread-safe.
 */
void
lab_memory_sampler_remove_pid (LabMemorySampler *sampler,
                               GPid              pid)
{
  g_return_if_fail (sampler != NULL);

  g_mutex_lock (&sampler->mutex);
  for (guint i = 0; i < sampler->pids->len; i++)
    if (g_array_index (sampler->pids, GPid, i) == pid)
      {
        g_array_remove_index_fast (sampler->pids, i);
        break;
      }
  g_mutex_unlock (&sampler->mutex);
}

/**
 * lab_memory_sampler_set_pids:
 * @sampler: a sampler
 * @pids: (element-type GPid): the processes to measure from the next
 *   sample on, in place of those before
 *
 * Thread-safe.
 */
void
lab_memory_sampler_set_pids (LabMemorySampler *sampler,
                             GArray           *pids)
{
  g_return_if_fail (sampler != NULL);
  g_return_if_fail (pids != NULL);

  g_mutex_lock (&sampler->mutex);
  g_array_set_size (sampler->pids, 0);
  g_array_append_vals (sampler->pids, pids->data, pids->len);
  g_mutex_unlock (&sampler->mutex);
}

/**
 * lab_memory_sampler_get_n_samples:
 * @sampler: a sampler
 *
 * Returns: the samples added to the trace so far, gaps included
 */
guint
lab_memory_sampler_get_n_samples (LabMemorySampler *sampler)
{
  guint n;

  g_return_val_if_fail (sampler != NULL, 0);

  g_mutex_lock (&sampler->mutex);
  n = sampler->n_samples;
  g_mutex_unlock (&sampler->mutex);
  return n;
}

/**
 * lab_memory_sampler_get_cpu_ns:
 * @sampler: a sampler
 *
 * Returns: the CPU time its sampling thread used, as of its last sample
 */
gint64
lab_memory_sampler_get_cpu_ns (LabMemorySampler *sampler)
{
  gint64 ns;

  g_return_val_if_fail (sampler != NULL, 0);

  g_mutex_lock (&sampler->mutex);
  ns = sampler->cpu_ns;
  g_mutex_unlock (&sampler->mutex);
  return ns;
}

/**
 * lab_memory_sampler_stop:
 * @sampler: (transfer full): a sampler
 *
 * Wakes the sampling thread at once, joins it and frees @sampler.
 */
void
lab_memory_sampler_stop (LabMemorySampler *sampler)
{
  g_return_if_fail (sampler != NULL);

  lab_memory_sampler_stop_at (sampler, lab_clock_now_ns ());
}

/**
 * lab_memory_sampler_stop_at:
 * @sampler: (transfer full): a sampler
 * @end_ns: when what it measured was over
 *
 * Stops as lab_memory_sampler_stop(); a traced program's sampler
 * (lab_memory_sampler_start_tree()) takes a last sample first, stamped
 * @end_ns: what the program held when it was over (nothing, once every
 * process has ended).
 */
void
lab_memory_sampler_stop_at (LabMemorySampler *sampler,
                            gint64            end_ns)
{
  g_return_if_fail (sampler != NULL);

  g_mutex_lock (&sampler->mutex);
  sampler->stopping = TRUE;
  g_cond_signal (&sampler->cond);
  g_mutex_unlock (&sampler->mutex);
  g_thread_join (sampler->thread);
  if (sampler->tree)
    take_sample (sampler, end_ns);

  g_mutex_clear (&sampler->mutex);
  g_cond_clear (&sampler->cond);
  g_array_unref (sampler->pids);
  lab_trace_unref (sampler->trace);
  g_free (sampler->proc_root);
  g_free (sampler);
}
