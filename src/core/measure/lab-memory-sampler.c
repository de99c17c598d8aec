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
  LabTrace        *trace;
  char            *proc_root;
  gboolean         include_self;
  gint64           interval_ns;
  GThread         *thread;
  LabMemorySource  best;       /* the sampling thread's: the best file this kernel has */
  gint64           first_deadline;

  GMutex           mutex;
  GCond            cond;
  gboolean         stopping;
  GArray          *pids;       /* of GPid */
  guint            n_samples;
  gint64           cpu_ns;
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

static void
take_sample (LabMemorySampler *self)
{
  g_autoptr(GArray) pids = copy_pids (self);
  LabMemorySample sample = { lab_clock_now_ns (), 0, 0, 0, 0, 0, 0, LAB_MEMORY_SOURCE_NONE,
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
        add_reading (self, &sample, &reading, TRUE);
      /* A worker let go while it was read holds nothing any more; one
       * still in the set that cannot be read makes the total unknown. */
      else if (is_watched (self, pid))
        gap = TRUE;
    }
  /* Nothing read at all (no process left to measure) is no figure either. */
  if (gap || sample.source == LAB_MEMORY_SOURCE_NONE)
    sample = (LabMemorySample) { sample.t_ns, LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED,
                                 LAB_MEMORY_NOT_MEASURED, LAB_MEMORY_NOT_MEASURED, 0, 0,
                                 LAB_MEMORY_SOURCE_NONE, { 0 } };
  sample.trace_bytes = lab_trace_get_allocated_bytes (self->trace);
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

  take_sample (self);
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
  LabMemorySampler *self;

  g_return_val_if_fail (trace != NULL, NULL);

  self = g_new0 (LabMemorySampler, 1);
  self->trace = lab_trace_ref (trace);
  self->proc_root = g_strdup (proc_root != NULL ? proc_root : "/proc");
  self->include_self = include_self;
  self->interval_ns = MAX (interval_ns, LAB_NS_PER_MS);
  self->best = LAB_MEMORY_SOURCE_SMAPS_ROLLUP;
  self->pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  /* The baseline, on the caller's thread, before the model starts. */
  self->first_deadline = sample_and_schedule (self);
  self->thread = g_thread_new ("lab-memory", sampler_thread, self);
  return self;
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

  g_mutex_lock (&sampler->mutex);
  sampler->stopping = TRUE;
  g_cond_signal (&sampler->cond);
  g_mutex_unlock (&sampler->mutex);
  g_thread_join (sampler->thread);

  g_mutex_clear (&sampler->mutex);
  g_cond_clear (&sampler->cond);
  g_array_unref (sampler->pids);
  lab_trace_unref (sampler->trace);
  g_free (sampler->proc_root);
  g_free (sampler);
}
